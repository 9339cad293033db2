"""What a notification says, in the learner's language, whatever channel carries it.

A :class:`Notice` holds the subject, the paragraphs (HTML-escaped, with ``<b>`` around titles,
the subset Telegram and mail both show) and the actions (portal links in the learner's
locale, built from ``PUBLIC_URL``). Times are in the intake's zone, followed by the learner's
own clock when their zone differs, as the pages show them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from courses.i18n import babel_id, format_moment, pick_locale, translations
from courses.models import Intake
from courses.notifications.outbox import NotificationKind, OutboxMessage
from courses.notifications.watches import reminder_stop_key
from courses.vocabulary import N_

__all__ = ["Action", "ActionKind", "Notice", "Portal", "render_notice"]

_TAGS = re.compile(r"</?b>")


class ActionKind(StrEnum):
    COURSE = "course"
    MY_ENROLLMENTS = "my"
    CANCEL = "cancel"
    CALENDAR = "calendar"
    LINK = "link"  # the one thing the mail is about: confirm, reset
    UNSUBSCRIBE = "unsubscribe"


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    label: str
    url: str
    ref: int = 0  # the course or enrollment id a Telegram button acts on


@dataclass(frozen=True, slots=True)
class Notice:
    """A rendered notification; ``paragraphs`` are HTML with ``<b>`` only, ``plain`` is the same as text."""

    kind: str
    locale: str
    subject: str
    paragraphs: list[str]
    actions: list[Action] = field(default_factory=list)
    unsubscribe_url: str | None = None

    @property
    def plain(self) -> str:
        return "\n\n".join(html.unescape(_TAGS.sub("", p)) for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Portal:
    """Where links point and which locales exist: ``base`` is ``PUBLIC_URL`` without a trailing slash."""

    base: str
    locales: tuple[str, ...]
    default_locale: str
    secret: str = ""  # signs the "no more reminders" links; without it reminders carry none

    def url(self, locale: str, path: str) -> str:
        return f"{self.base}/{locale}{path}"


# Subjects of mails (and nothing else: Telegram shows only the paragraphs).
SUBJECTS = {
    NotificationKind.ENROLLED: N_("You are enrolled"),
    NotificationKind.WAITLISTED: N_("You are on the waitlist"),
    NotificationKind.PROMOTED: N_("A seat is yours"),
    NotificationKind.INTAKE_REMINDER: N_("Your course starts soon"),
    NotificationKind.INTAKE_SOON: N_("Your course starts in an hour"),
    NotificationKind.SEAT_AVAILABLE: N_("A course you follow can be enrolled in"),
    NotificationKind.CONFIRM_EMAIL: N_("Confirm your e-mail address"),
    NotificationKind.ACCOUNT_EXISTS: N_("You already have an account"),
    NotificationKind.PASSWORD_RESET: N_("Set a new password"),
}


async def render_notice(message: OutboxMessage, portal: Portal, *, now: datetime) -> Notice | None:
    """Render ``message`` in the learner's locale; None for a kind nobody knows how to say.

    The locale is the learner's stored one negotiated against ``portal.locales`` (the
    default locale when none is stored); no placeholder is ever left unfilled.
    """
    locale = pick_locale([message.locale], portal.locales, portal.default_locale)
    catalogue = translations(babel_id(locale))
    _ = catalogue.gettext
    try:
        kind = NotificationKind(message.kind)
    except ValueError:
        return None
    payload = message.payload
    subject = _(SUBJECTS[kind])
    if kind in _ACCOUNT_TEXTS:
        return _account_notice(kind, locale, subject, payload, portal, _)
    # Imported here: the catalogue imports enrollment, which writes to the Outbox of this package.
    from courses.catalogue import get_courses

    course_id = int(payload.get("course_id") or 0)
    cards = await get_courses([course_id], locale, now=now) if course_id else []
    title = html.escape(str(cards[0].title)) if cards else ""
    start = await _start(payload, message.timezone, locale, _)
    values = {"title": title, "start": start}
    if kind == NotificationKind.WAITLISTED:
        values["position"] = str(payload.get("position") or "")
    body = _(_COURSE_TEXTS[kind]).format(**values)
    actions = [Action(ActionKind.COURSE, _("Open the course"), portal.url(locale, f"/courses/{course_id}"),
                      course_id)]
    unsubscribe = None
    if kind == NotificationKind.SEAT_AVAILABLE:
        unsubscribe = portal.url(locale, f"/notify/stop/{payload.get('watch_key', '')}")
        actions.append(Action(ActionKind.UNSUBSCRIBE, _("Stop these notices"), unsubscribe, course_id))
    else:
        enrollment_id = int(payload.get("enrollment_id") or 0)
        intake_id = int(payload.get("intake_id") or 0)
        actions += [
            Action(ActionKind.MY_ENROLLMENTS, _("My enrollments"), portal.url(locale, "/account/")),
            Action(ActionKind.CANCEL, _("Cancel my place"), portal.url(locale, "/account/"), enrollment_id),
            Action(ActionKind.CALENDAR, _("Add to my calendar"),
                   portal.url(locale, f"/intakes/{intake_id}.ics")),
        ]
        reminder = kind in (NotificationKind.INTAKE_REMINDER, NotificationKind.INTAKE_SOON)
        if reminder and portal.secret and message.learner_id is not None:
            key = reminder_stop_key(portal.secret, message.learner_id)
            unsubscribe = portal.url(locale, f"/notify/reminders/{key}")
            actions.append(Action(ActionKind.UNSUBSCRIBE, _("No more reminders"), unsubscribe))
    return Notice(kind.value, locale, subject, [body], actions, unsubscribe)


async def _start(payload: dict[str, Any], learner_zone: str | None, locale: str,
                 _: Callable[[str], str]) -> str:
    if not payload.get("starts_at"):
        return ""
    starts_at = datetime.fromisoformat(payload["starts_at"])
    zone = payload.get("timezone")
    if zone is None and payload.get("intake_id"):
        intake = await Intake.get_or_none(id=int(payload["intake_id"]))
        zone = intake.timezone if intake else None
    text = format_moment(starts_at, zone, locale)
    if learner_zone and zone and learner_zone != zone:
        text += " · " + _("your time: {time}").format(time=format_moment(starts_at, learner_zone, locale))
    return text


_COURSE_TEXTS = {
    NotificationKind.ENROLLED: N_("You are enrolled in <b>{title}</b>, starting {start}."),
    NotificationKind.WAITLISTED: N_("You are on the waitlist of <b>{title}</b> ({start}), "
                                    "number {position} in line."),
    NotificationKind.PROMOTED: N_("Good news: a seat became free and you are now enrolled in <b>{title}</b>, "
                                  "starting {start}."),
    NotificationKind.INTAKE_REMINDER: N_("Reminder: <b>{title}</b> starts {start}."),
    NotificationKind.INTAKE_SOON: N_("<b>{title}</b> starts in an hour: {start}."),
    NotificationKind.SEAT_AVAILABLE: N_("<b>{title}</b> can be enrolled in now: an intake starting {start} "
                                        "has a free seat."),
}

_ACCOUNT_TEXTS = {
    NotificationKind.CONFIRM_EMAIL: (
        N_("Welcome to the Lifelong Learning Portal. Please confirm your e-mail address: until you do, "
           "an enrollment does not take a seat. The link works for {hours} hours."),
        N_("Confirm my address")),
    NotificationKind.ACCOUNT_EXISTS: (
        N_("Someone (perhaps you) tried to sign up with this address, but you already have an account. "
           "If you forgot your password, you can set a new one. If it was not you, ignore this mail."),
        N_("Set a new password")),
    NotificationKind.PASSWORD_RESET: (
        N_("To set a new password, open the link below within an hour. It works once. If you did not "
           "ask for it, ignore this mail: your password stays as it is."),
        N_("Set a new password")),
}


def _account_notice(kind: NotificationKind, locale: str, subject: str, payload: dict[str, Any],
                    portal: Portal, _: Callable[[str], str]) -> Notice:
    text, label = _ACCOUNT_TEXTS[kind]
    # The confirmation brings the learner back to where they signed up from (a same-site path).
    back = f"?next={quote(str(payload['next']), safe='/')}" if payload.get("next") else ""
    path = {NotificationKind.CONFIRM_EMAIL: f"/account/confirm/{payload.get('token', '')}{back}",
            NotificationKind.ACCOUNT_EXISTS: "/account/reset",
            NotificationKind.PASSWORD_RESET: f"/account/reset/{payload.get('token', '')}"}[kind]
    body = _(text).format(hours=payload.get("hours", ""))
    return Notice(kind.value, locale, subject, [html.escape(body)],
                  [Action(ActionKind.LINK, _(label), portal.url(locale, path))])
