"""Outcomes from elsewhere (offered from /my): each with its status and what it converts into under the
rules, with a button to apply; adding an outcome needs its proof file, so it is done on the portal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot import formatting
from bot.keyboards import ApplyCb, MenuCb, Screen, button, home_button, keyboard
from bot.replies import kept_private, show
from courses.catalogue import get_courses
from courses.credits import public_url
from courses.errors import NotFound
from courses.learners import LearnerProfile
from courses.outcomes import AlreadyApplied, NotEligible, apply_for_conversion, learning_account
from courses.settings import Settings

STATUS = {"submitted": "📝", "accepted": "✅", "rejected": "❌"}
APPLIED = {"pending": "⏳", "approved": "✅", "rejected": "❌"}


async def on_outcomes(callback: CallbackQuery, learner: LearnerProfile, locale: str, settings: Settings,
                      clock: Callable[[], datetime]) -> None:
    account = await learning_account(learner.id, clock().date())
    if not account.outcomes:
        link = InlineKeyboardButton(text=_("Add an outcome"), url=f"{public_url(settings)}/{locale}/account/outcomes")
        await show(callback, _("Certificates and courses you earned elsewhere can exempt you from courses here, "
                               "under the institutions' conversion rules."), keyboard([link], [home_button()]))
        return
    ids = sorted({c.course_id for o in account.outcomes for c in o.conversions})
    titles = {card.id: str(card.title) for card in await get_courses(ids, locale, now=clock())}
    lines = ["<b>{}</b>".format(_("Outcomes from elsewhere"))]
    rows = []
    for outcome in account.outcomes:
        expired = " · " + _("Expired") if outcome.expired else ""
        lines.append(f"{STATUS[outcome.status]} {formatting.text(outcome.name, 60)}{expired}")
        for c in outcome.conversions:
            course = titles.get(c.course_id, f"#{c.course_id}")
            mark = APPLIED[c.application_status] if c.application_status else "→"
            lines.append("   {} {}".format(mark, _("Exemption from {course}").format(
                course=formatting.text(course, 50))))
            if c.application_status is None:
                rows.append([button(_("Apply") + " · " + course[:40], ApplyCb(outcome=outcome.id, rule=c.rule_id))])
    rows.append([button(_("My enrollments"), MenuCb(screen=Screen.MY)), home_button()])
    await show(callback, "\n".join(lines), keyboard(*rows))


async def on_apply(callback: CallbackQuery, callback_data: ApplyCb, learner: LearnerProfile, locale: str,
                   settings: Settings, clock: Callable[[], datetime], callback_answer: CallbackAnswer) -> None:
    if await kept_private(callback, callback_answer):
        return
    try:
        await apply_for_conversion(learner.id, callback_data.outcome, callback_data.rule, clock().date())
        callback_answer.text = _("Your application was sent to the institution.")
    except AlreadyApplied:
        callback_answer.text = _("You have already applied for this conversion.")
    except NotEligible:
        callback_answer.text = _("This outcome does not meet the rule (level, age or validity).")
    except NotFound:  # someone else's outcome id, or a rule removed since
        callback_answer.text = _("That did not work. Please try again.")
    await on_outcomes(callback, learner, locale, settings, clock)


def create_router() -> Router:
    router = Router(name="outcomes")
    router.callback_query.register(on_outcomes, MenuCb.filter(F.screen == Screen.OUTCOMES))
    router.callback_query.register(on_apply, ApplyCb.filter())
    return router
