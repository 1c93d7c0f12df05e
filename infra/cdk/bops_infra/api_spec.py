"""The HTTP API's shape, read from the Chalice app so API Gateway mirrors its routes exactly.

Chalice dispatches on ``requestContext.resourcePath`` and ``httpMethod``, so every Chalice route needs an
API Gateway path with the same template and a method per HTTP verb (no ``{proxy+}``).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bops_infra.paths import CHALICE_APP_FILE


def path_variables(path: str) -> list[str]:
    """The variables of a path template, in order: ``/a/{reference}/b/{id}`` -> ``reference``, ``id``."""
    return re.findall(r"{([^}/]+)}", path)


@dataclass(frozen=True)
class ApiSpec:
    # path template ("/api/v1/applications/{reference}") -> HTTP methods, both sorted
    routes: Mapping[str, tuple[str, ...]]
    binary_media_types: tuple[str, ...] = ()
    # path template -> Chalice view name per method, used as the method's operation name
    operation_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def from_chalice(cls, app: Any) -> ApiSpec:
        gated = [
            f"{method} {path}"
            for path, methods in app.routes.items()
            for method, entry in methods.items()
            if entry.authorizer is not None or entry.api_key_required
        ]
        if gated:
            # the stack deploys no API Gateway authorizers or API keys: the app authorizes every route
            raise ValueError(f"routes ask for API Gateway authorizers or API keys, not deployed: {gated}")
        routes = {path: tuple(sorted(methods)) for path, methods in sorted(app.routes.items()) if methods}
        names = {
            path: {method: entry.view_name for method, entry in methods.items()} for path, methods in app.routes.items()
        }
        spec = cls(routes=routes, binary_media_types=tuple(app.api.binary_types or ()), operation_names=names)
        spec.check()
        return spec

    def operation_ids(self) -> dict[str, dict[str, str]]:
        """path -> method -> operationId: the Chalice view's name, made unique where views share one.

        OpenAPI wants operationIds unique across the document; a view serving several methods, or two
        blueprints' views with the same function name, get the method and path appended.
        """
        named = {
            (path, method): self.operation_names.get(path, {}).get(method) or ""
            for path, methods in self.routes.items()
            for method in methods
        }
        uses = Counter(named.values())
        ids: dict[str, dict[str, str]] = {}
        for (path, method), view in named.items():
            if not view or uses[view] > 1:
                slug = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "root"
                view = f"{view}_{method.lower()}_{slug}" if view else f"{method.lower()}_{slug}"
            ids.setdefault(path, {})[method] = view
        return ids

    def check(self) -> None:
        """Refuses route sets API Gateway would reject at deploy time, with a message naming the paths."""
        variables: dict[str, set[str]] = {}
        for path in self.routes:
            if not path.startswith("/"):
                raise ValueError(f"route path must start with '/': {path!r}")
            parent = ""
            for segment in path.strip("/").split("/"):
                if segment.startswith("{"):
                    variables.setdefault(parent, set()).add(segment)
                parent = f"{parent}/{segment}"
        clashes = {parent or "/": names for parent, names in variables.items() if len(names) > 1}
        if clashes:
            raise ValueError(f"API Gateway allows one path variable per level; clashing siblings: {clashes}")


def load_chalice_app(path: Path = CHALICE_APP_FILE) -> Any:
    """Imports the Chalice app object from ``app.py`` as module ``app`` (what ``from app import app`` gets).

    Loaded by file location because ``infra/cdk/app.py`` (this CDK entry) is also called ``app``.
    """
    loaded = sys.modules.get("app")
    if loaded is not None and Path(getattr(loaded, "__file__", "") or "").resolve() == path.resolve():
        return loaded.app
    module_spec = importlib.util.spec_from_file_location("app", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot load the Chalice app from {path}")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules["app"] = module
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        del sys.modules["app"]
        raise
    return module.app


def load_api_spec(path: Path = CHALICE_APP_FILE) -> ApiSpec:
    return ApiSpec.from_chalice(load_chalice_app(path))
