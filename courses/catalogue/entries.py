"""The view objects that catalogue queries and search return: plain, frozen, ready to render.

No Tortoise model instance ever leaves ``courses`` through a catalogue query; the portal,
the bot and the partner API render these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Generic, TypeVar

from courses.i18n.content import LocalizedText
from courses.vocabulary.kinds import Audience, BaseDomain, BaseKind, CourseKind, Delivery, Level, Track

__all__ = [
    "BaseCard",
    "BaseDetail",
    "CourseCard",
    "CourseDetail",
    "Facets",
    "IntakeView",
    "Page",
    "PartnerCatalogue",
    "PartnerContact",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IntakeView:
    """A dated run of a course as a learner sees it.

    ``seats_left`` is None when the capacity is unlimited. ``open`` is true while the course is
    published, the enrollment deadline (or, without one, the end) has not passed — a full intake
    stays open, since enrolling then puts the learner on the waitlist.
    """

    id: int
    course_id: int
    starts_at: datetime
    ends_at: datetime | None
    enroll_deadline: datetime | None
    timezone: str
    capacity: int | None
    seats_taken: int
    seats_left: int | None
    waitlist_length: int
    base_id: int | None
    base_name: LocalizedText | None
    open: bool
    # Where the base is (None when online or the base is not published): stored names, see places.json.
    base_country: str | None = None
    base_province: str | None = None
    base_city: str | None = None
    course_title: LocalizedText | None = None  # a centre's page lists intakes of many courses

    @property
    def full(self) -> bool:
        return self.seats_left == 0


@dataclass(frozen=True, slots=True)
class CourseCard:
    """A course in a list: what a card or a search hit shows."""

    id: int
    track: Track
    level: Level | None
    major_category: int
    kind: CourseKind
    delivery: Delivery
    hours: int
    credits: Decimal
    hsk_level: int | None
    tuition: Decimal | None  # None = free
    currency: str
    title: LocalizedText
    summary: LocalizedText | None
    provider_id: int
    provider_name: LocalizedText | None
    languages: tuple[str, ...]
    audiences: tuple[Audience, ...]
    countries: tuple[str, ...]  # partner countries ("Chinese + vocational skills")
    next_start: datetime | None  # the earliest intake still open for enrollment
    has_open_seats: bool
    # Seats left in that earliest open intake: None when it has no seat limit (or there is none).
    next_seats_left: int | None = None


@dataclass(frozen=True, slots=True)
class CourseDetail:
    """A course page: the card plus the description, its intakes and links."""

    card: CourseCard
    description: LocalizedText | None
    url: str | None
    provider_country: str
    provider_province: str | None
    provider_city: str | None
    intakes: tuple[IntakeView, ...]
    locales: tuple[str, ...]  # the locales with a stored text (hreflang alternates)
    published_at: datetime | None

    @property
    def id(self) -> int:
        return self.card.id


@dataclass(frozen=True, slots=True)
class BaseCard:
    """A learning centre in a list; ``distance_km`` is set when the list was sorted by distance."""

    id: int
    kind: BaseKind
    country: str
    province: str | None
    city: str | None
    latitude: float | None
    longitude: float | None
    name: LocalizedText
    address: LocalizedText | None
    domains: tuple[BaseDomain, ...]
    audiences: tuple[Audience, ...]
    distance_km: float | None = None


@dataclass(frozen=True, slots=True)
class BaseDetail:
    """A learning centre's page: the card, contact details and its upcoming intakes."""

    card: BaseCard
    description: LocalizedText | None
    phone: str | None
    email: str | None
    website: str | None
    intakes: tuple[IntakeView, ...]
    locales: tuple[str, ...]

    @property
    def id(self) -> int:
        return self.card.id


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a filter with the number of items the list would show if it were chosen."""

    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Facets:
    """Facet counts per filter name (``track``, ``level``, ``category``, ``kind``, ``delivery``,
    ``lang``, ``audience``, ``country``, ``province``, ``hsk``, ``partner_country``); each list
    is ordered by value."""

    total: int
    by_filter: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> tuple[FacetValue, ...]:
        return self.by_filter.get(name, ())


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list.

    ``total`` counts the whole filtered list (possibly from a short-lived cache, see
    :mod:`courses.catalogue.queries`). ``page`` is 1-based. ``next_cursor`` continues the same order
    after the last item (keyset pagination, fast at any depth); None on the last page.
    """

    items: tuple[T, ...]
    total: int
    page: int
    per_page: int
    next_cursor: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True, slots=True)
class PartnerContact:
    """How to reach a partner; any detail may be missing."""

    email: str | None = None
    phone: str | None = None
    address: str | None = None
    website: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.email or self.phone or self.address or self.website)


@dataclass(frozen=True, slots=True)
class PartnerCatalogue:
    """A partner's catalogue in one locale: its name, intro, contact and logo, and its courses.

    ``courses`` serve the partner's country — the partner's own selection first (in its order), then
    other published courses for that country; ``elsewhere`` holds the rest of the selection, aimed at
    other countries (see :func:`courses.catalogue.queries.partner_catalogue`).
    """

    slug: str
    country: str
    locale: str
    locales: tuple[str, ...]  # the partner's locales, main one first
    name: LocalizedText
    intro: LocalizedText | None
    currency: str | None
    courses: tuple[CourseCard, ...]
    elsewhere: tuple[CourseCard, ...] = ()
    contact: PartnerContact = PartnerContact()
    logo: str | None = None  # the logo's digest (it names the version), None without a logo
