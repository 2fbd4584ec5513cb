"""Shared by every codemod (the session codemods add theirs in _session.py): the scanner's analysis of the module being rewritten,
and small statement-level helpers (TODO comments, env reads, finding a node's statement).

The analysis is built on the very tree the codemod visits (ModuleAnalysis wraps it with
unsafe_skip_copy), so its nodes can be matched by identity in `leave_*` methods.
"""

from __future__ import annotations

import os

import libcst as cst

from codemods.registry import ANALYSES, has_todo, with_todo  # noqa: F401 - shared helpers, imported from here
from migrator.scan.discover import module_name
from migrator.scan.python.analysis import ModuleAnalysis, string_value
from migrator.scan.python.facts import CLIENT_FACTORIES, SoapRef

__all__ = ["CLIENT_FACTORIES", "SoapRef", "analyse", "string_value"]


def analyse(tree: cst.Module, context: cst.codemod.CodemodContext, project) -> ModuleAnalysis:
    """The scanner's analysis of `tree`, knowing the project's wrapper classes when there is a project."""
    hit = analysed(tree, context)
    if hit is not None:
        return hit
    cache = context.scratch.get(ANALYSES)
    wrapper = context.wrapper
    path = context.filename or "<module>"
    name = context.full_module_name  # set by libcst.tool; the engine leaves it to the project root
    if name is None and project is not None and context.filename:
        name = module_name(context.filename, str(project.root))
    analysis = ModuleAnalysis(tree, path, name,
                              known_wrappers=project.wrapper_classes if project is not None else (),
                              is_package=os.path.basename(path) == "__init__.py", wrapper=wrapper,
                              known_login_functions=getattr(project, "login_functions", None))
    if cache is not None and wrapper is not None and wrapper.module is tree:
        cache[id(wrapper)] = (wrapper, analysis)  # the wrapper kept alive: its id stays its own
    return analysis


def analysed(tree: cst.Module, context: cst.codemod.CodemodContext) -> ModuleAnalysis | None:
    """The analysis an earlier codemod built for this very tree (the engine's one pass), else None."""
    cache = context.scratch.get(ANALYSES)
    wrapper = context.wrapper
    if cache is not None and wrapper is not None and wrapper.module is tree:
        hit = cache.get(id(wrapper))
        if hit is not None and hit[0] is wrapper:
            return hit[1]
    return None


def in_package(context: cst.codemod.CodemodContext) -> bool:
    """Whether the file sits in a package folder: the generated plugin is then imported relatively."""
    return package_folder(context.filename)


def package_folder(filename: str | None) -> bool:
    if not filename:
        return False
    return os.path.exists(os.path.join(os.path.dirname(os.path.abspath(filename)), "__init__.py"))


