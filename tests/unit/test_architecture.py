"""The layers import one way (ARCHITECTURE.md): api → services → repository/adapters → domain.

Read from the source with ``ast`` (nothing is imported): every ``import`` of a ``bops`` module, including
those inside functions (a lazy import is still a dependency), but not those under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOPS = Path(__file__).resolve().parents[2] / "layers" / "bops" / "python" / "bops"
ROOT = BOPS.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in BOPS.rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The bops module an import names (``from bops.services import cases`` names ``bops.services.cases``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("bops"):
                        found.add(alias.name)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                if base.startswith("bops"):
                    for alias in child.names:
                        found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
            visit(child)

    visit(tree)
    return {m for m in (_resolve(name) for name in found) if m and m != module}


GRAPH = {module: _imports(path, module) for module, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            connect(module)
    return components


def test_no_bops_module_takes_part_in_an_import_cycle():
    """Given every bops module's imports (lazy ones included), when the graph is searched for cycles,
    then there are none: each layer depends only on the layers below it."""
    assert _cycles() == []


def test_the_cycle_search_finds_a_cycle_when_there_is_one():
    """The check above can fail: a graph with a loop is reported."""
    GRAPH["bops.domain.time"] = GRAPH["bops.domain.time"] | {"bops.services.cases"}
    try:
        assert any("bops.domain.time" in c for c in _cycles())
    finally:
        GRAPH["bops.domain.time"] = GRAPH["bops.domain.time"] - {"bops.services.cases"}


LAYER_RULES = [
    ("bops.domain", ("bops.services", "bops.api", "bops.repository", "bops.adapters")),
    ("bops.repository", ("bops.services", "bops.api")),
    ("bops.adapters", ("bops.services", "bops.api")),
    ("bops.services", ("bops.api",)),
]


@pytest.mark.parametrize(("layer", "forbidden"), LAYER_RULES, ids=[rule[0] for rule in LAYER_RULES])
def test_a_layer_imports_nothing_above_it(layer, forbidden):
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.startswith(layer)
        for target in targets
        if target.startswith(forbidden)
    )
    assert wrong == []


def _private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bops")
        for alias in node.names
        if alias.name.startswith("_")
    ]


def test_no_module_imports_another_modules_private_names():
    wrong = {module: _private_imports(path) for module, path in MODULES.items() if _private_imports(path)}
    assert wrong == {}


SERVICE_FILES = sorted((BOPS / "services").glob("*.py"))
DATA_ACCESS_WORDS = (
    "boto3",
    "botocore",
    '"pk"',
    '"sk"',
    "KeyConditionExpression",
    "UpdateExpression",
    "ConditionExpression",
    "_pk(",
    "bops.repository.keys",
    "bops.repository.table",
    # the table's generic operations: a service calls an aggregate's typed methods (or ``repo.transact``)
    "repo.get(",
    "repo.put(",
    "repo.put_many(",
    "repo.get_many(",
    "repo.query",
    "repo.delete(",
    "repo.update(",
    "repo.table",
)


@pytest.mark.parametrize("path", SERVICE_FILES, ids=[p.stem for p in SERVICE_FILES])
def test_services_leave_keys_and_expressions_to_the_repository(path):
    """A service reads like the officer's task: the repository alone knows keys, indexes and expressions."""
    text = path.read_text()
    assert [word for word in DATA_ACCESS_WORDS if word in text] == []
