"""Texts of the bot's screens: content escaped for HTML; dates, numbers and distances through Babel."""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram import html
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from courses.catalogue import BaseCard, BaseDetail, CourseCard, CourseDetail, IntakeView
from courses.enrollment import EnrollmentView
from courses.i18n import (
    LocalizedText,
    clipped,
    display_name,
    format_distance,
    format_moment,
    format_money,
    format_number,
    format_short_moment,
    place_line,
    plural_count,
)
from courses.vocabulary import MAJOR_CATEGORIES, TRACK_LABELS, EnrollmentStatus, Track, labels

# Telegram refuses messages over 4,096 characters: long catalogue texts are clipped, and a card
# lists at most this many intakes (the portal shows the rest).
SUMMARY_CHARS = 700
CARD_INTAKES = 8


def text(value: LocalizedText | str | None, limit: int | None = None) -> str:
    """Catalogue content, escaped for Telegram's HTML (clipped to ``limit`` characters first)."""
    if value is None:
        return ""
    raw = str(value)
    return html.quote(clipped(raw, limit) if limit is not None else raw)


def website_link(label: str, url: str) -> str:
    """An HTML link to ``url`` with its address escaped (aiogram's ``html.link`` leaves ``href`` as it is).

    An address that is not http(s) is not linked at all: Telegram would refuse the message.
    """
    if not url.lower().startswith(("http://", "https://")):
        return html.quote(label)
    return f'<a href="{escape(url, quote=True)}">{html.quote(label)}</a>'


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
                        intake.waitlist_length).format(n=format_number(intake.waitlist_length, locale))
    return ngettext("{n} seat left", "{n} seats left", intake.seats_left).format(
        n=format_number(intake.seats_left, locale))


def hours(card: CourseCard, locale: str) -> str:
    return ngettext("{n} hour", "{n} hours", card.hours).format(n=format_number(card.hours, locale))


def heading(title: LocalizedText | str | None, subtitle: LocalizedText | str | None, locale: str) -> list[str]:
    """A card's first lines: the bold title with its language note, then the subtitle when there is one."""
    lines = [f"<b>{text(title)}</b>{note(title, locale)}"]
    if subtitle:
        lines.append(text(subtitle))
    return lines


def course_line(card: CourseCard, locale: str) -> str:
    return f"• <b>{text(card.title)}</b> — {hours(card, locale)}"


def course_card(detail: CourseDetail, locale: str) -> str:
    """The full card: title, provider, facts, summary and every intake still open."""
    card = detail.card
    lines = heading(card.title, card.provider_name, locale)
    facts = [
        track_label(card.track),
        category_label(card.major_category),
        hours(card, locale),
        ngettext("{n} credit", "{n} credits", plural_count(card.credits, locale)).format(
            n=format_number(card.credits, locale)),
        _(labels.DELIVERY[card.delivery]),
    ]
    if card.hsk_level:
        facts.append(_("HSK {level}").format(level=card.hsk_level))
    if card.tuition:
        facts.append(format_money(card.tuition, card.currency, locale))
    else:
        facts.append(_("free"))
    lines.append(" · ".join(facts))
    if card.languages:
        languages = ", ".join(display_name(language, locale) for language in card.languages)
        lines.append(_("Taught in: {languages}").format(languages=html.quote(languages)))
    if card.summary:
        lines.extend(["", text(card.summary, SUMMARY_CHARS)])
    open_intakes = open_intakes_of(detail)
    lines.append("")
    if open_intakes:
        lines.append("<b>{}</b>".format(_("Intakes")))
        for intake in open_intakes:
            place = f" · {text(intake.base_name)}" if intake.base_name else ""
            lines.append(f"• {starts(intake, locale)}{place} — {seats(intake, locale)}")
    else:
        lines.append(_("No intake is open for enrollment at the moment."))
    if detail.url:
        lines.extend(["", website_link(_("Course website"), detail.url)])
    return "\n".join(lines)


def open_intakes_of(detail: CourseDetail) -> list[IntakeView]:
    """The intakes a card offers: open for enrollment, earliest first, at most :data:`CARD_INTAKES`."""
    return [intake for intake in detail.intakes if intake.open][:CARD_INTAKES]


def starts(intake: IntakeView, locale: str) -> str:
    return format_moment(intake.starts_at, intake.timezone, locale)


def intake_label(intake: IntakeView, locale: str) -> str:
    """A button's worth (about 30 characters, what a phone shows): date, time, zone offset, seats."""
    if intake.seats_left is None:
        room = "∞"
    elif intake.full:
        room = "⏳" + format_number(intake.waitlist_length, locale)
    else:
        room = "🪑" + format_number(intake.seats_left, locale)
    return f"{format_short_moment(intake.starts_at, intake.timezone, locale)} · {room}"


def base_line(card: BaseCard, locale: str) -> str:
    far = f" — {format_distance(card.distance_km, locale)}" if card.distance_km is not None else ""
    address = f"\n  {text(card.address)}" if card.address else ""
    place = html.quote(place_line(card.city, card.province, card.country, locale))
    return f"• <b>{text(card.name)}</b>{far}\n  {place}{address}"


def base_card(detail: BaseDetail, locale: str) -> str:
    card = detail.card
    lines = heading(card.name, card.address, locale)
    lines.append(html.quote(place_line(card.city, card.province, card.country, locale)))
    if detail.description:
        lines.extend(["", text(detail.description, SUMMARY_CHARS)])
    contacts = [value for value in (detail.phone, detail.email, detail.website) if value]
    if contacts:
        lines.extend(["", html.quote(" · ".join(contacts))])
    if detail.intakes:
        lines.extend(["", "<b>{}</b>".format(_("Upcoming intakes here"))])
    return "\n".join(lines)


def enrollment_status(view: EnrollmentView, locale: str, now: datetime) -> str:
    """The status as the portal's enrollment list says it (the same msgids), with the waitlist position."""
    said = _(labels.enrollment_label(view.status, view.ends_at, now))
    if view.status is EnrollmentStatus.WAITLISTED and view.position and not labels.intake_ended(view.ends_at, now):
        said += " · " + _("Position {n} on the waitlist").format(n=format_number(view.position, locale))
    return said


def enrollment_line(view: EnrollmentView, title: LocalizedText | str | None, locale: str, now: datetime) -> str:
    return "• <b>{title}</b>\n  {start} — {status}".format(
        title=text(title) or f"#{view.course_id}",
        start=format_moment(view.starts_at, view.timezone, locale),
        status=enrollment_status(view, locale, now))
