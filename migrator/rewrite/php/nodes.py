"""Reading the tree-sitter-php tree the fixes edit: the family's classes in one file, their
methods, calls and strings. Names compare in lower case: PHP class and method names are
case-insensitive (variables are not)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.scan.treesitter.syntax import quoted_value, text, walk  # noqa: F401 - walk: the fixes' reader

if TYPE_CHECKING:
    from tree_sitter import Node

    from migrator.rewrite.php.registry import FileContext
    from migrator.scan.treesitter.php_project import PhpClass

CALLS = frozenset({"member_call_expression", "nullsafe_member_call_expression",
                   "scoped_call_expression", "function_call_expression"})
STRINGS = frozenset({"string", "encapsed_string"})
LOOPS = frozenset({"while_statement", "do_statement", "for_statement", "foreach_statement"})
# `$this->__soapCall('login', ...)`: the operation is the first argument
FORWARDERS = frozenset({"__soapcall", "__call", "soapcall"})


BODY = frozenset({"compound_statement"})  # a function's or a block's `{ ... }`


def statement_in(node: Node, blocks: frozenset[str] = BODY) -> Node:
    """The ancestor of `node` (or itself) that stands directly in one of `blocks`: its statement
    (a class member in a `declaration_list`, a top-level statement in `program`, ...)."""
    while node.parent is not None and node.parent.type not in blocks:
        node = node.parent
    return node


def family_classes(ctx: FileContext) -> list[tuple[PhpClass, Node]]:
    """The family's classes defined in this file, each with its class_declaration node."""
    family = ctx.project.family()
    out = []
    for cls in ctx.project.classes.values():
        if cls.key not in family or cls.path != ctx.path:
            continue
        node = ctx.tree.root_node.descendant_for_byte_range(cls.start_byte, cls.end_byte)
        while node is not None and node.type != "class_declaration":
            node = node.parent
        if node is not None and node.start_byte == cls.start_byte and node.end_byte == cls.end_byte:
            out.append((cls, node))
    return sorted(out, key=lambda pair: pair[0].start_byte)


def methods(class_node: Node) -> dict[str, Node]:
    """lower-case name -> method_declaration declared in this class body."""
    body = class_node.child_by_field_name("body")
    out: dict[str, Node] = {}
    for member in body.named_children if body is not None else ():
        if member.type == "method_declaration":
            out.setdefault(text(member.child_by_field_name("name")).lower(), member)
    return out


def visibility(method: Node) -> str:
    """"public", "protected" or "private" (PHP allows one modifier; none means public)."""
    modifiers = [text(c).lower() for c in method.children if c.type == "visibility_modifier"]
    return modifiers[0] if modifiers else "public"


def name_of(node: Node) -> str:
    """A call's or member's name, lower case ("" for `$this->$method()`)."""
    name = node.child_by_field_name("name") or node.child_by_field_name("function")
    return text(name).lower() if name is not None and name.type in ("name", "qualified_name") else ""


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    return [a.named_children[-1] for a in args.named_children if a.type == "argument"] if args else []


def string_value(node: Node | None) -> str | None:
    if node is None or node.type not in STRINGS:
        return None
    if any(c.type not in ("string_content", "'", '"', "escape_sequence") for c in node.children):
        return None  # interpolated
    return quoted_value(node)


def on_self(call: Node) -> bool:
    """`$this->m()`, `self::m()`, `static::m()`, `parent::m()`."""
    receiver = call.child_by_field_name("object") or call.child_by_field_name("scope")
    return receiver is not None and text(receiver).lower() in ("$this", "self", "static", "parent")


def soap_operation(call: Node) -> str | None:
    """The operation a `__soapCall('login', ...)` / `__call('login', ...)` call sends, lower case."""
    if call.type == "function_call_expression" or name_of(call) not in FORWARDERS:
        return None
    args = arguments(call)
    value = string_value(args[0]) if args else None
    return value.lower() if value else None


def is_login_call(call: Node) -> bool:
    """`->login(..)`, `parent::login(..)`, `->__soapCall('login', ..)` on the client itself."""
    if call.type not in CALLS or call.type == "function_call_expression" or not on_self(call):
        return False
    return name_of(call) == "login" or soap_operation(call) == "login"


def mentions(node: Node, needle: str) -> bool:
    """A string literal under `node` contains `needle` (lower case)."""
    return any(n.type in STRINGS and needle in text(n).lower() for n in walk(node))


def enclosing(node: Node, types: frozenset[str] | set[str]) -> Node | None:
    current = node.parent
    while current is not None and current.type not in types:
        current = current.parent
    return current


def variables(node: Node) -> Iterator[Node]:
    """Every `$name` under node (not `$this`)."""
    for n in walk(node):
        if n.type == "variable_name" and text(n) != "$this":
            yield n


def this_property(node: Node) -> str | None:
    """`$this->name` (a property read or write, not a call) -> "name"."""
    if node.type != "member_access_expression":
        return None
    obj, name = node.child_by_field_name("object"), node.child_by_field_name("name")
    if text(obj) != "$this" or name is None or name.type != "name":
        return None
    return text(name)


def statements(block: Node) -> list[Node]:
    """The statements of a compound statement, comments excluded."""
    return [c for c in block.named_children if c.type != "comment"]


def simple_parameters(method: Node) -> list[Node]:
    params = method.child_by_field_name("parameters")
    return [p for p in params.named_children if p.type != "comment"] if params is not None else []


def param_name(param: Node) -> str:
    return text(param.child_by_field_name("name")).lstrip("$")
