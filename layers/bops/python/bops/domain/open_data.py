"""National open data: a council's applications as the MHCLG planning application data specification's datasets.

The specification (github.com/digital-land/planning-application-data-specification, ``specification/dataset``
and ``data/codelist``) defines, each licensed under the Open Government Licence v3.0:

- ``planning-application``: ``reference``, ``description``, ``application-types``, ``site``, ``received-date``,
  ``withdrawn-date``, ``planning-performance-agreement``, ``document-url``, ``documentation-url``;
- ``decision-notice`` (the decision): ``reference``, ``planning-application``, ``decision``, ``decision-date``,
  ``organisation``, ``decision-maker`` (codelist: planning-officer, committee, ...), ``planning-officer-
  recommendation`` (codelist ``decision``: grant, refuse), ``document-url``, ``documentation-url``, ``notes``;
- ``planning-condition``: ``reference``, ``name``, ``description`` (the condition's text), ``reason``;
- ``section-106`` (planning obligations): ``reference`` only, so far;
- ``planning-application-document``: ``reference``, ``planning-application``, ``name``, ``replaces``,
  ``public-register-status`` (codelist: publish, withhold, not-assessed), ``document-url``, ``documentation-url``;
- ``planning-permission-timeline``: ``reference``, ``planning-application``, ``permission-process-event``
  (codelist: application-submitted, valid-from, invalid-from, additional-information-requested / -received,
  consultation-start, consultation-end, committee-date, time-extension-agreed, ...), ``event-date``, ``notes``.

Every row also carries the platform's common fields (``organisation``, ``entry-date``, ``start-date``,
``end-date``). Columns the specification does not (yet) list are marked ``confirmed=False`` in ``FIELDS``
and in the published field list. Pure: rows are built from a case's record, its conditions task and its
publishable documents; the service stores and publishes them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from bops.model import Model

LICENCE = "OGL-UK-3.0"
LICENCE_NOTE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
)
SPECIFICATION = "https://github.com/digital-land/planning-application-data-specification"


class Field(Model):
    """One column of a dataset: its specification name, what BoPS puts in it, and whether the
    specification's dataset definition lists it (``confirmed``) or BoPS adds it for linking or context."""

    field: str
    description: str
    confirmed: bool = True


def _f(field: str, description: str, confirmed: bool = True) -> Field:
    return Field(field=field, description=description, confirmed=confirmed)


COMMON = [
    _f(
        "organisation",
        "The council that published the record (BoPS's council id; no planning.data.gov.uk "
        "organisation code is held for councils yet)",
    ),
    _f("entry-date", "The day the record last changed"),
    _f("start-date", "The day the record starts to apply"),
    _f("end-date", "The day the record stopped applying (empty while it applies)"),
]

# dataset -> its columns, in the order the CSV gives them. The brief's names for the datasets in brackets:
# planning-application, decision-notice (planning decision), planning-condition, section-106 (planning
# obligation), planning-application-document (published document), planning-permission-timeline (log).
FIELDS: dict[str, list[Field]] = {
    "planning-application": [
        _f("reference", "The council's application reference"),
        _f("description", "The description of the proposed development"),
        _f("application-types", "The ODP application type code"),
        _f(
            "planning-application-type",
            "The application type's name (from planning.data.gov.uk's older planning-application dataset)",
            confirmed=False,
        ),
        _f("site", "The site's address"),
        _f("uprn", "The site's Unique Property Reference Number (older planning-application dataset)", False),
        _f("point", "The site's point, WKT in WGS84 (older planning-application dataset)", False),
        _f("received-date", "The day the council received the application"),
        _f("decision-date", "The day it was determined (older planning-application dataset)", False),
        _f("withdrawn-date", "The day the applicant withdrew it"),
        _f("planning-performance-agreement", "Always empty: BoPS records no planning performance agreements"),
        _f("document-url", "Empty: the application form is not published as a file"),
        _f("documentation-url", "The application's page on the council's public register"),
        *COMMON,
    ],
    "decision-notice": [
        _f("reference", "The decision notice's reference (the application reference and '-decision')"),
        _f("planning-application", "The application reference"),
        _f("decision", "grant or refuse (codelist 'decision')"),
        _f("decision-date", "The day the decision was made"),
        _f("decision-maker", "planning-officer (delegated) or committee (codelist 'decision-maker')"),
        _f("planning-officer-recommendation", "The officer's recommendation: grant or refuse"),
        _f("document-url", "The public link to the decision notice"),
        _f("documentation-url", "The application's page on the public register"),
        _f("notes", "BoPS's own decision code, e.g. prior_approval_not_required"),
        *COMMON,
    ],
    "planning-condition": [
        _f("reference", "The condition's reference (application reference and its number)"),
        _f("decision-notice", "The decision notice imposing it (as decision-condition links them)", False),
        _f("planning-application", "The application reference", False),
        _f("name", "The condition's short title"),
        _f("description", "The text of the condition"),
        _f("reason", "The reason given for it"),
        *COMMON,
    ],
    "section-106": [
        _f("reference", "The obligation's reference (application reference and its number)"),
        _f("planning-application", "The application reference", False),
        _f("description", "The head of terms the agreement is to secure", False),
        *COMMON,
    ],
    "planning-application-document": [
        _f("reference", "The document's id"),
        _f("planning-application", "The application reference"),
        _f("name", "The file name"),
        _f("replaces", "Empty: BoPS archives a replaced document rather than linking the two"),
        _f("public-register-status", "publish (only published documents are listed)"),
        _f("document-url", "Empty: documents are served by short-lived links from documentation-url"),
        _f("documentation-url", "The application's page on the public register"),
        *COMMON,
    ],
    "planning-permission-timeline": [
        _f("reference", "The entry's reference (application reference and the event)"),
        _f("planning-application", "The application reference"),
        _f("permission-process-event", "The event (codelist 'permission-process-event')"),
        _f("event-date", "The day it happened"),
        _f("notes", "Context, e.g. who agreed an extension of time"),
        *COMMON,
    ],
}
DATASETS = tuple(FIELDS)
GRANT_DECISIONS = {"granted", "prior_approval_granted", "prior_approval_not_required"}

