"""The council's consultation templates: stored edits, the defaults otherwise, rendered for sending.

Stored by ``repository.councils`` with who changed it and when; putting a template
back to its default deletes the stored edit. Every change is checked first (``domain.templates.check``),
so a template in the table always renders.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bops.domain import templates as rules
from bops.domain.councils import CouncilTemplate
from bops.domain.time import iso
from bops.model import Model
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


def parts_of(ctx: Context, council: str, name: str) -> dict[str, str]:
    """The text the council sends for ``name``: its stored edit, else the default."""
    spec = rules.spec(name)
    stored = ctx.repo.councils.template(council, name)
    return dict(stored.parts) if stored else dict(spec.defaults)


def _view(spec: rules.TemplateSpec, stored: CouncilTemplate | None) -> TemplateView:
    parts = dict(stored.parts) if stored else dict(spec.defaults)
    return TemplateView(
        name=spec.name,
        title=spec.title,
        placeholders=list(spec.placeholders),
        parts=parts,
        is_default=stored is None,
        changed_by=stored.changed_by if stored else None,
        changed_at=stored.changed_at if stored else None,
        preview=rules.preview(spec.name, parts),
    )


def list_templates(ctx: Context, council: str) -> TemplateList:
    stored = {t.name: t for t in ctx.repo.councils.templates(council)}
    return TemplateList(templates=[_view(spec, stored.get(name)) for name, spec in rules.TEMPLATES.items()])


def get_template(ctx: Context, council: str, name: str) -> TemplateView:
    spec = rules.spec(name)
    return _view(spec, ctx.repo.councils.template(council, name))


def set_template(ctx: Context, council: str, name: str, body: TemplateChange, *, changed_by: str) -> TemplateView:
    """Replaces the council's wording of ``name`` (checked first: 422 naming the bad part)."""
    parts = rules.check(name, body.parts)
    ctx.repo.councils.put_template(
        council, CouncilTemplate(name=name, parts=parts, changed_by=changed_by, changed_at=iso(ctx.clock.now()))
    )
    return get_template(ctx, council, name)


def reset_template(ctx: Context, council: str, name: str) -> TemplateView:
    """The council goes back to the default wording of ``name``."""
    rules.spec(name)
    ctx.repo.councils.remove_template(council, name)
    return get_template(ctx, council, name)
