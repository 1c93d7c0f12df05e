// The summaries task (?task=assessment-summaries): the site and its surroundings, the proposal, what
// neighbours and consultees said (pre-filled: the comments counted by stance with the topics raised, each
// consultee's stance), amenity and design. The body of the officer report.
import { h, summaryList } from "../../dom.js";
import { textarea } from "../../forms.js";
import { caseUrl } from "../tasks.js";
import { taskPage } from "./page.js";

const SECTIONS = [
  ["site_and_surroundings", "Site and surroundings", "Describe the site, the building and the area around it."],
  ["proposal", "The proposal", "What is proposed, as you understand it from the plans."],
  ["neighbour_responses", "Neighbour responses", "What neighbours and the public said, and your response to the points raised."],
  ["consultee_responses", "Consultee responses", "What each consultee said, and how the proposal answers it."],
  ["amenity", "Amenity", "The effect on neighbours: light, outlook, privacy, noise."],
  ["design", "Design", "Design, character and appearance, and the effect on the street scene."],
];
const STANCES = { approved: "No objection", amendments_needed: "Amendments needed", objected: "Objection" };
const TOPICS = { design: "Design", use: "Use", privacy: "Privacy", light: "Light", access: "Access", noise: "Noise", traffic: "Traffic", other: "Other" };

/** What the pre-fill counted: comments by stance and topic (a link to the comments), consultees' stances. */
function evidence(ctx, data) {
  const tally = data.neighbour_tally;
  const stances = data.consultee_stances || [];
  if (!tally && !stances.length) return [];
  return [
    h("h2", { class: "govuk-heading-m" }, "What the consultation received"),
    tally
      ? summaryList([
          ["Comments", String(tally.total)],
          ["Objections", String(tally.objection)],
          ["In support", String(tally.supportive)],
          ["Neutral", String(tally.neutral)],
          ["Topics raised", tally.topics.length ? tally.topics.map((t) => TOPICS[t] || t).join(", ") : "None"],
        ])
      : null,
    h(
      "p",
      { class: "govuk-body" },
      h("a", { class: "govuk-link", href: caseUrl(ctx.application.reference, { task: "consultation" }), id: "comments-link" }, "Read the comments and the consultees' responses"),
    ),
    stances.length
      ? h(
          "table",
          { class: "govuk-table", id: "consultee-stances" },
          h("caption", { class: "govuk-table__caption govuk-table__caption--s" }, "Consultees"),
          h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row" }, ["Consultee", "Stance"].map((text) => h("th", { scope: "col", class: "govuk-table__header" }, text)))),
          h(
            "tbody",
            { class: "govuk-table__body" },
            stances.map((s) =>
              h(
                "tr",
                { class: "govuk-table__row" },
                h("td", { class: "govuk-table__cell" }, s.name === s.organisation ? s.organisation : `${s.organisation} (${s.name})`),
                h("td", { class: "govuk-table__cell" }, STANCES[s.stance] || "No response yet"),
              ),
            ),
          ),
        )
      : null,
  ];
}

export const summariesPage = taskPage("summaries", {
  prefilledFrom: "the application, the comments received and the consultees' responses",
  build: (data, ctx) => {
    const fields = SECTIONS.map(([name, label, hint]) =>
      textarea({ name, id: name.replaceAll("_", "-"), label, hint, size: "s", rows: 6, value: data[name] || "" }),
    );
    return {
      fields,
      before: evidence(ctx, data),
      // the tallies go back as they came: they are the evidence the text was written from
      read: () => ({ ...data, ...Object.fromEntries(fields.map((f) => [f.name, f.read()])) }),
    };
  },
  show: (data, ctx) => [
    summaryList(SECTIONS.map(([name, label]) => [label, h("span", { class: "app-wrap" }, data[name] || "None")]), { wrap: true }),
    evidence(ctx, data),
  ],
});
