"""The per-file analysis the COP1xx rules read: facts pulled from one syntax tree by queries.

Data flows one way: bytes -> tree (base.py) -> facts (here) -> findings (migrator/rules/cop1*.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node, Query, QueryCursor, Tree

from migrator.catalogue import OBJECTS, OPERATION_NAME, OPERATION_NAME_ANY_CASE, lookup
from migrator.scan.model import Finding, Location, Severity
from migrator.scan.treesitter.errors import clean, error_nodes
from migrator.scan.treesitter.syntax import Syntax, quoted_value, text

if TYPE_CHECKING:
    from migrator.scan.treesitter.php_project import PhpProject

# Strings that only a Copernica SOAP client contains (REST lives on api.copernica.com: not evidence).
SOAP_URL_MARKERS = ("soap.copernica.com", "soapapi=wsdl")
# Class and type names of Copernica's example clients and generated proxies (lower-case
# prefixes: generators add suffixes, e.g. Axis `POM_SOAP_APIStub`, WCF `POMPortTypeClient`).
CLIENT_PREFIXES = ("pomsoapclient", "pom_soap_api", "pomsoapapi", "pomport")
LOGIN_KEYS = frozenset({"username", "password", "account"})


@dataclass(eq=False)
class Call:
    node: Node
    name: str
    name_node: Node
    receiver: Node | None
    static: bool  # PHP Foo::bar()
    args_node: Node | None
    syntax: Syntax

    @functools.cached_property
    def args(self) -> tuple[tuple[str | None, Node], ...]:
        """(named-argument name or None, expression); read only by the rules that need it."""
        return tuple(self.syntax.arguments(self.args_node))


@dataclass(eq=False)
class New:
    node: Node
    type_name: str  # simple name, generics and namespaces stripped
    type_node: Node
    args_node: Node | None
    syntax: Syntax

    @functools.cached_property
    def args(self) -> tuple[tuple[str | None, Node], ...]:
        return tuple(self.syntax.arguments(self.args_node))


@dataclass(frozen=True)
class Ctor:
    node: Node
    class_name: str
    name_node: Node
    params: tuple[str, ...]  # as written, without $ or modifiers


@dataclass(frozen=True)
class Literal:
    node: Node
    value: str


@dataclass(eq=False)
class KeySet:
    node: Node
    syntax: Syntax | None = None
    given: dict[str, Node] | None = None  # keys known up front (Java setters)

    @functools.cached_property
    def keys(self) -> dict[str, Node]:
        """lower-case key -> key node; most arrays are never asked."""
        return self.given if self.given is not None else self.syntax.keys(self.node)


@dataclass
class FileAnalysis:
    """Everything the rules need about one file; built once, read by every rule."""

    path: str
    syntax: Syntax
    source: bytes
    tree: Tree
    calls: list[Call] = field(default_factory=list)
    news: list[New] = field(default_factory=list)
    ctors: list[Ctor] = field(default_factory=list)
    strings: list[Literal] = field(default_factory=list)
    idents: list[Literal] = field(default_factory=list)
    keysets: list[KeySet] = field(default_factory=list)
    # byte ranges of the outermost ERROR nodes and (empty) of MISSING tokens: the code there did
    # not parse, and no fact comes from it (errors.clean); a rewrite must not edit in or at them
    error_spans: tuple[tuple[int, int], ...] = ()
    # PHP: every class pass 1 saw, so a rule knows a wrapper defined or subclassed elsewhere
    php: PhpProject | None = None

    @property
    def language(self) -> str:
        return self.syntax.language

    # -- names -----------------------------------------------------------------
    def norm(self, name: str) -> str:
        return name.lower() if self.syntax.case_insensitive else name

    def is_login_name(self, name: str) -> bool:
        return self.norm(name) in self.syntax.login_names

    def is_dynamic_login(self, call: Call) -> bool:
        return self.dynamic_login_name(call) is not None

    def dynamic_login_name(self, call: Call) -> Node | None:
        """The string naming `login` in a PHP call made by name: `$soap->__soapCall('login', ...)`,
        `call_user_func(array($soap, 'login'), ...)`, `call_user_func_array([$soap, 'Login'], ...)`."""
        if not self.syntax.case_insensitive or not call.args:
            return None
        name, first = self.norm(call.name).rsplit("\\", 1)[-1], call.args[0][1]
        if name in _CALLABLE_CALLERS and call.receiver is None:
            first = _callable_method(first)
        elif name not in ("__soapcall", "__call"):
            return None
        named = first is not None and first.type in ("string", "encapsed_string")
        return first if named and quoted_value(first).lower() == "login" else None

    def is_login_call(self, call: Call) -> bool:
        return self.is_login_name(call.name) or self.is_dynamic_login(call)

    def is_operation_name(self, name: str) -> bool:
        """`Account_databases`, `Database_searchProfilesAsync`; any spelling in PHP."""
        return bool((OPERATION_NAME_ANY_CASE if self.syntax.case_insensitive else OPERATION_NAME).match(name))

    # -- evidence that this is Copernica SOAP code -------------------------------
    @functools.cached_property
    def login_shapes(self) -> list[KeySet]:
        """Literals carrying username, account and password: the shape of the login parameters."""
        return [k for k in self.keysets_mentioning(b"password") if LOGIN_KEYS <= k.keys.keys()]

    @functools.cached_property
    def is_copernica(self) -> bool:
        if any(m in s.value.lower() for s in self.strings for m in SOAP_URL_MARKERS):
            return True
        if any(i.value.lower().startswith(CLIENT_PREFIXES) or is_input_type(i.value) for i in self.idents):
            return True
        if any(n.type_name.lower().startswith(CLIENT_PREFIXES) for n in self.news):
            return True
        if any(self.is_operation_name(c.name) for c in self.calls):
            return True
        # the credential shape alone also fits a web login form: it needs a SOAP client nearby;
        # so does a mere mention (`config.copernicaWsdl`), which REST code has too
        return self.uses_soap and (b"copernica" in self._lower_source or bool(self.login_shapes))

    @functools.cached_property
    def uses_soap(self) -> bool:
        """A SOAP client in sight: `new SoapClient`, `require('soap')`, `soap.createClient(...)`."""
        return (any("soap" in n.type_name.lower() for n in self.news)
                or any(s.value.lower() == "soap" for s in self.strings)
                or any(c.receiver is not None and "soap" in text(c.receiver).lower() for c in self.calls))

    def function_name(self, node: Node) -> str | None:
        name = node.child_by_field_name("name")
        if name is None and node.parent is not None and node.parent.type == "variable_declarator":
            name = node.parent.child_by_field_name("name")  # const connect = () => ...
        return text(name) if name is not None else None

    @functools.cached_property
    def login_functions(self) -> frozenset[str]:
        """Names (normalised) of this file's functions that call `login`, at any nesting depth."""
        names = set()
        for call in self.calls:
            if not self.is_login_call(call):
                continue
            scope = self.enclosing(call.node, self.syntax.function_types)
            while scope is not None:
                name = self.function_name(scope)
                if name:
                    names.add(self.norm(name))
                scope = self.enclosing(scope, self.syntax.function_types)
        return frozenset(names)

    # -- tree helpers --------------------------------------------------------------
    @functools.cached_property
    def _lower_source(self) -> bytes:
        return self.source.lower()

    def keysets_mentioning(self, word: bytes) -> list[KeySet]:
        """Key sets whose text contains `word` (lower case): a byte search before reading keys,
        since most arrays and objects in a file are not parameter objects."""
        src = self._lower_source
        return [k for k in self.keysets if k.given is not None
                or src.find(word, k.node.start_byte, k.node.end_byte) >= 0]

    @functools.cached_property
    def _calls_by_args(self) -> dict[tuple[int, int], Call]:
        return {(c.args_node.start_byte, c.args_node.end_byte): c for c in self.calls
                if c.args_node is not None}

    def call_taking(self, node: Node) -> Call | None:
        """The call that has `node` as one of its arguments (PHP/C# wrap it in `argument`)."""
        parent = node.parent
        if parent is not None and parent.type == "argument":
            parent = parent.parent
        if parent is None:
            return None
        return self._calls_by_args.get((parent.start_byte, parent.end_byte))

    def enclosing(self, node: Node, types: frozenset[str]) -> Node | None:
        parent = node.parent
        while parent is not None and parent.type not in types:
            parent = parent.parent
        return parent

    def statement_of(self, node: Node) -> Node:
        """The smallest statement or declaration around a node (the file if none)."""
        current = node
        while current.parent is not None and not current.type.endswith(self.syntax.statement_suffixes):
            current = current.parent
        return current

    @staticmethod
    def inside(node: Node, scope: Node) -> bool:
        return scope.start_byte <= node.start_byte and node.end_byte <= scope.end_byte

    # -- output ----------------------------------------------------------------------
    def location(self, node: Node) -> Location:
        (line, _), (end_line, _) = node.start_point, node.end_point
        return Location(self.path, line + 1, self._char_column(node.start_byte) + 1,
                        end_line + 1, self._char_column(node.end_byte) + 1)

    def finding(self, rule: str, node: Node, message: str, severity: Severity,
                fixable: bool = False) -> Finding:
        """fixable: the rule says `rewrite` migrates this very site (PHP: inside a login-client
        family); checking.py keeps it only where the rule names fixes for the language."""
        return Finding(rule=rule, message=message, location=self.location(node), severity=severity,
                       language=self.language, fixable=fixable)  # type: ignore[arg-type]

    def _char_column(self, offset: int) -> int:
        # tree-sitter counts bytes; users (and SARIF) count characters
        start = self.source.rfind(b"\n", 0, offset) + 1
        return len(self.source[start:offset].decode("utf-8", "replace"))


