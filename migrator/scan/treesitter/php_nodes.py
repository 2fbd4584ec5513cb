"""Reading tree-sitter-php nodes: a call's arguments, an array literal's keyed elements.

Shared by the PHP syntax (php.py, what the extractor asks) and the script-client analysis
(php_scripts.py); it imports no tree-sitter at run time, so a rule may import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.scan.treesitter.syntax import quoted_value, text

if TYPE_CHECKING:
    from tree_sitter import Node


def arguments(args: Node | None) -> list[tuple[str | None, Node]]:
    """(name of a PHP 8 named argument or None, value) of each argument of an `arguments` node."""
    out = []
    for arg in args.named_children if args is not None else ():
        if arg.type != "argument":
            continue
        name = arg.child_by_field_name("name")
        out.append((text(name) if name is not None else None, arg.named_children[-1]))
    return out


def items(array: Node | None) -> Iterator[tuple[str, Node, Node]]:
    """(key as written, key node, value) of each `'key' => value` element of an array literal."""
    for element in array.named_children if array is not None else ():
        if element.type == "array_element_initializer" and element.named_child_count == 2:
            key = element.named_children[0]
            if key.type in ("string", "encapsed_string"):
                yield quoted_value(key), key, element.named_children[1]


def keys(array: Node) -> dict[str, Node]:
    """Key (lower case) -> its first key node."""
    found: dict[str, Node] = {}
    for key, node, _value in items(array):
        found.setdefault(key.lower(), node)
    return found
