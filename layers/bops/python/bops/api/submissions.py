"""Submission intake for integrators (PlanX and other submission services)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, integrator
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import intake

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="submissions")


@api.route(
    "/api/v1/submissions",
    "POST",
    auth=integrator("submission:write"),
    summary="Submit an application in the ODP schema v0.7.7; the same metadata.id twice gives one application",
    response="bops.services.intake:SubmissionAccepted",
    status=201,
    raw_body=True,
)
def submit(identity: Identity, raw: bytes) -> intake.SubmissionAccepted:
    from bops.services import intake

    return intake.submit(context(), identity, raw)
