"""Example request bodies for the OpenAPI description: one for every operation that takes a JSON body.

An operation's example is the one here, by operation, else its body model's own first example
(``model_config = ConfigDict(json_schema_extra={"examples": [...]})``: the way for a family of routes
sharing one model, such as one route per assessment task). Most are kept here rather than on the models:
several operations share a model (an upload form for an officer, a consultee and an applicant; a
directory entry to add or change) and the public comment and the submission are read raw, with no
request model at all. ``tests/unit/test_openapi_examples.py`` checks
that every operation with a body has one and that each one is valid against its operation's schema (and
its model), so an example cannot drift from what the API accepts.

The values are made up (reserved example domains, a demo council), never anyone's personal data.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel

APPLICATION = "/api/v1/applications/{reference}"
DOCUMENT_ID = "3f2a9c4e8b7d4e0f9a1b2c3d4e5f6a7b"  # a document's id, as an upload form hands it out

_EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    # --- the case: validation, assessment, decision -------------------------------------------------
    ("POST", f"{APPLICATION}/validation-decision"): {"decision": "valid", "valid_from": "2026-12-01"},
    ("POST", f"{APPLICATION}/recommendation"): {
        "decision": "granted",
        "summary": "A modest single storey rear extension in keeping with the house; no harm to neighbours' light.",
        "conditions": [
            {
                "text": "No external lighting shall be installed on the rear elevation.",
                "reason": "To protect the amenity of the neighbouring occupiers.",
            },
        ],
        "reasons": [],
    },
    # --- assessment: site history, and its tasks (one route for every task, `data` the task's model) --
    ("PUT", f"{APPLICATION}/alternative-reference"): {"alternative_reference": "19/AP/0412"},
    ("POST", "/api/v1/council/site-history/import"): {
        "csv": "reference,address,uprn,description,decision,decision_date\n"
        '19/AP/0412,"40 Stansfield Road, London SW9 9RZ",100021892955,Rear dormer roof extension,Granted,'
        "2019-06-14\n"
    },
    ("PUT", f"{APPLICATION}/assessment/{{task}}"): {
        "status": "in_progress",
        "data": {
            "proposal": "Single storey rear extension.",
            "amenity": "No overlooking: the extension has no side windows.",
        },
    },
    ("POST", f"{APPLICATION}/neighbours/remove"): {"ids": ["n-3f2a9c4e", "n-8b7d4e0f"]},
    ("PATCH", f"{APPLICATION}/documents/{{document_id}}"): {
        "tags": ["elevations.proposed"],
        "drawing_number": "PL-03 rev A",
        "on_decision_notice": True,
    },
    ("POST", f"{APPLICATION}/documents/publish"): {"document_ids": [DOCUMENT_ID, "9c1e4b7a2d3f4e5a8b6c7d8e9f0a1b2c"]},
    ("POST", f"{APPLICATION}/review"): {"action": "challenge", "comment": "Please assess the loss of light to No. 12."},
    ("POST", f"{APPLICATION}/committee-decision"): {
        "decision": "refused",
        "reasons": [
            {"text": "The extension would be overbearing on the neighbouring garden.", "policy_ids": ["nppf-135"]}
        ],
        "minute": "Refused, 7 votes to 2.",
    },
    ("POST", f"{APPLICATION}/fee-payments"): {
        "amount_pence": 3200,
        "method": "card",
        "reference": "Card by phone, receipt 104233",
        "received_on": "2026-12-03",
    },
    ("POST", f"{APPLICATION}/withdrawal"): {"reason": "The agent withdrew the application by email on 1 December"},
    ("POST", f"{APPLICATION}/return"): {"reason": "The fee was not paid and the applicant did not respond"},
    ("POST", f"{APPLICATION}/closure"): {"reason": "A duplicate of application 26-00012-HAPP"},
    ("POST", f"{APPLICATION}/extension-of-time"): {
        "agreed_date": "2027-02-26",
        "agreed_with": "Jo Bloggs (agent), by email on 1 December 2026",
    },
    ("POST", f"{APPLICATION}/appeal"): {"step": "lodge", "on": "2027-03-15"},
    # --- consultation --------------------------------------------------------------------------------
    ("POST", f"{APPLICATION}/neighbours"): {"radius_m": 50},
    ("POST", f"{APPLICATION}/neighbours/{{neighbour_id}}/resend"): {"reason": "The first letter was returned"},
    ("POST", f"{APPLICATION}/consultees"): {
        "directory_id": "8d0c6f1e2b3a4c5d9e8f7a6b5c4d3e2f",
        "response_days": 21,
    },
    ("POST", f"{APPLICATION}/consultees/{{consultee_id}}/resend"): {"reason": "The consultee lost the email"},
    ("POST", f"{APPLICATION}/consultees/{{consultee_id}}/reconsult"): {
        "reason": "Amended plans move the access",
        "response_days": 14,
    },
    ("PUT", f"{APPLICATION}/notices"): {
        "site_notice": {"required": True, "count": 2, "delivery": "officer"},
        "press_notice": {"required": False},
    },
    ("POST", f"{APPLICATION}/site-notice"): {"displayed_on": "2026-12-02", "evidence_document_ids": [DOCUMENT_ID]},
    ("POST", f"{APPLICATION}/press-notice"): {
        "published_on": "2026-12-03",
        "publication": "Demo Borough Gazette",
        "evidence_document_ids": [DOCUMENT_ID],
    },
    ("POST", f"{APPLICATION}/consultation/extension"): {
        "days": 7,
        "reason": "The amended plans were sent to the neighbours again",
    },
    ("POST", f"{APPLICATION}/comments/{{comment_id}}/redaction"): {
        "redacted_text": "The extension will block the light to my kitchen."
    },
    ("POST", "/api/v1/consultee/response"): {
        "stance": "amendments_needed",
        "text": "The visibility splays shown are too short for a 30 mph road; please ask for 2.4 m by 43 m.",
        "document_ids": [],
    },
    ("POST", "/api/v1/public/{council}/applications/{reference}/comments"): {
        "name": "A Neighbour",
        "address": "14 Example Road, London SW9 9RZ",
        "stance": "objection",
        "topics": ["light", "privacy"],
        "text": "The extension will block the light to my kitchen and look into my garden.",
    },
    ("POST", "/api/v2/{council}/public/planning_applications/{reference}/comments/public"): {
        "name": "A Neighbour",
        "address": "14 Example Road, London SW9 9RZ",
        "response": "The extension will block the light to my kitchen and look into my garden.",
        "summary_tag": "objection",
        "tags": ["light", "privacy"],
    },
    ("POST", "/api/v2/{council}/planning_applications/{reference}/neighbour_responses"): {
        "name": "A Neighbour",
        "address": "14 Example Road, London SW9 9RZ",
        "response": "The extension will block the light to my kitchen and look into my garden.",
        "summary_tag": "objection",
        "tags": ["light", "privacy"],
    },
    # --- documents -----------------------------------------------------------------------------------
    ("POST", f"{APPLICATION}/uploads"): {
        "file_name": "site-plan.pdf",
        "content_type": "application/pdf",
        "tags": ["sitePlan.proposed"],
    },
    ("POST", "/api/v1/consultee/uploads"): {"file_name": "highways-advice.pdf", "content_type": "application/pdf"},
    ("POST", "/api/v1/applicant/request/uploads"): {
        "file_name": "floor-plans.pdf",
        "content_type": "application/pdf",
        "tags": ["floorPlan.proposed"],
    },
    ("PUT", f"{APPLICATION}/documents/{{document_id}}/publication"): {"publishable": True},
    # --- validation requests -------------------------------------------------------------------------
    ("POST", f"{APPLICATION}/validation-requests"): {
        "type": "additional_document",
        "details": {
            "document_types": ["floorPlan.proposed"],
            "summary": "Please send floor plans of the extension as proposed, to a stated scale.",
        },
    },
    ("PUT", f"{APPLICATION}/validation-requests/{{request_id}}"): {
        "details": {
            "document_types": ["floorPlan.proposed", "elevations.proposed"],
            "summary": "Please send floor plans and elevations of the extension as proposed.",
        }
    },
    ("POST", f"{APPLICATION}/validation-requests/{{request_id}}/cancellation"): {
        "reason": "The floor plans were found among the documents already sent"
    },
    ("POST", "/api/v1/applicant/request/response"): {
        "document_ids": [DOCUMENT_ID],
        "response_text": "The floor plans are attached.",
    },
    # --- the council -----------------------------------------------------------------------------------
    ("POST", "/api/v1/council/consultees"): {
        "name": "Highways team",
        "organisation": "Demo Borough Council",
        "email": "highways@demo.example",
        "kind": "internal",
        "response_days": 21,
        "expertise": "access and parking",
    },
    ("PUT", "/api/v1/council/consultees/{consultee_id}"): {
        "name": "Highways development control",
        "organisation": "Demo Borough Council",
        "email": "highways@demo.example",
        "kind": "internal",
        "response_days": 14,
    },
    ("PUT", "/api/v1/council/conditions"): {
        "conditions": [
            {
                "code": "materials-to-match",
                "title": "Materials to match",
                "text": "The materials of the external surfaces shall match those of the existing building.",
                "reason": "To protect the character and appearance of the building and the area.",
                "applies_to": ["householder", "minor"],
                "default": False,
            }
        ]
    },
    ("PUT", "/api/v1/council/policies"): {
        "policies": [
            {
                "id": "dm1",
                "reference": "DM1",
                "title": "Design of extensions",
                "summary": "Extensions respect the host building's scale, form and materials.",
                "plan": "Demo Local Plan (2022)",
            }
        ]
    },
    ("PUT", "/api/v1/council/settings"): {"out_of_hours_from": "17:00"},
    ("PUT", "/api/v1/council/templates/{name}"): {
        "parts": {
            "body": "Dear Occupier,\n\nWe have received a planning application ({reference}) for {site_address}.\n"
            "Proposal: {description}\n\nComment by {end_date} at {comment_url}\n\n{council_name}"
        }
    },
    ("PUT", "/api/v1/council/local-list"): {
        "council": "demo",
        "name": "Demo council local validation list",
        "adopted_on": "2025-04-01",
        "rules": [
            {
                "id": "heritage-conservation-area",
                "reason": "the site is in a conservation area",
                "when": {"designation": ["designated.conservationArea"]},
                # each entry a list of alternatives (any one will do), as the schema states it
                "require": [["heritageStatement"]],
                "types": ["pp.full.householder"],
            }
        ],
    },
    # --- enforcement: a report taken by an officer, and one step of the investigation (triage shown) ------
    ("POST", "/api/v1/enforcement"): {
        "description": "A high fence built along the front boundary, about 2.5 m tall.",
        "address": "12 Example Road, Demo Town",
        "postcode": "SW9 9RZ",
        "began_on": "2026-09-01",
        "reporter": {"name": "A. Neighbour", "email": "neighbour@example.org"},
    },
    ("POST", "/api/v1/enforcement/{reference}/{action}"): {
        "categories": ["operational_development"],
        "immunity_kind": "operational_development",
        "began_on": "2026-09-01",
    },
    ("POST", "/api/v1/tokens"): {"name": "PlanX submissions", "scopes": ["submission:write"]},
    ("POST", "/api/v1/notify/{council}/callback"): {
        "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
        "reference": "c0ffee00c0ffee00",
        "status": "delivered",
        "notification_type": "letter",
    },
}


def example(method: str, path: str, model: type[BaseModel] | None = None) -> Any | None:
    """The example body of an operation (its body model ``model``'s own when none is kept here), None when
    it has none."""
    if (method, path) in (("POST", "/api/v1/submissions"), ("POST", "/api/v2/planning_applications")):
        return submission()
    if (method, path) in _EXAMPLES:
        return _EXAMPLES[(method, path)]
    extra = model.model_config.get("json_schema_extra") if model is not None else None
    examples = extra.get("examples") if isinstance(extra, dict) else None
    return examples[0] if isinstance(examples, list) and examples else None


@cache
def submission() -> dict[str, Any]:
    """An ODP v0.7.7 householder application, as the schema's own example gives it."""
    text = resources.files("bops.odp").joinpath("schema/examples/fullHouseholder.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
