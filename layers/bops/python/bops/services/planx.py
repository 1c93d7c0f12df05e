"""PlanX sends applications to a back office as it sends them to BoPS: ``POST /api/v2/planning_applications``
with the ODP submission as the body, and records the ``id`` of the answer.

BoPS answers ``200 {"id": "<reference>", "message": "Application successfully created"}``
(unboxed/bops ``engines/bops_api/swagger/v2/swagger_doc.yaml``, ``POST /api/v2/planning_applications``;
``views/bops_api/v2/planning_applications/create.json.jbuilder``). This is intake's (``bops.services.intake``)
under that contract: the same token scope, validation and idempotency; sending the same ``metadata.id`` again
answers with the same id.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from bops.auth import Identity
from bops.model import Model
from bops.services.context import Context

CREATED_MESSAGE = "Application successfully created"


class PlanXSubmissionCreated(Model):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": "26-00001-HAPP", "message": "Application successfully created"}]}
    )

    id: str = Field(description="The application's reference, which PlanX records as the BoPS id")
    message: str = Field(description=f'"{CREATED_MESSAGE}", as BoPS answers')


def submit(ctx: Context, identity: Identity, raw_body: bytes) -> PlanXSubmissionCreated:
    from bops.services import intake

    accepted = intake.submit(ctx, identity, raw_body)
    return PlanXSubmissionCreated(id=accepted.reference, message=CREATED_MESSAGE)
