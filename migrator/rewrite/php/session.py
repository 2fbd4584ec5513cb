"""What of a file's family classes is login-session code, and what goes with it.

Every class-side fix asks this one analysis, so they agree on what is deleted: the login and
cookie helpers (and the private helpers only they call), the statements that only call them
or log in, and the re-login loops. A helper that anything else still calls (any file, any
letter case, a string mention) is kept: with a magic `__call`, a deleted helper would silently
become a SOAP call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrator.rewrite.php import layout
from migrator.rewrite.php.nodes import (CALLS, LOOPS, STRINGS, arguments, enclosing, is_login_call, mentions, methods,
                                        name_of, on_self, statement_in, statements, string_value, text, variables,
                                        visibility, walk)
from migrator.rewrite.php.vendor import edited_classes

if TYPE_CHECKING:
    from tree_sitter import Node

    from migrator.rewrite.php.registry import FileContext
    from migrator.scan.treesitter.php_project import PhpClass

_COOKIE_CALLS = frozenset({"__setcookie", "__getcookies"})
_TEMPDIR = frozenset({"sys_get_temp_dir", "tempnam"})
# PHP's own entry points: never deleted, only edited inside
_MAGIC_PREFIX = "__"

# cookie code left in a kept method: the statement in its body, or the member itself
_MEMBER_OR_BODY = frozenset({"compound_statement", "declaration_list"})

@dataclass(frozen=True)
class Relogin:
    """A `catch` that logs in again on "Not logged on": `replace` (the retry loop, or the try
    alone) becomes the try's body; `drop` are the retry counter's initialisations."""

    node: Node  # the loop or the try statement
    body: Node  # the try's compound statement
    drop: tuple[Node, ...] = ()
    problem: str = ""  # not provable: why (the site gets a TODO instead)

    def gone(self) -> list[tuple[int, int]]:
        """Spans of code that disappear (the body itself stays)."""
        if self.problem:
            return []
        inner = self.body.named_children
        keep = (inner[0].start_byte, inner[-1].end_byte) if inner else (self.body.end_byte, self.body.end_byte)
        return [(self.node.start_byte, keep[0]), (keep[1], self.node.end_byte)] + [
            (d.start_byte, d.end_byte) for d in self.drop]


@dataclass
class Plan:
    # deleted methods: (class key, lower-case name) -> (class, method_declaration)
    methods: dict[tuple[str, str], tuple["PhpClass", Node]] = field(default_factory=dict)
    # session helpers kept because something still calls them: same key -> (method, callers)
    kept: dict[tuple[str, str], tuple[Node, list[tuple[str, int]]]] = field(default_factory=dict)
    statements: list[Node] = field(default_factory=list)  # calls of deleted helpers, login calls
    todo_statements: list[Node] = field(default_factory=list)  # login calls that are not a statement of their own
    relogins: list[Relogin] = field(default_factory=list)
    cookie_options: list[Node] = field(default_factory=list)  # curl cookie-jar options (statements, array elements)
    cookie_todos: list[Node] = field(default_factory=list)  # other cookie code left in kept methods

    def gone(self, data: bytes) -> list[tuple[int, int]]:
        spans = [layout.removal(data, node) for _, node in self.methods.values()]
        spans += [layout.removal(data, node) for node in self.statements]
        spans += [element_removal(data, node) for node in self.cookie_options]
        for relogin in self.relogins:
            spans += relogin.gone()
        return spans


def is_gone(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def session_content(method: Node) -> bool:
    """The method logs in or keeps the session cookie (a file, `__setCookie`, Set-Cookie headers)."""
    for node in walk(method):
        if node.type in CALLS:
            if is_login_call(node) or name_of(node) in _COOKIE_CALLS:
                return True
            if name_of(node) in _TEMPDIR and mentions(method, "cookie"):
                return True
        elif node.type in STRINGS and "set-cookie" in text(node).lower():
            return True
    return False


def _sole_call(statement: Node) -> Node | None:
    if statement.type != "expression_statement" or statement.named_child_count != 1:
        return None
    call = statement.named_children[0]
    return call if call.type in CALLS and call.type != "function_call_expression" and on_self(call) else None


def _in_block(node: Node) -> bool:
    return node.parent is not None and node.parent.type == "compound_statement"


def plan(ctx: FileContext) -> Plan:
    """The session code of this file's family classes, worked out once per file for every fix
    that reads it (read-only: no fix changes the plan)."""
    if "plan" not in ctx.derived:
        ctx.derived["plan"] = _plan(ctx)
    return ctx.derived["plan"]


def _plan(ctx: FileContext) -> Plan:
    result = Plan()
    classes = edited_classes(ctx)
    data = ctx.data
    seeds: dict[tuple[str, str], tuple[PhpClass, Node]] = {}
    helpers: dict[tuple[str, str], tuple[PhpClass, Node]] = {}
    for cls, node in classes:
        for lname, method in methods(node).items():
            if lname.startswith(_MAGIC_PREFIX):
                continue
            if lname == "login" or session_content(method):
                seeds[(cls.key, lname)] = (cls, method)
            elif visibility(method) != "public":
                helpers[(cls.key, lname)] = (cls, method)
    declared = {lname for _, lname in (*seeds, *helpers)}
    # a subclass in another file re-logs in through a helper it inherits (`$this->Connect(true)`)
    result.relogins = [r for cls, node in classes
                       for r in relogins(node, data, declared | set(ctx.project.logs_in(cls.key)))]
    relogin_spans = [span for r in result.relogins for span in r.gone()]
    candidates = {**helpers, **seeds}
    bodies = [node for _, node in classes]
    result.cookie_options = [n for body in bodies for n in walk(body) if _curl_cookie_option(n)]
    relogin_spans += [element_removal(data, n) for n in result.cookie_options]
    while True:
        names = {lname for _, lname in candidates}
        sole = [s for body in bodies for s in walk(body)
                if _in_block(s) and (c := _sole_call(s)) is not None and name_of(c) in names
                and not any(m.start_byte <= s.start_byte < m.end_byte for _, m in candidates.values())
                and not is_gone(relogin_spans, s.start_byte, s.end_byte)]
        spans = [layout.removal(data, m) for _, m in candidates.values()]
        spans += [(s.start_byte, s.end_byte) for s in sole] + relogin_spans
        lines = _gone_lines(data, spans)
        dropped = {key for key in candidates
                   if any(path != ctx.path or line not in lines for path, line in ctx.project.callers(key[1]))}
        dropped |= {key for key in helpers if key in candidates and not ctx.project.callers(key[1])}
        if not dropped:
            break
        for key in dropped:
            candidates.pop(key)
    result.methods = candidates
    result.statements = sorted(sole, key=lambda s: s.start_byte)
    method_spans = [(m.start_byte, m.end_byte) for _, m in candidates.values()]
    result.relogins = [r for r in result.relogins if not is_gone(method_spans, r.node.start_byte, r.node.end_byte)]
    inner = method_spans + [span for r in result.relogins for span in r.gone()]
    result.cookie_options = [n for n in result.cookie_options if not is_gone(inner, n.start_byte, n.end_byte)]
    for key, (_, method) in seeds.items():
        if key not in candidates:
            live = [(path, line) for path, line in ctx.project.callers(key[1]) if path != ctx.path or line not in lines]
            result.kept[key] = (method, live)
    # login calls left in the kept code (the 1.1 client logs in from its constructor); a kept
    # session helper stays as it is, under its TODO
    kept_spans = [(m.start_byte, m.end_byte) for m, _ in result.kept.values()]
    result.cookie_options = [n for n in result.cookie_options if not is_gone(kept_spans, n.start_byte, n.end_byte)]
    removed = [(m.start_byte, m.end_byte) for _, m in candidates.values()] + relogin_spans + kept_spans
    for body in bodies:
        for call in walk(body):
            if not is_login_call(call) or is_gone(removed, call.start_byte, call.end_byte):
                continue
            if name_of(call) in declared:
                continue  # `$this->login()` of the class's own login method: a sole call, handled above
            statement = call.parent
            if statement.type == "expression_statement" and _in_block(statement) and statement.named_children == [call]:
                result.statements.append(statement)
            elif not any(s.start_byte <= call.start_byte < s.end_byte for s in result.statements):
                result.todo_statements.append(call)
    result.statements.sort(key=lambda s: s.start_byte)
    removed += [(s.start_byte, s.end_byte) for s in result.statements]
    for body in bodies:
        for node in walk(body):
            if _cookie_code(node) and not is_gone(removed, node.start_byte, node.end_byte):
                statement = statement_in(node, _MEMBER_OR_BODY)
                if statement not in result.cookie_todos:
                    result.cookie_todos.append(statement)
    return result


_CURL_COOKIES = frozenset({"curlopt_cookiejar", "curlopt_cookiefile", "curlopt_cookie", "curlopt_cookiesession"})


def _curl_constant(node: Node | None) -> bool:
    return node is not None and node.type == "name" and text(node).lower() in _CURL_COOKIES


def _curl_cookie_option(node: Node) -> bool:
    """`curl_setopt($ch, CURLOPT_COOKIEJAR, ..);` alone in a block, or `CURLOPT_COOKIEFILE => ..`
    in an options array: removable without touching anything else."""
    if node.type == "expression_statement" and _in_block(node) and node.named_child_count == 1:
        call = node.named_children[0]
        if call.type == "function_call_expression" and name_of(call) == "curl_setopt":
            args = arguments(call)
            return len(args) == 3 and _curl_constant(args[1])
    if node.type == "array_element_initializer" and node.named_child_count == 2:
        return _curl_constant(node.named_children[0])
    return False


def _cookie_code(node: Node) -> bool:
    """Cookie handling the fixes cannot remove on their own: a session-cookie call, a cookie
    option or header they do not know how to take out."""
    if node.type in CALLS and name_of(node) in _COOKIE_CALLS:
        return True
    if _curl_constant(node) or (node.type == "name" and text(node).lower() == "curlopt_headerfunction"):
        return True
    value = string_value(node)
    return value is not None and (value.lower().startswith(("cookie:", "soap_")) and value.lower() != "soap_version"
                                  or "set-cookie" in value.lower())


def element_removal(data: bytes, element: Node) -> tuple[int, int]:
    """An array element with its comma (the one after it, else the one before it); whole lines
    when it stands alone; a curl_setopt statement like any statement."""
    if element.type != "array_element_initializer":
        return layout.removal(data, element)
    start, end = element.start_byte, element.end_byte
    after, before = element.next_sibling, element.prev_sibling
    if after is not None and after.type == ",":
        end = after.end_byte
    elif before is not None and before.type == ",":
        start = before.start_byte
    if layout.alone(data, start, end):
        return layout.line_start(data, start), layout.line_end(data, end)
    if end < len(data) and data[end:end + 1] == b" " and start == element.start_byte:
        end += 1
    return start, end


def _gone_lines(data: bytes, spans: list[tuple[int, int]]) -> set[int]:
    """1-based lines whose code lies entirely inside the spans."""
    lines: set[int] = set()
    for start, end in spans:
        first = layout.line_of(data, start)
        last = layout.line_of(data, max(start, end - 1))
        for line in range(first, last + 1):
            lines.add(line)
        # a line only partly inside does not count
        if data[layout.line_start(data, start):start].strip():
            lines.discard(first)
        if data[end:layout.line_end(data, max(start, end - 1))].strip():
            lines.discard(last)
    return lines


def relogins(class_node: Node, data: bytes, session_methods: set[str]) -> list[Relogin]:
    """The catches of "Not logged on" that log in again, with the loop that retries them."""
    out = []
    for node in walk(class_node):
        if node.type != "try_statement":
            continue
        catches = [c for c in node.named_children if c.type == "catch_clause"]
        relogin = [c for c in catches if mentions(c, "not logged on") and _logs_in(c, session_methods)]
        if not relogin:
            continue
        body = node.child_by_field_name("body")
        problem = _catch_problem(node, catches, relogin[0])
        loop, drop = node, ()
        if not problem and node.parent is not None and node.parent.type == "compound_statement" \
                and node.parent.parent is not None and node.parent.parent.type in LOOPS:
            loop = node.parent.parent
            problem, drop = _loop_problem(loop, node, body, data)
        out.append(Relogin(loop, body, drop, problem))
    return out


def _logs_in(node: Node, session_methods: set[str]) -> bool:
    return any(n.type in CALLS and (is_login_call(n) or (on_self(n) and name_of(n) in session_methods)
                                    or "login" in name_of(n))
               for n in walk(node))


def _catch_problem(try_node: Node, catches: list[Node], catch: Node) -> str:
    if len(catches) != 1 or any(c.type == "finally_clause" for c in try_node.named_children):
        return "the try has other catch or finally clauses"
    variable = catch.child_by_field_name("name")
    name = text(variable)
    rethrows = any(n.type == "throw_expression" and text(n.named_children[-1]).strip("()") == name
                   for n in walk(catch)) if name else False
    if not rethrows:
        return "the catch does not rethrow the faults it does not retry"
    return ""


def _loop_problem(loop: Node, try_node: Node, body: Node, data: bytes) -> tuple[str, tuple[Node, ...]]:
    """The loop only retries: a counter and its limit around the try; the try's body returns."""
    block = loop.child_by_field_name("body")
    if loop.type not in ("while_statement", "do_statement", "for_statement") or block is None:
        return "the retry loop is not a plain loop", ()
    counters: set[str] = set()
    for statement in statements(block):
        if statement == try_node:
            continue
        names = {text(v) for v in variables(statement)}
        if statement.type == "expression_statement" and statement.named_children[0].type in (
                "update_expression", "augmented_assignment_expression", "assignment_expression") and len(names) == 1:
            counters |= names
        elif statement.type == "if_statement" and statement.child_by_field_name("alternative") is None \
                and len(names) == 1 and _exits(statement.child_by_field_name("body")):
            counters |= names
        else:
            return "the retry loop does more than count its tries", ()
    last = statements(body)[-1] if statements(body) else None
    if last is None or last.type not in ("return_statement", "expression_statement") or (
            last.type == "expression_statement" and last.named_children[0].type != "throw_expression"):
        return "the try's body does not end the loop (return or throw)", ()
    if any(n.type in ("break_statement", "continue_statement") and enclosing(n, LOOPS) == loop for n in walk(body)):
        return "the try's body breaks out of the retry loop", ()
    if len(counters) > 1:
        return "the retry loop counts more than one variable", ()
    drop: list[Node] = []
    method = enclosing(loop, {"method_declaration", "function_definition"})
    prev = loop.prev_named_sibling
    while prev is not None and prev.type == "comment":
        prev = prev.prev_named_sibling
    if counters and prev is not None and prev.type == "expression_statement" \
            and prev.named_children[0].type == "assignment_expression" \
            and {text(v) for v in variables(prev)} == counters and method is not None:
        # the counter's start value goes too, when nothing else reads the counter
        outside = [v for v in variables(method) if text(v) in counters
                   and not (loop.start_byte <= v.start_byte < loop.end_byte)
                   and not (prev.start_byte <= v.start_byte < prev.end_byte)]
        if not outside:
            drop.append(prev)
    return "", tuple(drop)


def _exits(node: Node | None) -> bool:
    if node is None:
        return False
    if node.type == "compound_statement":
        inner = statements(node)
        return len(inner) == 1 and _exits(inner[0])
    return node.type == "return_statement" or (
        node.type == "expression_statement" and node.named_children[0].type == "throw_expression")
