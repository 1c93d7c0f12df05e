"""Pre-application advice for officers: the council's open requests, one request with its audit trail and
report links, one route for every officer action (``{action}``, each with its own body model), and the
council's service settings (administrators). None of it is public: a pre-application is confidential."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer

if TYPE_CHECKING:
    from bops.domain.pre_application import PreApplicationSettings
    from bops.services import pre_applications

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="pre-applications")

OFFICERS = ("assessor", "reviewer", "administrator")
ACTION_PATH = "/api/v1/pre-applications/{reference}/{action}"


@api.route(
    "/api/v1/pre-applications",
    "GET",
    auth=officer(*OFFICERS),
    summary="The council's open pre-application advice requests, soonest target date first",
    response="bops.services.pre_applications:PreApplicationList",
)
def list_pre_applications(identity: Identity) -> pre_applications.PreApplicationList:
    from bops.services import pre_applications
    from bops.services.context import context

    return pre_applications.list_open(context(), identity)


@api.route(
    "/api/v1/pre-applications/{reference}",
    "GET",
    auth=officer(*OFFICERS),
    summary="A pre-application: the request, meetings, the advice report (links when issued), audit trail, "
    "and the actions the caller may take now",
    response="bops.services.pre_applications:PreApplicationView",
)
def get_pre_application(identity: Identity, reference: str) -> pre_applications.PreApplicationView:
    from bops.services import pre_applications
    from bops.services.context import context

    return pre_applications.view(context(), identity, reference)


@api.route(
    ACTION_PATH,
    "POST",
    auth=officer(*OFFICERS),
    summary="An officer's action: assign, start, book_meeting, record_meeting, save_report, submit_report, "
    "review (a second officer: agree or return with a comment), withdraw, close. The body is the action's "
    "own model (ACTION_BODIES); 422 names its fields, 409 when the case's state does not allow it",
    raw_body=True,
    raw_schema="bops.services.pre_applications:ActionBody",
    response="bops.services.pre_applications:PreApplicationView",
)
def act(identity: Identity, reference: str, action: str, raw: bytes) -> pre_applications.PreApplicationView:
    # One route for every action (one API Gateway resource rather than one per action).
    from bops.api.routing import parse_model, parse_object
    from bops.domain.errors import NotFound
    from bops.services import pre_applications
    from bops.services.context import context

    parse_object(raw)  # a body too large, too deep or not an object is a 400/413 whatever the action
    model = pre_applications.ACTION_BODIES.get(action)
    if model is None:
        raise NotFound(f"There is no pre-application action {action!r}")
    body = parse_model(model, raw)
    return pre_applications.act(context(), identity, reference, action, body)


@api.route(
    "/api/v1/council/pre-application-settings",
    "GET",
    auth=officer(*OFFICERS),
    summary="The council's pre-application service: fee bands, service level (working days), review rule",
    response="bops.domain.pre_application:PreApplicationSettings",
)
def get_settings(identity: Identity) -> PreApplicationSettings:
    from bops.services import pre_applications
    from bops.services.context import context

    return pre_applications.settings(context(), identity.council)


@api.route(
    "/api/v1/council/pre-application-settings",
    "PUT",
    auth=officer("administrator"),
    summary="Set the council's pre-application fee bands, service level and whether a second officer reviews",
    body="bops.domain.pre_application:PreApplicationSettings",
    response="bops.domain.pre_application:PreApplicationSettings",
)
def put_settings(identity: Identity, body: PreApplicationSettings) -> PreApplicationSettings:
    from bops.services import pre_applications
    from bops.services.context import context

    return pre_applications.put_settings(context(), identity, body)
