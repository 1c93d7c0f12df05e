"""The council's settings: its officers, its consultee directory, its letter and email templates, and its
rules for dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import Identity, officer
from bops.services.context import context

if TYPE_CHECKING:
    from bops.domain.caseload import Caseload
    from bops.domain.officers import OfficerList
    from bops.services import consultee_directory as directory
    from bops.services import council_libraries as libraries
    from bops.services import councils, templates

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="council")


@api.route(
    "/api/v1/council/officers",
    "GET",
    auth=officer(),
    summary="The council's officers: who a case may be assigned to, with their names, job titles and roles",
    response="bops.domain.officers:OfficerList",
)
def list_officers(identity: Identity) -> OfficerList:
    from bops.services import officers

    return officers.officer_list(context(), identity.council)


@api.route(
    "/api/v1/council/caseload",
    "GET",
    auth=officer(),
    summary="The team's caseload: per officer (then the unassigned cases), open cases, overdue, due within five "
    "business days, and by status",
    response="bops.domain.caseload:Caseload",
)
def team_caseload(identity: Identity) -> Caseload:
    from bops.services import caseload

    return caseload.caseload(context(), identity.council)


@api.route(
    "/api/v1/council/consultees",
    "GET",
    auth=officer(),
    summary="The council's consultee directory: internal teams and external bodies, with response periods",
    response="bops.services.consultee_directory:Directory",
)
def list_consultees(identity: Identity) -> directory.Directory:
    from bops.services import consultee_directory as directory

    return directory.list_directory(context(), identity.council)


@api.route(
    "/api/v1/council/consultees",
    "POST",
    auth=officer("administrator"),
    summary="Add a consultee to the council's directory",
    body="bops.services.consultee_directory:DirectoryEntry",
    response="bops.services.consultee_directory:DirectoryConsultee",
    status=201,
)
def add_consultee(identity: Identity, body: directory.DirectoryEntry) -> directory.DirectoryConsultee:
    from bops.services import consultee_directory as directory

    return directory.add_entry(context(), identity.council, body, changed_by=identity.actor)


@api.route(
    "/api/v1/council/consultees/{consultee_id}",
    "PUT",
    auth=officer("administrator"),
    summary="Change a consultee in the directory (cases already consulted keep what was sent)",
    body="bops.services.consultee_directory:DirectoryEntry",
    response="bops.services.consultee_directory:DirectoryConsultee",
)
def change_consultee(
    identity: Identity, consultee_id: str, body: directory.DirectoryEntry
) -> directory.DirectoryConsultee:
    from bops.services import consultee_directory as directory

    return directory.change_entry(context(), identity.council, consultee_id, body, changed_by=identity.actor)


@api.route(
    "/api/v1/council/consultees/{consultee_id}",
    "DELETE",
    auth=officer("administrator"),
    summary="Take a consultee out of the directory",
    response="bops.services.consultee_directory:Directory",
)
def remove_consultee(identity: Identity, consultee_id: str) -> directory.Directory:
    from bops.services import consultee_directory as directory

    return directory.remove_entry(context(), identity.council, consultee_id)


@api.route(
    "/api/v1/council/templates",
    "GET",
    auth=officer(),
    summary="The council's consultation templates (neighbour letter, consultee email), with previews",
    response="bops.services.templates:TemplateList",
)
def list_templates(identity: Identity) -> templates.TemplateList:
    from bops.services import templates

    return templates.list_templates(context(), identity.council)


@api.route(
    "/api/v1/council/templates/{name}",
    "PUT",
    auth=officer("administrator"),
    summary="Change a template's wording (placeholders in braces, checked before it is kept)",
    body="bops.services.templates:TemplateChange",
    response="bops.services.templates:TemplateView",
)
def set_template(identity: Identity, name: str, body: templates.TemplateChange) -> templates.TemplateView:
    from bops.services import templates

    return templates.set_template(context(), identity.council, name, body, changed_by=identity.actor)


@api.route(
    "/api/v1/council/templates/{name}",
    "DELETE",
    auth=officer("administrator"),
    summary="Put a template back to the default wording",
    response="bops.services.templates:TemplateView",
)
def reset_template(identity: Identity, name: str) -> templates.TemplateView:
    from bops.services import templates

    return templates.reset_template(context(), identity.council, name)


@api.route(
    "/api/v1/council/settings",
    "GET",
    auth=officer(),
    summary="The council's own rules for dates: when an application received out of hours counts from",
    response="bops.services.councils:CouncilSettings",
)
def settings(identity: Identity) -> councils.CouncilSettings:
    from bops.services import councils

    return councils.get_settings(context(), identity.council)


@api.route(
    "/api/v1/council/settings",
    "PUT",
    auth=officer("administrator"),
    summary="Change the council's rules for dates (for applications arriving from now)",
    body="bops.services.councils:CouncilSettings",
    response="bops.services.councils:CouncilSettings",
)
def change_settings(identity: Identity, body: councils.CouncilSettings) -> councils.CouncilSettings:
    from bops.services import councils

    return councils.set_settings(context(), identity.council, body, changed_by=identity.actor)


# --- libraries for the officer's assessment: standard conditions and policies -----------------------------
@api.route(
    "/api/v1/council/conditions",
    "GET",
    auth=officer(),
    summary="The council's standard conditions library (the bundled one until administrators edit it)",
    response="bops.services.council_libraries:ConditionsLibraryView",
)
def get_conditions_library(identity: Identity) -> libraries.ConditionsLibraryView:
    from bops.services import council_libraries as libraries

    return libraries.get_conditions_library(context(), identity.council)


@api.route(
    "/api/v1/council/conditions",
    "PUT",
    auth=officer("administrator"),
    summary="Replace the standard conditions library (each entry checked; cases keep the conditions they took)",
    body="bops.services.council_libraries:ConditionsLibraryChange",
    response="bops.services.council_libraries:ConditionsLibraryView",
)
def set_conditions_library(
    identity: Identity, body: libraries.ConditionsLibraryChange
) -> libraries.ConditionsLibraryView:
    from bops.services import council_libraries as libraries

    return libraries.set_conditions_library(context(), identity.council, body, changed_by=identity.actor)


@api.route(
    "/api/v1/council/policies",
    "GET",
    auth=officer(),
    summary="The council's planning policies (local plan, NPPF paragraphs) officers assess applications against",
    response="bops.services.council_libraries:PoliciesView",
)
def get_policies(identity: Identity) -> libraries.PoliciesView:
    from bops.services import council_libraries as libraries

    return libraries.get_policies(context(), identity.council)


@api.route(
    "/api/v1/council/policies",
    "PUT",
    auth=officer("administrator"),
    summary="Replace the council's policies (each entry checked; policy ids stay stable for refusal reasons)",
    body="bops.services.council_libraries:PoliciesChange",
    response="bops.services.council_libraries:PoliciesView",
)
def set_policies(identity: Identity, body: libraries.PoliciesChange) -> libraries.PoliciesView:
    from bops.services import council_libraries as libraries

    return libraries.set_policies(context(), identity.council, body, changed_by=identity.actor)
