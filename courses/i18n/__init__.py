"""Locales and languages: the tags we speak, how a learner's locale is chosen, catalogue texts with
their fallback chain, the Babel formatting of dates, numbers and money both faces share, and the
messages of the domain's refusals.
"""

from courses.i18n.content import (
    LocalizedText,
    localize,
)
from courses.i18n.formatting import (
    babel_locale,
    country_name,
    format_day,
    format_distance,
    format_moment,
    format_money,
    format_number,
    time_zone,
    zone_name,
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
    "babel_locale",
    "bcp47",
    "content_chain",
    "country_name",
    "display_name",
    "format_day",
    "format_distance",
    "format_moment",
    "format_money",
    "format_number",
    "localize",
    "match_locale",
    "parse_accept_language",
    "pick_locale",
    "plural_count",
    "refusal_message",
    "text_direction",
    "time_zone",
    "translations",
    "zone_name",
]
