"""Overseas partners: API keys and their rate limits, short links, QR codes and partner selections."""

from courses.partners.keys import (
    DEFAULT_RATE,
    ApiClient,
    api_keys,
    authenticate_api_key,
    bot_account_link,
    bot_start_link,
    find_partner,
    hash_key,
    issue_api_key,
    partners_with_keys,
    qr_svg,
    resolve_short_link,
    revoke_api_key,
    share_path,
    short_code,
    short_path,
)
from courses.partners.ratelimit import (
    MemoryRateLimiter,
    RateLimiter,
    RedisRateLimiter,
)

__all__ = [
    "ApiClient",
    "DEFAULT_RATE",
    "MemoryRateLimiter",
    "RateLimiter",
    "RedisRateLimiter",
    "api_keys",
    "authenticate_api_key",
    "bot_account_link",
    "bot_start_link",
    "find_partner",
    "hash_key",
    "issue_api_key",
    "partners_with_keys",
    "qr_svg",
    "resolve_short_link",
    "revoke_api_key",
    "share_path",
    "short_code",
    "short_path",
]
