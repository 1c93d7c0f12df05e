"""What the browser journeys share: signing in, axe-core checks, reading the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support import PASSWORD, CouncilFixture

# axe-core impacts that fail a test; "moderate" and "minor" findings are printed only.
FAILING_IMPACTS = ("serious", "critical")


def oversized_pdf(folder: Path, *, limit_mb: int = 30) -> Path:
    """A PDF one byte over the upload limit, as a sparse file: Playwright hands the browser its path, where a
    30 MB in-memory buffer is copied through the driver's pipe (a minute on a busy machine)."""
    path = folder / "huge.pdf"
    with path.open("wb") as file:
        file.write(b"%PDF-1.4\n")
        file.truncate(limit_mb * 1024 * 1024 + 1)
    return path


def username(officers: CouncilFixture, role: str = "assessor") -> str:
    return f"{role}-{officers.id}"


def sign_in(page: Any, officers: CouncilFixture, role: str = "assessor", *, next_path: str = "/") -> None:
    page.goto(next_path)
    page.wait_for_url("**/sign-in.html**")
    page.fill("#username", username(officers, role))
    page.fill("#password", PASSWORD)
    page.click("#sign-in-form button[type=submit]")
    page.wait_for_function("() => !location.pathname.startsWith('/sign-in')")


def assert_accessible(page: Any, what: str) -> None:
    """Runs axe-core on the page as it is now: no serious or critical violations."""
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            // GOV.UK Frontend's conditional reveal puts aria-expanded on radios (alphagov/govuk-frontend#979);
            // GOV.UK's own axe checks allow exactly that, and so do these. Anything else still counts.
            const conditionalReveal = (violation, node) =>
                violation.id === "aria-allowed-attr" &&
                document.querySelector(node.target[0])?.matches("input.govuk-radios__input[aria-controls]") &&
                [...node.any, ...node.all, ...node.none].every((check) =>
                    (check.data?.values || []).every((attribute) => String(attribute).startsWith("aria-expanded=")));
            return result.violations
                .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !conditionalReveal(v, n)) }))
                .filter((v) => v.nodes.length)
                .map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
                }));
        }"""
    )
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    for violation in violations:
        if violation not in failing:
            print(f"axe ({what}, {violation['impact']}): {violation['id']} {violation['help']} {violation['nodes']}")
    assert not failing, f"axe on {what}: " + "; ".join(
        f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in failing
    )


def dashboard_tab(page: Any, tab: str) -> Any:
    """Shows a dashboard tab and waits for its list (a table or a 'no cases' line)."""
    page.click(f"a.govuk-tabs__tab[href='#{tab}']")
    slot = page.locator(f"[data-tab={tab}]")
    slot.locator("table, p:not(.app-loading)").first.wait_for()
    return slot


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return { tag: e.tagName.toLowerCase(), id: e.id || "", text: (e.textContent || "").trim(),
                            type: e.getAttribute("type") || "" }; }"""
    )


def tab_to(page: Any, predicate: Any, *, limit: int = 60) -> dict[str, str]:
    """Presses Tab until the focused element satisfies ``predicate`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        if predicate(current):
            return current
    raise AssertionError(f"Tab never reached the element (last focused: {focused(page)})")
