"""Texts of the bot's screens: content escaped for HTML; dates, numbers and distances through Babel."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from aiogram import html
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from babel import Locale
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from courses.catalogue import BaseCard, BaseDetail, CourseCard, CourseDetail, IntakeView
from courses.enrollment import EnrollmentView
from courses.i18n import LocalizedText, babel_id, display_name, plural_count
from courses.i18n import moment as courses_moment
from courses.vocabulary import MAJOR_CATEGORIES, N_, TRACK_LABELS, EnrollmentStatus, Track, labels


@lru_cache(maxsize=64)
def babel_locale(locale: str) -> Locale:
    """Babel's Locale for a BCP 47 tag, parsed once (parsing costs more than formatting)."""
    return Locale.parse(babel_id(locale))


# Telegram refuses messages over 4,096 characters: long catalogue texts are clipped, and a card
# lists at most this many intakes (the portal shows the rest).
SUMMARY_CHARS = 700
CARD_INTAKES = 8


def text(value: LocalizedText | str | None, limit: int | None = None) -> str:
    """Catalogue content, escaped for Telegram's HTML (clipped to ``limit`` characters first)."""
    if value is None:
        return ""
    raw = str(value)
    if limit is not None and len(raw) > limit:
        raw = raw[:limit - 1].rstrip() + "…"
    return html.quote(raw)


def note(value: LocalizedText | str | None, locale: str) -> str:
    """After a title not in the learner's language: which language it is in (`` <i>(in English)</i>``)."""
    if not isinstance(value, LocalizedText):
        return ""
    if value.locale != locale:
        said = _("in {language}").format(language=display_name(value.locale, locale))
    elif value.converted:
        said = _("converted automatically from Simplified Chinese")
    else:
        return ""
    return f" <i>({html.quote(said)})</i>"


def when(moment: datetime, timezone: str, locale: str) -> str:
    """A date and time in the intake's time zone, named, in the learner's language.

    ``5 Dec 2026, 09:00 (China Standard Time)``: a learner abroad sees whose clock the time is on.
    """
    return courses_moment(moment, timezone, locale)


def number(value: Decimal | float | int, locale: str) -> str:
    return format_decimal(value, locale=babel_locale(locale))


def distance(km: float, locale: str) -> str:
    if km < 1:
        return format_unit(round(km * 1000), "length-meter", length="short", locale=babel_locale(locale))
    return format_unit(round(km, 1), "length-kilometer", length="short", locale=babel_locale(locale))


def track_label(track: Track | str) -> str:
    return _(TRACK_LABELS[Track(track)])


def category_label(category: int) -> str:
    label = MAJOR_CATEGORIES.get(category)
    return _(label) if label else str(category)


def seats(intake: IntakeView, locale: str) -> str:
    if intake.seats_left is None:
        return _("open enrollment")
    if intake.seats_left == 0:
        return ngettext("full, {n} on the waitlist", "full, {n} on the waitlist",
                        intake.waitlist_length).format(n=number(intake.waitlist_length, locale))
    return ngettext("{n} seat left", "{n} seats left", intake.seats_left).format(
        n=number(intake.seats_left, locale))


def course_line(card: CourseCard, locale: str) -> str:
    facts = ngettext("{n} hour", "{n} hours", card.hours).format(n=number(card.hours, locale))
    return f"• <b>{text(card.title)}</b> — {facts}"


def course_card(detail: CourseDetail, locale: str) -> str:
    """The full card: title, provider, facts, summary and every intake still open."""
    card = detail.card
    lines = [f"<b>{text(card.title)}</b>{note(card.title, locale)}"]
    if card.provider_name:
        lines.append(text(card.provider_name))
    facts = [
        track_label(card.track),
        category_label(card.major_category),
        ngettext("{n} hour", "{n} hours", card.hours).format(n=number(card.hours, locale)),
        ngettext("{n} credit", "{n} credits", plural_count(card.credits, locale)).format(
            n=number(card.credits, locale)),
        _(labels.DELIVERY[card.delivery]),
    ]
    if card.hsk_level:
        facts.append(_("HSK {level}").format(level=card.hsk_level))
    if card.tuition:
        facts.append(format_currency(card.tuition, card.currency, locale=babel_locale(locale)))
    else:
        facts.append(_("free"))
    lines.append(" · ".join(facts))
    if card.languages:
        languages = ", ".join(display_name(language, locale) for language in card.languages)
        lines.append(_("Taught in: {languages}").format(languages=html.quote(languages)))
    if card.summary:
        lines.append("")
        lines.append(text(card.summary, SUMMARY_CHARS))
    open_intakes = open_intakes_of(detail)
    lines.append("")
    if open_intakes:
        lines.append("<b>{}</b>".format(_("Intakes")))
        for intake in open_intakes:
            place = f" · {text(intake.base_name)}" if intake.base_name else ""
            start = when(intake.starts_at, intake.timezone, locale)
            lines.append(f"• {start}{place} — {seats(intake, locale)}")
    else:
        lines.append(_("No intake is open for enrollment at the moment."))
    if detail.url:
        lines.append("")
        lines.append(html.link(_("Course website"), detail.url))
    return "\n".join(lines)


def open_intakes_of(detail: CourseDetail) -> list[IntakeView]:
    """The intakes a card offers: open for enrollment, earliest first, at most :data:`CARD_INTAKES`."""
    return [intake for intake in detail.intakes if intake.open][:CARD_INTAKES]


def intake_label(intake: IntakeView, locale: str) -> str:
    return f"{when(intake.starts_at, intake.timezone, locale)} — {seats(intake, locale)}"


def base_line(card: BaseCard, locale: str) -> str:
    far = f" — {distance(card.distance_km, locale)}" if card.distance_km is not None else ""
    address = f"\n  {text(card.address)}" if card.address else ""
    return f"• <b>{text(card.name)}</b>{far}{address}"


def base_card(detail: BaseDetail, locale: str) -> str:
    card = detail.card
    lines = [f"<b>{text(card.name)}</b>{note(card.name, locale)}"]
    if card.address:
        lines.append(text(card.address))
    if detail.description:
        lines.extend(["", text(detail.description, SUMMARY_CHARS)])
    contacts = [value for value in (detail.phone, detail.email, detail.website) if value]
    if contacts:
        lines.extend(["", html.quote(" · ".join(contacts))])
    if detail.intakes:
        lines.extend(["", "<b>{}</b>".format(_("Upcoming intakes here"))])
    return "\n".join(lines)


STATUS_LABELS = {
    EnrollmentStatus.ENROLLED: N_("enrolled"),
    EnrollmentStatus.WAITLISTED: N_("waitlisted"),
    EnrollmentStatus.CANCELLED: N_("cancelled"),
    EnrollmentStatus.COMPLETED: N_("completed"),
}


def enrollment_status(status: EnrollmentStatus, position: int | None, locale: str) -> str:
    if status is EnrollmentStatus.WAITLISTED and position is not None:
        return _("waitlisted, number {position} in line").format(position=number(position, locale))
    return _(STATUS_LABELS[status])


def enrollment_line(view: EnrollmentView, title: LocalizedText | str | None, locale: str) -> str:
    return "• <b>{title}</b>\n  {start} — {status}".format(
        title=text(title) or f"#{view.course_id}",
        start=when(view.starts_at, view.timezone, locale),
        status=enrollment_status(view.status, view.position, locale))
