"""Free text is a search (the portal's search), shown as a paginated list; this router comes last."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot import formatting
from bot.keyboards import BaseCb, CourseCb, Origin, SearchPageCb, button, home_button, keyboard, pager
from bot.read_cache import SEARCHES, ReadCache
from bot.replies import show
from bot.search_queries import SearchQueries
from courses.filtering import searched_text
from courses.i18n import format_items, format_number
from courses.search import HitKind, search, search_help
from courses.vocabulary import labels

PER_PAGE = 8


async def show_results(event: Message | CallbackQuery, query: str, key: int, page: int, locale: str,
                       read_cache: ReadCache) -> None:
    """One page of the results; its buttons (pages, Back from a card) carry ``key``, this query's own."""
    results = await read_cache.get(SEARCHES, (query, locale, page),
                                   lambda: search(query, locale, page=page + 1, per_page=PER_PAGE))
    if not results.items:
        lines = [_("Nothing found for “{query}”. Try other words, or browse with /courses.").format(
            query=formatting.text(query))]
        found = await search_help(query)
        # Alternatives, joined as the learner's language writes "a, b or c".
        if found.spellings:
            lines.append(_("Did you mean:") + " " + format_items(
                [formatting.text(s) for s in found.spellings], locale, style="or"))
        if found.categories:
            lines.append(_("Or browse a field:") + " " + format_items(
                [formatting.text(_(labels.CATEGORY.get(code, str(code)))) for code in found.categories], locale,
                style="or"))
        await show(event, "\n".join(lines), keyboard([home_button()]))
        return
    lines = [_("Found for “{query}”: {total}").format(query=formatting.text(query),
                                                     total=format_number(results.total, locale))]
    rows: list[list[InlineKeyboardButton]] = []
    courses = [hit for hit in results.items if hit.kind is not HitKind.BASE]
    bases = [hit for hit in results.items if hit.kind is HitKind.BASE]
    for number, hit in enumerate(courses + bases):
        if number == len(courses) and courses:  # learning centres as their own short section, after the courses
            lines.append(_("Learning centres"))
        mark = "📍 " if hit.kind is HitKind.BASE else ("🀄 " if hit.kind is HitKind.CHINESE_PLUS else "📚 ")
        lines.append(f"{mark}<b>{formatting.text(hit.title)}</b>")
        target = BaseCb(id=hit.id) if hit.kind is HitKind.BASE else CourseCb(
            id=hit.id, origin=Origin.SEARCH, parent=key, page=page)
        rows.append([button(mark + str(hit.title)[:60], target)])
    lines.append(_("Page {page} of {pages}").format(page=results.page, pages=results.pages))
    rows.append(pager(page, results.has_next, SearchPageCb, query=key))
    rows.append([home_button()])
    await show(event, "\n".join(lines), keyboard(*rows))


def query_of(text: str | None) -> str:
    """The words of a message as a search takes them: spaces collapsed, cut as every search is."""
    return searched_text(" ".join((text or "").split()))


async def on_text(message: Message, locale: str, read_cache: ReadCache, search_queries: SearchQueries) -> None:
    await send_results(message, query_of(message.text), locale, read_cache, search_queries)


async def send_results(message: Message, query: str, locale: str, read_cache: ReadCache,
                       search_queries: SearchQueries) -> None:
    """Search for ``query`` and answer with its first page (free text, or a name step's "search instead")."""
    key = await search_queries.remember(query)
    await show_results(message, query, key, 0, locale, read_cache)


async def on_page(callback: CallbackQuery, callback_data: SearchPageCb, locale: str,
                  callback_answer: CallbackAnswer, read_cache: ReadCache, search_queries: SearchQueries) -> None:
    # The message's own query, never the chat's latest search: older results page what they show.
    query = await search_queries.recall(callback_data.query)
    if not query or callback_data.page < 0:
        callback_answer.text = _("This search has expired. Send your words again.")
        return
    await show_results(callback, query, callback_data.query, callback_data.page, locale, read_cache)


def create_router() -> Router:
    router = Router(name="search")
    # In a group the bot answers commands only; every other message there is people talking.
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_text, F.text & ~F.text.startswith("/"))
    router.callback_query.register(on_page, SearchPageCb.filter())
    return router
