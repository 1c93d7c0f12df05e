"""Step Functions: one Standard execution per application; officer milestones resume it by task token."""

from __future__ import annotations

import json
from typing import Any

from bops.adapters.aws import client


def execution_name(council: str, reference: str) -> str:
    """Derived from the case, so a retried start cannot create a second execution."""
    return f"{council}--{reference}"


class Workflow:
    def __init__(self, state_machine_arn: str, request_timer_arn: str = "", consultation_arn: str = "") -> None:
        self.state_machine_arn = state_machine_arn
        self.request_timer_arn = request_timer_arn
        self.consultation_arn = consultation_arn

    def start_consultation(self, council: str, reference: str, *, run: str | None = None) -> None:
        """Starts the consultation's workflow: one execution per case, and one more per ``run`` (a
        consultation reopened after it completed, e.g. ``reopened-2027-01-15``)."""
        sfn = client("stepfunctions")
        try:
            sfn.start_execution(
                stateMachineArn=self.consultation_arn,
                name=f"{execution_name(council, reference)}--consultation{'--' + run if run else ''}"[:80],
                input=json.dumps({"council": council, "reference": reference}),
            )
        except sfn.exceptions.ExecutionAlreadyExists:
            pass

    def start_request_timer(self, council: str, reference: str, request_id: str) -> None:
        """Starts the auto-close timer of a validation request (one execution per request)."""
        sfn = client("stepfunctions")
        try:
            sfn.start_execution(
                stateMachineArn=self.request_timer_arn,
                name=f"{execution_name(council, reference)}--{request_id}"[:80],
                input=json.dumps({"council": council, "reference": reference, "request_id": request_id}),
            )
        except sfn.exceptions.ExecutionAlreadyExists:
            pass

    def start(self, council: str, reference: str) -> str:
        sfn = client("stepfunctions")
        name = execution_name(council, reference)
        try:
            response = sfn.start_execution(
                stateMachineArn=self.state_machine_arn,
                name=name,
                input=json.dumps({"council": council, "reference": reference}),
            )
            return response["executionArn"]
        except sfn.exceptions.ExecutionAlreadyExists:
            return self.execution_arn(council, reference)

    def execution_arn(self, council: str, reference: str) -> str:
        arn = self.state_machine_arn.replace(":stateMachine:", ":execution:")
        return f"{arn}:{execution_name(council, reference)}"

    def resume(self, task_token: str, output: dict[str, Any]) -> bool:
        """Resumes a waiting execution. False when the token was already used or has expired:
        the workflow then catches up by itself (its waiting task re-reads the case)."""
        sfn = client("stepfunctions")
        try:
            sfn.send_task_success(taskToken=task_token, output=json.dumps(output))
            return True
        except (sfn.exceptions.InvalidToken, sfn.exceptions.TaskDoesNotExist, sfn.exceptions.TaskTimedOut):
            return False
