"""Locales and languages: the tags we speak, how a learner's locale is chosen, catalogue texts with
their fallback chain.
"""

from courses.i18n.content import (
    LocalizedText,
    localize,
)
from courses.i18n.locales import (
    DOMAIN,
    LOCALE_DIR,
    babel_id,
    bcp47,
    content_chain,
    display_name,
    match_locale,
    parse_accept_language,
    pick_locale,
    plural_count,
    text_direction,
    translations,
)
from courses.i18n.refusals import (
    ENROLLMENT_FALLBACK,
    refusal_message,
)

__all__ = [
    "DOMAIN",
    "ENROLLMENT_FALLBACK",
    "LOCALE_DIR",
    "LocalizedText",
    "babel_id",
    "bcp47",
    "content_chain",
    "display_name",
    "localize",
    "match_locale",
    "parse_accept_language",
    "pick_locale",
    "plural_count",
    "refusal_message",
    "text_direction",
    "translations",
]
