"""What a decision issues: the decision notice and the officer report (HTML and PDF, kept in S3 and linked
on the case), the notice emailed to the applicant and the agent, and the public links to both.

The notice is built from the decision and the assessment: each condition with its reason from the
conditions task (else the recommendation's plain conditions), the informatives, the approved plans by
drawing number, each reason for refusal with the policies it cites, and the signature of the officer who
decided, by full name and job title (kept on the decision; a decision is not made without them).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from bops.domain.errors import Conflict, NotFound
from bops.model import Model
from bops.services.cases import REPORT_TASK

if TYPE_CHECKING:
    from bops.domain.decision_notice import DecisionNotice
    from bops.domain.officer_report import OfficerReport
    from bops.services.context import Context

LINK_SECONDS = 300


class PublishedLink(Model):
    url: str = Field(description="A short-lived link to the document")
    format: Literal["pdf", "html"]
    expires_in: int


def signatory(ctx: Context, case: dict[str, Any]) -> tuple[str, str]:
    """Who signs the notice: the deciding officer's full name and job title, kept on the decision when it was
    made (``bops.services.cases.signatory`` refuses to decide without them). A decision recorded before
    then is signed from the officer directory; without a full name and job title there either, no notice is
    issued (Conflict): a notice signed with a username is not signed by an identifiable authorised officer."""
    decision = case["decision"]
    kept = decision.get("signatory") or {}
    name, title = (kept.get("name") or "").strip(), (kept.get("job_title") or "").strip()
    if not (name and title):
        from bops.services.officers import get_officer

        username = decision["determined_by"]
        officer = get_officer(ctx, case["council"], username)
        name = (officer.name or "").strip() if officer is not None else ""
        name = "" if name == username else name  # the directory gives the username when it has no name
        title = ((officer.job_title or "").strip() if officer is not None else "") or ""
    if not (name and title):
        raise Conflict(
            f"The decision notice of {case['reference']} cannot be signed: the deciding officer has no full "
            "name and job title in the officer directory"
        )
    return name, title if decision.get("made_by") != "committee" else f"{title}, on behalf of the Planning Committee"


def _task_data(tasks: dict[str, Any], name: str) -> dict[str, Any]:
    task = tasks.get(name)
    return dict(task.data) if task is not None else {}


def _worded(condition: dict[str, Any] | str) -> str:
    """A condition as the notice states it: its text, then its reason (DMPO 2015 art. 35(1)(a)). A plain
    string is a condition recorded before conditions carried their reasons."""
    if isinstance(condition, str):
        return condition.strip()
    text, reason = (condition.get("text") or "").strip(), (condition.get("reason") or "").strip()
    return text + (f"\nReason: {reason}" if reason else "")


def _text(condition: dict[str, Any] | str) -> str:
    return (condition if isinstance(condition, str) else condition.get("text") or "").strip()


def notice_conditions(decision: dict[str, Any], tasks: dict[str, Any]) -> list[str]:
    """Each condition with its reason: the conditions task's (when the decision takes the recommended
    conditions) and any the recommendation added, else the decision's own (a committee's); then, on a grant,
    the removal of the permitted development rights the rights task records
    (``bops.domain.conditions.removal_of_rights``: GPDO 2015 art. 3(4))."""
    from bops.domain.conditions import CaseCondition, removal_of_rights

    written = [c for c in _task_data(tasks, "conditions").get("conditions") or [] if (c.get("text") or "").strip()]
    added = [c for c in decision.get("conditions") or [] if _text(c)]
    out: list[str] = []
    if decision.get("conditions_from_assessment") and written:
        texts = {c["text"].strip() for c in written}
        # the task's conditions with their reasons, then any the officer added on the recommendation only
        out = [_worded(c) for c in written] + [_worded(c) for c in added if _text(c) not in texts]
    elif decision.get("conditions") or decision.get("conditions_from_assessment"):
        out = [_worded(c) for c in added]
    if decision.get("decision") == "granted":
        kept = [CaseCondition.model_validate(c) for c in written] if decision.get("conditions_from_assessment") else []
        rights = removal_of_rights(kept, _task_data(tasks, "permitted_development_rights"))
        if rights is not None:
            out.append(_worded(rights.model_dump()))
    return out


def notice_reasons(decision: dict[str, Any], tasks: dict[str, Any]) -> list[str]:
    """Each reason for refusal, with the policies it cites (DMPO 2015 art. 35(1)(b))."""
    considered = {
        c.get("policy_id"): c for c in _task_data(tasks, "policies").get("considerations") or [] if c.get("policy_id")
    }
    cited = {r["text"]: r.get("policy_ids") or [] for r in decision.get("refusal_reasons") or []}
    out = []
    for text in decision.get("reasons") or []:
        policies = [considered[p] for p in cited.get(text, []) if p in considered]
        names = "; ".join(
            " ".join(part for part in (p.get("reference"), p.get("title")) if part) or p["policy_id"] for p in policies
        )
        out.append(f"{text}\nContrary to: {names}." if names else text)
    return out


def notice_plans(tasks: dict[str, Any]) -> list[str]:
    plans = _task_data(tasks, "approved_plans").get("plans") or []
    return [
        " - ".join(part for part in ((p.get("drawing_number") or "").strip(), (p.get("title") or "").strip()) if part)
        for p in plans
        if (p.get("drawing_number") or p.get("title"))
    ]


def build_notice(ctx: Context, case: dict[str, Any], tasks: dict[str, Any]) -> DecisionNotice:
    from bops.domain.decision_notice import DecisionNotice
    from bops.services.councils import get_council

    decision = case["decision"]
    name, title = signatory(ctx, case)
    refusal = decision["decision"] in ("refused", "prior_approval_refused")
    conditions_task = _task_data(tasks, "conditions")
    return DecisionNotice(
        council_name=get_council(ctx, case["council"]).name,
        reference=case["reference"],
        application_type_name=case["application_type_name"],
        application_type_code=case["application_type"],
        site_address=case["site"]["address"],
        description=case["description"],
        applicant_name=(case.get("applicant") or {}).get("name") or None,
        agent_name=(case.get("agent") or {}).get("name") or None,
        decision=decision["decision"],
        decided_on=date.fromisoformat(decision["determined_on"]),
        received_on=date.fromisoformat(case["received_on"]),
        valid_from=date.fromisoformat(case["valid_from"]) if case.get("valid_from") else None,
        conditions=[] if refusal else notice_conditions(decision, tasks),
        reasons=notice_reasons(decision, tasks) if refusal else [],
        informatives=[i for i in conditions_task.get("informatives") or [] if str(i).strip()],
        approved_plans=[] if refusal else notice_plans(tasks),
        signatory_name=name,
        signatory_title=title,
    )


def build_report(ctx: Context, case: dict[str, Any], tasks: dict[str, Any]) -> OfficerReport | None:
    """The officer report kept with the recommendation; None for a case recommended before reports."""
    from bops.domain import officer_report
    from bops.domain.officer_report import OfficerReport
    from bops.services.councils import get_council

    kept = tasks.get(REPORT_TASK)
    text = (kept.data.get("text") if kept is not None else None) or ""
    recommendation = case.get("recommendation") or {}
    if not text.strip() or not recommendation:
        return None
    decision = case["decision"]
    return OfficerReport(
        council_name=get_council(ctx, case["council"]).name,
        reference=case["reference"],
        site_address=case["site"]["address"],
        description=case["description"],
        text=officer_report.with_conclusion(text, recommendation.get("summary")),
        officer=recommendation.get("by") or "",
        recommendation=recommendation.get("decision", "").replace("_", " "),
        decided_on=date.fromisoformat(decision["determined_on"]),
        decision=decision["decision"].replace("_", " "),
        reviewer=decision.get("determined_by") if decision.get("made_by") == "reviewer" else None,
    )


def issue(ctx: Context, case: dict[str, Any]) -> dict[str, Any]:
    """Renders the notice and the report and keeps them in S3 (the same keys on a retry): the record the
    case keeps (``decision_notice``)."""
    from bops.domain import decision_notice, officer_report
    from bops.domain.time import iso

    council, reference = case["council"], case["reference"]
    decision = case["decision"]
    tasks = ctx.repo.assessment.tasks(council, reference)
    notice = build_notice(ctx, case, tasks)
    prefix = f"notices/{council}/{reference}/decision-notice-{decision['determined_on']}"
    # Written before the case records them: a retry overwrites the same keys with the same documents.
    ctx.storage.put(f"{prefix}.html", decision_notice.render_html(notice).encode(), "text/html; charset=utf-8")
    ctx.storage.put(f"{prefix}.pdf", decision_notice.render_pdf(notice), "application/pdf")
    record: dict[str, Any] = {
        "html_key": f"{prefix}.html",
        "pdf_key": f"{prefix}.pdf",
        "determined_on": decision["determined_on"],
        "issued_at": iso(ctx.clock.now()),
    }
    report = build_report(ctx, case, tasks)
    if report is not None:
        report_prefix = f"notices/{council}/{reference}/officer-report-{decision['determined_on']}"
        html = officer_report.render_html(report).encode()
        ctx.storage.put(f"{report_prefix}.html", html, "text/html; charset=utf-8")
        ctx.storage.put(f"{report_prefix}.pdf", officer_report.render_pdf(report), "application/pdf")
        record["report_html_key"] = f"{report_prefix}.html"
        record["report_pdf_key"] = f"{report_prefix}.pdf"
    return record


def public_page(case: dict[str, Any]) -> str:
    """The application's page on the public register (the notice and the report are linked there)."""
    from bops.config import link

    return link(f"/public.html#{case['council']}/{case['reference']}")


