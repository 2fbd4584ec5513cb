"""Every call carries the access token: one statement in `__call`, before the parameters are
converted (so the token gets the same charset conversion, as in Copernica's 2.x client), and
only when the caller did not pass a token of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rewrite.php import layout
from migrator.rewrite.php.edit import Edit
from migrator.rewrite.php.nodes import (CALLS, arguments, mentions, methods, name_of, param_name, simple_parameters,
                                        statements, text, variables, walk)
from migrator.rewrite.php.registry import FileContext, fix
from migrator.rewrite.php.signature import TOKEN_KEY, TOKEN_PROPERTY
from migrator.rewrite.php.todo import todo
from migrator.rewrite.php.vendor import edited_classes

if TYPE_CHECKING:
    from tree_sitter import Node

# calls that only look at the parameters (validation), not convert them
_INSPECT = frozenset({"is_array", "is_object", "count", "empty", "isset", "is_null", "gettype", "trigger_error",
                      "sizeof"})
_SENDS = frozenset({"__call", "__soapcall", "soapcall"})
_COMMENT = "send the access token with every call, unless the caller passed one"


@fix("COP102")
def run(ctx: FileContext) -> Iterator[Edit]:
    for cls, node in edited_classes(ctx):
        call = methods(node).get("__call")
        if call is None or mentions(call, TOKEN_KEY):
            continue  # no magic calls here, or a token is already added
        sends = [c for c in walk(call) if c.type in CALLS and name_of(c) in _SENDS]
        if not sends:
            continue
        if any(text(c.child_by_field_name("scope")) == "parent" for c in sends if c.type == "scoped_call_expression") \
                and any("__call" in ctx.project.classes[a].methods for a in ctx.project.ancestors(cls.key)
                        if a in ctx.project.family()):
            continue  # the parent's __call adds it
        edit = _inject(ctx, call)
        if edit is not None:
            yield edit
        else:
            yield from todo(ctx, call, f"add '{TOKEN_KEY}' => $this->{TOKEN_PROPERTY} to the parameters of every call")


def _inject(ctx: FileContext, method: Node) -> Edit | None:
    params = simple_parameters(method)
    body = method.child_by_field_name("body")
    if len(params) < 2 or body is None:
        return None
    args = "$" + param_name(params[1])
    top = statements(body)
    variable, after = None, None
    for i, statement in enumerate(top):
        assigned = _assigns_from_args(statement, args)
        if assigned:
            variable, after = assigned, i
            break
    if variable is None:
        return _prologue(ctx, body, args, top)
    target = None
    for statement in top[after + 1:]:
        if _converts(statement, variable):
            target = statement
            break
    data = ctx.data
    if target is not None:  # before the conversion, so the token is converted too
        at = layout.line_start(data, layout.leading_comments(target, data))
        anchor, before, after_text = target, "", "\n"
    elif _sent_as_is(method, variable):
        # nothing converts it (`parent::__call($name, array($params))`, retried in a catch):
        # right after the assignment, so every send below it carries the token
        at = layout.line_end(data, top[after].end_byte)
        anchor, before, after_text = top[after], "\n", ""
    else:
        return None
    indent = layout.indent_at(data, anchor.start_byte).decode("ascii")
    source = f"{before}{indent}// {_COMMENT}\n{_token_lines(indent, variable)}{after_text}"
    return Edit(at, at, layout.encode(ctx, source),
                f"line {layout.line_of(data, anchor.start_byte)}: every call sends the access token")


def _prologue(ctx: FileContext, body: Node, args: str, top: list[Node]) -> Edit | None:
    """No `$params = $args[0]` to put the token in: put it in `$args[0]` first thing, when the
    method reads `$args[0]` or sends `$args` as it is."""
    reads = any(n.type == "subscript_expression" and n.named_child_count == 2 and text(n.named_children[0]) == args
                and text(n.named_children[1]) == "0" for n in walk(body))
    sends = any(n.type in CALLS and name_of(n) in _SENDS and any(text(a) == args for a in arguments(n))
                for n in walk(body))
    if not top or not (reads or sends) or any(_assigns(n, args) for n in walk(body)):
        return None
    data = ctx.data
    at = layout.line_start(data, layout.leading_comments(top[0], data))
    indent = layout.indent_at(data, top[0].start_byte).decode("ascii")
    first = f"{args}[0]"
    source = (f"{indent}// {_COMMENT}\n"
              f"{indent}if (!isset({first})) {first} = array();\n{_token_lines(indent, first)}\n")
    return Edit(at, at, layout.encode(ctx, source),
                f"line {layout.line_of(data, top[0].start_byte)}: every call sends the access token")


def _token_lines(indent: str, variable: str) -> str:
    """The token into an array of parameters, or into a copy of a stdClass one (PHP's SoapClient
    takes both; the caller's own object is not changed)."""
    return (f"{indent}if (is_array({variable}) && !isset({variable}['{TOKEN_KEY}'])) "
            f"{variable}['{TOKEN_KEY}'] = $this->{TOKEN_PROPERTY};\n"
            f"{indent}elseif ({variable} instanceof \\stdClass && !isset({variable}->{TOKEN_KEY})) "
            f"{{ {variable} = clone {variable}; {variable}->{TOKEN_KEY} = $this->{TOKEN_PROPERTY}; }}\n")


def _sent_as_is(method: Node, variable: str) -> bool:
    """Every send of the method passes `variable` (alone or wrapped: `array($params)`), and
    nothing but that one assignment changes it."""
    sends = [n for n in walk(method) if n.type in CALLS and name_of(n) in _SENDS]
    assignments = [n for n in walk(method) if _assigns(n, variable)]
    return bool(sends) and len(assignments) == 1 and all(
        any(text(v) == variable for a in arguments(n) for v in variables(a)) for n in sends)


def _assigns(node: Node, variable: str) -> bool:
    return node.type == "assignment_expression" and text(node.child_by_field_name("left")) == variable


def _assigns_from_args(statement: Node, args: str) -> str | None:
    """`$params = count($params) == 0 ? array() : $params[0];` -> "$params"."""
    if statement.type != "expression_statement" or statement.named_children[0].type != "assignment_expression":
        return None
    assignment = statement.named_children[0]
    left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
    if left is None or left.type != "variable_name" or right is None:
        return None
    for node in walk(right):
        if node.type == "subscript_expression" and node.named_child_count == 2 \
                and text(node.named_children[0]) == args and text(node.named_children[1]) == "0":
            return text(left)
    return None


def _converts(statement: Node, variable: str) -> bool:
    """The first statement that does more with the parameters than look at them."""
    if statement.type == "foreach_statement":
        return any(text(v) == variable for v in variables(statement))
    for node in walk(statement):
        if node.type == "assignment_expression" and text(node.child_by_field_name("left")) == variable:
            return True
        if node.type in CALLS and name_of(node) not in _INSPECT \
                and any(text(a) == variable for a in arguments(node)):
            return True
    return False
