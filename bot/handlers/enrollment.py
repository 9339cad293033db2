"""Enroll (a short FSM): intake on the card → name → optional phone → confirm → enrolled or waitlisted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot import formatting
from bot.handlers.search import send_results
from bot.keyboards import EnrollStepCb, IntakeCb, MenuCb, Screen, button, home_button, keyboard
from bot.middlewares import KnownLearners
from bot.read_cache import COURSES, ReadCache
from bot.replies import kept_private, show
from bot.search_queries import SearchQueries
from courses.catalogue import CourseDetail, IntakeView, get_course, held_outside, reader_country
from courses.enrollment import EnrollmentRefused, course_of_intake, enroll, enrollment_outlook
from courses.errors import CourseError, NotFound
from courses.i18n import ENROLLMENT_FALLBACK, country_name, format_number, place_line, refusal_message
from courses.learners import InvalidPhone, LearnerProfile, normalize_phone, record_phone, update_preferences
from courses.search import MatchKind, search
from courses.settings import Settings
from courses.staff import intake_calendar
from courses.vocabulary import EnrollmentStatus, Source

MAX_NAME = 200


class EnrollForm(StatesGroup):
    name = State()
    phone = State()
    confirm = State()


def refusal(error: CourseError) -> str:
    """A localized sentence for each refusal code the enrollment domain raises."""
    return _(refusal_message(error, ENROLLMENT_FALLBACK))


async def on_intake(callback: CallbackQuery, callback_data: IntakeCb, state: FSMContext,
                    callback_answer: CallbackAnswer, learner: LearnerProfile, locale: str,
                    clock: Callable[[], datetime]) -> None:
    intake_id = callback_data.id
    if await kept_private(callback, callback_answer):
        return
    # Every reason not to go on is said at this first tap, not after the name and phone steps.
    try:
        outlook = await enrollment_outlook(learner.id, intake_id, now=clock())
    except NotFound as error:
        callback_answer.text = refusal(error)
        callback_answer.show_alert = True
        return
    except EnrollmentRefused as error:
        callback_answer.text = refusal(error)
        callback_answer.show_alert = True
        return
    if outlook.held is EnrollmentStatus.WAITLISTED:
        callback_answer.text = _("You are already on the waitlist of this intake, number {position}.").format(
            position=format_number(outlook.position or 0, locale))
        callback_answer.show_alert = True
        return
    if outlook.held is not None:
        callback_answer.text = _("You are already enrolled in this intake.")
        callback_answer.show_alert = True
        return
    if outlook.full:
        callback_answer.text = _("This intake is full: you can join its waitlist.")
    await state.set_state(EnrollForm.name)
    await state.update_data(intake=intake_id, name=callback.from_user.full_name[:MAX_NAME], phone=None)
    assert callback.bot is not None
    question = await callback.bot.send_message(
        callback.from_user.id,
        _("Which name should the course know you by? Type it, or keep your Telegram name. /cancel stops."),
        reply_markup=keyboard([telegram_name_button(callback.from_user.full_name, intake_id)]))
    # Message ids of a private chat grow with every message on either side: a smaller one was
    # typed before the learner could read the question (a search sent while the tap was handled).
    await state.update_data(asked=question.message_id)


def telegram_name_button(full_name: str, intake_id: int) -> InlineKeyboardButton:
    return button(_("Use “{name}”").format(name=full_name[:40]), EnrollStepCb(action="name", intake=intake_id))


async def ask_phone(message: Message) -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=_("Share my phone number"), request_contact=True)],
                  [KeyboardButton(text=_("Skip"))]],
        resize_keyboard=True, one_time_keyboard=True)
    await message.answer(_("The course may call you about changes. Share your phone number, or skip."),
                         reply_markup=markup)


async def on_keep_name(callback: CallbackQuery, callback_data: EnrollStepCb, state: FSMContext) -> None:
    assert isinstance(callback.message, Message)
    await state.update_data(name=callback.from_user.full_name[:MAX_NAME])
    await state.set_state(EnrollForm.phone)
    await ask_phone(callback.message)


async def on_name(message: Message, state: FSMContext, locale: str) -> None:
    name = " ".join((message.text or "").split())[:MAX_NAME]
    if not name or name.startswith("/"):
        await message.answer(_("Please type your name, or /cancel."))
        return
    data = await state.get_data()
    before_question = message.message_id < int(data.get("asked") or 0)
    if before_question or await looks_like_search(name, locale):
        # Not silently a name: the learner says what they meant with one tap.
        await state.update_data(typed=name)
        assert message.from_user is not None
        intake_id = int(data["intake"])
        await message.answer(
            _("Is “{text}” the name the course should know you by?").format(text=formatting.text(name)),
            reply_markup=keyboard(
                [button("✅ " + _("Yes, “{text}” is my name").format(text=name[:30]),
                        EnrollStepCb(action="typed", intake=intake_id))],
                [telegram_name_button(message.from_user.full_name, intake_id)],
                [button("🔎 " + _("No, search for “{text}”").format(text=name[:30]),
                        EnrollStepCb(action="search", intake=intake_id))]))
        return
    await state.update_data(name=name)
    await state.set_state(EnrollForm.phone)
    await ask_phone(message)


async def looks_like_search(text: str, locale: str) -> bool:
    """A question, many words, or words each of which the catalogue knows as it is: more likely a
    search than a name.

    One word of a name often begins some title ("Wu" in "Wuhan"), and the search forgives typos, so
    a name counts as a search only when every one of its words finds courses on its own, unforgiven.
    """
    if "?" in text or "？" in text or len(text.split()) > 4:
        return True
    for word in text.split():
        results = await search(word, locale, per_page=1)
        if not results.total or results.corrections or results.items[0].match is MatchKind.FUZZY:
            return False
    return bool(text.split())


async def on_typed_name(callback: CallbackQuery, callback_data: EnrollStepCb, state: FSMContext) -> None:
    assert isinstance(callback.message, Message)
    typed = (await state.get_data()).get("typed")
    if not typed:
        await on_keep_name(callback, callback_data, state)
        return
    await state.update_data(name=typed, typed=None)
    await state.set_state(EnrollForm.phone)
    await ask_phone(callback.message)


async def on_search_instead(callback: CallbackQuery, state: FSMContext, locale: str, read_cache: ReadCache,
                            search_queries: SearchQueries) -> None:
    """Leave the flow and search for what was typed, as free text outside the flow would."""
    typed = (await state.get_data()).get("typed") or ""
    await state.clear()
    assert isinstance(callback.message, Message)
    await send_results(callback.message, typed, locale, read_cache, search_queries)


async def on_contact(message: Message, state: FSMContext, locale: str) -> None:
    assert message.contact is not None and message.from_user is not None
    if message.contact.user_id != message.from_user.id:  # someone else's card from the address book
        await message.answer(_("Please share your own phone number with the button, or skip."))
        return
    await state.update_data(phone=message.contact.phone_number)
    await ask_confirmation(message, state, locale)


async def on_skip_phone(message: Message, state: FSMContext, locale: str) -> None:
    await state.update_data(phone=None)
    await ask_confirmation(message, state, locale)


async def on_typed_phone(message: Message, state: FSMContext, locale: str) -> None:
    try:
        phone = normalize_phone(message.text or "")
    except InvalidPhone:
        await message.answer(_("Use the button to share your phone number, or press “Skip”."))
        return
    await state.update_data(phone=phone)
    await ask_confirmation(message, state, locale)


async def intake_facts(intake_id: int, locale: str) -> tuple[CourseDetail, IntakeView] | None:
    """The course and the intake being confirmed (None when it is gone meanwhile)."""
    course_id = await course_of_intake(intake_id)
    if course_id is None:
        return None
    try:
        detail = await get_course(course_id, locale)
    except NotFound:
        return None
    intake = next((i for i in detail.intakes if i.id == intake_id), None)
    return None if intake is None else (detail, intake)


async def ask_confirmation(message: Message, state: FSMContext, locale: str) -> None:
    data = await state.get_data()
    await state.set_state(EnrollForm.confirm)
    await message.answer(_("Thank you."), reply_markup=ReplyKeyboardRemove())
    lines = [_("Please check and confirm:")]
    facts = await intake_facts(data["intake"], locale)
    if facts is not None:
        detail, intake = facts
        lines.append(_("Course: {title}").format(title=formatting.text(detail.card.title)))
        lines.append(_("Starts: {start}").format(start=formatting.starts(intake, locale)))
        place = formatting.text(intake.base_name) if intake.base_name else _("Online")
        lines.append(_("Where: {place}").format(place=place))
        # The chat knows no partner: the reader's country is the language's (see courses.catalogue.elsewhere).
        country = reader_country(locale)
        if held_outside(intake, country):
            where = place_line(intake.base_city, intake.base_province, intake.base_country, locale)
            lines.append("⚠️ " + _("Held outside {country}: in {place}.").format(
                country=formatting.text(country_name(country, locale)), place=formatting.text(where)))
        if intake.full:
            lines.append(_("The intake is full: confirming puts you on the waitlist."))
    lines.append(_("Name: {name}").format(name=formatting.text(data["name"])))
    if data.get("phone"):
        lines.append(_("Phone: {phone}").format(phone=formatting.text(data["phone"])))
    markup = keyboard([button("✅ " + _("Confirm"), EnrollStepCb(action="yes", intake=data["intake"])),
                       button(_("Cancel"), EnrollStepCb(action="no", intake=data["intake"]))])
    await message.answer("\n".join(lines), reply_markup=markup)


async def on_confirm(callback: CallbackQuery, callback_data: EnrollStepCb, state: FSMContext,
                     learner: LearnerProfile, locale: str, clock: Callable[[], datetime],
                     callback_answer: CallbackAnswer, known_learners: KnownLearners,
                     read_cache: ReadCache, settings: Settings) -> None:
    data = await state.get_data()
    if await state.get_state() != EnrollForm.confirm.state or data.get("intake") != callback_data.intake:
        callback_answer.text = _("This step has expired. Open the course again to enroll.")
        return
    # Leave the flow first: a second tap or a redelivered update finds no flow to confirm.
    await state.clear()
    now = clock()
    try:
        await update_preferences(learner.id, display_name=data["name"])
        known_learners.forget(callback.from_user.id)
        if data.get("phone"):
            await record_phone(learner.id, data["phone"])
        # This chat says the outcome below: no second "you are enrolled" from the Outbox.
        result = await enroll(learner.id, callback_data.intake, source=Source.BOT, now=now, answered_here=True)
        read_cache.forget(COURSES)  # the seats this learner sees next include their own
    except InvalidPhone:
        await show(callback, _("This phone number does not look right. Open the course to try again."),
                   keyboard([home_button()]))
        return
    except (EnrollmentRefused, NotFound) as error:
        await show(callback, refusal(error), keyboard([home_button()]))
        return
    if result.status is EnrollmentStatus.WAITLISTED:
        text = _("The intake is full: you are on the waitlist, number {position} in line. "
                 "We will tell you here when a seat frees up.").format(
            position=format_number(result.position or 0, locale))
    elif result.created:
        text = _("You are enrolled. We will remind you the day before the course starts.")
    else:
        text = _("You were already enrolled in this intake.")
    rows = [[button(_("My enrollments"), MenuCb(screen=Screen.MY))]]
    facts = await intake_facts(callback_data.intake, locale)
    links = [InlineKeyboardButton(text=_("Add to calendar"), url=calendar_url(settings, locale,
                                                                              callback_data.intake))]
    if facts is not None and facts[0].url:
        links.append(InlineKeyboardButton(text=_("Course website"), url=facts[0].url))
    rows += [links, [home_button()]]
    await show(callback, text, keyboard(*rows))
    if result.status is EnrollmentStatus.ENROLLED:
        await send_calendar(callback, callback_data.intake, locale, settings)


def calendar_url(settings: Settings, locale: str, intake_id: int) -> str:
    """The portal's .ics of the intake (PUBLIC_URL, never a request's host)."""
    return f"{settings.public_base}/{locale}/intakes/{intake_id}.ics"


async def send_calendar(callback: CallbackQuery, intake_id: int, locale: str, settings: Settings) -> None:
    """The intake's dates as an .ics document: one tap adds them to the phone's calendar."""
    assert callback.bot is not None
    base = settings.public_base
    ics = await intake_calendar(intake_id, locale, portal_url=base,
                                domain=urlsplit(base).hostname or "lifelong.local")
    await callback.bot.send_document(
        callback.from_user.id, BufferedInputFile(ics.encode(), filename=f"course-{intake_id}.ics"),
        caption=_("Open this file to add the course dates to your calendar."))


async def on_abort(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await show(callback, _("Cancelled. Nothing was changed."), keyboard([home_button()]))


async def on_confirm_other(message: Message) -> None:
    await message.answer(_("Please press “Confirm” or “Cancel” above, or send /cancel."))


def create_router() -> Router:
    router = Router(name="enrollment")
    router.callback_query.register(on_intake, IntakeCb.filter())
    router.callback_query.register(on_keep_name, EnrollStepCb.filter(F.action == "name"),
                                   StateFilter(EnrollForm.name))
    router.callback_query.register(on_typed_name, EnrollStepCb.filter(F.action == "typed"),
                                   StateFilter(EnrollForm.name))
    router.callback_query.register(on_search_instead, EnrollStepCb.filter(F.action == "search"),
                                   StateFilter(EnrollForm.name))
    router.callback_query.register(on_confirm, EnrollStepCb.filter(F.action == "yes"))
    router.callback_query.register(on_abort, EnrollStepCb.filter(F.action == "no"))
    router.message.register(on_name, StateFilter(EnrollForm.name), F.text)
    router.message.register(on_contact, StateFilter(EnrollForm.phone), F.contact)
    router.message.register(on_skip_phone, StateFilter(EnrollForm.phone), F.text == __("Skip"))
    router.message.register(on_typed_phone, StateFilter(EnrollForm.phone))
    router.message.register(on_confirm_other, StateFilter(EnrollForm.confirm))
    return router
