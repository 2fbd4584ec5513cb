"""Data flows one way: discover/analyse (scan) -> rules -> fixes (rewrite, codemods) -> output,
verify -> the commands. Checked on the import graph of the source (module-level, function-level
and TYPE_CHECKING imports alike: a lazy import that dodges a cycle is still a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (layer, order): a module may import its own layer and lower orders only
LAYERS = [
    ("commands", 6, ("migrator.commands", "migrator.cli", "migrator.__main__")),
    ("verify", 5, ("migrator.verify", "migrator.mock")),
    ("output", 5, ("migrator.scan.output",)),
    ("fixes", 4, ("codemods", "migrator.rewrite")),
    ("rules", 3, ("migrator.rules",)),
    ("scan", 2, ("migrator.scan",)),
    ("base", 1, ("migrator",)),  # fileio, masking, settings, catalogue, templating, examples
]


def layer(module: str) -> tuple[str, int]:
    for name, order, prefixes in LAYERS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return name, order
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def modules() -> dict[str, Path]:
    found = {}
    for package in ("migrator", "codemods"):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] if node.level else [])
            stem = ".".join(p for p in (base, node.module or "") if p)
            targets = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: imports(name, path, modules()) for name, path in modules().items()}


def test_no_import_goes_against_the_flow():
    against = []
    for module, targets in GRAPH.items():
        (mine, order) = layer(module)
        for target in targets:
            (theirs, their_order) = layer(target)
            if theirs != mine and their_order >= order:
                against.append(f"{module} ({mine}) imports {target} ({theirs})")
    assert against == []


def test_no_import_cycle():
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_check_sees_imports_of_every_kind():
    # a guard for the test itself: lazy, relative and TYPE_CHECKING imports are edges
    assert "migrator.rules" in GRAPH["migrator.rules.checking"]
    assert "migrator.rewrite.engine" in GRAPH["migrator.rewrite.finding_fixes"]  # a lazy import
    assert "migrator.scan.python.detector" in GRAPH["migrator.rewrite.completeness"]  # lazy too
    assert layer("migrator.scan.output.sarif") == ("output", 5)
