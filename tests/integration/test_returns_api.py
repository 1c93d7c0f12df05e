"""The returns over HTTP: administrators download PS1/PS2 (JSON, CSV); officers set a case's Q-code (audited)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_an_officer_sets_the_development_type_and_the_administrator_downloads_the_return(council):
    # Given a householder application made valid (its PS2 line defaults to Q15, householder developments)
    reference = council.validated("fullHouseholder")
    assessor = council.officer("assessor")
    url = f"/api/v1/applications/{reference}/development-type"
    shown = assessor.get(url).json()
    assert (shown["code"], shown["default"], shown["set_by_officer"]) == ("Q15", "Q15", False)

    # When the officer sets it to change of use, with a reason
    bad = assessor.put(url, json_body={"code": "Q99"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["path"] == "code"
    changed = assessor.put(url, json_body={"code": "Q14", "reason": "Mostly a change of use"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["code"] == "Q14" and changed.json()["set_by_officer"] is True

    # Then the change is in the case's history
    history = council.case(reference)["audit"]
    entry = next(e for e in history if e["action"] == "application.development_type")
    assert (entry["before"], entry["after"]) == ({"development_type": "Q15"}, {"development_type": "Q14"})

    # and only an administrator downloads the current quarter's return, as JSON or CSV
    received_on = council.case(reference)["application"]["received_on"]
    quarter = f"{received_on[:4]}Q{(int(received_on[5:7]) - 1) // 3 + 1}"
    assert assessor.get("/api/v1/council/returns/ps2", params={"quarter": quarter}).status_code == 403
    admin = council.officer("administrator")
    ps1 = admin.get("/api/v1/council/returns/ps1", params={"quarter": quarter})
    assert ps1.status_code == 200, ps1.text
    assert ps1.json()["received"] == 1 and ps1.json()["decided"] == 0
    csv = admin.get("/api/v1/council/returns/ps2", params={"quarter": quarter, "format": "csv"})
    assert csv.status_code == 200
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert f"PS2-{quarter}.csv" in csv.headers["Content-Disposition"]
    assert csv.text.splitlines()[0].startswith("return,council,quarter,code")
    bad_quarter = admin.get("/api/v1/council/returns/ps1", params={"quarter": "last"})
    assert bad_quarter.status_code == 422 and bad_quarter.json()["error"]["fields"][0]["path"] == "quarter"
    bad_format = admin.get("/api/v1/council/returns/ps1", params={"quarter": quarter, "format": "xls"})
    assert bad_format.status_code == 422
