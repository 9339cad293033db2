"""``python -m bot``: poll Telegram for updates and deliver notifications, when ``BOT_TOKEN`` is set.

Without a token it says so in one line and exits with status 0: the run command starts it
beside the portal unconditionally. In webhook mode the portal takes updates, and this
process only delivers notifications.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.polling import run
from courses.settings import SettingsError, load_settings


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"bot: {error}", file=sys.stderr)
        return 2
    if not settings.bot_token:
        print("bot: BOT_TOKEN is not set, so the Telegram bot is not started.")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(run(settings))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
