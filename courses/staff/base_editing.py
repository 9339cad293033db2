"""What catalogue staff do to learning centres: find them, write their texts per locale, publish them.

Like :mod:`courses.staff.editing`, every function asks the permission matrix first and keeps the
search index in step in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from courses.errors import NotFound
from courses.i18n.content import localize
from courses.models import Base, BaseText, StaffUser
from courses.search.index import reindex_bases
from courses.staff.editing import PER_PAGE, InvalidForm
from courses.staff.import_columns import CellError, read_url
from courses.staff.roles import Action, require
from courses.vocabulary.digits import plain_number
from courses.vocabulary.kinds import Status


async def find_bases(
    staff: StaffUser, *, q: str = "", locale: str = "en", page: int = 1
) -> tuple[list[tuple[Base, str]], int]:
    """Bases matching an id or a name, by id; each with its localized name; and the total."""
    require(staff, Action.EDIT_BASE)
    query = Base.all()
    q = q.strip()[:200]
    if (wanted := plain_number(q)) is not None:
        query = query.filter(id=wanted)
    elif q:
        query = query.filter(id__in=Subquery(BaseText.filter(name__icontains=q).values("base_id")))
    total = await query.count()
    bases = await query.order_by("id").offset((max(1, page) - 1) * PER_PAGE).limit(PER_PAGE)
    names: dict[int, dict[str, str]] = {}
    for base_id, name_locale, name in await BaseText.filter(base_id__in=[b.id for b in bases]).values_list(
        "base_id", "locale", "name"
    ):
        names.setdefault(base_id, {})[name_locale] = name
    return [(b, str(localize(names.get(b.id, {}), locale) or b.key)) for b in bases], total


@dataclass(frozen=True)
class BaseEditing:
    base: Base
    texts: dict[str, BaseText]


async def base_for_editing(staff: StaffUser, base_id: int) -> BaseEditing:
    """A base with every stored text. :raises NotFound: / :raises Forbidden:."""
    require(staff, Action.EDIT_BASE)
    base = await Base.get_or_none(id=base_id)
    if base is None:
        raise NotFound("base", id=base_id)
    return BaseEditing(base, {t.locale: t for t in await BaseText.filter(base_id=base_id)})


async def save_base_text(
    staff: StaffUser,
    base_id: int,
    locale: str,
    locales: Sequence[str],
    *,
    name: str,
    address: str = "",
    description: str = "",
) -> BaseText:
    """Store a base's name, address and description in one locale.

    :raises InvalidForm: for a missing name or an unknown locale. :raises NotFound:.
    """
    require(staff, Action.EDIT_BASE)
    if not await Base.filter(id=base_id).exists():
        raise NotFound("base", id=base_id)
    if locale not in locales:
        raise InvalidForm({"locale": "unknown_value"})
    if not name.strip() or len(name.strip()) > 200:
        raise InvalidForm({"name": "required" if not name.strip() else "too_long"})
    async with in_transaction() as conn:
        text, _ = await BaseText.update_or_create(
            {
                "name": name.strip(),
                "address": address.strip() or None,
                "description": description.strip() or None,
            },
            base_id=base_id,
            locale=locale,
            using_db=conn,
        )
        await reindex_bases([base_id], using=conn)
    return text


async def set_base_status(staff: StaffUser, base_id: int, status: Status | str) -> None:
    """Publish or unpublish a learning centre. :raises InvalidForm: / :raises NotFound:."""
    require(staff, Action.EDIT_BASE)
    try:
        status = Status(status)
    except ValueError:
        raise InvalidForm({"status": "unknown_value"}) from None
    async with in_transaction() as conn:
        # A queryset update skips auto_now: set updated_at so the catalogue fingerprint (and every
        # page cache that follows it) sees the change.
        if not await Base.filter(id=base_id).using_db(conn).update(status=status, updated_at=datetime.now(UTC)):
            raise NotFound("base", id=base_id)
        await reindex_bases([base_id], using=conn)


_BASE_FIELDS = ("province", "city", "phone", "email", "website", "latitude", "longitude")


def _coordinate(raw: str, limit: float) -> float:
    value = float(raw)
    if not -limit <= value <= limit:  # NaN fails this too
        raise ValueError(raw)
    return value


async def update_base(staff: StaffUser, base_id: int, form: dict[str, str]) -> Base:
    """Change a base's place and contact fields from a form (absent fields stay; empty ones are cleared).

    :raises InvalidForm: naming each bad field. :raises NotFound: / :raises Forbidden:.
    """
    require(staff, Action.EDIT_BASE)
    base = await Base.get_or_none(id=base_id)
    if base is None:
        raise NotFound("base", id=base_id)
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    limits = {"province": 64, "city": 64, "phone": 40, "email": 254, "website": 500}
    for name in _BASE_FIELDS:
        if name not in form:
            continue
        raw = form[name].strip()
        if not raw:
            values[name] = None
        elif name in ("latitude", "longitude"):
            try:
                values[name] = _coordinate(raw, 90 if name == "latitude" else 180)
            except ValueError:
                problems[name] = "out_of_range"
        elif len(raw) > limits[name]:
            problems[name] = "too_long"
        elif name == "email" and ("@" not in raw or " " in raw):
            problems[name] = "unknown_value"
        elif name == "website":
            try:
                values[name] = read_url(raw)
            except CellError as error:
                problems[name] = error.code
        else:
            values[name] = raw
    if ("latitude" in values) != ("longitude" in values) or (values.get("latitude") is None) != (
        values.get("longitude") is None
    ):
        problems.setdefault("longitude", "required")
    if problems:
        raise InvalidForm(problems)
    async with in_transaction() as conn:
        base.update_from_dict(values)
        await base.save(using_db=conn)
        await reindex_bases([base_id], using=conn)
    return base
