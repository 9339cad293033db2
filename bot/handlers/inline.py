"""Inline mode: ``@bot words`` offers course cards to share into any chat, each with a deep link back."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from aiogram.utils.i18n import gettext as _

from bot import formatting
from bot.read_cache import SEARCHES, ReadCache
from courses.filtering import searched_text
from courses.partners import bot_start_link
from courses.search import HitKind, search
from courses.vocabulary import plain_number

PER_PAGE = 20
MAX_PAGE = 50


async def on_inline_query(query: InlineQuery, bot: Bot, locale: str, read_cache: ReadCache) -> None:
    words = searched_text(" ".join(query.query.split()))
    page = plain_number(query.offset, 3) or 1
    if not words or page > MAX_PAGE:
        await query.answer([], cache_time=60, is_personal=False)
        return
    results = await read_cache.get(SEARCHES, ("inline", words, locale, page), lambda: search(
        words, locale, kinds=(HitKind.COURSE, HitKind.CHINESE_PLUS), page=page, per_page=PER_PAGE))
    me = await bot.me()
    articles = []
    for hit in results.items:
        link = bot_start_link(me.username or "", hit.id)
        summary = formatting.text(hit.summary)
        body = f"<b>{formatting.text(hit.title)}</b>" + (f"\n{summary}" if summary else "")
        articles.append(InlineQueryResultArticle(
            id=f"c{hit.id}",
            title=str(hit.title)[:200],
            description=str(hit.summary or "")[:200] or None,
            input_message_content=InputTextMessageContent(message_text=body),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[
                InlineKeyboardButton(text=_("Open in the bot"), url=link)]]),
            url=link,
        ))
    next_offset = str(page + 1) if results.has_next else ""
    await query.answer(articles, cache_time=60, is_personal=False, next_offset=next_offset)


def create_router() -> Router:
    router = Router(name="inline")
    router.inline_query.register(on_inline_query)
    return router
