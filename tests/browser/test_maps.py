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
    page.wait_for_function("""() => [...document.querySelectorAll('#site-map canvas')].some((c) => c.width > 0)""")
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


def _neighbour_lines(page) -> list[str]:
    return page.locator("#neighbours tbody tr[data-neighbour] td:nth-child(2)").all_inner_texts()


def _house_number(line: str) -> int:
    return int(line.split(",")[0])


def _click_neighbour_on_map(page, neighbour_id: str) -> None:
    pixel = page.evaluate(f"document.querySelector('#neighbour-map').bopsMap.pixelOf('{neighbour_id}')")
    assert pixel, "the neighbour is drawn on the map"
    # the map's pixels are its viewport's (the frame's border aside); the click scrolls it into view
    page.locator("#neighbour-map .ol-viewport").click(position={"x": pixel[0], "y": pixel[1]})


def test_the_consultation_map_picks_neighbours_and_the_list_removes_them(browsing, officers, site):
    # Given a valid application with the neighbours within 40 m of the site
    reference = officers.validated()
    officer = officers.officer("assessor")
    added = officer.post(f"/api/v1/applications/{reference}/neighbours", json_body={"radius_m": 40})
    assert added.status_code == 200, added.text
    count = len(added.json()["neighbours"])
    assert count >= 4
    page = browsing.new_page()
    elsewhere = _only_own_requests(page, site)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}&task=consultation")

    # When the officer opens the consultation
    page.wait_for_selector("#neighbour-map")

    # Then the map draws the red line, the 40 m the neighbours were chosen within, and each neighbour
    _map_drawn(page, "#neighbour-map")
    page.wait_for_function("() => document.querySelector('#neighbour-map').bopsMap")
    assert _drawn_pixels(page, "#neighbour-map", RED) > 20
    assert _drawn_pixels(page, "#neighbour-map", BLUE) > 20 * count
    description = page.locator("#neighbour-map-description").inner_text()
    assert f"{count} neighbours to write to" in description

    # And the list is by street and house number, the postcode once for the street and not on each line
    lines = _neighbour_lines(page)
    assert len(lines) == count
    assert [_house_number(line) for line in lines] == sorted(_house_number(line) for line in lines)
    assert not any("SW9 9RZ" in line for line in lines)
    expect(page.locator("#neighbours th[scope=colgroup]")).to_have_text(["STANSFIELD ROAD, SW9 9RZ"])
    assert not elsewhere, elsewhere
    assert_accessible(page, "consultation page with the neighbours' map")

    # When the officer selects a neighbour on the map
    rows = page.locator("#neighbours tbody tr[data-neighbour]")
    first_id = rows.nth(0).get_attribute("data-neighbour")
    _click_neighbour_on_map(page, first_id)

    # Then it is selected in the list, drawn yellow, and the change is announced
    expect(page.locator(f"#pick-{first_id}")).to_be_checked()
    page.wait_for_function(
        """() => [...document.querySelectorAll('#neighbour-map canvas')].some((c) => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < d.length; i += 4) if (d[i] > 240 && d[i + 1] > 200 && d[i + 2] < 40) return true;
            return false; })"""
    )
    expect(page.locator("#neighbour-selection-status")).to_contain_text("Selected")

    # And a second one is selected in the list with the keyboard; both are removed together
    second_id = rows.nth(1).get_attribute("data-neighbour")
    page.focus(f"#pick-{second_id}")
    page.keyboard.press("Space")
    expect(page.locator(f"#pick-{second_id}")).to_be_checked()
    page.click("#remove-neighbours-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Neighbours removed")
    page.wait_for_selector("#neighbour-map")
    remaining = page.locator("#neighbours tbody tr[data-neighbour]")
    expect(remaining).to_have_count(count - 2)
    assert {first_id, second_id}.isdisjoint(set(remaining.evaluate_all("rows => rows.map((r) => r.dataset.neighbour)")))

    # When the officer removes one from the list by its own button
    third = remaining.nth(0)
    third_id = third.get_attribute("data-neighbour")
    third.locator("button[data-remove]").click()

    # Then it is gone from the list and from the map
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Neighbour removed")
    expect(page.locator("#neighbours tbody tr[data-neighbour]")).to_have_count(count - 3)
    page.wait_for_function("() => document.querySelector('#neighbour-map').bopsMap")
    assert page.evaluate(f"document.querySelector('#neighbour-map').bopsMap.pixelOf('{third_id}')") is None
    assert_accessible(page, "consultation page after removing neighbours")

    # And nothing selected cannot be removed: the error says what to do
    page.click("#remove-neighbours-form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the neighbours to remove")

    # When the officer draws an area on the map around the whole view, and adds the neighbours in it
    page.click("summary:has-text('Add the neighbours in an area')")
    page.wait_for_function("() => document.querySelector('#neighbour-map').bopsMap")
    page.click("#draw-area")
    viewport = page.locator("#neighbour-map .ol-viewport")
    size = viewport.bounding_box()
    # clear of the zoom buttons (top left) and the scale bar (bottom left)
    right, bottom = size["width"] - 15, size["height"] - 40
    corners = [(50, 15), (right, 15), (right, bottom), (50, bottom)]
    for x, y in [*corners, corners[0]]:
        viewport.click(position={"x": x, "y": y})
    page.wait_for_function("() => document.querySelector('#neighbour-area').value.includes('Polygon')")
    assert "An area is drawn" in page.locator("#neighbour-map-description").inner_text()
    page.click("#neighbours-area-form button[type=submit]")

    # Then the neighbours removed before are back, chosen "by polygon"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Neighbours added")
    back = page.locator(f"#neighbours tr[data-neighbour='{first_id}']")
    expect(back).to_contain_text("by polygon")

    # And at 320 px the map and the list fit the screen
    narrow = browsing.new_page(width=320, height=640)
    sign_in(narrow, officers, next_path=f"/application.html?reference={reference}&task=consultation")
    _map_drawn(narrow, "#neighbour-map")
    assert horizontal_overflow(narrow) == 0
    assert_accessible(narrow, "consultation page at 320 px")


