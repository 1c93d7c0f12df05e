"""The front end's sources, read without a browser: no HTML from data, no inline script or style, and the
copies of domain data it keeps (application types, who may fire which event, statuses) agree with the
domain package."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bops.domain import application_types, lifecycle

SRC = Path(__file__).resolve().parents[2] / "frontend" / "src"
SCRIPTS = sorted((SRC / "js").rglob("*.js"))
PAGES = [SRC / "layout.html", *sorted((SRC / "pages").glob("*.html"))]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(SRC)))
def test_no_script_builds_html_from_strings(path):
    """Everything from the API is inserted as text (dom.js ``h``), so a <script> in a description is text."""
    text = path.read_text()
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "srcdoc",
        "createContextualFragment",
        "DOMParser",
    ):
        assert sink not in text, f"{path.name} uses {sink}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_have_no_inline_script_or_style(path):
    """The Content-Security-Policy allows scripts and styles from the site's own files only."""
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert "<style" not in text
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"


def _js_array(name: str, text: str) -> list:
    body = re.search(rf"export const {name} = (\[.*?\n\]);", text, re.S)
    assert body, name
    return json.loads(re.sub(r",\s*\]$", "]", body.group(1)))


def test_the_application_types_copy_agrees_with_the_domain():
    copied = _js_array("APPLICATION_TYPES", (SRC / "js" / "application-types.js").read_text())
    expected = [[t.code, t.name, t.stages.consultation, t.prior_approval] for t in application_types._TYPES]
    assert copied == expected


def test_the_role_events_copy_agrees_with_the_lifecycle():
    text = (SRC / "js" / "case" / "permissions.js").read_text()
    assessor = json.loads(re.search(r"const ASSESSOR_EVENTS = (\[.*?\]);", text).group(1))
    reviewer_extra = json.loads(
        "[" + re.search(r"const REVIEWER_EVENTS = \[\.\.\.ASSESSOR_EVENTS, (.*?)\];", text).group(1) + "]"
    )
    roles = lifecycle.ROLE_EVENTS
    assert set(assessor) == {e.value for e in roles[lifecycle.Role.ASSESSOR]}
    assert set(assessor + reviewer_extra) == {e.value for e in roles[lifecycle.Role.REVIEWER]}
    assert roles[lifecycle.Role.ADMINISTRATOR] == frozenset(lifecycle.Event)  # "administrators may fire every event"


def test_every_status_and_final_status_has_a_label():
    text = (SRC / "js" / "format.js").read_text()
    labelled = set(re.findall(r"^  ([a-z_]+): \[", text, re.M))
    assert labelled == {s.value for s in lifecycle.Status}
    final = set(json.loads(re.search(r"export const FINAL_STATUSES = (\[.*?\]);", text).group(1)))
    assert final == {s.value for s in lifecycle.FINAL_STATUSES}


def test_every_decision_has_a_label():
    text = (SRC / "js" / "format.js").read_text()
    block = re.search(r"export const DECISIONS = \{(.*?)\};", text, re.S).group(1)
    assert set(re.findall(r"^\s+([a-z_]+):", block, re.M)) == {d.value for d in lifecycle.Decision}
