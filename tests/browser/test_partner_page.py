"""The Thai partner's page on a 320 px phone, in Thai: introduction, logo and contact, then Thai cards."""

from __future__ import annotations

from tests.browser.conftest import SCREENSHOTS, open_page, serious_violations

PROBE = """() => {
  const root = document.documentElement;
  const logo = document.querySelector('img.partner-logo');
  const intro = document.querySelector('.partner-intro');
  const contact = document.querySelector('.partner-contact');
  const section = document.getElementById('for-country').closest('section');
  const titles = [...section.querySelectorAll('.card h3 a')].map(a => ({
    text: a.textContent, fallback: a.querySelector('bdi') !== null}));
  const shown = e => e !== null && e.offsetParent !== null && e.getBoundingClientRect().width > 0;
  return {scroll: root.scrollWidth, client: root.clientWidth,
          logo: logo ? {complete: logo.complete, width: logo.naturalWidth, right: logo.getBoundingClientRect().right}
                     : null,
          intro: shown(intro) ? intro.textContent : null,
          contact: shown(contact) ? contact.textContent : null,
          contactAbove: contact && section ? contact.getBoundingClientRect().top < section.getBoundingClientRect().top
                                           : false,
          titles: titles};
}"""


async def test_the_thai_partner_page_on_a_small_phone(portal_url: str) -> None:
    async with open_page(portal_url, {"width": 320, "height": 740}) as page:
        await page.goto("/th/partners/luban-thailand")
        await page.wait_for_function("() => { const i = document.querySelector('img.partner-logo');"
                                     " return i && i.complete; }", timeout=30_000)
        probe = await page.evaluate(PROBE)
        await page.screenshot(path=str(SCREENSHOTS / "partner-th.png"), full_page=True)
        await page.screenshot(path=str(SCREENSHOTS / "partner-th-first-screen.png"))  # what a phone opens on
        assert probe["scroll"] <= probe["client"], probe
        assert probe["logo"] and probe["logo"]["width"] > 0 and probe["logo"]["right"] <= probe["client"]
        assert probe["intro"] and "ลู่ปันเวิร์กช็อป" in probe["intro"]
        assert probe["contact"] and "info@luban-thailand.example.org" in probe["contact"]
        assert probe["contactAbove"]
        titles = probe["titles"]
        assert len(titles) >= 3
        # The programmes for Thailand lead, in Thai: no English fallback before the first Thai card.
        assert not titles[0]["fallback"] and "ภาษาจีน" in titles[0]["text"]
        assert await serious_violations(page) == []
