"""The icon sprite: one cacheable file with a symbol per major category and kind of centre, drawn in the
text colour, referenced from cards, facets and the home page beside a text label."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from courses.vocabulary import MAJOR_CATEGORIES, BaseKind
from portal.assets import STATIC_DIR

SPRITE_REF = re.compile(r'<svg class="icon" aria-hidden="true" focusable="false"><use href="(/static/[0-9a-f]{10}/'
                        r'icons\.svg)#([\w-]+)"/></svg>')


def _symbols() -> set[str]:
    return set(re.findall(r'<symbol id="([\w-]+)"', (STATIC_DIR / "icons.svg").read_text()))


def test_the_sprite_has_a_symbol_for_every_major_category_and_every_kind_of_centre() -> None:
    symbols = _symbols()
    assert {f"c{code}" for code in MAJOR_CATEGORIES} <= symbols
    assert {kind.value for kind in BaseKind} <= symbols
    # Monochrome: no colour of its own, so it follows the text (and elder mode's stronger contrast).
    assert not re.search(r'(fill|stroke|style)="', (STATIC_DIR / "icons.svg").read_text())


async def test_cards_and_field_facets_draw_their_icons_from_one_long_cached_sprite(client: TestClient) -> None:
    html = await (await client.get("/en/courses")).text()
    refs = SPRITE_REF.findall(html)
    assert len({url for url, _ in refs}) == 1, "every icon comes from the same versioned file"
    used = {name for _, name in refs}
    assert used <= _symbols(), f"icons the sprite does not have: {used - _symbols()}"
    cards = re.findall(r'<li class="card">.*?</li>', html, re.S)
    assert cards
    for card in cards:
        name = re.search(r'icons\.svg#(c\d\d)"/></svg>([^<]+)</span>', card)
        assert name, "a card shows its field's icon followed by the field's name"
        assert name.group(2).strip() == MAJOR_CATEGORIES[int(name.group(1)[1:])]
    facet = re.search(r'<summary>Field</summary>.*?</ul>', html, re.S).group(0)
    assert len(SPRITE_REF.findall(facet)) == facet.count("<li>")

    sprite = await client.get(refs[0][0], headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    assert sprite.status == 200 and sprite.content_type == "image/svg+xml"
    assert sprite.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert sprite.headers["Content-Encoding"] == "gzip"
    stale = re.sub(r"/static/[0-9a-f]{10}/", "/static/0000000000/", refs[0][0])
    assert (await client.get(stale)).status == 404


async def test_centres_show_the_icon_of_their_kind_in_lists_facets_and_on_their_page(client: TestClient) -> None:
    html = await (await client.get("/fr/bases")).text()
    kinds = {kind.value for kind in BaseKind}
    card_icons = [name for name in re.findall(r'<li class="card">.*?icons\.svg#([\w-]+)"', html, re.S)]
    assert card_icons and set(card_icons) <= kinds
    facet = re.search(r'<details[^>]*>\s*<summary>[^<]+</summary>.*?</ul>', html, re.S).group(0)
    assert {name for _, name in SPRITE_REF.findall(facet)} <= kinds and SPRITE_REF.search(facet)
    link = re.search(r'<li class="card">\s*<h3><a href="([^"]+)"', html).group(1)
    page = await (await client.get(link)).text()
    assert re.search(r'<p class="meta"><span class="field"><svg class="icon"[^>]*><use href="[^"]+#' + card_icons[0],
                     page)


async def test_the_home_page_lists_every_field_with_its_icon(client: TestClient) -> None:
    html = await (await client.get("/zh-Hans/")).text()
    fields = re.search(r'<ul class="fields">.*?</ul>', html, re.S).group(0)
    names = [name for _, name in SPRITE_REF.findall(fields)]
    assert names == [f"c{code}" for code in MAJOR_CATEGORIES]
    assert "Agriculture" not in fields  # labelled in the page's language
