"""Neighbour letters: templates with a fixed set of placeholders, nothing escaped, resends with a reason."""

from __future__ import annotations

from datetime import date

import pytest

from bops.domain.errors import InvalidRequest
from bops.domain.letters import (
    DEFAULT_TEMPLATE,
    PLACEHOLDERS,
    address_lines,
    format_date,
    neighbour_letter,
    notify_personalisation,
    placeholders_in,
    render,
    resend_note,
    resent_letter,
    validate_template,
)
from bops.domain.neighbours import Address

SITE = Address(
    uprn="100021892955",
    single_line="40, STANSFIELD ROAD, LONDON, SW9 9RZ",
    postcode="SW9 9RZ",
    lat=51.4656522,
    lon=-0.1185926,
)
NEIGHBOUR = Address(single_line="38, STANSFIELD ROAD, LONDON, SW9 9RZ", postcode="SW9 9RZ")
VALUES = {
    "reference": "26-00100-HAPP",
    "site_address": SITE.single_line,
    "description": "Single storey rear extension",
    "end_date": date(2027, 1, 17),
    "council_name": "Demo Borough Council",
    "comment_url": "https://planning.example.gov.uk/26-00100-HAPP/comment",
}


def paths(error: pytest.ExceptionInfo) -> list[str]:
    return [f.path for f in error.value.fields]


def test_the_default_template_uses_every_placeholder():
    assert set(placeholders_in(DEFAULT_TEMPLATE)) == set(PLACEHOLDERS)
    body = render(DEFAULT_TEMPLATE, VALUES)
    assert body.startswith("Dear Occupier,")
    assert "Planning application: 26-00100-HAPP" in body
    assert "Site: 40, STANSFIELD ROAD, LONDON, SW9 9RZ" in body
    assert "by 17 January 2027." in body
    assert VALUES["comment_url"] in body
    assert "{" not in body and "}" not in body


def test_render_replaces_placeholders_and_literal_braces():
    assert render("Ref {reference} {{not a placeholder}} {reference}", VALUES) == (
        "Ref 26-00100-HAPP {not a placeholder} 26-00100-HAPP"
    )
    assert render("No placeholders at all.", {}) == "No placeholders at all."


def test_nothing_is_escaped_and_values_are_not_rendered_again():
    values = {**VALUES, "description": "<b>Loft</b> & dormer {council_name} {{x}}"}
    assert render("Proposal: {description}", values) == "Proposal: <b>Loft</b> & dormer {council_name} {{x}}"


@pytest.mark.parametrize(
    "template",
    [
        "Dear {applicant}",
        "{reference!r}",
        "{reference:>20}",
        "{reference.__class__}",
        "{0}",
        "{}",
        "{ reference }",
        "Stray { brace",
        "Stray } brace",
        "",
        "   ",
        "x" * 10_001,
    ],
)
def test_bad_templates_are_refused(template):
    with pytest.raises(InvalidRequest) as error:
        render(template, VALUES)
    assert paths(error) == ["template"]
    with pytest.raises(InvalidRequest):
        validate_template(template)


def test_the_error_names_the_unknown_placeholders():
    with pytest.raises(InvalidRequest) as error:
        validate_template("Dear {applicant}, about {reference} and {agent}")
    assert "{applicant}, {agent}" in error.value.fields[0].message


def test_a_placeholder_without_a_value_is_refused():
    with pytest.raises(InvalidRequest) as error:
        render(DEFAULT_TEMPLATE, {**VALUES, "comment_url": "", "end_date": None})
    assert paths(error) == ["values.comment_url", "values.end_date"]  # in order of first use
    # values the template does not use are not needed
    assert render("{reference}", {"reference": "R"}) == "R"


def test_dates_as_gov_uk_writes_them():
    assert format_date(date(2026, 12, 3)) == "3 December 2026"
    assert format_date(date(2027, 4, 17)) == "17 April 2027"


def test_letters_go_to_the_occupier():
    assert address_lines(SITE) == ("The Occupier", "40 STANSFIELD ROAD", "LONDON", "SW9 9RZ")
    by_hand = Address(single_line="Flat 2, 38 Stansfield Road, Brixton, London", postcode="sw9 9rz")
    assert address_lines(by_hand) == ("The Occupier", "Flat 2", "38 Stansfield Road", "Brixton", "London", "SW9 9RZ")
    long = Address(single_line="A, B, C, D, E, F, G, H, SW9 9RZ", postcode="SW9 9RZ")
    lines = address_lines(long)
    assert len(lines) == 7 and lines[-1] == "SW9 9RZ" and lines[-2] == "E, F, G, H"


def test_a_neighbour_letter():
    letter = neighbour_letter(NEIGHBOUR, VALUES)
    assert letter.address_lines[0] == "The Occupier"
    assert letter.body == render(DEFAULT_TEMPLATE, VALUES)
    assert letter.replaces_letter_sent_on is None
    custom = neighbour_letter(NEIGHBOUR, VALUES, template="{council_name}: comment by {end_date}")
    assert custom.body == "Demo Borough Council: comment by 17 January 2027"


def test_a_resend_needs_a_reason_shown_on_the_letter():
    letter = resent_letter(
        NEIGHBOUR,
        VALUES,
        previous_sent_on=date(2026, 12, 23),
        reason="  the first letter gave the wrong\nend date ",
    )
    assert letter.body.startswith(
        "This letter replaces one sent on 23 December 2026: the first letter gave the wrong end date\n\nDear Occupier,"
    )
    assert letter.replaces_letter_sent_on == date(2026, 12, 23)
    assert letter.resend_reason == "the first letter gave the wrong end date"
    assert resend_note(date(2026, 12, 23), "lost in the post") == (
        "This letter replaces one sent on 23 December 2026: lost in the post"
    )
    for reason in (None, "", "   "):
        with pytest.raises(InvalidRequest) as error:
            resent_letter(NEIGHBOUR, VALUES, previous_sent_on=date(2026, 12, 23), reason=reason)
        assert paths(error) == ["reason"]


def test_a_reason_with_braces_is_shown_as_written():
    letter = resent_letter(NEIGHBOUR, VALUES, previous_sent_on=date(2026, 12, 23), reason="typo in {reference}")
    assert letter.body.startswith("This letter replaces one sent on 23 December 2026: typo in {reference}")


def test_notify_personalisation():
    fields = notify_personalisation(neighbour_letter(SITE, VALUES))
    assert fields["address_line_1"] == "The Occupier"
    assert fields["address_line_4"] == "SW9 9RZ"
    assert "address_line_5" not in fields
    assert fields["body"].startswith("Dear Occupier,")
