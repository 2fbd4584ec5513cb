"""The codemods' small questions about code (codemods/_clients.py, remove_login.py), asked of the
scan's ast analysis: the same answers, in the same order, for the nodes the direct edits take."""

from __future__ import annotations

import ast
import functools

from migrator.rewrite.direct.text import CannotEdit


def name_of(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _key(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset


_NO_POSITION = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)  # shared leaves, no code


def children(node: ast.AST) -> list[ast.AST]:
    """The node's children in source order (libcst's order; ast keeps a call's keywords apart)."""
    found = _ordered(node)
    if any(not hasattr(c, "lineno") for c in found):
        raise CannotEdit("a node without a position among credentials")
    return found


def descendants(node: ast.AST):
    """`node` and what is under it, in source order."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def arguments(call: ast.Call) -> list[ast.expr]:
    """The values a call passes, in source order (`*x`, `**x`: x)."""
    values = [*call.args, *(k.value for k in call.keywords)]
    values.sort(key=_key)
    return [v.value if isinstance(v, ast.Starred) else v for v in values]


def plain_string(analysis, node: ast.AST) -> bool:
    """One string literal token (libcst's SimpleString holding text)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node not in analysis.raw.concats \
        and id(node) in _string_ids(analysis)


@functools.lru_cache(maxsize=1)
def _string_ids(analysis) -> frozenset[int]:
    return frozenset(id(s) for s in analysis.raw.strings)


def imported_names(analysis) -> set[str]:
    """Names bound by import statements anywhere in the module (`import a.b` binds `a`)."""
    names: set[str] = set()
    for node in analysis.raw.parents:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    names.add((alias.asname or alias.name).split(".")[0])
    return names


def variables(node: ast.AST) -> list[ast.Name]:
    """Variable names read in `node`, not an attribute's base (remove_login's _names)."""
    skip = {id(n.value) for n in descendants(node) if isinstance(n, ast.Attribute)}
    return [n for n in descendants(node) if isinstance(n, ast.Name) and id(n) not in skip]


def assignments_read_by(analysis, source: ast.AST):
    """(name, assignment) for each variable in `source` and each assignment it reads."""
    for name in variables(source):
        for access in analysis.resolver.by_node.get(id(name), ()):
            for assignment in access.referents:
                yield name, assignment


def references(analysis, assignment) -> list:
    """The accesses that read `assignment` (libcst's Assignment.references)."""
    return _references(analysis).get(id(assignment), [])


@functools.lru_cache(maxsize=1)
def _references(analysis) -> dict[int, list]:
    found: dict[int, list] = {}
    for accesses in analysis.resolver.by_node.values():
        for access in accesses:
            for assignment in access.referents:
                found.setdefault(id(assignment), []).append(access)
    return found


def env_names(analysis, node: ast.AST) -> list[str]:
    """Environment variables read in `node`, in _clients.env_names's order (it pops a stack)."""
    found: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        stack.extend(children(n))
        if isinstance(n, ast.Subscript) and dotted(n.value) in ("os.environ", "environ") \
                and not isinstance(n.slice, (ast.Slice, ast.Tuple)):
            value = analysis._str(n.slice)
            if value:
                found.append(value)
        elif isinstance(n, ast.Call) and dotted(n.func) in ("os.environ.get", "os.getenv", "environ.get", "getenv") \
                and (n.args or n.keywords):
            first = arguments(n)[0]
            value = analysis._str(first)
            if value:
                found.append(value)
    return found


def setting_read(analysis, node: ast.AST) -> str | None:
    """`a.b.c`, `CONF['password']`, `section.get('password')` read as a value, named as
    remove_login's _attribute_text names it (environment reads are named by their variables)."""
    if not isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        return None
    parent = analysis.parent(node)
    if isinstance(parent, ast.Attribute) or (isinstance(parent, ast.Call) and parent.func is node) \
            or (isinstance(parent, ast.Subscript) and parent.value is node):
        return None
    if isinstance(node, ast.Attribute):
        return dotted(node)
    if isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Slice, ast.Tuple)):
        owner, key = dotted(node.value), analysis._str(node.slice)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and (node.args or node.keywords):
        owner, key = dotted(node.func.value), analysis._str(arguments(node)[0])
    else:
        return None
    if owner is None or key is None or owner.split(".")[-1] in ("environ", "os"):
        return None
    return f"{owner}[{key!r}]"


def line_of(node: ast.AST) -> int:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        raise CannotEdit("a definition read only by a login")
    return node.lineno


@functools.lru_cache(maxsize=1)
def post_order(tree: ast.AST) -> tuple[ast.AST, ...]:
    """Every node, children (in source order) before their parent: the order libcst leaves them."""
    out: list[ast.AST] = []
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(_ordered(node)))
    return tuple(out)


def _ordered(node: ast.AST) -> list[ast.AST]:
    """Children in source order; those ast keeps without a position (arguments, comprehension)
    placed by their first positioned descendant."""
    found = [c for c in ast.iter_child_nodes(node) if not isinstance(c, _NO_POSITION)]
    if all(hasattr(c, "lineno") for c in found):
        return sorted(found, key=_key) if len(found) > 1 else found

    def key(child: ast.AST) -> tuple[int, int]:
        for n in ast.walk(child):
            if hasattr(n, "lineno"):
                return n.lineno, n.col_offset
        return 0, 0
    return sorted(found, key=key)
