"""The officer's assessment task list per application type (issue: "The officer's assessment"), as data
(``domain/data/assessment_tasks.json``): every category has a list, every task named there has its module,
request body and page, and the required tasks of the six types the issue names are as it lists them."""

from __future__ import annotations

import importlib
import json
import re
from importlib import resources
from pathlib import Path

import pytest
from pydantic import BaseModel

from bops.domain import assessment as rules
from bops.domain import conditions as condition_rules
from bops.domain.application_types import Category, all_types, get_type
from bops.domain.assessment import StoredTask, TaskStatus, TaskUpdate

ROOT = Path(__file__).resolve().parents[2]
APPLICATION_PAGE = ROOT / "frontend" / "src" / "js" / "pages" / "application.js"
TASK_PAGES = ROOT / "frontend" / "src" / "js" / "case" / "assessment"


def _table() -> dict:
    text = resources.files("bops.domain").joinpath("data/assessment_tasks.json").read_text(encoding="utf-8")
    return json.loads(text)


def _named_tasks() -> set[str]:
    """Every task some category or code names."""
    table = _table()
    rows = [row for rows in table["categories"].values() for row in rows]
    rows += [row for rows in table["codes"].values() for row in rows]
    return {name for name, _required in rows}


def test_every_application_category_has_a_task_list():
    # Given the categories applications are counted under
    categories = {category.value for category in Category}
    # Then the data names a list for each, and no list for a category that does not exist
    assert set(_table()["categories"]) == categories
    for category, rows in _table()["categories"].items():
        names = [name for name, _required in rows]
        assert names, f"{category} has no assessment tasks"
        assert len(names) == len(set(names)), f"{category} names a task twice"
        assert all(isinstance(required, bool) for _name, required in rows), category
    # and code-level overrides are real application types
    codes = {t.code for t in all_types()}
    assert set(_table()["codes"]) <= codes


@pytest.mark.parametrize("app_type", all_types(), ids=lambda t: t.code)
def test_every_application_type_gets_its_task_list(app_type):
    specs = rules.tasks_for(app_type)
    assert specs, app_type.code
    # each task has its officer-facing title from the catalogue
    assert all(spec.title == rules.catalogue()[spec.name] for spec in specs)


def test_every_task_named_in_the_lists_is_in_the_catalogue():
    assert _named_tasks() <= set(rules.catalogue())
    # and nothing in the catalogue is left unused (a task no type offers is dead code)
    assert set(rules.catalogue()) <= _named_tasks()


@pytest.mark.parametrize("name", sorted(_named_tasks()))
def test_every_task_has_its_module_request_body_and_page(name):
    from bops.api.assessment import TASK_BODIES
    from bops.services.assessment import TASK_PACKAGE, task_module

    # Given a task named in the lists
    # Then it has a module of its own (not the notes fallback) offering Data, prefill and an update body
    module = task_module(name)
    assert module.__name__ == f"{TASK_PACKAGE}.{name}", f"{name} falls back to notes"
    assert isinstance(module.Data, type) and issubclass(module.Data, BaseModel)
    assert callable(module.prefill)
    # the route parses the task's own body, which narrows data to the task's model
    assert name in TASK_BODIES, f"{name} has no request body in bops.api.assessment.TASK_BODIES"
    module_path, class_name = TASK_BODIES[name].split(":")
    update = getattr(importlib.import_module(module_path), class_name)
    assert issubclass(update, TaskUpdate)
    assert update.model_fields["data"].annotation is module.Data
    # and the case page has a form for it (not the generic notes page)
    assert (TASK_PAGES / f"{name}.js").is_file(), f"no page frontend/src/js/case/assessment/{name}.js"
    assert re.search(rf'"assessment-{re.escape(name)}":\s*\w+Page', APPLICATION_PAGE.read_text())