def statement_of(analysis: ModuleAnalysis, node: cst.CSTNode) -> cst.CSTNode | None:
    """The statement (simple line or compound statement) that contains `node`."""
    current = node
    while current is not None and not isinstance(current, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        current = analysis.parent(current)
    return current


def enclosing(analysis: ModuleAnalysis, node: cst.CSTNode, kinds: tuple) -> cst.CSTNode | None:
    current = analysis.parent(node)
    while current is not None and not isinstance(current, kinds):
        current = analysis.parent(current)
    return current


def gone_with(analysis: ModuleAnalysis, node: cst.CSTNode, gone: set[int]) -> bool:
    """Whether `node` or what holds it is among `gone` (ids: registry.GONE)."""
    current = node
    while current is not None:
        if id(current) in gone:
            return True
        current = analysis.parent(current)
    return False


def within(analysis: ModuleAnalysis, node: cst.CSTNode, nodes, include_self: bool = False) -> bool:
    """Whether one of `nodes` (a set or tuple; nodes compare by identity) encloses `node`."""
    current = node if include_self else analysis.parent(node)
    while current is not None:
        if current in nodes:
            return True
        current = analysis.parent(current)
    return False


def env_read(token_env: str) -> cst.BaseExpression:
    return cst.parse_expression(f'os.environ["{token_env}"]')


def env_names(node: cst.CSTNode) -> list[str]:
    """Environment variables read inside `node`: os.environ["X"], os.environ.get("X"), os.getenv("X")."""
    found: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        stack.extend(n.children)
        if isinstance(n, cst.Subscript) and dotted(n.value) in ("os.environ", "environ") and len(n.slice) == 1:
            index = n.slice[0].slice
            if isinstance(index, cst.Index) and string_value(index.value):
                found.append(string_value(index.value))
        elif isinstance(n, cst.Call) and dotted(n.func) in ("os.environ.get", "os.getenv", "environ.get",
                                                                "getenv") and n.args:
            name = string_value(n.args[0].value)
            if name:
                found.append(name)
    return found


def subscript_key(value: cst.BaseExpression) -> cst.SimpleString | None:
    """The string literal of `x["KEY"]` (one plain string index), else None."""
    if isinstance(value, cst.Subscript) and len(value.slice) == 1 and isinstance(value.slice[0].slice, cst.Index) \
            and isinstance(value.slice[0].slice.value, cst.SimpleString):
        return value.slice[0].slice.value
    return None


def dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def descendants(node: cst.CSTNode):
    """`node` and what is under it, in source order (reports list things as the reader meets them)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))  # source order: the first problem is the first one read


def append_item(items, new, opening, closing_on_own_line: bool) -> list:
    """`items` + `new`, keeping the layout:
    - one per line with a trailing comma: `new` on a line of its own after the last one, which
      keeps its comma and its comment;
    - otherwise `, new` right after the last item, which hands `new` what followed it (black's
      `f(\n    a, b\n)` stays one line of items)."""
    items = list(items)
    if not items:
        return [new]
    last = items[-1]
    trailing = last.comma if isinstance(last.comma, cst.Comma) else None
    if trailing is not None and (closing_on_own_line
                                 or isinstance(trailing.whitespace_after, cst.ParenthesizedWhitespace)):
        item_line = _item_indent(items, opening)
        after = trailing.whitespace_after
        if item_line is not None and isinstance(after, cst.ParenthesizedWhitespace):
            items[-1] = last.with_changes(comma=trailing.with_changes(whitespace_after=after.with_changes(
                indent=item_line.indent, last_line=item_line.last_line)))
            closing = after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
            items.append(new.with_changes(comma=cst.Comma(whitespace_after=closing)))
            return items
        separator = cst.Comma(whitespace_after=opening if isinstance(opening, cst.ParenthesizedWhitespace)
                              else cst.SimpleWhitespace(" "))
        items[-1] = last.with_changes(comma=separator)
        items.append(new.with_changes(comma=trailing))
        return items
    separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if trailing is None and getattr(last, "whitespace_after_arg", None) is not None:
        # what stood between the last argument and `)` now follows the new one
        items[-1] = last.with_changes(comma=separator, whitespace_after_arg=cst.SimpleWhitespace(""))
        items.append(new.with_changes(whitespace_after_arg=last.whitespace_after_arg))
        return items
    items[-1] = last.with_changes(comma=separator)
    items.append(new.with_changes(comma=trailing) if trailing is not None else new)
    return items


def _item_indent(items, opening) -> cst.ParenthesizedWhitespace | None:
    """The line break that leads into the last item (its comma's before it, or the opening
    bracket's): it gives a new item the same indentation."""
    previous = items[-2].comma if len(items) > 1 else None
    if isinstance(previous, cst.Comma) and isinstance(previous.whitespace_after, cst.ParenthesizedWhitespace):
        return previous.whitespace_after
    if len(items) == 1 and isinstance(opening, cst.ParenthesizedWhitespace):
        return opening
    return None


def wrapper_classes(analysis: ModuleAnalysis, project) -> set:
    """ClassDef nodes of legacy wrappers (COP003): the analysis's, and the project's from the scan's
    first pass, which still knows a wrapper after remove_login took the login out of it."""
    found = {w.node for w in analysis.wrapper_classes}
    known = set(project.wrapper_classes) if project is not None else set()
    for cls, dotted in analysis.raw.classes:
        qualified = f"{analysis.module_name}.{dotted}" if analysis.module_name else dotted
        if qualified in known:
            found.add(cls)
    return found
