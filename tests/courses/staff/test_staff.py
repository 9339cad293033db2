"""Staff accounts and the permission matrix that every admin page asks."""

from __future__ import annotations

import pytest

from courses.errors import InvalidInput, NotFound
from courses.models import Provider, StaffUser
from courses.staff import (
    AccountExists,
    Action,
    Forbidden,
    authenticate,
    can,
    create_staff,
    require,
    set_disabled,
    set_password,
)
from courses.vocabulary import ProviderKind, StaffRole

PASSWORD = "correct horse battery"
OWN, OTHER = 1, 2


def member(role: StaffRole, provider_id: int | None = None, disabled: bool = False) -> StaffUser:
    staff = StaffUser(id=1, email="x@example.org", password_hash="", role=role, disabled=disabled)
    staff.provider_id = provider_id  # set directly: these tests need no database
    return staff


# Who may do what. For course-scoped actions the course belongs to the provider editor's own
# provider (OWN) or to another (OTHER); other actions take no provider.
EXPECTED = {
    Action.VIEW_ADMIN: ("admin", "editor", "provider_editor", "reviewer"),
    Action.EDIT_COURSE: ("admin", "editor", "provider_editor"),
    Action.PUBLISH_COURSE: ("admin", "editor"),
    Action.CREATE_COURSE: ("admin", "editor"),
    Action.EDIT_BASE: ("admin", "editor"),
    Action.VIEW_ENROLLMENTS: ("admin", "provider_editor"),
    Action.COMPLETE_ENROLLMENT: ("admin", "provider_editor"),
    Action.IMPORT_CATALOGUE: ("admin", "editor"),
    Action.EXPORT_CATALOGUE: ("admin", "editor"),
    Action.MANAGE_PARTNERS: ("admin",),
    Action.MANAGE_STAFF: ("admin",),
    Action.REVIEW_CONVERSION: ("admin", "reviewer"),
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(StaffRole))
def test_permission_matrix(role: StaffRole, action: Action) -> None:
    scoped = role in (StaffRole.PROVIDER_EDITOR, StaffRole.REVIEWER)
    staff = member(role, provider_id=OWN if scoped else None)
    allowed = role.value in EXPECTED[action]
    assert can(staff, action, OWN) is allowed
    if role is StaffRole.PROVIDER_EDITOR and action in (
        Action.EDIT_COURSE,
        Action.VIEW_ENROLLMENTS,
        Action.COMPLETE_ENROLLMENT,
    ):
        assert can(staff, action, OTHER) is False, "another institution's course"
        assert can(staff, action, None) is False, "a course-scoped action needs the course's provider"
    elif role is StaffRole.REVIEWER and action is Action.REVIEW_CONVERSION:
        assert can(staff, action, OTHER) is False, "another institution's conversions"
        assert can(staff, action, None) is False
    elif allowed:
        assert can(staff, action, OTHER) is True


def test_nobody_and_disabled_accounts_may_do_nothing() -> None:
    for action in Action:
        assert not can(None, action)
        assert not can(member(StaffRole.ADMIN, disabled=True), action)


def test_require_raises_forbidden() -> None:
    require(member(StaffRole.EDITOR), Action.PUBLISH_COURSE)
    with pytest.raises(Forbidden) as refused:
        require(member(StaffRole.PROVIDER_EDITOR, OWN), Action.EDIT_COURSE, OTHER)
    assert refused.value.code == "forbidden"


async def test_create_and_authenticate(db: str) -> None:
    staff = await create_staff(" Editor@Example.org ", PASSWORD, "editor", display_name="Li")
    assert staff.email == "editor@example.org" and staff.role == StaffRole.EDITOR
    assert staff.password_hash.startswith("$argon2id$") and PASSWORD not in staff.password_hash
    assert (await authenticate("EDITOR@example.org", PASSWORD)).id == staff.id
    assert await authenticate("editor@example.org", "wrong password!") is None
    assert await authenticate("nobody@example.org", PASSWORD) is None
    await set_disabled(staff.id, True)
    assert await authenticate("editor@example.org", PASSWORD) is None
    await set_disabled(staff.id, False)
    await set_password(staff.id, "another long password")
    assert await authenticate("editor@example.org", PASSWORD) is None
    assert await authenticate("editor@example.org", "another long password") is not None


async def test_provider_editor_needs_an_existing_provider(db: str) -> None:
    provider = await Provider.create(key="tj-rail", kind=ProviderKind.HIGHER_VOCATIONAL_COLLEGE, country="CN")
    with pytest.raises(InvalidInput):
        await create_staff("p@example.org", PASSWORD, StaffRole.PROVIDER_EDITOR)
    with pytest.raises(NotFound):
        await create_staff("p@example.org", PASSWORD, StaffRole.PROVIDER_EDITOR, provider_key="nope")
    with pytest.raises(InvalidInput):
        await create_staff("e@example.org", PASSWORD, StaffRole.EDITOR, provider_key="tj-rail")
    staff = await create_staff("p@example.org", PASSWORD, StaffRole.PROVIDER_EDITOR, provider_key="tj-rail")
    assert staff.provider_id == provider.id
    assert can(staff, Action.EDIT_COURSE, provider.id) and not can(staff, Action.EDIT_COURSE, provider.id + 1)


async def test_bad_accounts_are_refused(db: str) -> None:
    await create_staff("a@example.org", PASSWORD, "admin")
    with pytest.raises(AccountExists):
        await create_staff("A@example.org", PASSWORD, "admin")
    with pytest.raises(InvalidInput):
        await create_staff("b@example.org", "short", "admin")
    with pytest.raises(InvalidInput):
        await create_staff("not-an-email", PASSWORD, "admin")
    with pytest.raises(InvalidInput):
        await create_staff("c@example.org", PASSWORD, "superuser")
    assert await StaffUser.all().count() == 1
