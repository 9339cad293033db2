"""/verify CODE and shared verification links: what a credit proves, in the learner's language;
the learner's own credits (offered from /my) with their verification pages and signed credentials."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from babel.dates import format_date

from bot import formatting
from bot.keyboards import MenuCb, Screen, button, home_button, keyboard
from bot.replies import show
from courses.credits import (
    CreditFacts,
    HoursRequirement,
    YearOfHours,
    credit_facts,
    format_code,
    public_url,
    transcript,
    yearly_hours,
)
from courses.errors import NotFound
from courses.i18n import babel_locale, format_number, localize, plural_count
from courses.learners import LearnerProfile
from courses.settings import Settings
from courses.vocabulary import labels

# A verification link someone shares: …/<locale>/verify/ABCD-EFGH-JKMN (any case, dashes optional).
LINK = re.compile(r"/verify/([A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4})\b")
MAX_LISTED = 20


def facts_text(facts: CreditFacts, locale: str) -> str:
    """The facts of a record, as the verification page shows them."""
    title = localize(facts.titles, locale)
    provider = localize(facts.provider_names, locale)
    if facts.revoked:
        verdict = "⚠️ " + _("This credit was revoked.")
        if facts.revoked_reason:
            verdict += " " + _("Reason: {reason}").format(reason=formatting.text(facts.revoked_reason))
    else:
        verdict = "✅ " + _("This credit is genuine: it is recorded in the credit bank.")
    track = formatting.track_label(facts.track)
    if facts.level:
        track += " · " + _(labels.LEVEL[facts.level])
    credits = ngettext("{num} credit", "{num} credits", plural_count(facts.credits, locale)).format(
        num=format_number(facts.credits, locale))
    lines = [verdict, "", f"<b>{formatting.text(title)}</b>{formatting.note(title, locale)}"]
    if provider:
        lines.append(formatting.text(provider) + formatting.note(provider, locale))
    lines += [track, formatting.category_label(facts.major_category),
              _("{hours} h").format(hours=format_number(facts.hours, locale)) + " · " + credits,
              _("Completed: {date}").format(
                  date=format_date(facts.completed_on, "medium", locale=babel_locale(locale)))]
    if facts.learner_name:
        lines.append(_("Learner: {name}").format(name=formatting.text(facts.learner_name)))
    lines.append(_("Verification code") + f": <code>{facts.code}</code>")
    return "\n".join(lines)


def _links(settings: Settings, code: str, locale: str) -> list[InlineKeyboardButton]:
    base = public_url(settings)
    return [InlineKeyboardButton(text=_("Verification page"), url=f"{base}/{locale}/verify/{code}"),
            InlineKeyboardButton(text=_("Signed credential"),
                                 url=f"{base}/credentials/{code.replace('-', '')}.json")]


async def _answer(message: Message, code: str, locale: str, settings: Settings) -> None:
    try:
        facts = await credit_facts(code)
    except NotFound:
        await message.answer(_("No credit has this verification code. Check it and try again: "
                               "it looks like ABCD-EFGH-JKMN."))
        return
    await message.answer(facts_text(facts, locale), reply_markup=keyboard(_links(settings, facts.code, locale)))


async def on_verify(message: Message, command: CommandObject, locale: str, settings: Settings) -> None:
    code = (command.args or "").strip()
    if not code:
        await message.answer(_("Send /verify and the code, for example: /verify ABCD-EFGH-JKMN"))
        return
    await _answer(message, code, locale, settings)


async def on_link(message: Message, locale: str, settings: Settings) -> None:
    match = LINK.search(message.text or "")
    assert match is not None  # the filter matched
    await _answer(message, match.group(1), locale, settings)


def _hours(count: int, locale: str) -> str:
    return ngettext("{num} hour", "{num} hours", plural_count(count, locale)).format(num=format_number(count, locale))


def hours_text(year: YearOfHours, locale: str) -> str:
    """This year's continuing-education hours against the requirement, as the portal's hours page says them."""
    lines = ["<b>{}</b> · {}".format(_("Continuing-education hours"), year.year),
             _("{total}, of them {professional} in professional subjects and {general} in general subjects.").format(
                 total=_hours(year.total, locale), professional=_hours(year.professional, locale),
                 general=_hours(year.general, locale))]
    if year.met:
        lines.append("✅ " + _("The requirement for {year} is met.").format(year=year.year))
    elif year.missing_professional:
        lines.append(_("{missing} more, of them {professional} in professional subjects.").format(
            missing=_hours(year.missing, locale), professional=_hours(year.missing_professional, locale)))
    else:
        lines.append(_("{missing} more, in any subjects.").format(missing=_hours(year.missing, locale)))
    return "\n".join(lines)


async def on_my_credits(callback: CallbackQuery, learner: LearnerProfile, locale: str, settings: Settings,
                        clock: Callable[[], datetime]) -> None:
    entries = (await transcript(learner.id)).entries[:MAX_LISTED]
    if not entries:
        await show(callback, _("Completed courses will appear here with their credits."), keyboard([home_button()]))
        return
    year = await yearly_hours(learner.id, None, HoursRequirement.of_settings(settings), now=clock())
    lines = [hours_text(year, locale), "", "<b>{}</b>".format(_("My credits"))]
    rows = []
    for entry in entries:
        facts = await credit_facts(entry.verification_code)
        title = localize(facts.titles, locale)
        code = format_code(entry.verification_code)
        lines.append(f"• {formatting.text(title, 60)} — <code>{code}</code>")
        rows.append([InlineKeyboardButton(text=f"{code} · {str(title or '')[:24]}",
                                          url=f"{public_url(settings)}/{locale}/verify/{code}")])
    rows.append([InlineKeyboardButton(text=_("Continuing-education hours"),
                                      url=f"{public_url(settings)}/{locale}/account/hours")])
    rows.append([button(_("My enrollments"), MenuCb(screen=Screen.MY)), home_button()])
    await show(callback, "\n".join(lines), keyboard(*rows))


def create_router() -> Router:
    router = Router(name="credits")
    router.message.register(on_verify, Command("verify"))
    router.message.register(on_link, F.text.func(LINK.search))
    router.callback_query.register(on_my_credits, MenuCb.filter(F.screen == Screen.CREDITS))
    return router
