"""The partner API's JSON shapes of catalogue view objects and verified credits: public facts only, no
learner data (a credit's learner name only where the learner chose to show it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from courses.catalogue import BaseCard, BaseDetail, CourseCard, CourseDetail, IntakeView, Page, PartnerCatalogue
from courses.credits import CreditFacts
from courses.i18n import LocalizedText, localize, place_line


def moment(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def text(value: LocalizedText | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"text": value.text, "locale": value.locale, "converted": value.converted}


def course(card: CourseCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "track": card.track.value,
        "level": card.level.value if card.level else None,
        "major_category": card.major_category,
        "kind": card.kind.value,
        "delivery": card.delivery.value,
        "hours": card.hours,
        "credits": float(card.credits),
        "hsk_level": card.hsk_level,
        "tuition": str(card.tuition) if card.tuition is not None else None,
        "currency": card.currency,
        "title": text(card.title),
        "summary": text(card.summary),
        "provider": {"id": card.provider_id, "name": text(card.provider_name)},
        "languages": list(card.languages),
        "audiences": [a.value for a in card.audiences],
        "countries": list(card.countries),
        "next_start": moment(card.next_start),
        "next_seats_left": card.next_seats_left if card.next_start else None,
        "has_open_seats": card.has_open_seats,
    }


def intake(view: IntakeView, locale: str = "en") -> dict[str, Any]:
    """An intake; where it meets (stored names, and ``place`` named in ``locale``) is null when it is online."""
    return {
        "id": view.id,
        "course_id": view.course_id,
        "starts_at": moment(view.starts_at),
        "ends_at": moment(view.ends_at),
        "enroll_deadline": moment(view.enroll_deadline),
        "timezone": view.timezone,
        "capacity": view.capacity,
        "seats_left": view.seats_left,
        "waitlist_length": view.waitlist_length,
        "base_id": view.base_id,
        "base_name": text(view.base_name),
        "country": view.base_country,
        "province": view.base_province,
        "city": view.base_city,
        "place": place_line(view.base_city, view.base_province, view.base_country, locale) if view.base_country
        else None,
        "open": view.open,
    }


def _detail(detail: CourseDetail | BaseDetail, locale: str) -> dict[str, Any]:
    """What a detail adds to its card, for courses and bases alike: the long text, intakes, locales."""
    return {
        "description": text(detail.description),
        "intakes": [intake(i, locale) for i in detail.intakes],
        "locales": list(detail.locales),
    }


def course_detail(detail: CourseDetail, locale: str = "en") -> dict[str, Any]:
    return {
        **course(detail.card),
        **_detail(detail, locale),
        "external_url": detail.url,
        "provider_country": detail.provider_country,
        "published_at": moment(detail.published_at),
    }


def base(card: BaseCard, locale: str = "en") -> dict[str, Any]:
    """A centre; ``place`` names its city, province and country in ``locale``."""
    return {
        "id": card.id,
        "kind": card.kind.value,
        "country": card.country,
        "province": card.province,
        "city": card.city,
        "place": place_line(card.city, card.province, card.country, locale),
        "latitude": card.latitude,
        "longitude": card.longitude,
        "name": text(card.name),
        "address": text(card.address),
        "domains": [d.value for d in card.domains],
        "audiences": [a.value for a in card.audiences],
        "distance_km": card.distance_km,
    }


def base_detail(detail: BaseDetail, locale: str = "en") -> dict[str, Any]:
    return {
        **base(detail.card, locale),
        **_detail(detail, locale),
        "phone": detail.phone,
        "email": detail.email,
        "website": detail.website,
    }


def page(result: Page, shape, locale: str) -> dict[str, Any]:
    return {
        "items": [shape(item) for item in result.items],
        "total": result.total,
        "next_cursor": result.next_cursor,
        "locale": locale,
    }


def partner(catalogue: PartnerCatalogue) -> dict[str, Any]:
    return {
        "slug": catalogue.slug,
        "country": catalogue.country,
        "locale": catalogue.locale,
        "locales": list(catalogue.locales),
        "name": text(catalogue.name),
        "intro": text(catalogue.intro),
        "currency": catalogue.currency,
        "courses": [course(c) for c in catalogue.courses],  # those serving the partner's country
        "elsewhere": [course(c) for c in catalogue.elsewhere],  # selected, aimed at other countries
    }


def credit(facts: CreditFacts, locale: str, *, verify_url: str, credential_url: str) -> dict[str, Any]:
    return {
        "code": facts.code,
        "course": {"id": facts.course_id, "title": text(localize(facts.titles, locale)),
                   "provider": text(localize(facts.provider_names, locale))},
        "track": facts.track.value,
        "level": facts.level.value if facts.level else None,
        "major_category": facts.major_category,
        "hours": facts.hours,
        "credits": float(facts.credits),
        "completed_on": facts.completed_on.isoformat(),
        "learner_name": facts.learner_name,
        "revoked": facts.revoked,
        "revoked_reason": facts.revoked_reason,
        "verify_url": verify_url,
        "credential_url": credential_url,
    }