Rows = dict[str, list[dict[str, str]]]


def decision_code(decision: str | None) -> str:
    """The specification's ``decision`` codelist has two entries: grant and refuse. A prior approval
    'not required' lets the development go ahead, so it is a grant."""
    if not decision:
        return ""
    return "grant" if decision in GRANT_DECISIONS else "refuse"


def _day(value: Any) -> str:
    """The calendar day of an ISO date or timestamp ('' for none)."""
    if not value:
        return ""
    return str(value)[:10]


def _common(council: str, entry_date: str, start_date: str) -> dict[str, str]:
    return {"organisation": council, "entry-date": entry_date, "start-date": start_date, "end-date": ""}


def case_rows(
    case: Mapping[str, Any],
    *,
    conditions: Iterable[Mapping[str, Any]] = (),
    heads_of_terms: Iterable[str] = (),
    documents: Iterable[Mapping[str, Any]] = (),
    information_requests: Iterable[Mapping[str, Any]] = (),
    register_url: str = "",
    notice_url: str = "",
) -> Rows:
    """Every dataset's rows for one published case. ``conditions`` are the conditions task's entries
    (title, text, reason kept apart); when the task has none, the decision's own condition texts are used.
    ``documents`` are the publishable documents (id, file_name, received_on). No personal data: the
    applicant, the agent and officers' names are never in a row."""
    council = case["council"]
    reference = case["reference"]
    entry = _day(case.get("updated_at")) or _day(case.get("received_at"))
    received = _day(case.get("received_on"))
    decision = case.get("decision") or {}
    site = case.get("site") or {}
    point = ""
    if site.get("longitude") is not None and site.get("latitude") is not None:
        point = f"POINT ({site['longitude']} {site['latitude']})"
    rows: Rows = {name: [] for name in DATASETS}
    rows["planning-application"].append(
        {
            "reference": reference,
            "description": case.get("description", ""),
            "application-types": case.get("application_type", ""),
            "planning-application-type": case.get("application_type_name", ""),
            "site": site.get("address", ""),
            "uprn": site.get("uprn") or "",
            "point": point,
            "received-date": received,
            "decision-date": decision.get("determined_on", ""),
            "withdrawn-date": _day(case.get("withdrawn_at")),
            "planning-performance-agreement": "",
            "document-url": "",
            "documentation-url": register_url,
            **_common(council, entry, received),
        }
    )
    if decision:
        notice_ref = f"{reference}-decision"
        decided = decision.get("determined_on", "")
        recommended = (case.get("recommendation") or {}).get("decision")
        rows["decision-notice"].append(
            {
                "reference": notice_ref,
                "planning-application": reference,
                "decision": decision_code(decision.get("decision")),
                "decision-date": decided,
                "decision-maker": "committee" if decision.get("made_by") == "committee" else "planning-officer",
                "planning-officer-recommendation": decision_code(recommended),
                "document-url": notice_url if case.get("decision_notice") else "",
                "documentation-url": register_url,
                "notes": decision.get("decision", ""),
                **_common(council, entry, decided),
            }
        )
        structured = [c for c in conditions if c.get("text")]
        if not structured:
            structured = [  # each {text, reason}; a plain string from before conditions carried reasons
                {"title": "", "text": c, "reason": ""} if isinstance(c, str) else {"title": "", **c}
                for c in decision.get("conditions") or []
            ]
        if decision_code(decision.get("decision")) == "grant":
            for number, condition in enumerate(structured, start=1):
                rows["planning-condition"].append(
                    {
                        "reference": f"{reference}-condition-{number}",
                        "decision-notice": notice_ref,
                        "planning-application": reference,
                        "name": condition.get("title") or "",
                        "description": condition.get("text") or "",
                        "reason": condition.get("reason") or "",
                        **_common(council, entry, decided),
                    }
                )
    for number, term in enumerate(heads_of_terms, start=1):
        rows["section-106"].append(
            {
                "reference": f"{reference}-obligation-{number}",
                "planning-application": reference,
                "description": term,
                **_common(council, entry, received),
            }
        )
    for document in documents:
        rows["planning-application-document"].append(
            {
                "reference": document["id"],
                "planning-application": reference,
                "name": document.get("file_name", ""),
                "replaces": "",
                "public-register-status": "publish",
                "document-url": "",
                "documentation-url": register_url,
                **_common(council, entry, _day(document.get("received_on"))),
            }
        )
    rows["planning-permission-timeline"] = [
        {
            "reference": f"{reference}-{event}" + (f"-{n}" if n else ""),
            "planning-application": reference,
            "permission-process-event": event,
            "event-date": day,
            "notes": notes,
            **_common(council, entry, day),
        }
        for n, (event, day, notes) in _numbered(timeline(case, information_requests))
    ]
    return rows


