"""The council's consultation templates: stored edits, the defaults otherwise, rendered for sending.

Stored on the council's partition as ``TEMPLATE#<name>`` with who changed it and when; putting a template
back to its default deletes the stored edit. Every change is checked first (``domain.templates.check``),
so a template in the table always renders.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bops.domain import templates as rules
from bops.domain.time import iso
from bops.model import Model
from bops.repository.keys import council_pk
from bops.services.context import Context


class TemplateView(Model):
    name: str
    title: str
    placeholders: list[str] = Field(description="The placeholders the template may use, each written {name}")
    parts: dict[str, str] = Field(description="The template's text: body, and subject for an email")
    is_default: bool = Field(description="True while the council uses the default wording")
    changed_by: str | None = None
    changed_at: str | None = None
    preview: dict[str, str] = Field(description="The template filled in with sample values")


class TemplateList(Model):
    templates: list[TemplateView]


class TemplateChange(Model):
    parts: dict[str, Any] = Field(description="body (and subject for an email), with placeholders in braces")


def _sk(name: str) -> str:
    return f"TEMPLATE#{name}"


def parts_of(ctx: Context, council: str, name: str) -> dict[str, str]:
    """The text the council sends for ``name``: its stored edit, else the default."""
    spec = rules.spec(name)
    item = ctx.repo.get(council_pk(council), _sk(name))
    return dict(item["parts"]) if item else dict(spec.defaults)


def _view(spec: rules.TemplateSpec, item: dict[str, Any] | None) -> TemplateView:
    parts = dict(item["parts"]) if item else dict(spec.defaults)
    return TemplateView(
        name=spec.name,
        title=spec.title,
        placeholders=list(spec.placeholders),
        parts=parts,
        is_default=item is None,
        changed_by=item.get("changed_by") if item else None,
        changed_at=item.get("changed_at") if item else None,
        preview=rules.preview(spec.name, parts),
    )


def list_templates(ctx: Context, council: str) -> TemplateList:
    stored = {
        i["name"]: i
        for i in ctx.repo.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :p)",
            ExpressionAttributeValues={":pk": council_pk(council), ":p": "TEMPLATE#"},
        )
    }
    return TemplateList(templates=[_view(spec, stored.get(name)) for name, spec in rules.TEMPLATES.items()])


def get_template(ctx: Context, council: str, name: str) -> TemplateView:
    spec = rules.spec(name)
    return _view(spec, ctx.repo.get(council_pk(council), _sk(name)))


def set_template(ctx: Context, council: str, name: str, body: TemplateChange, *, changed_by: str) -> TemplateView:
    """Replaces the council's wording of ``name`` (checked first: 422 naming the bad part)."""
    parts = rules.check(name, body.parts)
    ctx.repo.put(
        {
            "pk": council_pk(council),
            "sk": _sk(name),
            "kind": "template",
            "name": name,
            "parts": parts,
            "changed_by": changed_by,
            "changed_at": iso(ctx.clock.now()),
        }
    )
    return get_template(ctx, council, name)


def reset_template(ctx: Context, council: str, name: str) -> TemplateView:
    """The council goes back to the default wording of ``name``."""
    rules.spec(name)
    ctx.repo.table.delete_item(Key={"pk": council_pk(council), "sk": _sk(name)})
    return get_template(ctx, council, name)
