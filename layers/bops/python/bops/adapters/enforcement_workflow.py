"""Step Functions for enforcement cases: one Standard execution per case (``statemachines/enforcement.asl.json``).

Officers' steps resume it by task token through ``bops.adapters.workflow.Workflow.resume``, as for
applications; only the start differs (another state machine, named by ``BOPS_ENFORCEMENT_STATE_MACHINE_ARN``).
"""

from __future__ import annotations

import json

from bops.adapters.aws import client
from bops.adapters.workflow import execution_name
from bops.config import settings


def start(council: str, reference: str) -> None:
    """Starts the case's execution; a second start of the same case is a no-op (the name is the case's)."""
    arn = settings().enforcement_state_machine_arn
    if not arn:
        return  # a unit test's context with no state machines
    sfn = client("stepfunctions")
    try:
        sfn.start_execution(
            stateMachineArn=arn,
            name=f"{execution_name(council, reference)}"[:80],
            input=json.dumps({"council": council, "reference": reference, "case": {"status": "received", "step": 0}}),
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        pass
