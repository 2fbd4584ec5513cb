"""Name resolution over the stdlib `ast`, answering exactly as libcst's ScopeProvider does.

The scan's findings must not depend on which tree found them, so this is not Python's own
scoping (the stdlib `symtable` answers that, and differs: class bodies, comprehension targets
of `:=`, the order of assignments) but a small model of libcst's: scopes (global, function,
class, comprehension) holding assignments in visiting order, accesses resolved the way
`libcst.metadata.scope_provider` resolves them, and qualified names built as its
`Assignment`/`ImportAssignment`/`BuiltinAssignment` build them. `ast_analysis.Walk` feeds it.
"""

from __future__ import annotations

import ast
import builtins


class Scope:
    """One libcst scope. `kind`: "builtin", "global", "function", "class" or "comprehension"."""

    def __init__(self, kind: str, parent: Scope | None, name: str | None = None):
        self.kind = kind
        self.parent = parent if parent is not None else self
        self.assignments: dict[str, list[Assignment]] = {}
        self.overwrites: dict[str, Scope] = {}  # `global x` / `nonlocal x`: where x lives
        self.count = 0  # libcst's _assignment_count: orders assignments against accesses
        if kind == "builtin":
            self.prefix = ""
        elif kind == "global":
            self.prefix = ""
        elif kind == "class":
            self.prefix = ".".join(p for p in (self.parent.prefix, name) if p)
        elif kind == "comprehension":
            self.prefix = ".".join(p for p in (self.parent.prefix, "<comprehension>") if p)
        else:
            self.prefix = ".".join(p for p in (self.parent.prefix, name, "<locals>") if p)

    def record(self, name: str, node: object, import_node: ast.AST | None = None) -> None:
        target = self._target(name)
        target.assignments.setdefault(name, []).append(Assignment(name, target, node, target.count, import_node))

    def _target(self, name: str) -> Scope:
        scope = self
        while name in scope.overwrites:
            scope = scope._next_visible_parent(scope.overwrites[name])
        return scope

    def declare(self, name: str, where: str) -> None:
        """`global name` or `nonlocal name` (a no-op at module level, as in libcst)."""
        if self.kind not in ("global", "builtin"):
            self.overwrites[name] = self.parent if where == "nonlocal" else self._global()

    def _global(self) -> Scope:
        scope = self
        while scope.kind != "global":
            scope = scope.parent
        return scope

    def _next_visible_parent(self, first: Scope | None = None) -> Scope:
        parent = first if first is not None else self.parent
        while parent.kind == "class":  # a class body is invisible to the scopes inside it
            parent = parent.parent
        return parent

    def __contains__(self, name: str) -> bool:
        if self.kind == "builtin":
            return hasattr(builtins, name)
        if name in self.overwrites:
            return name in self.overwrites[name]
        if self.assignments.get(name):
            return True
        return name in self._next_visible_parent()

    def resolve(self, name: str) -> list[Assignment]:
        """`scope[name]`: the assignments visible under `name` (own, else the next visible parent's)."""
        scope = self
        while True:
            if scope.kind == "builtin":
                return _builtin(scope, name)
            if name in scope.overwrites:
                scope = scope._next_visible_parent(scope.overwrites[name])
                continue
            found = scope.assignments.get(name)
            if found is not None:
                return found
            scope = scope._next_visible_parent()


def _builtin(scope: Scope, name: str) -> list[Assignment]:
    found = scope.assignments.get(name)
    if found is None:
        found = [Assignment(name, scope, None, -1, None, builtin=True)] if hasattr(builtins, name) else []
        scope.assignments[name] = found
    return found


class Assignment:
    __slots__ = ("name", "scope", "node", "index", "import_node", "builtin")

    def __init__(self, name: str, scope: Scope, node: object, index: int,
                 import_node: ast.AST | None, builtin: bool = False):
        self.name = name
        self.scope = scope
        self.node = node  # the target Name, the ast.arg, the FunctionDef/ClassDef (None: import, builtin)
        self.index = index
        self.import_node = import_node
        self.builtin = builtin

    def qualified_names(self, full_name: str) -> set[str]:
        if self.builtin:
            return {f"builtins.{self.name}"}
        if self.import_node is not None:
            return _import_names(self.import_node, full_name)
        return {f"{self.scope.prefix}.{full_name}" if self.scope.prefix else full_name}