def extract(path: str, syntax: Syntax, source: bytes, tree: Tree, query: Query,
            kinds: tuple[str, ...]) -> FileAnalysis:
    """Run the language's one combined query over the tree and sort its matches into facts.

    `kinds[i]` names the fact kind of the query's pattern i ("calls", "strings", ...).
    """
    fa = FileAnalysis(path, syntax, source, tree)
    broken = tree.root_node.has_error
    if broken:
        nodes = error_nodes(tree.root_node)  # one walk for both
        fa.error_spans = tuple((n.start_byte, n.end_byte) for n in nodes)
        errors = [(n.start_byte, n.end_byte) for n in nodes if n.is_error]  # what `clean` needs
    by_kind: dict[str, list[dict]] = {}
    for pattern, caps in QueryCursor(query).matches(tree.root_node):
        if broken and not clean((n for nodes in caps.values() for n in nodes), errors):
            continue  # a fact an error could have bent: the COP190 note covers that code
        by_kind.setdefault(kinds[pattern], []).append(caps)

    def matches(kind: str):
        return by_kind.get(kind, ())

    def one(caps: dict, name: str) -> Node | None:
        nodes = caps.get(name)
        return nodes[0] if nodes else None

    for caps in matches("calls"):
        call, name = one(caps, "call"), one(caps, "name")
        fa.calls.append(Call(call, text(name), name, one(caps, "recv"), "static" in caps,
                             one(caps, "args"), syntax))
    for caps in matches("news"):
        type_node = one(caps, "type")
        fa.news.append(New(one(caps, "new"), _simple_name(text(type_node)), type_node,
                           one(caps, "args"), syntax))
    for caps in matches("ctors"):
        cls = one(caps, "class")
        # point at the constructor's own name where the grammar has one (PHP __construct)
        fa.ctors.append(Ctor(one(caps, "ctor"), text(cls), one(caps, "m") or cls,
                             tuple(syntax.param_names(one(caps, "params")))))
    for caps in matches("strings"):
        node = one(caps, "str")
        fa.strings.append(Literal(node, syntax.string_value(node)))
    for caps in matches("idents"):
        node = one(caps, "ident")
        fa.idents.append(Literal(node, text(node)))
    for caps in matches("keysets"):
        fa.keysets.append(KeySet(one(caps, "keys"), syntax))
    fa.keysets.extend(_setter_keysets(fa))
    return fa


