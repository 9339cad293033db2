"""Catalogue staff: accounts, passwords and the one permission rule every admin page obeys.

Roles (``kinds.StaffRole``):

- **admin** may do everything, including managing staff and partners;
- **editor** looks after the catalogue: courses, intakes, bases, translations, publishing,
  import and export — but sees no learner's enrollment;
- **provider editor** edits and translates only their own institution's courses and intakes,
  and keeps their intakes' rosters (marks completion, exports the roster). Publishing stays with
  editors, so a course is reviewed once before learners see it;
- **reviewer** decides applications to convert outcomes from elsewhere into credits of their own
  institution, and keeps its conversion rules (admins may do so for every institution).

:func:`can` is the permission matrix; the admin pages and the tests both call it.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise.exceptions import IntegrityError

from courses.errors import CourseError, InvalidInput, NotFound
from courses.i18n.names import clean_display_name
from courses.models import Provider, StaffUser
from courses.passwords import hash_password, needs_rehash, password_matches
from courses.vocabulary.kinds import StaffRole

__all__ = [
    "AccountExists",
    "Action",
    "Forbidden",
    "MIN_PASSWORD_LENGTH",
    "active_staff",
    "authenticate",
    "can",
    "create_staff",
    "require",
    "set_disabled",
    "set_password",
]

MIN_PASSWORD_LENGTH = 10
# Verified against when the e-mail is unknown, so that a wrong address costs as long as a wrong password.


class Action(StrEnum):
    """Something a member of staff may be allowed to do."""

    VIEW_ADMIN = "view_admin"
    EDIT_COURSE = "edit_course"  # fields and translations of a course, its intakes
    PUBLISH_COURSE = "publish_course"
    CREATE_COURSE = "create_course"
    EDIT_BASE = "edit_base"
    VIEW_ENROLLMENTS = "view_enrollments"  # rosters: learners' names and contacts
    COMPLETE_ENROLLMENT = "complete_enrollment"
    IMPORT_CATALOGUE = "import_catalogue"
    EXPORT_CATALOGUE = "export_catalogue"
    MANAGE_PARTNERS = "manage_partners"  # partner pages, API keys, share links
    MANAGE_STAFF = "manage_staff"
    REVIEW_CONVERSION = "review_conversion"  # conversion rules and applications of an institution


# Actions that concern one course (or an intake of it): a provider editor's scope decides them.
COURSE_SCOPED = frozenset({Action.EDIT_COURSE, Action.VIEW_ENROLLMENTS, Action.COMPLETE_ENROLLMENT})
# Actions that concern one institution's conversions: a reviewer's scope decides them.
PROVIDER_SCOPED = frozenset({Action.REVIEW_CONVERSION})

_EDITOR = frozenset(
    {
        Action.VIEW_ADMIN,
        Action.EDIT_COURSE,
        Action.PUBLISH_COURSE,
        Action.CREATE_COURSE,
        Action.EDIT_BASE,
        Action.IMPORT_CATALOGUE,
        Action.EXPORT_CATALOGUE,
    }
)
_PROVIDER_EDITOR = frozenset(
    {Action.VIEW_ADMIN, Action.EDIT_COURSE, Action.VIEW_ENROLLMENTS, Action.COMPLETE_ENROLLMENT}
)
MATRIX: dict[StaffRole, frozenset[Action]] = {
    StaffRole.ADMIN: frozenset(Action),
    StaffRole.EDITOR: _EDITOR,
    StaffRole.PROVIDER_EDITOR: _PROVIDER_EDITOR,
    StaffRole.REVIEWER: frozenset({Action.VIEW_ADMIN, Action.REVIEW_CONVERSION}),
}


class Forbidden(CourseError):
    """The member of staff may not do this."""

    code = "forbidden"


class AccountExists(CourseError):
    code = "account_exists"


def can(staff: StaffUser | None, action: Action, provider_id: int | None = None) -> bool:
    """Whether ``staff`` may do ``action``; for course-scoped ones ``provider_id`` is the course's provider.

    Nobody signed in, or a disabled account, may do nothing. A provider editor's course-scoped
    actions need the provider of the course in question, and it must be their own.
    """
    if staff is None or staff.disabled:
        return False
    if action not in MATRIX[StaffRole(staff.role)]:
        return False
    if staff.role == StaffRole.PROVIDER_EDITOR and action in COURSE_SCOPED:
        return provider_id is not None and provider_id == staff.provider_id
    if staff.role == StaffRole.REVIEWER and action in PROVIDER_SCOPED:
        return provider_id is not None and provider_id == staff.provider_id
    return True


def require(staff: StaffUser | None, action: Action, provider_id: int | None = None) -> None:
    """Refuse with :class:`Forbidden` unless :func:`can` allows the action."""
    if not can(staff, action, provider_id):
        raise Forbidden(action.value)


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def create_staff(
    email: str,
    password: str,
    role: StaffRole | str,
    *,
    provider_key: str | None = None,
    display_name: str | None = None,
) -> StaffUser:
    """Create a staff account with a hashed password.

    :raises InvalidInput: for a malformed e-mail, a short password, an unknown role, a provider
        editor or reviewer without a provider (or another role with one).
    :raises NotFound: when ``provider_key`` names no provider.
    :raises AccountExists: when the e-mail is taken.
    """
    email = normalize_email(email)
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise InvalidInput("email", field="email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password_too_short", field="password", minimum=MIN_PASSWORD_LENGTH)
    try:
        role = StaffRole(role)
    except ValueError:
        raise InvalidInput("role", field="role") from None
    provider = None
    if role in (StaffRole.PROVIDER_EDITOR, StaffRole.REVIEWER):
        if not provider_key:
            raise InvalidInput("provider_required", field="provider")
        provider = await Provider.get_or_none(key=provider_key)
        if provider is None:
            raise NotFound("provider", key=provider_key)
    elif provider_key:
        raise InvalidInput("provider_only_for_provider_editors", field="provider")
    if await StaffUser.filter(email=email).exists():
        raise AccountExists(email)
    try:
        return await StaffUser.create(
            email=email,
            password_hash=await hash_password(password),
            role=role,
            provider=provider,
            display_name=clean_display_name(display_name),
        )
    except IntegrityError:  # a concurrent create of the same address
        raise AccountExists(email) from None


async def authenticate(email: str, password: str) -> StaffUser | None:
    """Return the active account whose password matches, else None (same cost either way).

    A hash made with weaker parameters than today's is replaced on the way.
    """
    staff = await StaffUser.get_or_none(email=normalize_email(email))
    matches = await password_matches(staff.password_hash if staff else None, password)
    if not matches or staff is None or staff.disabled:
        return None
    if needs_rehash(staff.password_hash):
        staff.password_hash = await hash_password(password)
        await staff.save(update_fields=["password_hash"])
    return staff


async def set_password(staff_id: int, password: str) -> None:
    """Replace a member of staff's password.

    :raises InvalidInput: for a short password. :raises NotFound: for an unknown account.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password_too_short", field="password", minimum=MIN_PASSWORD_LENGTH)
    updated = await StaffUser.filter(id=staff_id).update(password_hash=await hash_password(password))
    if not updated:
        raise NotFound("staff", id=staff_id)


async def set_disabled(staff_id: int, disabled: bool) -> None:
    """Disable (or re-enable) an account; a disabled account can neither sign in nor act."""
    if not await StaffUser.filter(id=staff_id).update(disabled=disabled):
        raise NotFound("staff", id=staff_id)


async def active_staff(staff_id: object) -> StaffUser | None:
    """The enabled account with this id (as kept in a session), else None."""
    if not isinstance(staff_id, int):
        return None
    return await StaffUser.get_or_none(id=staff_id, disabled=False)
