"""The maps in the browser: the red line and the site on the case page and the public register, the
neighbours on the consultation page (picked on the map or in the list, removed one by one or together),
and a red line change drawn on the map and answered by the applicant. Locally there is no basemap: the
maps draw on a plain background, ask nothing of the internet and log no error (the ``browsing`` fixture
fails a test on any console error or CSP violation). Headless Chromium, axe-core, the keyboard, 320 px."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.helpers import assert_accessible, focused, horizontal_overflow, sign_in, tab_to

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect


def _only_own_requests(page, site: str) -> list[str]:
    """Collects every request to another host (a tile server, a CDN): the local maps make none."""
    own = urlparse(site).netloc
    elsewhere: list[str] = []
    page.on("request", lambda r: None if urlparse(r.url).netloc in (own, "") else elsewhere.append(r.url))
    return elsewhere


def _map_drawn(page, selector: str) -> None:
    expect(page.locator(selector)).to_have_attribute("data-map", "plain")
    # OpenLayers draws into a canvas inside the frame, with a scale bar
    expect(page.locator(f"{selector} canvas").first).to_be_visible()
    expect(page.locator(f"{selector} .ol-scale-line")).to_be_visible()


def _drawn_pixels(page, selector: str, colour: tuple[int, int, int]) -> int:
    """How many pixels of the map's canvases have about this colour (the red line, a neighbour's blue)."""
    return page.evaluate(
        """([selector, [r, g, b]]) => {
            let count = 0;
            for (const canvas of document.querySelectorAll(`${selector} canvas`)) {
                const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 0; i < data.length; i += 4) {
                    if (data[i + 3] > 200 && Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30
                        && Math.abs(data[i + 2] - b) < 30) count++;
                }
            }
            return count;
        }""",
        [selector, list(colour)],
    )


RED = (212, 53, 28)
BLUE = (29, 112, 184)
YELLOW = (255, 221, 0)


def test_the_case_page_draws_the_red_line_on_a_plain_map(browsing, officers, site):
    # Given an application submitted with a red line boundary (the first demo householder case)
    reference = officers.submit("fullHouseholder")
    page = browsing.new_page()
    elsewhere = _only_own_requests(page, site)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")

    # When the officer opens the case
    page.wait_for_selector("#site-map")

    # Then its red line is drawn on a plain background with a scale bar, named and described in words
    _map_drawn(page, "#site-map")
    frame = page.locator("#site-map")
    assert frame.get_attribute("aria-label") == "Map of the site"
    description = page.locator(f"#{frame.get_attribute('aria-describedby')}").inner_text()
    assert "red line boundary the applicant drew" in description
    page.wait_for_function(
        """() => [...document.querySelectorAll('#site-map canvas')].some((c) => c.width > 0)"""
    )
    assert _drawn_pixels(page, "#site-map", RED) > 50
    assert not elsewhere, elsewhere
    assert_accessible(page, "case page with its map")

    # And a keyboard user reaches the map and tabs past it
    tab_to(page, lambda f: f["id"] == "site-map")
    for _ in range(4):
        page.keyboard.press("Tab")
        if not page.evaluate("document.querySelector('#site-map').contains(document.activeElement)"):
            break
    assert not page.evaluate("document.querySelector('#site-map').contains(document.activeElement)"), focused(page)

    # And at 320 px the map fits the screen
    narrow = browsing.new_page(width=320, height=640)
    sign_in(narrow, officers, next_path=f"/application.html?reference={reference}")
    _map_drawn(narrow, "#site-map")
    assert horizontal_overflow(narrow) == 0
    assert_accessible(narrow, "case page with its map at 320 px")
