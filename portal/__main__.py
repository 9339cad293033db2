"""Start the portal: ``python -m portal`` (HOST and PORT from the settings)."""

from __future__ import annotations

import logging
import sys

from aiohttp import web

from courses.settings import SettingsError, load_settings
from portal.app import create_app

# aiosmtpd is a dev extra (``make install``), not installed by ``make run``: the hint says how to get it.
NO_MAIL_WARNING = (
    "SMTP_URL is not set: no e-mail is sent (confirmations, password resets and notices by e-mail wait in "
    "the Outbox). For development run a local sink: .venv/bin/pip install aiosmtpd (or make install), then "
    ".venv/bin/python -m aiosmtpd -n -l 127.0.0.1:8025 and SMTP_URL=smtp://127.0.0.1:8025")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
    except SettingsError as error:  # one clear line, not a traceback
        print(f"portal: {error}", file=sys.stderr)
        sys.exit(2)
    if not settings.smtp_url:
        # Said once, at start: sign-up, reset and notices by e-mail wait in the Outbox until it is set.
        logging.getLogger("portal").warning(NO_MAIL_WARNING)
    web.run_app(create_app(settings), host=settings.host, port=settings.port, access_log=None)


if __name__ == "__main__":
    main()
