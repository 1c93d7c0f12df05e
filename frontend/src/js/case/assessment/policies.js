// The policies task (?task=assessment-policies): for each of the council's policies that bears on the case,
// whether the proposal complies, does not comply, or needs more information, with the officer's reasons.
// Refusal reasons cite these policies. Everything from the API goes in as text.
import { api } from "../../api.js";
import { h, summaryList } from "../../dom.js";
import { form, select, textarea } from "../../forms.js";
import { caseUrl } from "../tasks.js";
import { backToTasks, completedField, statusLine, taskPath } from "./conditions.js";
import { reviewNote, reviewPart } from "./page.js";

const POLICIES = "/api/v1/council/policies";
const FINDINGS = [
  { value: "", text: "Not relevant to this case" },
  { value: "complies", text: "Complies" },
  { value: "does_not_comply", text: "Does not comply" },
  { value: "needs_more_information", text: "Needs more information" },
];

function policyFields(policy, index, recorded) {
  const prefix = `data.considerations[${index}]`;
  const finding = select({
    id: `policy-${index}-assessment`,
    name: `${prefix}.assessment`,
    label: "Finding",
    value: recorded?.assessment || "",
    options: FINDINGS,
  });
  const comment = textarea({
    id: `policy-${index}-comment`,
    name: `${prefix}.comment`,
    label: "Your reasoning",
    hint: "Required unless it complies.",
    value: recorded?.comment || "",
    rows: 3,
  });
  const group = h(
    "fieldset",
    { class: "govuk-fieldset govuk-!-margin-bottom-6", id: `policy-${index}`, "data-policy": policy.id },
    h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, `${policy.reference}: ${policy.title}`),
    h("p", { class: "govuk-body-s" }, policy.summary || "", h("span", { class: "govuk-!-display-block govuk-hint" }, policy.plan)),
    finding.group,
    comment.group,
  );
  return {
    name: `policy-${index}`,
    id: `policy-${index}`,
    label: policy.reference,
    focusId: finding.id,
    group,
    errorTarget: finding.group,
    describe: group,
    errorControls: [],
    children: [finding, comment],
    read: () => ({ policy_id: policy.id, assessment: finding.read(), comment: comment.read() }),
  };
}

export async function policiesPage(ctx) {
  const reference = ctx.application.reference;
  const url = taskPath(reference, "policies");
  const [task, policies] = await Promise.all([api(url), api(POLICIES).then((a) => a.policies)]);
  const title = "Assess against policies";
  const back = [caseUrl(reference, { task: "assessment" }), "Back to the assessment"];
  const reviewing = reviewPart(ctx, task);
  if (reviewing) {
    const findings = Object.fromEntries(FINDINGS.map((f) => [f.value, f.text]));
    const named = new Map(policies.map((p) => [p.id, p]));
    const rows = task.data.considerations.map((c) => {
      const policy = named.get(c.policy_id) || c;
      return [`${policy.reference}: ${policy.title}`, h("span", {}, h("strong", {}, findings[c.assessment] || c.assessment), c.comment ? `. ${c.comment}` : "")];
    });
    return {
      title,
      back,
      content: [
        statusLine(task),
        reviewNote(task),
        task.prefilled ? null : rows.length ? summaryList(rows, { wrap: true }) : h("p", { class: "govuk-body" }, "No policy was found to bear on the proposal."),
        reviewing.content,
      ],
      start: reviewing.start,
    };
  }
  const recorded = new Map(task.data.considerations.map((c) => [c.policy_id, c]));
  // Policies the case cited that the council has since taken off its list stay shown, as recorded.
  const listed = [
    ...policies,
    ...task.data.considerations
      .filter((c) => !policies.some((p) => p.id === c.policy_id))
      .map((c) => ({ id: c.policy_id, reference: c.reference, title: c.title, summary: "No longer on the council's list.", plan: "" })),
  ];
  const items = listed.map((policy, index) => policyFields(policy, index, recorded.get(policy.id)));
  const status = completedField(task);
  // Only the policies given a finding are sent: the API's considerations[k] is the page's policy[index].
  const aliases = {};
  const saveForm = form({
    id: "policies-form",
    fields: [...items, status],
    aliases,
    submitText: "Save",
    validate: () => (status.read() ? [] : [{ field: status, message: "Say whether you have completed this task" }]),
    onSubmit: async () => {
      const chosen = items.map((item, index) => ({ index, ...item.read() })).filter((c) => c.assessment);
      for (const key of Object.keys(aliases)) delete aliases[key];
      chosen.forEach(({ index }, k) => {
        for (const name of ["policy_id", "assessment", "comment"]) {
          aliases[`data.considerations[${k}].${name}`] = `data.considerations[${index}].${name === "policy_id" ? "assessment" : name}`;
        }
      });
      const considerations = chosen.map(({ index, ...c }) => c);
      await api(url, { method: "PUT", body: { status: status.read(), data: { considerations } } });
      backToTasks(reference, "Policy considerations saved");
    },
  });
  return {
    title,
    back,
    content: [
      statusLine(task),
      reviewNote(task),
      h(
        "p",
        { class: "govuk-body" },
        "Choose a finding for each policy that bears on the proposal and leave the rest as not relevant. Refusal reasons cite the policies not complied with.",
      ),
      saveForm,
    ],
    start: () => saveForm.start(),
  };
}