# The required (True) and optional (False) tasks of the types the issue names, in the officer's order.
# Policies: an LDC is decided on fact and law, not planning merit: the authority issues the certificate or
# refuses it (TCPA 1990 s.191(4), s.192(2)), with no power to attach conditions; a prior approval is assessed
# only on the matters its GPDO 2015 class lists (Schedule 2, e.g. Part 1 para. A.4, Part 3 para. W). So
# neither is assessed against the development plan. The project treats prior approvals like LDCs for
# conditions (bops.domain.conditions.NO_CONDITIONS): their conditions task is optional, for informatives.
EXPECTED = {
    Category.HOUSEHOLDER: [
        ("constraints", True),
        ("site_history", True),
        ("site_visit", False),
        ("summaries", True),
        ("policies", True),
        ("conditions", True),
        ("cil", False),
        ("permitted_development_rights", False),
        ("approved_plans", True),
    ],
    Category.MINOR: [
        ("constraints", True),
        ("site_history", True),
        ("site_visit", False),
        ("summaries", True),
        ("policies", True),
        ("conditions", True),
        ("cil", True),
        # EIA screening: Schedule 2 development above the thresholds (EIA Regulations 2017 reg. 2, Sch. 2)
        ("eia", True),
        ("permitted_development_rights", False),
        ("approved_plans", True),
    ],
    Category.MAJOR: [
        ("constraints", True),
        ("site_history", True),
        ("site_visit", True),
        ("summaries", True),
        ("policies", True),
        ("conditions", True),
        ("cil", True),
        ("eia", True),
        ("permitted_development_rights", False),
        ("approved_plans", True),
    ],
    Category.LAWFUL_DEVELOPMENT_CERTIFICATE: [
        ("constraints", True),
        ("site_history", True),
        ("site_visit", False),
        ("summaries", True),
        ("conditions", False),
        ("approved_plans", True),
    ],
    Category.PRIOR_APPROVAL: [
        ("constraints", True),
        ("site_history", True),
        ("site_visit", False),
        ("summaries", True),
        ("conditions", False),
        ("approved_plans", True),
    ],
    Category.LISTED_BUILDING_CONSENT: [
        ("constraints", True),
        ("site_history", True),
        ("site_visit", True),
        ("summaries", True),
        ("policies", True),
        ("conditions", True),
        ("approved_plans", True),
    ],
}
EXAMPLES = {
    Category.HOUSEHOLDER: "pp.full.householder",
    Category.MINOR: "pp.full.minor",
    Category.MAJOR: "pp.full.major",
    Category.LAWFUL_DEVELOPMENT_CERTIFICATE: "ldc.proposed",
    Category.PRIOR_APPROVAL: "pa.part1.classA",
    Category.LISTED_BUILDING_CONSENT: "listed",
}


@pytest.mark.parametrize("category", list(EXPECTED), ids=lambda c: c.value)
def test_the_tasks_of_the_types_the_issue_names(category):
    # Given every application type of the category (an LDC existing and proposed; every prior approval class)
    types = [t for t in all_types() if t.category is category]
    assert types and get_type(EXAMPLES[category]).category is category
    for app_type in types:
        # Then its list is the expected one, required tasks as the issue lists them
        assert [(s.name, s.required) for s in rules.tasks_for(app_type)] == EXPECTED[category], app_type.code


@pytest.mark.parametrize("category", list(EXPECTED), ids=lambda c: c.value)
def test_the_tasks_every_type_needs(category):
    tasks = dict(EXPECTED[category])
    # constraints, site history and the summaries are required of every type; a site visit is always offered
    assert tasks["constraints"] and tasks["site_history"] and tasks["summaries"]
    assert "site_visit" in tasks
    # the conditions task is required exactly where the decision may carry conditions (LDC: TCPA 1990
    # s.191(4), s.192(2) issue or refuse a certificate, nothing more)
    assert tasks["conditions"] is condition_rules.conditions_allowed(category.value)
    # policies where the merits are assessed: not an LDC (s.191(4), s.192(2)) nor a prior approval (GPDO 2015
    # Schedule 2: only the matters its class lists)
    assert ("policies" in tasks) is (category not in condition_rules.NO_CONDITIONS)
    # the recommendation is not a task: it comes after them and waits for the required ones
    assert "recommendation" not in rules.catalogue()


def test_the_recommendation_waits_for_the_required_tasks_only():
    specs = rules.tasks_for(get_type("pp.full.householder"))
    required = [s.name for s in specs if s.required]
    # Given nothing done, every required task is outstanding; optional ones (the site visit) never are
    assert [s.name for s in rules.outstanding(specs, {})] == required
    # When all required tasks are completed and the optional ones left alone
    done = {name: StoredTask(name=name, status=TaskStatus.COMPLETED) for name in required}
    assert rules.outstanding(specs, done) == []
    # a task in progress still holds it up
    done["summaries"] = StoredTask(name="summaries", status=TaskStatus.IN_PROGRESS)
    assert [s.name for s in rules.outstanding(specs, done)] == ["summaries"]