GREY = (80, 90, 95)


def test_a_red_line_change_drawn_on_the_map_and_answered_by_the_applicant(browsing, officers, site):
    from tests.support import applicant_links, wait_for

    # Given an application waiting for the officer's validation decision
    reference = officers.submit("fullHouseholder")
    wait_for(lambda: officers.case(reference)["application"].get("awaiting") == "validation_decision")
    page = browsing.new_page()
    elsewhere = _only_own_requests(page, site)
    sign_in(
        page,
        officers,
        next_path=f"/application.html?reference={reference}&task=new-request&type=red_line_boundary_change",
    )

    # When the officer draws a new boundary on the map: four corners, then the first again to finish
    page.wait_for_selector("#boundary-map")
    _map_drawn(page, "#boundary-map")
    page.wait_for_function("() => document.querySelector('#boundary-map').bopsMap")
    assert_accessible(page, "red line change request with its map")
    page.click("#draw-boundary")
    viewport = page.locator("#boundary-map .ol-viewport")
    for x, y in [(200, 80), (420, 80), (420, 240), (200, 240), (200, 80)]:
        viewport.click(position={"x": x, "y": y})

    # Then the GeoJSON box holds the drawn polygon: the form's stored form of the boundary
    page.wait_for_function("() => document.querySelector('#proposed-boundary').value.includes('Polygon')")
    drawn = page.evaluate("JSON.parse(document.querySelector('#proposed-boundary').value)")
    assert drawn["type"] == "Polygon"
    ring = drawn["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    assert all(-1 < lon < 0 and 51 < lat < 52 for lon, lat in ring)  # around the site in south London
    page.fill("#reason", "The boundary must include the side passage.")
    page.click("#request-form button[type=submit]")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("request drafted")

    # And the request goes to the applicant with the application marked invalid
    officer = officers.officer()
    invalid = officer.post(f"/api/v1/applications/{reference}/validation-decision", json_body={"decision": "invalid"})
    assert invalid.status_code == 200, invalid.text
    requests_ = officer.get(f"/api/v1/applications/{reference}/validation-requests").json()["validation_requests"]
    change = next(r for r in requests_ if r["type"] == "red_line_boundary_change")
    assert change["details"]["proposed_boundary"] == drawn
    assert change["details"]["original_boundary"]["type"] == "Polygon"  # the current one, for the applicant
    token = next(t for t in wait_for(lambda: applicant_links(officers, reference)) if t.split("_")[3] == change["id"])

    # When the applicant opens their link
    applicant = browsing.new_page()
    applicant_elsewhere = _only_own_requests(applicant, site)
    applicant.goto(f"/applicant.html#{token}")
    expect(applicant.locator("h1")).to_have_text("Check the new site boundary")

    # Then they see the proposed boundary (red) over their current one (grey, dashed) on a map
    _map_drawn(applicant, "#boundary-map")
    applicant.wait_for_function(
        """() => [...document.querySelectorAll('#boundary-map canvas')].some((c) => c.width > 0)"""
    )
    assert _drawn_pixels(applicant, "#boundary-map", RED) > 50
    assert _drawn_pixels(applicant, "#boundary-map", GREY) > 10
    assert "current boundary is the grey dashed line" in applicant.locator("#boundary-map-description").inner_text()
    assert_accessible(applicant, "applicant's red line change with its map")

    # And the page fits a 320 px screen
    narrow = browsing.new_page(width=320, height=640)
    narrow.goto(f"/applicant.html#{token}")
    expect(narrow.locator("h1")).to_have_text("Check the new site boundary")
    _map_drawn(narrow, "#boundary-map")
    assert horizontal_overflow(narrow) == 0

    # And they agree, with the keyboard
    tab_to(applicant, lambda f: f["id"] == "approved")
    applicant.keyboard.press("Space")
    tab_to(applicant, lambda f: f["tag"] == "button" and f["text"] == "Send response")
    applicant.keyboard.press("Enter")
    applicant.locator(".govuk-panel--confirmation").wait_for()

    # Then the case's red line is the one drawn, and the case page's map says so
    geometry = officer.get(f"/api/v1/applications/{reference}/map").json()
    assert geometry["red_line_source"] == "change" and geometry["red_line"] == drawn
    page.goto(f"/application.html?reference={reference}")
    expect(page.locator("#site-map-description")).to_contain_text("as changed at the council's request")
    assert not elsewhere and not applicant_elsewhere, (elsewhere, applicant_elsewhere)


def test_the_public_register_shows_the_red_line_on_a_map(browsing, officers, site):
    # Given a published (valid) application
    reference = officers.validated()
    page = browsing.new_page()
    elsewhere = _only_own_requests(page, site)

    # When a member of the public opens it
    page.goto(f"/public.html?council={officers.id}&reference={reference}")

    # Then its red line is drawn on a map, without signing in, and the page stays accessible
    page.wait_for_selector("#site-map")
    _map_drawn(page, "#site-map")
    page.wait_for_function("""() => [...document.querySelectorAll('#site-map canvas')].some((c) => c.width > 0)""")
    assert _drawn_pixels(page, "#site-map", RED) > 50
    assert not elsewhere, elsewhere
    assert_accessible(page, "public application with its map")


def test_neighbours_sort_by_street_then_house_number_naturally(page):
    # Given addresses as OS Places and officers write them, in no order
    page.goto("/public.html")
    groups = page.evaluate(
        """async () => {
            const { groupNeighbours } = await import("/js/case/neighbours.js");
            const at = (single_line, postcode) => ({ id: single_line, address: { single_line, postcode } });
            return groupNeighbours([
                at("Flat 1, 12, HIGH STREET, LONDON, SW9 9RZ", "SW9 9RZ"),
                at("10A, HIGH STREET, LONDON, SW9 9RZ", "SW9 9RZ"),
                at("2 Acre Lane, London, SW2 5SG", "SW2 5SG"),
                at("10, HIGH STREET, LONDON, SW9 9RZ", "SW9 9RZ"),
                at("2, HIGH STREET, LONDON, SW9 9RZ", "SW9 9RZ"),
                at("Flat 10, 12, HIGH STREET, LONDON, SW9 9RZ", "SW9 9RZ"),
                at("Flat 2, 12, HIGH STREET, LONDON, SW9 9RZ", "SW9 9RZ"),
            ]).map((g) => [g.street, g.postcode, g.neighbours.map((n) => n.line)]);
        }"""
    )
    # Then streets come in order, each with its postcode once and its houses in natural order
    assert groups == [
        ["Acre Lane", "SW2 5SG", ["2 Acre Lane, London"]],
        [
            "HIGH STREET",
            "SW9 9RZ",
            [
                "2, HIGH STREET, LONDON",
                "10, HIGH STREET, LONDON",
                "10A, HIGH STREET, LONDON",
                "Flat 1, 12, HIGH STREET, LONDON",
                "Flat 2, 12, HIGH STREET, LONDON",
                "Flat 10, 12, HIGH STREET, LONDON",
            ],
        ],
    ]


TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f2bb0c0000000049454e44ae426082"
)


