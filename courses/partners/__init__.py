"""Overseas partners: API keys and their rate limits, short links, QR codes and partner selections."""

from courses.partners import keys, ratelimit
from courses.partners.keys import *  # noqa: F403
from courses.partners.ratelimit import *  # noqa: F403

__all__ = [
    *keys.__all__,
    *ratelimit.__all__,
]
