"""Headless Chromium (Debian's, driven by Playwright) against the site served in front of the local stack.

- ``site``: the built front end (``frontend/dist``, built if missing or stale) served by ``local.web`` in
  front of the session's ``runtime`` (moto + the real API), on its own port.
- ``officers``: a council of its own with an assessor, a reviewer and an administrator, and a few
  applications submitted through the API.
- ``page``: a fresh browser context per test, axe-core loaded into every document; a screenshot goes to
  ``test-artifacts/`` when the test fails (every page with ``BOPS_SCREENSHOTS=all``), and any script
  error or Content-Security-Policy violation fails the test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BOPS_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run scripts/install_browser.sh")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_api: Any) -> Iterator[Any]:
    browser = playwright_api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def site(runtime: Any) -> Iterator[str]:
    from local import web

    try:
        web.build_frontend(quiet=True)
    except web.FrontendUnavailable as error:
        pytest.skip(str(error))
    if not AXE.exists():
        pytest.skip("axe-core is missing: run npm ci in frontend/")
    server = web.serve(runtime)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def officers(runtime: Any) -> Any:
    """A council of its own for the browser tests (officers: assessor-<id>, reviewer-<id>, administrator-<id>)."""
    from tests.support import new_council

    return new_council(runtime)


class Browsing:
    """One test's browser tabs (one context each, so one officer each), and the problems they saw."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser = browser
        self.base = base
        self.problems: list[str] = []
        self.contexts: list[Any] = []
        self.pages: list[Any] = []

    def new_page(self, *, width: int = 1280, height: int = 900) -> Any:
        """A tab in a fresh context (its own sessionStorage): another officer, or another screen size."""
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, base_url=self.base, accept_downloads=True
        )
        context.add_init_script(path=str(AXE))
        # Actions, navigations and assertions wait for their condition up to the suite's one ceiling: on a
        # busy 2-core machine (two test workers, Chromium, the local stack, other work) an API call behind a
        # click can take many seconds. Waits on the workflow use WORKFLOW_WAIT_MS explicitly.
        from playwright.sync_api import expect

        from tests.support import WAIT_MS

        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._console)
        self.contexts.append(context)
        self.pages.append(page)
        return page

    def screenshots(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        for index, page in enumerate(self.pages):
            suffix = f"-{index + 1}" if index else ""
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
            except Exception as error:  # a screenshot must not hide the test's own failure
                print(f"no screenshot: {error}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()

    def _console(self, message: Any) -> None:
        text = message.text
        # A 4xx answer the page handles is logged by Chromium as a failed resource: not a problem.
        if message.type == "error" and not text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {text}")
        if "Content Security Policy" in text:
            self.problems.append(f"CSP violation: {text}")


@pytest.fixture
def browsing(browser: Any, site: str, request: pytest.FixtureRequest) -> Iterator[Browsing]:
    session = Browsing(browser, site)
    yield session
    report = getattr(request.node, "report_call", None)
    if (report is not None and report.failed) or os.environ.get("BOPS_SCREENSHOTS") == "all":
        session.screenshots(re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name))
    session.close()
    if report is not None and report.passed:
        assert not session.problems, "\n".join(session.problems)


@pytest.fixture
def page(browsing: Browsing) -> Any:
    return browsing.new_page()
