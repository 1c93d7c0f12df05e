"""The council's consultation templates: checked part by part, rendered with their own placeholders."""

from __future__ import annotations

from datetime import date

import pytest

from bops.domain import templates
from bops.domain.errors import InvalidRequest, NotFound


def _paths(error: InvalidRequest) -> list[str]:
    return [f.path for f in error.fields]


def test_every_default_renders_with_its_sample_values():
    for name, spec in templates.TEMPLATES.items():
        rendered = templates.preview(name, spec.defaults)
        assert set(rendered) == set(spec.defaults)
        for text in rendered.values():
            assert "{" not in text and "}" not in text, (name, text)


def test_the_consultee_email_fills_in_its_own_placeholders():
    parts = {"subject": "Consultation: {reference}", "body": "Dear {consultee_name},\nRespond by {respond_by}: {link}"}
    rendered = templates.render(
        "consultee_email",
        parts,
        {
            "reference": "26-00001-HAPP",
            "consultee_name": "Highways team",
            "respond_by": date(2027, 1, 14),
            "link": "https://x.example/consultee.html#t",
        },
    )
    assert rendered == {
        "subject": "Consultation: 26-00001-HAPP",
        "body": "Dear Highways team,\nRespond by 14 January 2027: https://x.example/consultee.html#t",
    }


def test_a_letter_placeholder_is_not_an_email_placeholder_and_the_error_names_the_part():
    with pytest.raises(InvalidRequest) as raised:
        templates.check("consultee_email", {"subject": "About {reference}", "body": "See {comment_url}"})
    assert _paths(raised.value) == ["body"]
    assert "{comment_url}" in raised.value.fields[0].message and "{link}" in raised.value.fields[0].message


@pytest.mark.parametrize(
    ("parts", "paths"),
    [
        ({"body": "x"}, ["subject"]),
        ({"subject": "", "body": "x"}, ["subject"]),
        ({"subject": "one\ntwo", "body": "x"}, ["subject"]),
        ({"subject": "one\rBcc: x@example.org", "body": "x"}, ["subject"]),
        ({"subject": "one\u2028two", "body": "x"}, ["subject"]),
        ({"subject": "one\u2029two", "body": "x"}, ["subject"]),
        ({"subject": "one\x85two", "body": "x"}, ["subject"]),
        ({"subject": "one\x0btwo\x0c", "body": "x"}, ["subject"]),
        ({"subject": "x" * 201, "body": "x"}, ["subject"]),
        ({"subject": "s", "body": "Dear {name"}, ["body"]),
        ({"subject": "s {applicant}", "body": "{link}"}, ["subject"]),
        ({"subject": "s", "body": "b", "footer": "f"}, ["footer"]),
        ({"subject": 3, "body": None}, ["subject", "body"]),
    ],
)
def test_bad_email_templates_are_refused_naming_each_bad_part(parts, paths):
    with pytest.raises(InvalidRequest) as raised:
        templates.check("consultee_email", parts)
    assert _paths(raised.value) == paths


def test_the_neighbour_letter_has_only_a_body():
    assert templates.check("neighbour_letter", {"body": "Dear Occupier, {reference}"}) == {
        "body": "Dear Occupier, {reference}"
    }
    with pytest.raises(InvalidRequest) as raised:
        templates.check("neighbour_letter", {"body": "Dear {link}"})
    assert _paths(raised.value) == ["body"]


def test_an_unknown_template_is_not_found():
    with pytest.raises(NotFound):
        templates.check("applicant_letter", {"body": "x"})


def test_braces_are_escaped_by_doubling_and_values_go_in_once():
    rendered = templates.render(
        "neighbour_letter", {"body": "{{not a placeholder}} {reference}"}, {"reference": "{description}"}
    )
    assert rendered["body"] == "{not a placeholder} {description}"


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
def test_line_breaks_in_values_never_reach_the_subject(brk):
    # Given a description the applicant wrote with a line break that would start a new header
    parts = {"subject": "Consultation: {description}", "body": "{description}\n{link}"}
    values = {"description": f"Rear extension{brk}Bcc: victim@example.org", "link": "https://x.example/#t"}

    rendered = templates.render("consultee_email", parts, values)

    # Then the subject is one line; the body keeps the applicant's text as written
    assert rendered["subject"] == "Consultation: Rear extension" + " " * len(brk) + "Bcc: victim@example.org"
    assert rendered["subject"].splitlines() == [rendered["subject"]]
    assert brk in rendered["body"]
