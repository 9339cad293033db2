"""Overseas partners: API keys and their rate limits, short links, QR codes, partner selections and
profiles (introduction, contact, logo)."""

from courses.partners import keys, profile, ratelimit
from courses.partners.keys import *  # noqa: F403
from courses.partners.profile import *  # noqa: F403
from courses.partners.ratelimit import *  # noqa: F403

__all__ = [
    *keys.__all__,
    *profile.__all__,
    *ratelimit.__all__,
]