def _import_names(node: ast.Import | ast.ImportFrom, full_name: str) -> set[str]:
    """libcst's ImportAssignment.get_qualified_names_for, on an ast import."""
    module = ""
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if node.level:
            module = "." * node.level + module
    results = set()
    for alias in node.names:
        if alias.name == "*":
            continue
        parts = alias.name.split(".")
        for real_name in (".".join(parts[:i]) for i in range(len(parts), 0, -1)):
            as_name = real_name
            if module and module.endswith("."):
                real_name = f"{module}{real_name}"
            elif module:
                real_name = f"{module}.{real_name}"
            if alias.asname:
                as_name = alias.asname
            if full_name.startswith(as_name):
                remaining = full_name.split(as_name, 1)[1]
                if remaining and not remaining.startswith("."):
                    continue
                remaining = remaining.lstrip(".")
                results.add(f"{real_name}.{remaining}" if remaining else real_name)
                break
    return results


class Access:
    __slots__ = ("name", "scope", "index", "node", "attribute", "referents")

    def __init__(self, node: ast.AST, name: str, scope: Scope, attribute: ast.AST | None):
        self.node = node
        self.name = name
        self.scope = scope
        self.index = scope.count
        self.attribute = attribute  # the outermost Attribute chain it is read in, if any
        self.referents: list[Assignment] = []


def full_name(node: ast.AST) -> str | None:
    """libcst's get_full_name_for_node (True/False/None are Names in libcst)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{full_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return full_name(node.func)
    if isinstance(node, ast.Subscript):
        return full_name(node.value)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, ast.Constant) and (node.value is None or node.value is True or node.value is False):
        return str(node.value)
    return None


def dotted_names(node: ast.AST):
    """libcst's _gen_dotted_names: ("a.b.c", node), ("a.b", node.value), ("a", ...)."""
    if isinstance(node, ast.Name):
        yield node.id, node
    elif isinstance(node, ast.Attribute):
        value = node.value
        if isinstance(value, ast.Call):
            value = value.func
            if isinstance(value, (ast.Attribute, ast.Name)):
                yield from dotted_names(value)
        elif isinstance(value, (ast.Attribute, ast.Name)):
            names = dotted_names(value)
            first = next(names, None)
            if first is None:
                return
            yield f"{first[0]}.{node.attr}", node
            yield first
            yield from names


class Resolver:
    """Accesses resolved after the walk, as libcst's ScopeVisitor.infer_accesses does."""

    def __init__(self):
        self.builtins = Scope("builtin", None)
        self.module = Scope("global", self.builtins)
        self.deferred: list[Access] = []
        self.by_node: dict[int, list[Access]] = {}

    def infer(self) -> None:
        for access in self.deferred:
            name = access.name
            if access.attribute is not None:
                for dotted, node in dotted_names(access.attribute):
                    if dotted in access.scope:
                        access.node, name = node, dotted
                        break
            access.name = name
            found = access.scope.resolve(name)
            previous = [a for a in found if a.scope is not access.scope or a.index < access.index]
            if not previous and found and access.scope.parent is not access.scope:
                previous = list(access.scope.parent.resolve(name))
            access.referents = previous
            self.by_node.setdefault(id(access.node), []).append(access)
        self.deferred = []

    def qualified_names(self, scope: Scope | None, node: ast.AST) -> set[str]:
        """libcst's Scope.get_qualified_names_for(node), `scope` being the node's scope."""
        if scope is None:
            return set()
        accesses = self.by_node.get(id(node))
        if accesses:
            return {q for access in accesses for r in access.referents for q in r.qualified_names(r.name)}
        name = full_name(node)
        if name is None:
            return set()
        found: list[Assignment] = []
        prefix: str | None = name
        while prefix:
            if prefix in scope:
                found = scope.resolve(prefix)
                break
            dot = prefix.rfind(".")
            prefix = None if dot == -1 else prefix[:dot]
        for a in found:
            if not a.builtin and a.node is node:
                return a.qualified_names(name)
        return {q for a in found for q in a.qualified_names(name)}