_CALLABLE_CALLERS = frozenset({"call_user_func", "call_user_func_array"})
# what names a class rather than an object: `[Auth::class, 'login']` is a static facade
_CLASS_REFERENCES = frozenset({"class_constant_access_expression", "string", "encapsed_string", "name",
                               "qualified_name"})


def _callable_method(node: Node) -> Node | None:
    """The method name of an object callable `array($obj, 'method')` / `[$obj, 'method']`."""
    if node.type != "array_creation_expression":
        return None
    elements = [e for e in node.named_children if e.type == "array_element_initializer"]
    if len(elements) != 2 or any(e.named_child_count != 1 for e in elements):
        return None  # keyed elements are no callable
    target, method = (e.named_children[0] for e in elements)
    return None if target.type in _CLASS_REFERENCES else method


def is_input_type(name: str) -> bool:
    """Generated proxy input types of known operations: C# `input_login`, `input_Account_database`;
    Java `InputLogin`, `InputAccountDatabase` (JAX-WS drops the underscore)."""
    if name[:5].lower() != "input":
        return False
    rest = name[5:].lstrip("_")
    if rest.lower() == "login":
        return True
    for obj in OBJECTS:
        if rest.lower().startswith(obj.lower()) and len(rest) > len(obj):
            method = rest[len(obj):].lstrip("_")
            if method and lookup(f"{obj}_{method}") is not None:
                return True
    return False


def _simple_name(type_text: str) -> str:
    """`\\Vendor\\PomSoapClient`, `soap.Client<T>` -> last plain name."""
    name = type_text.split("<", 1)[0]
    for sep in ("\\", ".", "::"):
        name = name.rsplit(sep, 1)[-1]
    return name.strip()


def _setter_keysets(fa: FileAnalysis) -> list[KeySet]:
    """Java beans: input.setUsername(..); input.setAccount(..); input.setPassword(..) -> one key set."""
    by_receiver: dict[str, dict[str, Node]] = {}
    for call in fa.calls:
        if call.receiver is not None and call.name.startswith("set") and len(call.name) > 3:
            key = call.name[3:].lower()
            by_receiver.setdefault(text(call.receiver), {}).setdefault(key, call.name_node)
    return [KeySet(keys["username"], given=keys) for keys in by_receiver.values()
            if LOGIN_KEYS <= keys.keys()]
