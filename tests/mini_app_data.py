"""Init data as Telegram signs it, for tests of the Mini App (signed here with the bot's token)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import urlencode


def signed_init_data(token: str, user_id: int, *, auth_date: float | None = None, first_name: str = "Li",
                     language_code: str = "en", start_param: str | None = None,
                     query_id: str = "AAH-test") -> str:
    """``Telegram.WebApp.initData`` for ``user_id``, signed as Telegram signs it for the bot ``token``."""
    fields = {
        "query_id": query_id,
        "user": json.dumps({"id": user_id, "first_name": first_name, "last_name": "Wei",
                            "language_code": language_code}, separators=(",", ":")),
        "auth_date": str(int(time.time() if auth_date is None else auth_date)),
    }
    if start_param is not None:
        fields["start_param"] = start_param
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields)).encode()
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return urlencode({**fields, "hash": hmac.new(secret, check, hashlib.sha256).hexdigest()})
