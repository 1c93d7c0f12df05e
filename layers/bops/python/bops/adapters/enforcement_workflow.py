"""Step Functions for enforcement cases (``statemachines/enforcement.asl.json``): one Standard execution per
case, which officers' steps resume by task token (``bops.adapters.workflow.Workflow.resume``, as for
applications), and one per served notice, the timer to its compliance date (the same machine, ``mode``
``notice``). The machine is named by ``BOPS_ENFORCEMENT_STATE_MACHINE_ARN``.
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
            input=json.dumps(
                {"mode": "case", "council": council, "reference": reference, "case": {"status": "received", "step": 0}}
            ),
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        pass


def start_notice_timer(council: str, reference: str, notice_id: str) -> None:
    """Starts a served notice's timer (one execution per notice; a second start is a no-op)."""
    arn = settings().enforcement_state_machine_arn
    if not arn:
        return
    sfn = client("stepfunctions")
    try:
        sfn.start_execution(
            stateMachineArn=arn,
            name=f"{execution_name(council, reference)}--notice-{notice_id}"[:80],
            input=json.dumps({"mode": "notice", "council": council, "reference": reference, "notice": notice_id}),
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        pass
