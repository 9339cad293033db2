"""Rendered pieces of pages kept between requests: course cards and facet blocks.

A page that the page cache has not seen (another filter, page or search) is mostly made of pieces
other pages showed already: the same course's card in the same locale, the same facet block on
every page of a list. Each piece is the output of its macro in ``macros.html`` (the markup lives
there only), kept under a key that names everything it depends on, for one version: the catalogue
version the page cache follows (:attr:`portal.page_cache.PageCache.version`: the same stamp, read the
same way, in every process) and the build of the in-memory index the lists come from
(:func:`courses.catalogue.index_version`, which every reindex changes). When either changes every
piece is dropped at once, so a piece is never older than the pages the page cache serves, nor than
the index. The cache is bounded by the bytes of its pieces and
forgets the least recently used first.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import datetime
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from markupsafe import Markup

from courses.catalogue import get_courses
from portal import keys
from portal.cards import course_card_view
from portal.layout import is_elder
from portal.listing import FacetGroup
from portal.rendering import gettext_callables

# Bytes of kept pieces per process. With 100,000 courses a web process must stay under 200 MB; 16 MB
# (about 8,000 cards and facet blocks) kept it at ~190 MB after 100,000 distinct pages in 7 locales,
# where 24 MB gave ~204 MB and no measurable gain in pages a second.
BUDGET = 16 * 1024 * 1024
MACROS = "macros.html"


class FragmentCache:
    """Pieces of HTML by key, within ``budget`` bytes, for one catalogue version at a time."""

    def __init__(self, budget: int = BUDGET) -> None:
        self._pieces: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._budget = budget
        self.size = 0  # bytes held, as ``sys.getsizeof`` counts them
        self.version = ""
        self.hits = 0
        self.misses = 0
        self._modules: dict[str, Any] = {}

    def follow(self, version: str) -> None:
        """Drop every piece when the catalogue version is not the one they were made for."""
        if version != self.version:
            self._pieces.clear()
            self.size = 0
            self.version = version

    def get(self, key: Hashable) -> Any:
        found = self._pieces.get(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._pieces.move_to_end(key)
        return found[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (``size`` bytes); a piece bigger than the whole budget is not kept."""
        if size > self._budget:
            return
        old = self._pieces.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self._pieces[key] = (value, size)
        self.size += size
        while self.size > self._budget:
            _, (_, freed) = self._pieces.popitem(last=False)
            self.size -= freed

    def __len__(self) -> int:
        return len(self._pieces)

    def macros(self, env: jinja2.Environment, locale: str) -> Any:
        """The macros of ``macros.html`` bound to a locale's translations (built once per locale)."""
        module = self._modules.get(locale)
        if module is None:
            module = env.get_template(MACROS).make_module(dict(gettext_callables(locale)))
            self._modules[locale] = module
        return module


def html_size(html: str) -> int:
    """What a kept piece of HTML costs in memory."""
    return sys.getsizeof(html)


CARD_LIFETIME = 600  # seconds: a card's next start and open seats follow the clock at least this often


async def course_cards_html(request: web.Request, ids: Sequence[int], now: datetime) -> list[Markup]:
    """The cards of the published courses ``ids``, in that order, as the ``course_card`` macro renders
    them; only the courses not kept already are read from the database."""
    cache = request.app[keys.FRAGMENTS]
    locale = request[keys.LOCALE]
    moment = int(now.timestamp() // CARD_LIFETIME)
    keyed = {i: ("card", i, locale, is_elder(request), moment) for i in ids}
    found: dict[int, Markup] = {}
    for course, key in keyed.items():
        html = cache.get(key)
        if html is not None:
            found[course] = html
    missing = [i for i in ids if i not in found]
    if missing:
        macros = cache.macros(aiohttp_jinja2.get_env(request.app), locale)
        for card in await get_courses(missing, locale, now=now):
            html = Markup(macros.course_card(course_card_view(request, card)))
            cache.put(keyed[card.id], html, html_size(html))
            found[card.id] = html
    return [found[i] for i in ids if i in found]


async def facets_html(request: web.Request, key: Hashable,
                      groups: Callable[[], Awaitable[list[FacetGroup]]]) -> Markup:
    """The facet block of a list as the ``facets`` macro renders it, kept under ``key``: ``key`` must name
    everything its counts and links depend on but the locale, the display mode and the catalogue version.
    ``groups`` is called only when the block is not kept."""
    cache = request.app[keys.FRAGMENTS]
    locale = request[keys.LOCALE]
    full_key = ("facets", locale, is_elder(request), key)
    html = cache.get(full_key)
    if html is None:
        macros = cache.macros(aiohttp_jinja2.get_env(request.app), locale)
        html = Markup(macros.facets(await groups()))
        cache.put(full_key, html, html_size(html))
    return html
