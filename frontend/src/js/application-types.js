// The application types the back office handles: [ODP code, name, has a consultation stage,
// is a prior approval]. A copy of bops.domain.application_types for the dashboard's filter and the
// case's forms; tests/browser/test_frontend_static.py checks the two agree.
export const APPLICATION_TYPES = [
  ["pp.full.householder", "Planning Permission - Full householder", true, false],
  ["pp.full.householder.retro", "Planning Permission - Full householder retrospective", true, false],
  ["pp.full.minor", "Planning Permission - Minor application", true, false],
  ["pp.full.major", "Planning Permission - Major application", true, false],
  ["ldc.existing", "Lawful Development Certificate - Existing use", false, false],
  ["ldc.proposed", "Lawful Development Certificate - Proposed use", false, false],
  ["pa.part1.classA", "Prior Approval - Larger extension to a house", true, true],
  ["pa.part3.classMA", "Prior Approval - Convert a commercial building into a home or homes", true, true],
  ["pa.part7.classM", "Prior Approval - Extend a school, college, university, prison or hospital", true, true],
  ["pa.part14.classJ", "Prior Approval - Install or change solar panels", true, true],
  ["pa.part20.classAB", "Prior Approval - Build homes on an adjoining commercial or mixed use building", true, true],
  ["listed", "Consent to do works to a Listed Building", true, false],
  ["advertConsent", "Consent to display an advertisement", false, false],
  ["wtt.consent", "Works to trees - Consent to carry out works to a tree with a Tree Preservation Order", false, false],
  ["wtt.notice", "Works to trees - Notification of proposed works to a tree in a Conservation Area", false, false],
  ["landDrainageConsent", "Consent to do works affecting ordinary watercourses or land drainage", false, false],
];

function row(code) {
  return APPLICATION_TYPES.find(([value]) => value === code);
}

export function hasConsultation(code) {
  return row(code)?.[2] ?? true;
}

export function isPriorApproval(code) {
  return row(code)?.[3] ?? String(code).startsWith("pa.");
}
