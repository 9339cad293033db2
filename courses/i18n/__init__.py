"""Locales and languages: the tags we speak, how a learner's locale is chosen, catalogue texts with
their fallback chain, the Babel formatting of dates, numbers and money both faces share, and the
messages of the domain's refusals.
"""

from courses.i18n import content, formatting, locales, names, refusals
from courses.i18n.content import *  # noqa: F403
from courses.i18n.formatting import *  # noqa: F403
from courses.i18n.locales import *  # noqa: F403
from courses.i18n.names import *  # noqa: F403
from courses.i18n.refusals import *  # noqa: F403

__all__ = [
    *content.__all__,
    *formatting.__all__,
    *locales.__all__,
    *names.__all__,
    *refusals.__all__,
]
