"""The constructor takes `$accessToken` instead of the credentials, and keeps it in one token
property instead of the credential properties.

The parameter list follows the contract in signature.py (the call-site fix maps arguments
through it too): the credentials collapse into `$accessToken` at the first one's place,
every other parameter keeps its text. A settings-array constructor (`$settings['password']`)
reads `$settings['access_token']` instead. A subclass passes the token on to its parent's
constructor. Whatever else used a credential (a check that no longer checks anything, a
property still read elsewhere) gets a TODO. The 1.x charset default and an http:// URL stay
as they were, and the report says so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from migrator.rewrite.php import layout
from migrator.rewrite.php.edit import Edit, Note
from migrator.rewrite.php.nodes import (arguments, methods, name_of, param_name, simple_parameters,
                                        statement_in, string_value, text, this_property, variables, walk)
from migrator.rewrite.php.registry import FileContext, fix
from migrator.rewrite.php.session import element_removal, is_gone, plan
from migrator.rewrite.php.signature import TOKEN_KEY, TOKEN_PARAM, TOKEN_PROPERTY, credential_kind, is_legacy
from migrator.rewrite.php.todo import todo
from migrator.rewrite.php.vendor import edited_classes

if TYPE_CHECKING:
    from tree_sitter import Node

    from migrator.scan.treesitter.php_project import PhpClass

_CHARSETS_KEPT_SILENTLY = ("utf-8", "utf8")


@fix("COP102")
def run(ctx: FileContext) -> Iterator[Edit]:
    gone = plan(ctx).gone(ctx.data)
    classes = edited_classes(ctx)
    for cls, node in classes:
        ctor = methods(node).get("__construct")
        if ctor is not None:
            yield from _constructor(ctx, cls, node, ctor, gone, classes)


def _assignment(statement: Node) -> str | None:
    """`$this->prop = ...;` -> "prop"."""
    if statement.type != "expression_statement" or statement.named_child_count != 1:
        return None
    expression = statement.named_children[0]
    if expression.type != "assignment_expression":
        return None
    return this_property(expression.child_by_field_name("left"))


def _constructor(ctx: FileContext, cls: PhpClass, class_node: Node, ctor: Node,
                 gone: list[tuple[int, int]], classes) -> Iterator[Edit]:
    data = ctx.data
    params = simple_parameters(ctor)
    body = ctor.child_by_field_name("body")
    creds = [p for p in params if credential_kind(param_name(p))]
    if any(p.type != "simple_parameter" or any(c.type == "variadic_placeholder" or text(c) == "..." for c in p.children)
           for p in creds):
        yield from todo(ctx, ctor, "the constructor's credential parameters are promoted or variadic: "
                               "take an access token instead by hand")
        return
    if creds and not is_legacy(tuple(param_name(p) for p in params)):
        yield from todo(ctx, ctor, "the constructor takes some credentials but not a password and an account: "
                               "take an access token instead by hand")
        return
    live = [v for v in variables(body) if not is_gone(gone, v.start_byte, v.end_byte)]
    parent_call = next((c for c in walk(body) if c.type == "scoped_call_expression" and name_of(c) == "__construct"
                        and text(c.child_by_field_name("scope")).lower() == "parent"
                        and not is_gone(gone, c.start_byte, c.end_byte)), None)
    cred_vars = {"$" + param_name(p) for p in creds}
    forwarded: set[tuple[int, int]] = set()  # credential variables the parent call takes (their spans)
    parent_edits: list[Edit] = []
    if parent_call is not None and cls.base in ctx.project.family():
        parent_edits = list(_parent_call(ctx, cls, parent_call, cred_vars, forwarded))
    assignments: list[tuple[Node, str]] = []
    others: list[Node] = []
    if creds:
        for v in live:
            if text(v) not in cred_vars or (v.start_byte, v.end_byte) in forwarded:
                continue
            statement = statement_in(v)
            prop = _assignment(statement)
            right = statement.named_children[0].child_by_field_name("right") if prop else None
            if prop and right is not None and right.start_byte == v.start_byte and right.end_byte == v.end_byte:
                assignments.append((statement, prop))
            elif statement not in others:
                others.append(statement)
    else:
        settings = _settings_reads(body, {param_name(p) for p in params}, gone)
        if not settings and not parent_edits:
            return
        for read, variable in settings:
            statement = statement_in(read)
            prop = _assignment(statement)
            if prop:
                assignments.append((statement, prop))
            elif statement not in others:
                others.append(statement)
    if not creds and not assignments and not others and not parent_edits:
        return
    line = layout.line_of(data, ctor.start_byte)
    yield from parent_edits
    yield from _parameters(ctx, cls, creds, params)
    yield from _doc_params(ctx, ctor, creds, params)
    writes_token = bool(creds or assignments) and not (creds and not assignments and forwarded)
    token_value = f"${TOKEN_PARAM}"
    if not creds and assignments:
        variable = text(settings[0][1])
        token_value = f"isset({variable}['{TOKEN_KEY}']) ? {variable}['{TOKEN_KEY}'] : null"
    assignments.sort(key=lambda pair: pair[0].start_byte)
    seen: set[int] = set()
    first = True
    for statement, _ in assignments:
        if statement.start_byte in seen:
            continue
        seen.add(statement.start_byte)
        if first:
            yield Edit(statement.start_byte, statement.end_byte,
                       layout.encode(ctx, f"$this->{TOKEN_PROPERTY} = {token_value};"),
                       f"line {layout.line_of(data, statement.start_byte)}: the constructor keeps the access token")
            first = False
        else:
            start, end = layout.removal(data, statement)
            yield Edit(start, end, b"", f"line {layout.line_of(data, statement.start_byte)}: "
                                        "removed a credential property assignment")
    if writes_token and first:
        # nothing assigned a credential to keep: store the token before the first statement
        statements = [c for c in body.named_children]
        at = layout.line_start(data, layout.leading_comments(statements[0], data)) if statements else None
        if at is not None:
            indent = layout.indent_at(data, statements[0].start_byte).decode("ascii")
            yield Edit(at, at, layout.encode(ctx, f"{indent}$this->{TOKEN_PROPERTY} = {token_value};\n\n"),
                       f"line {line}: the constructor keeps the access token")
    # `$this->credentials = array(..$password..)`: gone too when nothing reads that property any more
    uses = _property_uses(classes, gone)
    excluded = {s.start_byte for s, _ in assignments} | {s.start_byte for s in others if _assignment(s)}
    props = {prop for _, prop in assignments}
    for statement in others:
        prop = _assignment(statement)
        if prop and all(start in excluded for _, start in uses.get(prop, ())):
            props.add(prop)
            start, end = layout.removal(data, statement)
            yield Edit(start, end, b"", f"line {layout.line_of(data, statement.start_byte)}: "
                                        f"removed ${prop}, which only kept the credentials")
            continue
        # after the edit it would read variables nothing sets any more: never written, whole family left
        ctx.notes.append(Note(layout.line_of(data, statement.start_byte), "blocked",
                              "this statement reads the login credentials, which the migrated constructor "
                              "would no longer take (they would be undefined): migrate the class by hand"))
        excluded.discard(statement.start_byte)
    yield from _properties(ctx, cls, class_node, ctor, props, uses, excluded, writes_token)
    for note in _kept(ctx, class_node, params):
        ctx.notes.append(note)


def _settings_reads(body: Node, params: set[str], gone) -> list[tuple[Node, Node]]:
    """`$settings['password']` reads of a constructor parameter: (subscript, the variable)."""
    out = []
    for node in walk(body):
        if node.type != "subscript_expression" or node.named_child_count != 2:
            continue
        variable, key = node.named_children
        value = string_value(key)
        if variable.type == "variable_name" and text(variable).lstrip("$") in params and value \
                and credential_kind(value) and not is_gone(gone, node.start_byte, node.end_byte):
            out.append((node, variable))
    return out


def _parameters(ctx: FileContext, cls: PhpClass, creds: list[Node], params: list[Node]) -> Iterator[Edit]:
    if not creds:
        return
    first = creds[0]
    default = " = null" if first.child_by_field_name("default_value") is not None else ""
    yield Edit(first.start_byte, first.end_byte, layout.encode(ctx, f"${TOKEN_PARAM}{default}"),
               f"{cls.name}::__construct() takes ${TOKEN_PARAM} instead of the credentials")
    for param in creds[1:]:
        before = params[params.index(param) - 1]
        yield Edit(before.end_byte, param.end_byte, b"",
                   f"{cls.name}::__construct(): removed the credential parameter ${param_name(param)}")


def _doc_params(ctx: FileContext, ctor: Node, creds: list[Node], params: list[Node]) -> Iterator[Edit]:
    """The doc comment's `@param` lines follow the parameters: the first credential's line
    describes the token, the other credentials' lines go. Lines are matched by `$name` when
    they name one, else by position when there is one line per parameter; otherwise untouched."""
    doc = ctor.prev_sibling
    if not creds or doc is None or doc.type != "comment" or not text(doc).startswith("/**"):
        return
    data = ctx.data
    lines, pos = [], doc.start_byte
    for raw in data[doc.start_byte:doc.end_byte].split(b"\n"):
        if b"@param" in raw:
            lines.append((pos, pos + len(raw.rstrip(b"\r")), raw))
        pos += len(raw) + 1
    names = [param_name(p) for p in params]
    named = {n: line for n in names for line in lines if re.search(rb"\$" + n.encode() + rb"\b", line[2])}
    if named:
        mine = [named.get(param_name(p)) for p in creds]
    elif len(lines) == len(params):
        mine = [lines[params.index(p)] for p in creds]
    else:
        return
    if mine[0] is not None:
        start, end, raw = mine[0]
        at = raw.index(b"@param") + len(b"@param")
        spacing = raw[at:len(raw) - len(raw[at:].lstrip())] or b" "
        token = f"string{spacing.decode('latin-1')}${TOKEN_PARAM} " if named else f"string{spacing.decode('latin-1')}"
        yield Edit(start + at + len(spacing), end, layout.encode(ctx, token + "the access token"),
                   "the doc comment describes $accessToken")
    for line in mine[1:]:
        if line is not None:
            start, end, _ = line
            yield Edit(layout.line_start(data, start), layout.line_end(data, start), b"",
                       "the doc comment: removed a credential parameter")


def _parent_call(ctx: FileContext, cls: PhpClass, call: Node, cred_vars: set[str],
                 forwarded: set[tuple[int, int]]) -> Iterator[Edit]:
    """`parent::__construct($login, $pass, $acct, ...)` of a family parent: the parent now
    takes one token where it took the credentials."""
    parent_params = ctx.project.ctor_params(cls.base)
    args_node = call.child_by_field_name("arguments")
    args = [a for a in args_node.named_children if a.type == "argument"] if args_node is not None else []
    if any(a.child_by_field_name("name") is not None for a in args) or any(text(a).startswith("...") for a in args):
        yield from todo(ctx, statement_in(call), "named or unpacked arguments to the parent constructor: "
                                           "pass the access token in place of the credentials by hand")
        return
    positions = [i for i, name in enumerate(parent_params[:len(args)]) if credential_kind(name)]
    if not positions:
        return
    values = [arguments(call)[i] for i in positions]
    own = all(v.type == "variable_name" and text(v) in cred_vars for v in values)
    if own:
        forwarded.update((v.start_byte, v.end_byte) for v in values)
        token = f"${TOKEN_PARAM}"
    else:
        token = f"getenv('{ctx.token_env}')"
        ctx.notes.append(Note(layout.line_of(ctx.data, call.start_byte), "needs-hands",
                              f"the parent constructor got credentials from elsewhere; it now gets the token "
                              f"from the environment ({ctx.token_env}): it may belong in your configuration"))
    first = args[positions[0]]
    yield Edit(first.start_byte, first.end_byte, layout.encode(ctx, token),
               f"line {layout.line_of(ctx.data, call.start_byte)}: the parent constructor gets the access token")
    for i in positions[1:]:
        yield Edit(args[i - 1].end_byte, args[i].end_byte, b"",
                   f"line {layout.line_of(ctx.data, call.start_byte)}: removed a credential argument")


def _subclasses_elsewhere(ctx: FileContext, cls: PhpClass) -> list[PhpClass]:
    """Classes of other files that inherit from `cls` (their `$this->` reads reach its properties)."""
    project = ctx.project
    return [c for c in project.classes.values()
            if c.path != ctx.path and cls.key in project.ancestors(c.key)]


def _property_uses(classes, gone) -> dict[str, list[tuple[Node, int]]]:
    """`$this->name` in the family's classes of this file, outside the code that goes: name ->
    (the node, where its statement starts)."""
    uses: dict[str, list[tuple[Node, int]]] = {}
    for _, other in classes:
        for node in walk(other):
            prop = this_property(node)
            if prop is not None and not is_gone(gone, node.start_byte, node.end_byte):
                uses.setdefault(prop, []).append((node, statement_in(node).start_byte))
    return uses


def _properties(ctx: FileContext, cls: PhpClass, class_node: Node, ctor: Node, assigned: set[str],
                uses: dict[str, list[tuple[Node, int]]], rewritten: set[int], writes_token: bool) -> Iterator[Edit]:
    """Credential properties nothing reads any more go; the first becomes the token property."""
    data = ctx.data
    body = class_node.child_by_field_name("body")
    declarations = [d for d in body.named_children if d.type == "property_declaration"]
    elements = [(d, e) for d in declarations for e in d.named_children if e.type == "property_element"]

    def name(element: Node) -> str:
        return text(element.named_children[0]).lstrip("$")

    credential = [(d, e) for d, e in elements if name(e) in assigned or credential_kind(name(e))]
    if any(name(e) == TOKEN_PROPERTY for _, e in elements):
        writes_token = False  # already declared (a migrated file run again)
    reads = {prop: [node for node, start in found if start not in rewritten] for prop, found in uses.items()}
    removable = []
    heirs = _subclasses_elsewhere(ctx, cls)
    for declaration, element in credential:
        uses = reads.get(name(element), [])
        heir = next((h for h in heirs if name(element) in h.this_reads), None)
        if heir is not None and "private" not in text(declaration):
            ctx.notes.append(Note(layout.line_of(data, element.start_byte), "needs-hands",
                                  f"property ${name(element)} held a credential and is still read by the "
                                  f"subclass {heir.name} ({heir.path}); it would no longer be set"))
            continue
        if uses:
            ctx.notes.append(Note(layout.line_of(data, element.start_byte), "needs-hands",
                                  f"property ${name(element)} held a credential and is still read "
                                  f"(line {layout.line_of(data, uses[0].start_byte)}); it is no longer set"))
            continue
        removable.append((declaration, element))
    by_declaration: dict[int, list[Node]] = {}
    for declaration, element in removable:
        by_declaration.setdefault(declaration.start_byte, []).append(element)
    replaced = False
    for declaration in declarations:
        doomed = by_declaration.get(declaration.start_byte)
        if not doomed:
            continue
        all_elements = [e for e in declaration.named_children if e.type == "property_element"]
        line = layout.line_of(data, declaration.start_byte)
        if len(doomed) == len(all_elements):
            if writes_token and not replaced:
                modifiers = " ".join(text(c) for c in declaration.children if c.type.endswith("modifier")
                                     or c.type == "var_modifier") or "protected"
                start = layout.leading_comments(declaration, data)
                indent = layout.indent_at(data, start).decode("ascii")
                doc = f"/** @var string the access token, sent with every call */\n{indent}" \
                    if start < declaration.start_byte else ""
                yield Edit(start, declaration.end_byte, layout.encode(ctx, f"{doc}{modifiers} ${TOKEN_PROPERTY};"),
                           f"line {line}: one access token property instead of the credential properties")
                replaced = True
            else:
                start, end = layout.removal(data, declaration)
                yield Edit(start, end, b"", f"line {line}: removed a credential property")
        else:
            for element in doomed:
                start, end = element_removal_property(data, element)
                yield Edit(start, end, b"", f"line {line}: removed a credential property")
    if writes_token and not replaced:
        start = layout.line_start(data, layout.leading_comments(ctor, data))
        indent = layout.indent_at(data, ctor.start_byte).decode("ascii")
        yield Edit(start, start, layout.encode(ctx, f"{indent}/** @var string the access token, sent with every "
                                                    f"call */\n{indent}protected ${TOKEN_PROPERTY};\n\n"),
                   f"{cls.name} keeps the access token in ${TOKEN_PROPERTY}")


def element_removal_property(data: bytes, element: Node) -> tuple[int, int]:
    """One `$name = x` of `protected $a, $b;` with its comma."""
    after, before = element.next_sibling, element.prev_sibling
    if after is not None and after.type == ",":
        end = after.end_byte
        while end < len(data) and data[end:end + 1] in (b" ", b"\t"):
            end += 1
        return element.start_byte, end
    if before is not None and before.type == ",":
        return before.start_byte, element.end_byte
    return element_removal(data, element)


def _kept(ctx: FileContext, class_node: Node, params: list[Node]) -> list[Note]:
    """The charset default and an http:// URL stay as they were: say so."""
    notes = []
    for param in params:
        default = param.child_by_field_name("default_value")
        value = string_value(default)
        if value is None:
            continue
        line = layout.line_of(ctx.data, default.start_byte)
        if "charset" in param_name(param).lower() and value.lower() not in _CHARSETS_KEPT_SILENTLY:
            notes.append(Note(line, "kept", f"the 1.x charset default '{value}' is kept (the 2.x client "
                                            "defaults to utf-8): callers' strings are converted as before"))
    for node in walk(class_node):
        value = string_value(node)
        if value and value.lower().startswith("http://"):
            notes.append(Note(layout.line_of(ctx.data, node.start_byte), "kept",
                              f"the URL {value} is kept as it was (http://, not https://)"))
    return notes
