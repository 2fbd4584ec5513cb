"""What a language module tells the shared extractor: its grammar and its tree-sitter queries.

Every language answers the same questions with its own node types, through queries
that use a fixed set of capture names, so one extractor (facts.py) builds the same
facts for PHP, Java, C# and JavaScript/TypeScript:

  calls     @call  @name  [@recv]  [@args]   [@static]   a method or function call
  news      @new   @type  [@args]  [@init]               an object construction
  ctors     @ctor  @class @params                        a constructor definition
  strings   @str                                         a string (or regex) literal
  idents    @ident                                       a name worth noticing (pre-filtered by #match?)
  keysets   @keys                                        an array/object literal or initializer
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:  # rules import this module; tree-sitter itself loads only with the analyzers
    from tree_sitter import Node


@dataclass(frozen=True)
class Syntax:
    name: str  # grammar name, e.g. "php", "tsx"
    language: str  # Finding.language
    load: Callable[[], object]  # returns the grammar's language capsule
    queries: dict[str, str]
    case_insensitive: bool  # PHP: method and class names are case-insensitive
    # how to read the pieces the queries capture
    string_value: Callable[[Node], str]
    param_names: Callable[[Node], list[str]]
    keys: Callable[[Node], dict[str, Node]]
    arguments: Callable[[Node | None], list[tuple[str | None, Node]]]
    function_types: frozenset[str]  # nodes that delimit a function body (relogin scope)
    statement_suffixes: tuple[str, ...] = ("statement", "declaration")
    # names of calls that return a temp directory (cookie files live there)
    tempdir_calls: frozenset[str] = field(default_factory=frozenset)
    # names of calls that set a cookie on the client
    cookie_calls: frozenset[str] = field(default_factory=frozenset)
    # identifiers that mean "this client keeps a session cookie"
    cookie_idents: frozenset[str] = field(default_factory=frozenset)
    # names of the login operation as called in this language
    login_names: frozenset[str] = frozenset({"login"})
    # argument counts a SOAP `login` call can have (None: any); generated Java/C# proxies take
    # one input object, which tells them from servlet-style login(user, password)
    login_arity: tuple[int, ...] | None = None


def text(node: Node | None) -> str:
    if node is None:
        return ""
    return node.text.decode("utf-8", "replace")


def quoted_value(node: Node) -> str:
    """The text between a literal's delimiters: 'x', "x", `x`, @"x", $"x", /x/."""
    raw = text(node)
    for prefix in ('$@"', '@$"', '@"', '$"', '"""'):
        if raw.startswith(prefix):
            return raw[len(prefix):].rstrip('"')
    if len(raw) >= 2 and raw[0] in "'\"`/" and raw[-1] == raw[0]:
        return raw[1:-1]
    return raw


def walk(node: Node) -> Iterator[Node]:
    """`node` and every descendant, in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))