def test_with_a_basemap_the_map_draws_its_tiles_and_their_copyright(browsing, officers):
    # Given the API hands out a basemap (in AWS: OS tiles with the key from Secrets Manager); here the tiles
    # are served by the test, on the site's own origin, so the site's CSP and the offline run are kept
    reference = officers.submit("fullHouseholder")
    page = browsing.new_page()
    tiles: list[str] = []
    page.route(
        "**/api/v1/map/config",
        lambda route: route.fulfill(
            json={
                "basemap": "os",
                "tiles_url": "/test-tiles/{z}/{x}/{y}.png?key=test-key",
                "attribution": "Contains OS data © Crown copyright and database rights 2026",
                "min_zoom": 7,
                "max_zoom": 20,
            }
        ),
    )

    def tile(route):
        tiles.append(route.request.url)
        route.fulfill(body=TILE, content_type="image/png")

    page.route("**/test-tiles/**", tile)
    sign_in(page, officers, next_path=f"/application.html?reference={reference}")

    # When the case page draws its map
    page.wait_for_selector("#site-map")

    # Then it draws on the basemap, asks for tiles with the key, and shows the copyright line
    expect(page.locator("#site-map")).to_have_attribute("data-map", "basemap")
    expect(page.locator("#site-map .ol-attribution")).to_contain_text("Crown copyright")
    page.wait_for_function("() => document.querySelector('#site-map').bopsMap")
    assert tiles and all("key=test-key" in url for url in tiles)
    assert_accessible(page, "case page with a basemap")
