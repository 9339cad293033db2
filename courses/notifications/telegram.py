"""Notices to Telegram chats through the Bot API over plain HTTP, within Telegram's limits.

Telegram allows about 30 messages a second overall and one a second per chat. A 429 names
how long to wait (``retry_after``): every send waits that long, then the message is tried
again. A 5xx or a dropped connection is retried a few times with backoff, then left to the
Outbox's own backoff. "Forbidden" (the user blocked the bot) and "Bad Request" are final.
The domain speaks HTTP itself (httpx) so that the worker needs no bot framework.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from courses.notifications.notices import ActionKind, Notice

if TYPE_CHECKING:
    import httpx

__all__ = ["BOT_CALLBACKS", "OFFICIAL_API", "SendPace", "TelegramOutcome", "TelegramSender"]

OFFICIAL_API = "https://api.telegram.org"

# The bot's callback data for the buttons under a notice (tests/bot checks they match its CallbackData).
BOT_CALLBACKS = {
    ActionKind.COURSE: "c:{ref}:-:0:0",
    ActionKind.MY_ENROLLMENTS: "m:m",
    ActionKind.CANCEL: "x:{ref}:0",
    ActionKind.UNSUBSCRIBE: "w:{ref}:0",  # a "notify me" watch of course ``ref``
}


class TelegramOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # try again later (the Outbox's backoff)
    BLOCKED = "blocked"  # the learner blocked the bot or the chat is gone
    REFUSED = "refused"  # Telegram will never take this message


@dataclass
class SendPace:
    """Spacing of sends: ``per_second`` overall and one per ``per_chat`` seconds to each chat."""

    per_second: float = 30.0
    per_chat: float = 1.0
    _next_any: float = 0.0
    _next_chat: dict[int | str, float] = field(default_factory=dict)

    async def wait(self, chat_id: int | str) -> None:
        now = time.monotonic()
        start = max(now, self._next_any, self._next_chat.get(chat_id, 0.0))
        self._next_any = start + 1.0 / self.per_second
        self._next_chat[chat_id] = start + self.per_chat
        if len(self._next_chat) > 10_000:
            self._next_chat = {chat: at for chat, at in self._next_chat.items() if at > now}
        if start > now:
            await asyncio.sleep(start - now)

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` (Telegram's flood control applies to the whole bot)."""
        self._next_any = max(self._next_any, time.monotonic() + seconds)


def keyboard(notice: Notice) -> dict[str, Any]:
    """The inline keyboard under a notice: bot buttons where the bot can act, portal links elsewhere."""
    rows = []
    for action in notice.actions:
        template = BOT_CALLBACKS.get(action.kind)
        if template is not None and (action.ref or "{ref}" not in template):
            rows.append([{"text": action.label, "callback_data": template.format(ref=action.ref)}])
        elif action.url.startswith("https://"):  # Telegram refuses http:// and localhost buttons
            rows.append([{"text": action.label, "url": action.url}])
    return {"inline_keyboard": rows}


@dataclass
class TelegramSender:
    """Sends notices to chats; one per worker, its pace shared by every send."""

    token: str
    api_url: str = OFFICIAL_API
    pace: SendPace = field(default_factory=SendPace)
    max_retry_after: float = 60.0
    server_retries: int = 3
    server_backoff: float = 0.5
    rate_limit_retries: int = 5
    timeout: float = 20.0
    client: httpx.AsyncClient = field(init=False)

    def __post_init__(self) -> None:
        # httpx (with click, rich and pygments) loads in the process that sends, not in every web process.
        import httpx

        self.client = httpx.AsyncClient(timeout=self.timeout)

    async def close(self) -> None:
        await self.client.aclose()

    async def send(self, chat_id: int, notice: Notice) -> tuple[TelegramOutcome, str]:
        """Send ``notice`` to ``chat_id``; the outcome and, unless sent, Telegram's reason."""
        body = {"chat_id": chat_id, "text": "\n\n".join(notice.paragraphs), "parse_mode": "HTML",
                "link_preview_options": json.dumps({"is_disabled": True}),
                "reply_markup": json.dumps(keyboard(notice))}
        url = f"{self.api_url.rstrip('/')}/bot{self.token}/sendMessage"
        rate_limited = server_errors = 0
        import httpx

        while True:
            await self.pace.wait(chat_id)
            try:
                response = await self.client.post(url, data=body)
                answer = response.json()
            except (httpx.HTTPError, ValueError) as error:
                answer, status = {"description": f"network: {error!r}"}, 599
            else:
                status = response.status_code
            if status == 200 and answer.get("ok"):
                return TelegramOutcome.SENT, ""
            reason = str(answer.get("description") or status)[:500]
            if status == 429:
                retry_after = float((answer.get("parameters") or {}).get("retry_after") or 1)
                rate_limited += 1
                self.pace.pause(retry_after)
                if retry_after > self.max_retry_after or rate_limited > self.rate_limit_retries:
                    return TelegramOutcome.RETRY, reason
                continue
            if status == 403:
                return TelegramOutcome.BLOCKED, reason
            if status in (400, 404):
                return TelegramOutcome.REFUSED, reason
            server_errors += 1
            if server_errors > self.server_retries:
                return TelegramOutcome.RETRY, reason
            await asyncio.sleep(self.server_backoff * 2 ** (server_errors - 1))
