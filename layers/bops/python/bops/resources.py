"""Names of the deployed resources, shared by the CDK app (infra/cdk) and the local runtime (local/).

Both read this one module so the two cannot drift apart: the CDK app creates each resource with
these names and passes each ``${Key}`` substitution into the state machine definitions; the local
runtime creates the same resources in moto and substitutes the same keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[4]
STATEMACHINES_DIR = REPO_ROOT / "statemachines"


@dataclass(frozen=True)
class FunctionSpec:
    """An event-driven Lambda function in ``functions/``."""

    name: str  # logical name, also the suffix of the deployed function name
    handler: str  # dotted path from the repository root, e.g. "functions.workflow.record_receipt"
    description: str
    timeout_seconds: int = 30
    memory_mb: int = 512


@dataclass(frozen=True)
class StateMachineSpec:
    name: str
    definition_file: str  # file name in statemachines/
    # substitution key (as written ``${Key}`` in the ASL) -> logical name of the function whose ARN it takes
    function_arns: dict[str, str] = field(default_factory=dict)
    # substitution key -> which other resource it names ("event_bus_name", "table_name", ...)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return STATEMACHINES_DIR / self.definition_file


# --- stable names (a deployment may prefix them with its stage, see ``resource_name``) ---
TABLE = "bops-main"
DOCUMENTS_BUCKET = "bops-documents"
UPLOADS_QUEUE = "bops-uploads"
UPLOADS_DLQ = "bops-uploads-dlq"
EVENT_BUS = "bops-events"
OPEN_DATA_QUEUE = "bops-open-data"  # the bus's case events for the open data function (EventBridge rule -> SQS)
OPEN_DATA_DLQ = "bops-open-data-dlq"
OPEN_DATA_RULE = "bops-open-data"
# the events that may change a case's open data (the rule's detail-type prefixes; source: the bus's "bops")
OPEN_DATA_EVENT_PREFIXES = ("application.", "consultation.")
USER_POOL = "bops-officers"
USER_POOL_CLIENT = "bops-web"
OFFICER_ROLES = ("assessor", "reviewer", "administrator")

# S3 key prefixes in the documents bucket
UPLOADS_PREFIX = "uploads/"  # applicant/officer uploads (presigned POST); S3 notifies the queue
ENFORCEMENT_PREFIX = "enforcement/"  # enforcement site visits' photos (presigned POST), served once scanned clean
#: What the malware scanner (GuardDuty Malware Protection for S3) scans: everything people upload
SCANNED_PREFIXES = (UPLOADS_PREFIX, ENFORCEMENT_PREFIX)
SUBMISSIONS_PREFIX = "submissions/"  # the original ODP submission, kept verbatim
NOTICES_PREFIX = "notices/"  # generated decision notices
DOCUMENTS_PREFIX = "documents/"  # uploads that passed the checks, copied here; the only prefix served
OPEN_DATA_PREFIX = "open-data/"  # each council's national open data files (served by short-lived links)

# Global secondary indexes of the one table; each key starts with the council id.
GSI_NAMES = ("gsi1", "gsi2", "gsi3", "gsi4", "gsi5", "gsi6", "gsi7")

FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in (
        FunctionSpec(
            name="RecordReceipt",
            handler="functions.workflow.record_receipt",
            description="Workflow task: records receipt of a new planning application",
        ),
        FunctionSpec(
            name="AwaitOfficer",
            handler="functions.workflow.await_officer",
            description="Workflow task: keeps the task token of an officer milestone on the case",
        ),
        FunctionSpec(
            name="RecordDetermination",
            handler="functions.workflow.record_determination",
            description="Workflow task: issues the decision notice and announces the determination",
            timeout_seconds=60,
            memory_mb=1024,
        ),
        FunctionSpec(
            name="CheckDeadlines",
            handler="functions.workflow.check_deadlines",
            description="Workflow task: raises approaching-expiry and overdue events, says when to look again",
        ),
        FunctionSpec(
            name="CheckOnArrival",
            handler="functions.workflow.check_on_arrival",
            description="Workflow task: the automated validation checks, with draft validation requests",
            timeout_seconds=60,
            memory_mb=1024,
        ),
        FunctionSpec(
            name="ValidationRequestTimer",
            handler="functions.workflow.validation_request_timer",
            description="Workflow task: auto-closes a validation request when its time is up",
        ),
        FunctionSpec(
            name="ConsultationRecipients",
            handler="functions.consultation.recipients",
            description="Consultation workflow: who to send letters and emails to (the Map state's items)",
        ),
        FunctionSpec(
            name="ConsultationSend",
            handler="functions.consultation.send",
            description="Consultation workflow: one neighbour letter or consultee email, sent once",
        ),
        FunctionSpec(
            name="ConsultationLettersSent",
            handler="functions.consultation.letters_sent",
            description="Consultation workflow: records the day the letters went out",
        ),
        FunctionSpec(
            name="ConsultationCheckEnd",
            handler="functions.consultation.check_end",
            description="Consultation workflow: completes the consultation after its end date",
        ),
        FunctionSpec(
            name="RecordWorkflowFailure",
            handler="functions.workflow.record_failure",
            description="Workflow task: records a failed workflow step on the case",
        ),
        FunctionSpec(
            name="PreApplicationTask",
            handler="functions.pre_application.handler",
            description="Pre-application workflow: keeps task tokens, marks overdue, issues the advice report",
            timeout_seconds=60,
            memory_mb=1024,
        ),
        FunctionSpec(
            name="EnforcementTask",
            handler="functions.enforcement.task",
            description="Enforcement workflow: keeps an officer step's task token; raises compliance checks due",
        ),
        FunctionSpec(
            name="OpenData",
            handler="functions.open_data.handler",
            description="Rebuilds a council's national open data files when its cases change (EventBridge -> SQS)",
            timeout_seconds=120,
            memory_mb=1024,
        ),
        FunctionSpec(
            name="Documents",
            handler="functions.documents.handler",
            description="Identifies, hashes and records uploaded documents (S3 -> SQS)",
            timeout_seconds=60,
            memory_mb=1024,
        ),
    )
}

# The HTTP API's function: the Chalice app object in app.py (repository root) is the Lambda handler.
# Not in FUNCTIONS, which holds the event-driven functions; locally chalice's server runs the app instead.
API_FUNCTION = FunctionSpec(
    name="Api",
    handler="app.app",
    description="HTTP API: the Chalice app (officers' and integrators' routes)",
    timeout_seconds=29,  # API Gateway stops waiting at 29 s
    memory_mb=1024,
)

STATE_MACHINES: dict[str, StateMachineSpec] = {
    "Application": StateMachineSpec(
        name="Application",
        definition_file="application.asl.json",
        function_arns={
            "RecordReceiptFunctionArn": "RecordReceipt",
            "AwaitOfficerFunctionArn": "AwaitOfficer",
            "RecordDeterminationFunctionArn": "RecordDetermination",
            "CheckDeadlinesFunctionArn": "CheckDeadlines",
            "CheckOnArrivalFunctionArn": "CheckOnArrival",
            "RecordWorkflowFailureFunctionArn": "RecordWorkflowFailure",
        },
    ),
    "ValidationRequest": StateMachineSpec(
        name="ValidationRequest",
        definition_file="validation_request.asl.json",
        function_arns={"ValidationRequestTimerFunctionArn": "ValidationRequestTimer"},
    ),
    "Consultation": StateMachineSpec(
        name="Consultation",
        definition_file="consultation.asl.json",
        function_arns={
            "ConsultationRecipientsFunctionArn": "ConsultationRecipients",
            "ConsultationSendFunctionArn": "ConsultationSend",
            "ConsultationLettersSentFunctionArn": "ConsultationLettersSent",
            "ConsultationCheckEndFunctionArn": "ConsultationCheckEnd",
        },
    ),
    "PreApplication": StateMachineSpec(
        name="PreApplication",
        definition_file="pre_application.asl.json",
        function_arns={"PreApplicationTaskFunctionArn": "PreApplicationTask"},
    ),
    "Enforcement": StateMachineSpec(
        name="Enforcement",
        definition_file="enforcement.asl.json",
        function_arns={"EnforcementTaskFunctionArn": "EnforcementTask"},
    ),
}


def open_data_event_pattern() -> dict[str, list[object]]:
    """The open data rule's EventBridge pattern (the local run's rule; CDK builds the same from the prefixes)."""
    return {"source": ["bops"], "detail-type": [{"prefix": p} for p in OPEN_DATA_EVENT_PREFIXES]}


def resource_name(base: str, stage: str = "") -> str:
    """The deployed name of a resource: ``bops-main`` or, with a stage, ``bops-main-prod``."""
    return f"{base}-{stage}" if stage else base


def function_name(logical: str, stage: str = "") -> str:
    return resource_name(f"bops-{logical}", stage)


def state_machine_name(logical: str, stage: str = "") -> str:
    return resource_name(f"bops-{logical}", stage)


def substitute(definition: str, values: dict[str, str]) -> str:
    """Replaces each ``${Key}`` in an ASL definition; refuses to leave one unreplaced."""
    out = definition
    for key, value in values.items():
        out = out.replace("${" + key + "}", value)
    if "${" in out:
        start = out.index("${")
        raise ValueError(f"unsubstituted key in state machine definition: {out[start : start + 60]}")
    return out
