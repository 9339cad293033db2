"""Filters of the course and base lists, built from typed values or from plain query strings.

``CourseFilters.parse(params)`` and ``BaseFilters.parse(params)`` accept what a query string
or a bot callback carries — a mapping of names to a string or a list of strings — and raise
:class:`courses.errors.InvalidInput` (with the offending ``field``) for a value that is not
acceptable. They never raise anything else. Empty strings mean "not given".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import TypeVar

from courses.errors import InvalidInput
from courses.vocabulary.kinds import (
    MAJOR_CATEGORIES,
    Audience,
    BaseDomain,
    BaseKind,
    CourseKind,
    Delivery,
    Level,
    Track,
)

__all__ = [
    "MAX_QUERY",
    "BaseFilters",
    "CourseFilters",
    "searched_text",
]

Params = Mapping[str, str | Iterable[str] | None]
E = TypeVar("E", bound=StrEnum)
V = TypeVar("V")

MAX_QUERY = 200  # characters of a search query
MAX_VALUES = 20  # values of one multi-valued filter
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _values(params: Params, name: str) -> list[str]:
    raw = params.get(name)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    values: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(f"{name} must be text", field=name)
        if "\x00" in item:  # PostgreSQL text cannot hold NUL: refuse it here, not as a driver error
            raise InvalidInput(f"{name} contains a NUL character", field=name)
        values.extend(part.strip() for part in item.split(",") if part.strip())
    if len(values) > MAX_VALUES:
        raise InvalidInput(f"too many values for {name}", field=name)
    return values


def _parse_each(params: Params, name: str, convert: Callable[[str], V]) -> tuple[V, ...]:
    result: list[V] = []
    for value in _values(params, name):
        try:
            parsed = convert(value)
        except (ValueError, TypeError, KeyError) as error:
            raise InvalidInput(f"unknown {name}: {value!r}", field=name, value=value) from error
        if parsed not in result:
            result.append(parsed)
    return tuple(result)


def _one(params: Params, name: str) -> str | None:
    values = _values(params, name)
    if len(values) > 1:
        raise InvalidInput(f"{name} takes one value", field=name)
    return values[0] if values else None


def _category(value: str) -> int:
    number = int(value)
    if number not in MAJOR_CATEGORIES:
        raise ValueError(value)
    return number


def _hsk(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 6:
        raise ValueError(value)
    return number


def _country(value: str) -> str:
    if not _COUNTRY.match(value):
        raise ValueError(value)
    return value.upper()


def _language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(value)
    return value


def _moment(params: Params, name: str, *, end_of_day: bool = False) -> datetime | None:
    """An ISO date (the whole day, UTC) or an ISO date-time (naive = UTC)."""
    value = _one(params, name)
    if value is None:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput(f"{name} is not a date", field=name, value=value) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _boolean(params: Params, name: str) -> bool:
    value = _one(params, name)
    if value is None:
        return False
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise InvalidInput(f"{name} must be yes or no", field=name, value=value)


def _text(params: Params, name: str, limit: int = 64) -> str | None:
    value = _one(params, name)
    if value is not None and len(value) > limit:
        raise InvalidInput(f"{name} is too long", field=name)
    return value


def searched_text(raw: str | None) -> str:
    """What a search looks for in ``raw``: without surrounding spaces, at most ``MAX_QUERY`` characters.

    Every face cuts a search here (lists, search, suggestions, the bot), so the same text is searched."""
    return (raw or "").strip()[:MAX_QUERY]


def _query(params: Params) -> str | None:
    raw = params.get("q")
    if raw is not None and not isinstance(raw, str):
        raw = next(iter(raw), None)
    if raw is None or not isinstance(raw, str):
        return None
    return searched_text(raw) or None


@dataclass(frozen=True, slots=True)
class CourseFilters:
    """What a course list is narrowed to; every empty field means "any".

    Multi-valued fields match any of their values; different fields must all match. Only
    published courses are ever listed. ``q`` is a search query: the list is then ordered by
    relevance (title > summary > fuzzy) instead of the catalogue order.
    """

    q: str | None = None
    tracks: tuple[Track, ...] = ()
    levels: tuple[Level, ...] = ()
    categories: tuple[int, ...] = ()
    kinds: tuple[CourseKind, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    languages: tuple[str, ...] = ()  # languages of instruction, BCP 47
    audiences: tuple[Audience, ...] = ()
    countries: tuple[str, ...] = ()  # provider country (ISO 3166 alpha-2)
    provinces: tuple[str, ...] = ()  # provider province, English name as stored ("Jiangsu")
    partner_countries: tuple[str, ...] = ()  # countries a "Chinese + vocational skills" programme serves
    hsk_levels: tuple[int, ...] = ()
    open_seats: bool = False  # an intake open for enrollment with a free seat (or unlimited)
    starts_from: datetime | None = None  # an intake starting at or after
    starts_until: datetime | None = None  # an intake starting at or before

    @classmethod
    def parse(cls, params: Params) -> CourseFilters:
        """Build filters from query-string values.

        Names: ``q``, ``track``, ``level``, ``category`` (41–59), ``kind``, ``delivery``, ``lang``,
        ``audience``, ``country``, ``province``, ``partner_country``, ``hsk`` (1–6), ``open``
        (yes/no), ``from`` and ``until`` (ISO dates). Values may repeat or be comma-separated.

        :raises InvalidInput: for an unknown or malformed value.
        """
        filters = cls(
            q=_query(params),
            tracks=_parse_each(params, "track", Track),
            levels=_parse_each(params, "level", Level),
            categories=_parse_each(params, "category", _category),
            kinds=_parse_each(params, "kind", CourseKind),
            deliveries=_parse_each(params, "delivery", Delivery),
            languages=_parse_each(params, "lang", _language),
            audiences=_parse_each(params, "audience", Audience),
            countries=_parse_each(params, "country", _country),
            provinces=tuple(v for v in _parse_each(params, "province", str) if len(v) <= 64),
            partner_countries=_parse_each(params, "partner_country", _country),
            hsk_levels=_parse_each(params, "hsk", _hsk),
            open_seats=_boolean(params, "open"),
            starts_from=_moment(params, "from"),
            starts_until=_moment(params, "until", end_of_day=True),
        )
        if filters.starts_from and filters.starts_until and filters.starts_from > filters.starts_until:
            raise InvalidInput("from is after until", field="from")
        return filters

    def to_params(self) -> dict[str, list[str]]:
        """The query-string values that :meth:`parse` turns back into these filters."""
        names = {
            "tracks": "track",
            "levels": "level",
            "categories": "category",
            "kinds": "kind",
            "deliveries": "delivery",
            "languages": "lang",
            "audiences": "audience",
            "countries": "country",
            "provinces": "province",
            "partner_countries": "partner_country",
            "hsk_levels": "hsk",
        }
        params: dict[str, list[str]] = {}
        if self.q:
            params["q"] = [self.q]
        for attribute, name in names.items():
            values = getattr(self, attribute)
            if values:
                params[name] = [str(v) for v in values]
        if self.open_seats:
            params["open"] = ["yes"]
        if self.starts_from:
            params["from"] = [self.starts_from.isoformat()]
        if self.starts_until:
            params["until"] = [self.starts_until.isoformat()]
        return params

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True, slots=True)
class BaseFilters:
    """What a list of learning centres is narrowed to; ``near`` sorts by distance from a point.

    Only published bases are listed. With ``near`` the list is ordered nearest first and each
    card carries ``distance_km``; ``within_km`` then drops the ones farther away.
    """

    q: str | None = None
    kinds: tuple[BaseKind, ...] = ()
    countries: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    domains: tuple[BaseDomain, ...] = ()
    audiences: tuple[Audience, ...] = ()
    near: tuple[float, float] | None = None  # (latitude, longitude)
    within_km: float | None = None

    @classmethod
    def parse(cls, params: Params) -> BaseFilters:
        """Build filters from query-string values: ``q``, ``kind``, ``country``, ``province``, ``city``,
        ``domain``, ``audience``, ``lat`` and ``lon`` (both or neither), ``within`` (km).

        :raises InvalidInput: for an unknown or malformed value.
        """
        lat, lon = _text(params, "lat"), _text(params, "lon")
        near = None
        if (lat is None) != (lon is None):
            raise InvalidInput("lat and lon go together", field="lat" if lat is None else "lon")
        if lat is not None and lon is not None:
            near = _point(lat, lon)
        within = _text(params, "within")
        within_km = None
        if within is not None:
            try:
                within_km = float(within)
            except ValueError as error:
                raise InvalidInput("within is not a number", field="within") from error
            if not 0 < within_km <= 20040:  # half the Earth's circumference
                raise InvalidInput("within is out of range", field="within")
        return cls(
            q=_query(params),
            kinds=_parse_each(params, "kind", BaseKind),
            countries=_parse_each(params, "country", _country),
            provinces=tuple(v for v in _parse_each(params, "province", str) if len(v) <= 64),
            cities=tuple(v for v in _parse_each(params, "city", str) if len(v) <= 64),
            domains=_parse_each(params, "domain", BaseDomain),
            audiences=_parse_each(params, "audience", Audience),
            near=near,
            within_km=within_km,
        )


def _point(lat: str, lon: str) -> tuple[float, float]:
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError as error:
        raise InvalidInput("lat and lon must be numbers", field="lat") from error
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput("lat or lon is out of range", field="lat")
    return latitude, longitude


def check_point(latitude: float, longitude: float) -> tuple[float, float]:
    """Return the point when it is a real place on Earth.

    :raises InvalidInput: for a latitude outside ±90, a longitude outside ±180, or NaN.
    """
    return _point(str(latitude), str(longitude))
