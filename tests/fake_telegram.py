"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and benchmarks of the bot.

It speaks the Bot API's HTTP shape (``/bot<token>/<method>``, form or JSON parameters, the
``{"ok": …}`` envelope), records every call, lets a test inject updates that ``getUpdates``
long-polls for, and can be told to fail a method with a 429 (``retry_after``), a 5xx or a 403.
Updates are built with :meth:`FakeTelegram.message`, :meth:`callback` and friends, which
return the ``update_id`` they were given so a test can deliver the same update twice.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 4242
BOT_USERNAME = "lifelong_test_bot"
TOKEN = f"{BOT_ID}:TEST-token-for-the-fake-server"
PROFILE_METHODS = frozenset({"setmycommands", "setmydescription", "setmyshortdescription", "setchatmenubutton"})


@dataclass
class Call:
    """One request the bot made: the method (as sent) and its decoded parameters."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def markup(self) -> dict[str, Any]:
        return self.params.get("reply_markup") or {}

    def buttons(self) -> list[dict[str, Any]]:
        """Every button of the inline (or reply) keyboard, row after row."""
        rows = self.markup.get("inline_keyboard") or self.markup.get("keyboard") or []
        return [button for row in rows for button in row]

    def button(self, label_part: str) -> dict[str, Any]:
        """The first button whose label contains ``label_part``; fails loudly when there is none."""
        for button in self.buttons():
            if label_part in button.get("text", ""):
                return button
        labels = [button.get("text") for button in self.buttons()]
        raise AssertionError(f"no button containing {label_part!r} in {labels}")


@dataclass
class Failure:
    """A planned failure of a method: ``times`` responses with this status before it works again."""

    status: int
    description: str
    times: int
    retry_after: int | None = None


def _decode(value: str) -> Any:
    if value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeTelegram:
    """The server; use as ``async with FakeTelegram() as telegram:`` and point the bot at ``telegram.url``."""

    def __init__(self, *, poll_wait: float = 0.5) -> None:
        self.poll_wait = poll_wait
        self.calls: list[Call] = []
        self.counts: Counter[str] = Counter()  # calls per method, for cheap progress checks
        self.updates: list[dict[str, Any]] = []
        self.failures: dict[str, list[Failure]] = {}
        self.webhook: dict[str, Any] | None = None
        # (method, language_code) → the parameters last set: the bot's profile as Telegram keeps it.
        self.profile: dict[tuple[str, str | None], dict[str, Any]] = {}
        self.refusing = False
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifetime -------------------------------------------------------------------------
    async def __aenter__(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("POST", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- failures -------------------------------------------------------------------------
    def fail(self, method: str, status: int, description: str, *, times: int = 1,
             retry_after: int | None = None) -> None:
        """Answer the next ``times`` calls of ``method`` with an error."""
        self.failures.setdefault(method.lower(), []).append(Failure(status, description, times, retry_after))

    def rate_limit(self, method: str, retry_after: int = 1, *, times: int = 1) -> None:
        self.fail(method, 429, f"Too Many Requests: retry after {retry_after}", times=times,
                  retry_after=retry_after)

    # -- recorded calls -------------------------------------------------------------------
    def of(self, *methods: str, chat_id: int | None = None) -> list[Call]:
        wanted = {method.lower() for method in methods}
        return [call for call in self.calls if call.method.lower() in wanted
                and (chat_id is None or str(call.params.get("chat_id")) == str(chat_id))]

    async def wait_for(self, method: str | tuple[str, ...],
                       predicate: Callable[[Call], bool] = lambda call: True,
                       *, after: int = 0, timeout: float = 10.0) -> Call:
        """The first call of ``method`` (or of any of several) at index ``after`` or later that satisfies
        ``predicate``."""
        methods = {name.lower() for name in ((method,) if isinstance(method, str) else method)}
        deadline = time.monotonic() + timeout
        while True:
            for call in self.calls[after:]:
                if call.method.lower() in methods and predicate(call):
                    return call
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(call.method, call.text[:60]) for call in self.calls[after:]]
                raise AssertionError(f"no {method} call within {timeout}s; calls since {after}: {seen}")
            self._new_call.clear()
            try:
                await asyncio.wait_for(self._new_call.wait(), remaining)
            except TimeoutError:
                pass

    async def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until every injected update was fetched and no call came for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            count = len(self.calls)
            await asyncio.sleep(quiet)
            if not self.updates and len(self.calls) == count:
                return
        raise AssertionError("the bot did not settle")

    # -- updates --------------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> int:
        """Queue a raw update (an ``update_id`` is added when missing) and return its id."""
        update.setdefault("update_id", next(self._update_ids))
        self.updates.append(update)
        self._new_update.set()
        return int(update["update_id"])

    @staticmethod
    def user(user_id: int, language_code: str | None = "en", first_name: str = "Li",
             last_name: str | None = "Wei") -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if language_code is not None:
            user["language_code"] = language_code
        return user

    def _message(self, user_id: int, language_code: str | None, **content: Any) -> dict[str, Any]:
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": user_id, "type": "private", "first_name": "Li"},
                "from": self.user(user_id, language_code), **content}

    def message(self, user_id: int, text: str, *, language_code: str | None = "en",
                message_id: int | None = None) -> int:
        """A text message; ``message_id`` makes one typed earlier than it arrives (ids grow per chat)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message = self._message(user_id, language_code, **content)
        if message_id is not None:
            message["message_id"] = message_id
        return self.push({"message": message})

    def location(self, user_id: int, latitude: float, longitude: float, *,
                 language_code: str | None = "en") -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return self.push({"message": self._message(user_id, language_code, location=location)})

    def contact(self, user_id: int, phone: str, *, language_code: str | None = "en",
                owner: int | None = None) -> int:
        contact = {"phone_number": phone, "first_name": "Li", "user_id": owner or user_id}
        return self.push({"message": self._message(user_id, language_code, contact=contact)})

    def callback(self, user_id: int, data: str, message: Call | None = None, *,
                 language_code: str | None = "en") -> int:
        """Press an inline button of the message a recorded call sent (or of a new made-up message)."""
        message_id = message.params.get("message_id") if message is not None else None
        if message is not None and message_id is None:
            message_id = message.params.get("_message_id")
        origin = {"message_id": int(message_id or next(self._message_ids)), "date": int(time.time()),
                  "chat": {"id": user_id, "type": "private", "first_name": "Li"},
                  "text": message.text if message is not None else "…"}
        return self.push({"callback_query": {
            "id": f"cq{next(self._update_ids)}", "from": self.user(user_id, language_code),
            "chat_instance": f"ci{user_id}", "message": origin, "data": data}})

    def inline_query(self, user_id: int, query: str, *, offset: str = "",
                     language_code: str | None = "en") -> int:
        return self.push({"inline_query": {"id": f"iq{next(self._update_ids)}",
                                           "from": self.user(user_id, language_code),
                                           "query": query, "offset": offset}})

    # -- the HTTP side --------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):  # an upload (sendDocument): its name and bytes
                params[key] = {"filename": value.filename, "content": value.file.read()}
            else:
                params[key] = _decode(str(value))
        for key, value in list(params.items()):  # aiogram sends a file as "attach://<field>"
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in params:
                params[key] = params.pop(value[9:])
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if self.refusing:
            # Closing the transport looks to the client like a dropped connection.
            if request.transport is not None:
                request.transport.close()
            raise web.HTTPServiceUnavailable()
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                     status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        if method.lower() == "getupdates":
            return await self._get_updates(params)
        call = Call(method, params)
        planned = self.failures.get(method.lower())
        if planned:
            failure = planned[0]
            failure.times -= 1
            if failure.times <= 0:
                planned.pop(0)
            call.params["_failed"] = failure.status
            self._record(call)
            body: dict[str, Any] = {"ok": False, "error_code": failure.status,
                                    "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return web.json_response(body, status=failure.status)
        result = self._result(call)
        self._record(call)
        return web.json_response({"ok": True, "result": result})

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self.counts[call.method] += 1
        self._new_call.set()

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        if offset:
            self.updates = [update for update in self.updates if update["update_id"] >= offset]
        if not self.updates:
            self._new_update.clear()
            wait = min(float(params.get("timeout") or 0), self.poll_wait)
            try:
                await asyncio.wait_for(self._new_update.wait(), wait)
            except TimeoutError:
                pass
        limit = int(params.get("limit") or 100)
        return web.json_response({"ok": True, "result": self.updates[:limit]})

    def _result(self, call: Call) -> Any:
        method = call.method.lower()
        params = call.params
        if method == "getme":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Lifelong", "username": BOT_USERNAME,
                    "can_join_groups": False, "can_read_all_group_messages": False,
                    "supports_inline_queries": True}
        if method in PROFILE_METHODS:
            # What a user would see now: the last value set per method and language.
            self.profile[(method, params.get("language_code"))] = params
            return True
        if method in ("sendmessage", "editmessagetext", "editmessagereplymarkup", "sendlocation",
                      "sendvenue", "senddocument"):
            chat_id = int(params.get("chat_id") or 0)
            message_id = int(params.get("message_id") or next(self._message_ids))
            params["_message_id"] = message_id
            return {"message_id": message_id, "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"}, "text": str(params.get("text", ""))}
        if method == "setwebhook":
            self.webhook = params
            return True
        if method == "deletewebhook":
            self.webhook = None
            return True
        if method == "getwebhookinfo":
            return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                    "pending_update_count": len(self.updates)}
        if method == "getmycommands":
            return []
        # answerCallbackQuery, answerInlineQuery, setMyCommands, deleteMessage, sendChatAction …
        return True