def email_notice(ctx: Context, case: dict[str, Any]) -> int:
    """Emails the decision to the applicant and the agent (each once: ``messages.send_once``), linking to
    the notice on the public register. Returns how many were sent now."""
    from bops.adapters.notify import Email
    from bops.repository.delivery import Message, recipient_id
    from bops.services.messages import send_once

    decision = case["decision"]
    sent = 0
    seen = set()
    for role in ("applicant", "agent"):
        person = case.get(role) or {}
        address = (person.get("email") or "").strip()
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        message = Message(
            council=case["council"],
            reference=case["reference"],
            kind="decision_notice",
            recipient=recipient_id(address),
            round=0,
        )
        email = Email(
            council=case["council"],
            template="decision_notice",
            to=address,
            personalisation={
                "name": person.get("name") or role,
                "reference": case["reference"],
                "site_address": case["site"]["address"],
                "decision": decision["decision"].replace("_", " "),
                "decided_on": decision["determined_on"],
                "link": public_page(case),
            },
            reference=case["reference"],
        )

        def compose(email: Email = email) -> Email:
            return email

        if send_once(ctx, message, compose):
            sent += 1
    return sent


def public_link(ctx: Context, council: str, reference: str, document: str, fmt: str) -> PublishedLink:
    """A short-lived link to a published, determined application's notice or officer report. The web page
    (HTML) opens in the browser; the PDF downloads."""
    from bops.services.consultation import published_case

    case = published_case(ctx, council, reference)
    return document_link(ctx, case, document, fmt)


def document_link(ctx: Context, case: dict[str, Any], document: str, fmt: str) -> PublishedLink:
    record = case.get("decision_notice") or {}
    reference = case["reference"]
    prefix = "" if document == "notice" else "report_"
    key = record.get(f"{prefix}{'pdf' if fmt == 'pdf' else 'html'}_key")
    if not key:
        what = "decision notice" if document == "notice" else "officer report"
        raise NotFound(f"Application {reference} has no {what}")
    name = "decision-notice" if document == "notice" else "officer-report"
    url = ctx.storage.presigned_get(
        key, file_name=f"{reference}-{name}.{fmt}", expires_in=LINK_SECONDS, inline=fmt == "html"
    )
    return PublishedLink(url=url, format="pdf" if fmt == "pdf" else "html", expires_in=LINK_SECONDS)