def _numbered(events: list[tuple[str, str, str]]) -> list[tuple[int, tuple[str, str, str]]]:
    """Numbers repeats of an event (a second extension of time) so each entry's reference is unique."""
    seen: dict[str, int] = {}
    out = []
    for event in events:
        n = seen.get(event[0], 0)
        seen[event[0]] = n + 1
        out.append((n, event))
    return out


def timeline(
    case: Mapping[str, Any], information_requests: Iterable[Mapping[str, Any]] = ()
) -> list[tuple[str, str, str]]:
    """(permission-process-event, event-date, notes) of the case's process events, in date order."""
    events: list[tuple[str, str, str]] = [("application-submitted", _day(case.get("received_on")), "")]
    for request in information_requests:
        if request.get("sent_at"):
            events.append(("additional-information-requested", _day(request["sent_at"]), ""))
        if request.get("answered_at"):
            events.append(("additional-information-received", _day(request["answered_at"]), ""))
    if case.get("invalidated_at"):
        events.append(("invalid-from", _day(case["invalidated_at"]), ""))
    if case.get("valid_from"):
        events.append(("valid-from", _day(case["valid_from"]), ""))
    if case.get("validated_at"):
        events.append(("validation-completed", _day(case["validated_at"]), ""))
    consultation = case.get("consultation") or {}
    if consultation.get("start_date"):
        events.append(("consultation-start", _day(consultation["start_date"]), ""))
    if consultation.get("end_date"):
        events.append(("consultation-end", _day(consultation["end_date"]), ""))
    committee = case.get("committee") or {}
    # the day the committee's resolution was recorded: the meeting's day, as BoPS knows it
    if committee.get("recorded_at"):
        events.append(("committee-date", _day(committee["recorded_at"]), ""))
    for extension in case.get("extensions") or []:
        events.append(
            ("time-extension-agreed", _day(extension.get("recorded_at")), f"to {extension.get('agreed_date', '')}")
        )
    return sorted(events, key=lambda e: e[1])


def to_csv(dataset: str, rows: Iterable[Mapping[str, str]]) -> str:
    """The dataset's CSV: a header of the specification's column names, one line per row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.field for f in FIELDS[dataset]], lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({f.field: row.get(f.field, "") for f in FIELDS[dataset]})
    return buffer.getvalue()


def to_json(dataset: str, rows: list[dict[str, str]], *, council: str, generated_at: str) -> str:
    return json.dumps(
        {
            "dataset": dataset,
            "organisation": council,
            "licence": LICENCE,
            "licence-note": LICENCE_NOTE,
            "specification": SPECIFICATION,
            "generated-at": generated_at,
            "entities": [{f.field: row.get(f.field, "") for f in FIELDS[dataset]} for row in rows],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def field_list() -> dict[str, Any]:
    """The published field list: each dataset's columns, which the specification confirms, and the licence."""
    return {
        "licence": LICENCE,
        "licence-note": LICENCE_NOTE,
        "specification": SPECIFICATION,
        "datasets": {name: [f.model_dump() for f in fields] for name, fields in FIELDS.items()},
    }


def sort_key(row: Mapping[str, str]) -> tuple[str, str]:
    return (row.get("planning-application") or row.get("reference", ""), row.get("reference", ""))


def today_text(day: date) -> str:
    return day.isoformat()
