"""Site history (the assessment's context, beside the constraints): the legacy CSV parsed and checked row by
row, the same-site rule, and the legacy records' repository (idempotent on the old reference, found by UPRN
and by postcode) on a table of its own in moto."""

from __future__ import annotations

from datetime import date

import pytest

from bops.domain.errors import InvalidRequest
from bops.domain.site_history import MAX_ROWS, LegacyRecord, parse_csv, postcode_in, same_site
from tests.support import fresh_repository

HEADER = "reference,address,uprn,description,decision,decision_date\n"


def fields(error: InvalidRequest) -> dict[str, str]:
    return {f.path: f.message for f in error.fields}


def test_a_good_export_parses_with_either_date_form_and_any_header_spelling():
    text = (
        "\ufeffReference,Address,UPRN,Description,Decision,Decision Date\n"
        '05/01234/FUL,"40 Stansfield Road, London SW9 9RZ",100021892955,Rear extension,Granted,2005-06-01\n'
        "\n"
        "98/0077/H,40 STANSFIELD ROAD LONDON SW9 9RZ,,Loft conversion,Refused,14/03/1998\n"
    )
    records = parse_csv(text)
    assert [r.reference for r in records] == ["05/01234/FUL", "98/0077/H"]
    assert records[0].uprn == "100021892955" and records[0].decision_date == date(2005, 6, 1)
    assert records[1].uprn is None and records[1].decision_date == date(1998, 3, 14)
    assert records[1].postcode == "SW9 9RZ"


def test_bad_rows_are_each_named_by_row_and_column_and_nothing_is_returned():
    text = HEADER + (
        "A1,1 High Street AB1 2CD,,ok,Granted,2001-01-01\n"  # row 2: fine
        ",1 High Street AB1 2CD,,,,\n"  # row 3: no reference
        "A3,1 High Street AB1 2CD,12ab,,,\n"  # row 4: a UPRN with letters
        "A4,1 High Street AB1 2CD,,,,31/02/2001\n"  # row 5: no such date
        "A5,Somewhere without a postcode,,,,\n"  # row 6: cannot be found again
        "A1,1 High Street AB1 2CD,,,,\n"  # row 7: the reference of row 2 again
        "A7,1 High Street AB1 2CD,,,,,extra\n"  # row 8: more cells than the header
    )
    with pytest.raises(InvalidRequest) as caught:
        parse_csv(text)
    assert fields(caught.value) == {
        "csv[3].reference": "is required",
        "csv[4].uprn": "must be 1 to 12 digits",
        "csv[5].decision_date": "not a date: use YYYY-MM-DD or DD/MM/YYYY",
        "csv[6].address": "give a UPRN, or an address with its postcode",
        "csv[7].reference": "the same reference as row 2",
        "csv[8]": "has 7 cells; the header has 6",
    }


def test_the_header_must_name_the_required_columns_and_no_others():
    with pytest.raises(InvalidRequest) as caught:
        parse_csv("ref,address,colour\nA,B,C\n")
    message = fields(caught.value)["csv[1]"]
    assert "missing column reference" in message and "unknown column colour" in message
    with pytest.raises(InvalidRequest):
        parse_csv("   ")
    with pytest.raises(InvalidRequest, match="no rows"):
        parse_csv(HEADER)


def test_an_export_too_large_for_one_request_is_refused():
    rows = "".join(f"R{i},1 High Street AB1 2CD,,,,\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(InvalidRequest, match=f"At most {MAX_ROWS}"):
        parse_csv(HEADER + rows)


def test_the_same_site_by_uprn_else_by_postcode_and_address_words():
    assert same_site("100021892955", "anything", "100021892955", "else")
    assert same_site("000005023627", None, "5023627", None)  # leading zeros
    assert not same_site("1", "40 Stansfield Road SW9 9RZ", "2", "40 Stansfield Road SW9 9RZ")
    ours = "40, STANSFIELD ROAD, LONDON, SW9 9RZ"
    assert same_site("100021892955", ours, None, "40 Stansfield Road, London SW9 9RZ")
    assert same_site(None, ours, None, "40 Stansfield Rd SW99RZ") is False  # "Rd" is not "ROAD"
    assert same_site(None, ours, None, "40 Stansfield Road SW9 9RZ")
    assert not same_site(None, ours, None, "42 Stansfield Road SW9 9RZ")
    assert not same_site(None, ours, None, "Flat 2, 40 Stansfield Road SW9 9RZ")
    assert not same_site(None, ours, None, "40 Stansfield Road SW9 9RX")
    assert not same_site(None, "40 Stansfield Road", None, "40 Stansfield Road")  # no postcode: unknown
    assert postcode_in("40 stansfield road sw99rz") == "SW9 9RZ"


def record(reference: str, **kw) -> LegacyRecord:
    base = {"address": "40 Stansfield Road, London SW9 9RZ", "uprn": "100021892955", "description": "Extension"}
    return LegacyRecord(reference=reference, **{**base, **kw})


def test_legacy_records_are_stored_once_per_old_reference_and_found_by_uprn_or_postcode(monkeypatch):
    with fresh_repository(monkeypatch) as repo:
        store = repo.site_history
        counts = store.save("c1", [record("A"), record("B", uprn=None)], imported_by="admin", at="t1")
        assert (counts.added, counts.changed, counts.unchanged) == (2, 0, 0)
        again = store.save("c1", [record("A"), record("B", uprn=None)], imported_by="admin", at="t2")
        assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
        assert store.records("c1", ["A"])["A"].imported_at == "t1"  # an unchanged record is not rewritten

        by_uprn = store.at_site("c1", uprn="100021892955", postcode=None)
        assert [r.reference for r in by_uprn] == ["A"]
        by_postcode = store.at_site("c1", uprn=None, postcode="SW9 9RZ")
        assert sorted(r.reference for r in by_postcode) == ["A", "B"]
        assert store.at_site("c2", uprn="100021892955", postcode="SW9 9RZ") == []  # another council's

        # A moves to another site: found there, and no longer under its old UPRN or postcode
        moved = store.save("c1", [record("A", uprn="200", address="1 High Street AB1 2CD")], imported_by="a", at="t3")
        assert moved.changed == 1
        assert store.at_site("c1", uprn="100021892955", postcode="SW9 9RZ")[0].reference == "B"
        assert len(store.at_site("c1", uprn="100021892955", postcode="SW9 9RZ")) == 1
        assert [r.reference for r in store.at_site("c1", uprn="200", postcode=None)] == ["A"]


@pytest.mark.parametrize("text", ["\ufeff", "\ufeff\n", "a\x00b,c\n"])
def test_odd_bodies_get_a_422_not_a_crash(text):
    with pytest.raises(InvalidRequest):
        parse_csv(text)


def test_a_cell_too_large_for_the_csv_reader_is_named():
    with pytest.raises(InvalidRequest) as caught:
        parse_csv(HEADER + "A," + "x" * 200_000 + ",1,,,\n")
    assert "csv[2]" in fields(caught.value)
