"""``python -m bot`` as its own process: it polls the Bot API server it is pointed at and stops on SIGINT."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.fake_telegram import TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
async def test_the_bot_process_answers_through_telegram_api_url(database_url: str, telegram: FakeTelegram,
                                                                tmp_path: Path) -> None:
    env = {**os.environ, "BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": telegram.url, "DATABASE_URL": database_url,
           "SECRET_KEY": "x", "REDIS_URL": "", "BOT_MODE": "polling", "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env,
                                                   stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.STDOUT)
    try:
        # Readiness, not speed: on a busy machine importing aiogram and building the catalogue index
        # can take a minute.
        await telegram.wait_for("getMe", timeout=120)
        telegram.message(4040, "/start")
        reply = await telegram.wait_for("sendMessage", lambda call: call.params.get("chat_id") == "4040",
                                        timeout=60)
        assert "Welcome" in reply.text
        assert telegram.of("deleteWebhook")  # polling and a webhook exclude each other
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()
