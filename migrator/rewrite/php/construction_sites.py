"""Every `new X(...)` of a Copernica client class (the project's family) passes one access token.

The arguments are bound to the declared constructor parameters (signature.bind), so the order of
the client version does not matter: the credential arguments become ONE `getenv('<token_env>')` at
the first credential's position (the contract in signature.py); every other argument keeps
its source text. A settings-array constructor gets `'access_token' => getenv(...)` in place of the
credential keys of its literal array. Credentials read from framework configuration still become
`getenv(...)`, with a TODO: the token may belong in that configuration.

Inside a family class, `new self(...)` is that class and `new parent(...)` its parent; `new
static(...)` is that class when no subclass's constructor takes other parameters (otherwise the
runtime class decides, and a person must). A class chosen at run time (`$class = 'PomSoapClient'; new
$class(...)`) cannot be proved: the family is left as it was ("blocked"). Credential variables
the edit leaves unread are reported, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from tree_sitter import Node

from migrator.rewrite.php import signature
from migrator.rewrite.php.edit import Edit, Note
from migrator.rewrite.php.nodes import CALLS, statement_in, walk
from migrator.rewrite.php.registry import FileContext, fix
from migrator.rewrite.php.todo import MARKER
from migrator.scan.treesitter.shapes import looks_like_token
from migrator.scan.treesitter.php_nodes import items
from migrator.scan.treesitter.syntax import quoted_value, text

CONFIG_TODO = ("the token may belong in your configuration, where the login came from; "
               "it is read from {env} now")
# where a variable's scope ends: PHP functions see no outer variables (an arrow function does)
_SCOPES = frozenset({"function_definition", "method_declaration", "anonymous_function"})
_BLOCKS = frozenset({"program", "compound_statement", "declaration_list", "switch_block",
                     "case_statement", "default_statement", "colon_block"})
_PLAIN = frozenset({"variable_name", "string", "encapsed_string", "nowdoc", "heredoc", "null",
                    "integer", "boolean"})
_ENV_CALLS = frozenset({"getenv"})
_WHY = "construction passes the access token from the environment instead of login credentials"
_TODO_WHY = "TODO added: the access token may belong in your configuration"


@fix("COP102")
def construction_sites(ctx: FileContext) -> Iterator[Edit]:
    project = ctx.project
    family = project.family()
    if not family:
        return
    for node in (n for n in walk(ctx.tree.root_node) if n.type == "object_creation_expression"):
        yield from _site(ctx, node, family)


# ---- one `new` ------------------------------------------------------------------------------

def _site(ctx: FileContext, new: Node, family: frozenset[str]) -> Iterator[Edit]:
    line = new.start_point[0] + 1
    kind = _class_node(new)
    if kind is None:
        return
    if kind.type == "anonymous_class":
        base = next((c for c in kind.named_children if c.type == "base_clause"), None)
        names = [c for c in (base.named_children if base else ()) if c.type in ("name", "qualified_name")]
        if names and ctx.project.resolve(text(names[0]), ctx.path, new.start_byte) in family:
            _blocked(ctx, line, "an anonymous subclass of a Copernica client: migrate it by hand")
        return
    if kind.type not in ("name", "qualified_name"):  # new $class(...), new ($expr)(...)
        if _mentions_family(ctx, family):
            _blocked(ctx, line, "a client class chosen at run time (`new $variable(...)`) in a file that "
                                "names a Copernica client class: migrate this construction by hand")
        return
    key = _resolve(ctx, kind, family)
    if key is None:
        return
    if key == "":  # new static in a family class whose subclasses take other arguments
        _blocked(ctx, line, "`new static(...)`: the class (and its constructor) is chosen at run time; "
                            "migrate this construction by hand")
        return
    params = ctx.project.ctor_params(key)
    args = _arguments(new)
    if any(a.spread for a in args):
        _blocked(ctx, line, "a Copernica client built with `...$arguments`: migrate it by hand")
        return
    if any(looks_like_token(a.value) for a in args):
        return  # it passes a token already (migrated, by us or by hand): never twice
    if signature.is_legacy(params):
        yield from _credential_args(ctx, new, params, args)
    else:
        yield from _settings_array(ctx, new, args)


@dataclass(frozen=True)
class _Arg:
    node: Node  # the whole `argument`
    value: Node
    name: str | None  # PHP 8 named argument
    spread: bool


def _arguments(new: Node) -> list[_Arg]:
    args = next((c for c in new.named_children if c.type == "arguments"), None)
    out = []
    for arg in args.named_children if args is not None else ():
        if arg.type != "argument":
            continue
        name = arg.child_by_field_name("name")
        value = arg.named_children[-1]
        out.append(_Arg(arg, value, text(name) if name is not None else None,
                        value.type == "variadic_unpacking" or text(arg).startswith("...")))
    return out


def _credential_args(ctx: FileContext, new: Node, params: tuple[str, ...],
                     args: list[_Arg]) -> Iterator[Edit]:
    line = new.start_point[0] + 1
    try:
        by_param = _bound(params, args)
    except ValueError as exc:
        _blocked(ctx, line, f"the arguments do not match the constructor ({exc}): migrate it by hand")
        return
    credentials = [by_param[p.lower()] for p in params
                   if signature.credential_kind(p) is not None and p.lower() in by_param]
    if not credentials:
        _blocked(ctx, line, "a Copernica client built without login credentials at this place: "
                            "pass the access token by hand")
        return
    # the token's place: positional when the first credential parameter was passed positionally
    first = min(credentials, key=lambda a: a.node.start_byte)
    token = _getenv(ctx)
    positional_credentials = [a for a in credentials if a.name is None]
    keep = positional_credentials[0] if positional_credentials else first
    text = token if keep.name is None else f"{signature.TOKEN_PARAM}: {token}"
    yield Edit(keep.node.start_byte, keep.node.end_byte, text.encode(ctx.encoding), _WHY)
    for arg in credentials:
        if arg is not keep:
            yield _drop(args, arg)
    yield from _configuration(ctx, new, [a.value for a in credentials])
    _unused(ctx, new, [a.value for a in credentials])
    _secrets(ctx, [by_param[p.lower()].value for p in params if p.lower() in by_param
                   and signature.credential_kind(p) in ("password", "login")])


def _bound(params: tuple[str, ...], args: list[_Arg]) -> dict[str, _Arg]:
    """Lower-case parameter name -> the argument bound to it (ValueError: they do not match)."""
    positional = [a for a in args if a.name is None]
    named = [a for a in args if a.name is not None]
    binding = signature.bind(params, len(positional), tuple(a.name for a in named))
    return {param: positional[where] if isinstance(where, int) else
            next(a for a in named if a.name.lower() == where.lower()) for param, where in binding.items()}


def _settings_array(ctx: FileContext, new: Node, args: list[_Arg]) -> Iterator[Edit]:
    """`new X(array('email' => .., 'password' => .., 'account' => .., 'url' => ..))`."""
    for arg in args:
        if arg.value.type != "array_creation_expression":
            continue
        every = [e for e in arg.value.named_children if e.type == "array_element_initializer"]
        elements = [e for e in every
                    if e.named_child_count == 2 and e.named_children[0].type in ("string", "encapsed_string")]
        credentials = [e for e in elements if signature.credential_kind(quoted_value(e.named_children[0]))]
        kinds = {signature.credential_kind(quoted_value(e.named_children[0])) for e in credentials}
        if not {"password", "account"} <= kinds and not {"password", "login"} <= kinds:
            continue
        quote = text(credentials[0].named_children[0])[:1]
        entry = f"{quote}{signature.TOKEN_KEY}{quote} => {_getenv(ctx)}"
        yield Edit(credentials[0].start_byte, credentials[0].end_byte, entry.encode(ctx.encoding), _WHY)
        for element in credentials[1:]:  # with the separator after the element before it
            yield Edit(every[every.index(element) - 1].end_byte, element.end_byte, b"", "")
        values = [e.named_children[1] for e in credentials]
        yield from _configuration(ctx, new, values)
        _unused(ctx, new, values)
        _secrets(ctx, [e.named_children[1] for e in credentials
                       if signature.credential_kind(quoted_value(e.named_children[0])) != "account"])


def _secrets(ctx: FileContext, values: list[Node]) -> None:
    """Literal logins and passwords (an account name is no secret; nor is a configuration key
    like 'copernica.password')."""
    for value in values:
        literal = quoted_value(value) if value.type in ("string", "encapsed_string") else ""
        if literal and literal not in ctx.secrets:
            ctx.secrets.append(literal)


def _getenv(ctx: FileContext) -> str:
    return f"getenv('{ctx.token_env}')"


def _drop(args: list[_Arg], arg: _Arg) -> Edit:
    """Delete an argument with the separator before it (it is never the first: the first credential
    is replaced, never dropped)."""
    index = args.index(arg)
    return Edit(args[index - 1].node.end_byte, arg.node.end_byte, b"", "")


# ---- which account each construction logs in to (families.py: one token cannot serve two) ----

def account_sources(ctx: FileContext) -> list[tuple[int, frozenset[str]]]:
    """(line, the strings its account comes from) of each construction of a family class, as
    completeness.py reads a Python login: the literals of the account argument, and the names of
    the environment variables it reads. A variable, a parameter or a configuration key says
    nothing: not counted."""
    family = ctx.project.family()
    out = []
    for new in (n for n in walk(ctx.tree.root_node) if n.type == "object_creation_expression"):
        kind = _class_node(new)
        key = _resolve(ctx, kind, family) if kind is not None and kind.type in ("name", "qualified_name") else None
        if not key:
            continue
        params, args = ctx.project.ctor_params(key), _arguments(new)
        if signature.is_legacy(params):
            try:
                values = [a.value for p, a in _bound(params, args).items() if signature.credential_kind(p) == "account"]
            except ValueError:
                continue
        else:  # a settings array: its 'account' element
            values = [value for a in args if a.value.type == "array_creation_expression"
                      for key, _node, value in items(a.value) if signature.credential_kind(key) == "account"]
        strings = frozenset(s for value in values for s in account_strings(value) if s)
        if strings:
            out.append((new.start_point[0] + 1, strings))
    return out


def account_strings(value: Node) -> Iterator[str]:
    """Literals in the expression, and environment variable names; not a configuration key
    (`$config->get('copernica.account')`: the same account may sit behind it)."""
    for node in walk(value):
        if node.type not in ("string", "encapsed_string"):
            continue
        above = node.parent
        while above is not None and above != value.parent:
            if above.type in CALLS | {"subscript_expression"} and not _plain(above):
                break
            above = above.parent
        else:
            yield quoted_value(node)


# ---- credentials from configuration: a TODO above the statement ------------------------------

def _configuration(ctx: FileContext, new: Node, values: list[Node]) -> Iterator[Edit]:
    if all(_plain(v) for v in values):
        return
    statement = statement_in(new, _BLOCKS)
    text = CONFIG_TODO.format(env=ctx.token_env)
    ctx.notes.append(Note(new.start_point[0] + 1, "needs-hands", text))
    data = ctx.data
    start = data.rfind(b"\n", 0, statement.start_byte) + 1
    if start == 0:
        start = data.rfind(b"\r", 0, statement.start_byte) + 1
    indent = data[start:statement.start_byte]
    if indent.strip(b" \t"):  # code before it on its line (`<?php $x = new ...`): a block comment
        comment = f"/* {MARKER}: {text} */ ".encode(ctx.encoding)
        yield Edit(statement.start_byte, statement.start_byte, comment, _TODO_WHY)
        return
    comment = indent + f"// {MARKER}: {text}".encode(ctx.encoding) + ctx.newline
    yield Edit(start, start, comment, _TODO_WHY)


def _plain(value: Node) -> bool:
    """A variable, a literal or getenv(): nothing a framework configures."""
    if value.type in _PLAIN:
        return True
    if value.type == "subscript_expression":  # $_ENV['X'], $_SERVER['X']: the environment
        return text(value).startswith(("$_ENV[", "$_SERVER["))
    if value.type == "function_call_expression":
        function = value.child_by_field_name("function")
        return function is not None and text(function).lstrip("\\").lower() in _ENV_CALLS
    return False


# ---- credential variables the edit leaves unread --------------------------------------------

def _unused(ctx: FileContext, new: Node, values: list[Node]) -> None:
    scope = _scope(new)
    body = text(scope)
    if "compact(" in body.lower() or "extract(" in body.lower() or "$$" in body or "get_defined_vars" in body.lower():
        return  # variables reached by name: cannot prove a variable unused
    for value in values:
        if value.type != "variable_name" or text(value) == "$this":
            continue
        name = text(value)
        reads, writes = [], []
        for var in _variables(scope):
            if text(var) != name or var.start_byte == value.start_byte:
                continue
            (writes if _assigned(var) else reads).append(var)
        if reads:
            continue
        before = [w for w in writes if w.start_byte < new.start_byte]
        where = (before[-1] if before else value).start_point[0] + 1
        ctx.notes.append(Note(where, "unused", f"{name} (line {where})"))


def _scope(node: Node) -> Node:
    while node.parent is not None and node.type not in _SCOPES:
        node = node.parent
    return node


def _variables(scope: Node) -> Iterator[Node]:
    """variable_name nodes of this scope (not of functions inside it; an arrow function shares it)."""
    stack = list(reversed(scope.children))
    while stack:
        node = stack.pop()
        if node.type == "variable_name":
            yield node
            continue
        if node.type in _SCOPES or node.type in ("class_declaration", "interface_declaration",
                                                  "trait_declaration", "anonymous_class"):
            if node.type == "anonymous_function":  # `use ($password)` reads it
                uses = next((c for c in node.named_children if c.type == "anonymous_function_use_clause"), None)
                if uses is not None:
                    stack.extend(reversed(uses.children))
            continue
        stack.extend(reversed(node.children))


def _assigned(var: Node) -> bool:
    """`$x = ...` (a plain assignment target) or `global $x` / `static $x`: not a read."""
    parent = var.parent
    if parent is None:
        return False
    if parent.type == "assignment_expression" and parent.child_by_field_name("left") == var:
        return True
    return parent.type in ("global_declaration", "static_variable_declaration")


# ---- which class ----------------------------------------------------------------------------

def _class_node(new: Node) -> Node | None:
    for child in new.named_children:
        if child.type != "arguments":
            return child
    return None


def _resolve(ctx: FileContext, name: Node, family: frozenset[str]) -> str | None:
    """The family key built here; None: not a Copernica client; "": decided at run time."""
    written = text(name)
    lower = written.lower()
    if lower in ("self", "static", "parent"):
        cls = ctx.project.class_at(ctx.path, name.start_byte)
        if cls is None or cls.key not in family:
            return None
        if lower == "parent":
            return cls.base if cls.base in family else None
        if lower == "static":
            mine = ctx.project.ctor_params(cls.key)
            for other in ctx.project.classes.values():
                if cls.key in ctx.project.ancestors(other.key) and ctx.project.ctor_params(other.key) != mine:
                    return ""
        return cls.key
    key = ctx.project.resolve(written, ctx.path, name.start_byte)
    return key if key in family else None


def _mentions_family(ctx: FileContext, family: frozenset[str]) -> bool:
    """Does the file name a family class in a string or as `X::class`?"""
    names = set(family) | {key.rsplit("\\", 1)[-1] for key in family}
    for node in (n for n in walk(ctx.tree.root_node) if n.type in ("string", "encapsed_string", "class_constant_access_expression",)):
        if node.type == "class_constant_access_expression":
            parts = node.named_children
            if len(parts) == 2 and text(parts[1]).lower() == "class" and \
                    ctx.project.resolve(text(parts[0]), ctx.path, node.start_byte) in family:
                return True
        elif quoted_value(node).lstrip("\\").lower().replace("\\\\", "\\") in names:
            return True
    return False


# ---- small helpers --------------------------------------------------------------------------

def _blocked(ctx: FileContext, line: int, text: str) -> None:
    ctx.notes.append(Note(line, "blocked", text))
