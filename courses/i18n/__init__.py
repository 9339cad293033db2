"""Locales and languages: the tags we speak, how a learner's locale is chosen, catalogue texts with
their fallback chain.
"""

from courses.i18n import content, locales, moments, refusals
from courses.i18n.content import *  # noqa: F403
from courses.i18n.locales import *  # noqa: F403
from courses.i18n.moments import *  # noqa: F403
from courses.i18n.refusals import *  # noqa: F403

__all__ = [
    *content.__all__,
    *locales.__all__,
    *moments.__all__,
    *refusals.__all__,
]
