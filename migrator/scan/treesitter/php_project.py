"""The PHP project model: every class of a project, its parent across files, and who calls what.

Copernica's example client is copied, renamed, namespaced and subclassed; one file alone cannot
tell that `new ShopAsync($host, $user, $account, $pass)` builds a login client defined two files
away. Pass 1 of the scan turns each PHP file into a picklable PhpFile (in the workers); merged,
they make a PhpProject that pass 2 and the PHP rewrite read. PHP class and method names are
case-insensitive, so every key is lower case; variables are not, and are never keys.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from tree_sitter import Node, QueryCursor, Tree

from migrator.catalogue import OPERATION_NAME_ANY_CASE, lookup
from migrator.scan.treesitter.grammar import Grammar, grammar_of
from migrator.scan.treesitter.php import SYNTAX as PHP
from migrator.scan.treesitter.shapes import legacy_ctor_params
from migrator.scan.treesitter.syntax import quoted_value, text

# builtin classes a namespaced file may name unqualified (PHP itself would need `use` or `\`)
_BUILTINS = frozenset({"soapclient", "soapfault", "soapheader", "soapparam", "soapvar", "soapserver",
                       "exception", "stdclass"})
# an unknown parent named like Copernica's client (a vendored copy outside the scanned tree)
_CLIENT_PREFIX = "pomsoapclient"
# Copernica's host and WSDL suffix, its client's name: evidence in a class's code. Never in a
# comment, doc comment or not: "unlike Copernica's SOAP API", "modelled on our PomSoapClient"
# prove nothing about where the client connects, and a client migrated on a comment's word
# sends the Copernica token to another service.
_EVIDENCE = (b"soap.copernica.com", b"soapapi=wsdl", b"pomsoapclient")  # facts.SOAP_URL_MARKERS + ours
_THIS_PROPERTY = re.compile(rb"\$this\s*->\s*([A-Za-z_\x80-\xff][\w\x80-\xff]*)(?!\s*\()")
# functions whose string argument names a method that may then be called
_CALLABLE_TAKERS = frozenset({"call_user_func", "call_user_func_array", "method_exists", "is_callable",
                              "forward_static_call", "forward_static_call_array"})
_SELF = frozenset({"$this", "self", "static", "parent"})

_QUERY = """
(member_call_expression name: (name) @name arguments: (arguments) @args) @call
(nullsafe_member_call_expression name: (name) @name arguments: (arguments) @args) @call
(scoped_call_expression scope: (_) @scope name: (name) @name arguments: (arguments) @args) @call
(member_call_expression name: (variable_name) @dynamic) @call
(nullsafe_member_call_expression name: (variable_name) @dynamic) @call
(function_call_expression function: [(name) (qualified_name)] @fn arguments: (arguments) @args) @call
(array_creation_expression . (array_element_initializer (_)) . (array_element_initializer (string) @callable) .)
(class_declaration) @class
"""


@dataclass(frozen=True)
class PhpMethod:
    name: str  # as written ("__call", "handleCookie")
    params: tuple[str, ...]  # parameter names without "$", in order
    defaults: tuple[str | None, ...]  # source text of each parameter's default value, or None
    start_byte: int  # the whole method_declaration (doc comment not included)
    end_byte: int


@dataclass(frozen=True)
class PhpClass:
    name: str  # as written
    key: str  # fully qualified, lower case, no leading backslash ("acme\\mail\\pomsoapclient")
    base: str | None  # key of the parent class (resolved in its file); None without `extends`
    path: str  # the file (display path, as the engine passes it)
    namespace: str  # "" for the global namespace
    methods: dict[str, PhpMethod]  # lower-case name -> method declared in THIS class
    properties: tuple[str, ...]  # declared property names without "$"
    start_byte: int
    end_byte: int
    # facts the family is judged by (own body only; the project adds the ancestors')
    login_methods: frozenset[str] = frozenset()  # lower-case methods calling `login` themselves
    self_calls: tuple[tuple[str, str], ...] = ()  # (method, method it calls on $this/self/static/parent)
    evidence: bool = False  # Copernica's host, name or operations in the class's code (comments aside)
    makes_calls: bool = False  # calls Copernica operations or builds a PomSoapClient
    injects_token: bool = False  # an 'access_token' string inside __call/__soapCall
    token_hooks: frozenset[str] = frozenset()  # which of the two (lower case) has it
    this_reads: frozenset[str] = frozenset()  # properties named after `$this->` in the body (comments too)


@dataclass(frozen=True)
class Scope:
    """A namespace and the `use` aliases in force over a byte range of one file."""

    start_byte: int
    end_byte: int
    namespace: str  # lower case
    aliases: tuple[tuple[str, str], ...]  # (lower-case alias, lower-case fully qualified target)


@dataclass(frozen=True)
class PhpFile:
    """What pass 1 learns of one PHP file (picklable: the workers send it to the engine)."""

    path: str
    classes: tuple[PhpClass, ...]
    scopes: tuple[Scope, ...]
    calls: tuple[tuple[str, int, int], ...]  # (lower-case method name, 1-based line, start byte)
    dynamic_calls: tuple[tuple[int, int], ...] = ()  # `$obj->$name(...)`: (line, start byte)
    has_error: bool = False

    def merge_into(self, context) -> None:
        """Add to the engine's ProjectContext (its `php` project is made on first use)."""
        if context.php is None:
            context.php = PhpProject()
        context.php.add(self)


class PhpProject:
    """Every PHP class the scan saw, and the calls between them."""

    def __init__(self, files: Iterable[PhpFile] = ()):
        self.classes: dict[str, PhpClass] = {}
        self.files: dict[str, PhpFile] = {}
        for file in files:
            self.add(file)

    def add(self, file: PhpFile) -> None:
        self.files[file.path] = file
        for cls in file.classes:
            self.classes.setdefault(cls.key, cls)  # the first definition wins (`if (!class_exists)` copies)
        self.__dict__.pop("_derived", None)
        self.__dict__.pop("_calls", None)

    # -- names -----------------------------------------------------------------------
    def resolve(self, name: str, path: str, at: int | None = None) -> str:
        """A class name as written in `path` (at byte `at`; default: the file's first namespace)
        -> its key, through the namespace and `use` aliases in force there."""
        file = self.files.get(path)
        scope = _scope_at(file.scopes, at) if file is not None else None
        return resolve_name(name, scope, self.classes)

    def ancestors(self, key: str) -> list[str]:
        """Parent chain, nearest first (known classes only, plus the first unknown parent's key)."""
        chain: list[str] = []
        cls = self.classes.get(key)
        while cls is not None and cls.base is not None and cls.base not in chain and cls.base != key:
            chain.append(cls.base)
            cls = self.classes.get(cls.base)
        return chain

    def lineage(self, key: str) -> list[PhpClass]:
        """The class and its known ancestors, nearest first."""
        return [self.classes[k] for k in (key, *self.ancestors(key)) if k in self.classes]

    def method(self, key: str, name: str) -> PhpMethod | None:
        """Own or nearest inherited method by that name (any case)."""
        for cls in self.lineage(key):
            found = cls.methods.get(name.lower())
            if found is not None:
                return found
        return None

    def ctor_params(self, key: str) -> tuple[str, ...]:
        """Own or nearest inherited __construct's parameter names."""
        ctor = self.method(key, "__construct")
        return ctor.params if ctor is not None else ()

    def extends_soap(self, key: str) -> bool:
        """A SoapClient subclass, or a subclass of a Copernica client outside the scanned tree."""
        for base in self.ancestors(key):
            if base == "soapclient":
                return True
            if base not in self.classes and base.rsplit("\\", 1)[-1].startswith(_CLIENT_PREFIX):
                return True
        return False

    def logs_in(self, key: str) -> frozenset[str]:
        """Lower-case names of the methods (own or inherited) that log in, directly or through
        helpers called on $this/self/static/parent."""
        return self._derived[1].get(key, frozenset())

    def evidence(self, key: str) -> bool:
        return any(c.evidence for c in self.lineage(key)) or any(
            b not in self.classes and b.rsplit("\\", 1)[-1].startswith(_CLIENT_PREFIX)
            for b in self.ancestors(key))

    # -- the family ------------------------------------------------------------------
    def roots(self) -> frozenset[str]:
        return self._derived[0][0]

    def family(self) -> frozenset[str]:
        return self._derived[0][1]

    def is_token_client(self, key: str) -> bool:
        """Copernica's access-token client: a SoapClient subclass that injects `access_token`
        in its call hook and never logs in (its leftover setCookie helper is harmless)."""
        return (key not in self.family() and self.extends_soap(key) and not self.logs_in(key)
                and any(c.injects_token for c in self.lineage(key)))

    def family_in(self, path: str) -> list[PhpClass]:
        family = self.family()
        return [c for c in self.files[path].classes if c.key in family] if path in self.files else []

    def class_at(self, path: str, byte: int) -> PhpClass | None:
        """The innermost class of `path` whose span holds `byte`."""
        file = self.files.get(path)
        best = None
        for cls in file.classes if file is not None else ():
            if cls.start_byte <= byte < cls.end_byte and (best is None or cls.start_byte >= best.start_byte):
                best = cls
        return best

    # -- callers ---------------------------------------------------------------------
    def callers(self, method: str) -> list[tuple[str, int]]:
        """(path, line) of every call of a method by that name anywhere, any case, plus string
        mentions that can reach it (`[$this, 'm']`, call_user_func, method_exists)."""
        return [(path, line) for path, line, _ in self._calls.get(method.lower(), ())]

    def is_called(self, method: str, *, outside: tuple[int, int] | None = None,
                  path: str | None = None) -> bool:
        """Anything calls it (ignoring calls inside the byte span `outside` of `path`)."""
        for file_path, _, start in self._calls.get(method.lower(), ()):
            if outside is not None and (path is None or file_path == path) and outside[0] <= start < outside[1]:
                continue
            return True
        return False

    @functools.cached_property
    def _calls(self) -> dict[str, list[tuple[str, int, int]]]:
        """lower-case method name -> (path, line, start byte) of its calls, in file order: the fixes
        ask about many methods, each answer was a walk over every call of the project."""
        index: dict[str, list[tuple[str, int, int]]] = {}
        for path, file in self.files.items():
            for name, line, start in file.calls:
                index.setdefault(name, []).append((path, line, start))
        return index

    def dynamic_callers(self) -> list[tuple[str, int]]:
        """`$obj->$name(...)`: calls whose method no name search can see."""
        return [(path, line) for path, file in self.files.items() for line, _ in file.dynamic_calls]

    # -- derived facts, computed once per project ------------------------------------------
    @functools.cached_property
    def _derived(self) -> tuple[tuple[frozenset[str], frozenset[str]], dict[str, frozenset[str]]]:
        logins = {key: self._login_methods(key) for key in self.classes}
        wrappers = {key for key in self.classes if self._is_root(key, logins[key])}
        # a subclass of a wrapper logs in through it: family, not another root
        roots = frozenset(k for k in wrappers if not any(a in wrappers for a in self.ancestors(k)))
        family = set(roots)
        for key in self.classes:
            if any(a in roots for a in self.ancestors(key)):
                family.add(key)
        return (roots, frozenset(family)), logins

    def _login_methods(self, key: str) -> frozenset[str]:
        lineage = self.lineage(key)
        found = {m for c in lineage for m in c.login_methods}
        edges = [edge for c in lineage for edge in c.self_calls]
        changed = True
        while changed:  # a helper that calls a helper that logs in
            changed = False
            for caller, callee in edges:
                if callee in found and caller not in found:
                    found.add(caller)
                    changed = True
        return frozenset(found)

    def _is_root(self, key: str, logins: frozenset[str]) -> bool:
        cls = self.classes[key]
        own_login = bool(cls.login_methods) or any(
            caller in cls.methods for caller in logins)  # its own methods reach a login
        if not own_login and not (cls.methods.get("__construct") and
                                  legacy_ctor_params(cls.methods["__construct"].params)):
            return False
        if not self.evidence(key):
            return False  # a weather service's SoapClient with its own login is not Copernica's
        if self.extends_soap(key) and own_login:
            return True
        ctor = cls.methods.get("__construct")  # a wrapper that holds its client in a property
        return ctor is not None and legacy_ctor_params(ctor.params) and (own_login or cls.makes_calls)


# -- building ---------------------------------------------------------------------------

def _grammar() -> Grammar:
    return grammar_of(PHP)


def build(files: Mapping[str, bytes]) -> PhpProject:
    """display path -> file bytes; a file with syntax errors still gives its parsable classes."""
    return PhpProject(read_file(path, data) for path, data in files.items())


def read_file(path: str, data: bytes, tree: Tree | None = None) -> PhpFile:
    """One file's classes, namespaces and calls (pass 1; `tree` if already parsed)."""
    grammar = _grammar()
    tree = tree if tree is not None else grammar.tree(data)
    root = tree.root_node
    scopes = _scopes(root)
    calls: list[tuple[str, int, int]] = []
    dynamic: list[tuple[int, int]] = []
    class_nodes: list[Node] = []
    call_nodes: list[tuple[Node, Node, Node | None, Node | None]] = []  # (call, name, scope, args)
    for _, caps in QueryCursor(grammar.compiled(_QUERY)).matches(root):
        if "class" in caps:
            class_nodes.append(caps["class"][0])
        elif "callable" in caps:
            node = caps["callable"][0]
            calls.append((_method_of(quoted_value(node)), node.start_point[0] + 1, node.start_byte))
        elif "dynamic" in caps:
            node = caps["call"][0]
            dynamic.append((node.start_point[0] + 1, node.start_byte))
        elif "fn" in caps:
            fn = text(caps["fn"][0]).rsplit("\\", 1)[-1].lower()
            if fn in _CALLABLE_TAKERS:
                for arg in caps["args"][0].named_children:
                    value = arg.named_children[-1] if arg.named_child_count else None
                    if value is not None and value.type in ("string", "encapsed_string"):
                        calls.append((_method_of(quoted_value(value)), value.start_point[0] + 1,
                                      value.start_byte))
            call_nodes.append((caps["call"][0], caps["fn"][0], None, caps["args"][0]))
        elif "name" in caps:
            node, name = caps["call"][0], caps["name"][0]
            calls.append((text(name).lower(), name.start_point[0] + 1, node.start_byte))
            call_nodes.append((node, name, caps.get("scope", [None])[0], caps["args"][0]))
    call_nodes.sort(key=lambda c: c[0].start_byte)
    starts = [c[0].start_byte for c in call_nodes]

    def within(node: Node) -> list:
        """The calls that start inside node (a sorted list: a class reads only its own)."""
        return call_nodes[bisect.bisect_left(starts, node.start_byte):bisect.bisect_left(starts, node.end_byte)]

    classes = tuple(cls for node in class_nodes if not node.has_error
                    for cls in [_read_class(path, data, node, scopes, within(node))]
                    if cls is not None)
    calls.sort(key=lambda c: c[2])
    return PhpFile(path, classes, scopes, tuple(calls), tuple(dynamic), root.has_error)


def _method_of(value: str) -> str:
    """'handleCookie' or 'Foo::handleCookie' -> 'handlecookie'."""
    return value.rsplit("::", 1)[-1].strip().lower()


def _scopes(root: Node) -> tuple[Scope, ...]:
    """Namespaces and `use` aliases: `namespace A;` runs to the next one, `namespace A { }` is a block."""
    scopes: list[Scope] = []
    namespace, aliases, start = "", [], 0

    def close(end: int) -> None:
        scopes.append(Scope(start, end, namespace, tuple(aliases)))

    for child in root.named_children:
        if child.type == "namespace_definition":
            name = child.child_by_field_name("name")
            body = child.child_by_field_name("body")
            if body is None:  # statement form
                close(child.start_byte)
                namespace, aliases, start = _ns(name), [], child.start_byte
            else:
                close(child.start_byte)
                block_aliases = [a for use in body.named_children if use.type == "namespace_use_declaration"
                                 for a in _uses(use)]
                scopes.append(Scope(child.start_byte, child.end_byte, _ns(name), tuple(block_aliases)))
                namespace, aliases, start = "", [], child.end_byte
        elif child.type == "namespace_use_declaration":
            aliases.extend(_uses(child))
    close(root.end_byte)
    return tuple(s for s in scopes if s.end_byte > s.start_byte or len(scopes) == 1)


def _ns(name: Node | None) -> str:
    return text(name).strip("\\").lower() if name is not None else ""


def _uses(decl: Node) -> list[tuple[str, str]]:
    """`use A\\B;`, `use A\\B as C, D;`, `use A\\{B, C as D};` (class imports only)."""
    if any(c.type in ("function", "const") for c in decl.children):
        return []
    prefix = ""
    group = None
    for child in decl.named_children:
        if child.type == "namespace_name":
            prefix = text(child).strip("\\").lower() + "\\"
        elif child.type == "namespace_use_group":
            group = child
    clauses = [c for c in (group or decl).named_children if c.type == "namespace_use_clause"]
    out = []
    for clause in clauses:
        if any(c.type in ("function", "const") for c in clause.children):
            continue
        parts = [c for c in clause.named_children if c.type in ("name", "qualified_name")]
        if not parts:
            continue
        target = prefix + text(parts[0]).strip("\\").lower()
        alias = text(parts[1]).lower() if len(parts) > 1 else target.rsplit("\\", 1)[-1]
        out.append((alias, target))
    return out


def _scope_at(scopes: tuple[Scope, ...], at: int | None) -> Scope | None:
    if not scopes:
        return None
    if at is None:
        return next((s for s in scopes if s.namespace or s.aliases), scopes[0])
    return next((s for s in scopes if s.start_byte <= at < s.end_byte), scopes[-1])


def resolve_name(name: str, scope: Scope | None, known: Mapping[str, object] = {}) -> str:
    """PHP's class name resolution: `\\A\\B` is absolute, `namespace\\B` relative, the first
    segment may be a `use` alias, anything else is in the current namespace."""
    name = name.strip()
    if name.startswith("\\"):
        return name.lstrip("\\").lower()
    lower = name.lower()
    namespace = scope.namespace if scope is not None else ""
    if lower.startswith("namespace\\"):
        rest = lower[len("namespace\\"):]
        return f"{namespace}\\{rest}" if namespace else rest
    first, _, rest = lower.partition("\\")
    for alias, target in scope.aliases if scope is not None else ():
        if alias == first:
            return f"{target}\\{rest}" if rest else target
    if lower in ("self", "static", "parent"):
        return lower
    key = f"{namespace}\\{lower}" if namespace else lower
    if key not in known and "\\" not in lower and lower in _BUILTINS:
        return lower  # `extends SoapClient` in a namespace: PHP needs `\`, authors forget it
    return key


def _read_class(path: str, data: bytes, node: Node, scopes: tuple[Scope, ...],
                call_nodes: list) -> PhpClass | None:
    name_node = node.child_by_field_name("name")
    body = node.child_by_field_name("body")
    if name_node is None or body is None:
        return None
    scope = _scope_at(scopes, node.start_byte)
    namespace = scope.namespace if scope is not None else ""
    name = text(name_node)
    key = f"{namespace}\\{name.lower()}" if namespace else name.lower()
    base = None
    for child in node.named_children:
        if child.type == "base_clause" and child.named_children:
            base = resolve_name(text(child.named_children[0]), scope)
    methods: dict[str, PhpMethod] = {}
    properties: list[str] = []
    for member in body.named_children:
        if member.type == "method_declaration":
            method = _read_method(member)
            if method is not None:
                methods.setdefault(method.name.lower(), method)
        elif member.type == "property_declaration":
            properties.extend(text(e.child_by_field_name("name") or e.named_children[0]).lstrip("$")
                              for e in member.named_children if e.type == "property_element")
    ctor_node = next((m for m in body.named_children if m.type == "method_declaration"
                      and text(m.child_by_field_name("name")).lower() == "__construct"), None)
    params = ctor_node.child_by_field_name("parameters") if ctor_node is not None else None
    for param in params.named_children if params is not None else ():
        if param.type == "property_promotion_parameter":  # PHP 8: a parameter that is a property
            properties.append(text(param.child_by_field_name("name")).lstrip("$"))
    start, end = node.start_byte, node.end_byte

    def inside(n: Node) -> bool:
        return start <= n.start_byte and n.end_byte <= end

    def method_at(n: Node) -> str | None:
        for lower, method in methods.items():
            if method.start_byte <= n.start_byte < method.end_byte:
                return lower
        return None

    login_methods: set[str] = set()
    self_calls: list[tuple[str, str]] = []
    operations = known = False
    lower_span = data[start:end].lower()
    code_span = _without_comments(node, data).lower()
    anonymous = b"class" in lower_span[len(b"class"):]  # `new class ... {}` inside: rare
    for call, name_n, recv, args in call_nodes:
        if not inside(call) or (anonymous and _nested_class(call, node)):
            continue
        called = text(name_n).lower()
        owner = method_at(call)
        if _is_login(call, called, args):
            if owner is not None:
                login_methods.add(owner)
        elif owner is not None and _on_self(call, recv):
            self_calls.append((owner, called))
        if call.type != "function_call_expression" and _operation_ci(text(name_n)):
            operations = True
            # proof only when it is an operation of Copernica's API, not one merely named like it
            known = known or lookup(text(name_n)) is not None
    token_hooks = frozenset(m for m in ("__call", "__soapcall") if m in methods and any(
        quoted in data[methods[m].start_byte:methods[m].end_byte].lower()
        for quoted in (b"'access_token'", b'"access_token"')))
    # `new PomSoapClient(...)` or a type hint in the body (its own name and parent are not)
    builds_client = _CLIENT_PREFIX.encode() in code_span[body.start_byte - start:]
    evidence = (known or builds_client or any(m in code_span for m in _EVIDENCE)
                or "copernica" in namespace or "copernica" in name.lower()
                or name.lower().startswith(_CLIENT_PREFIX))
    return PhpClass(name=name, key=key, base=base, path=path, namespace=namespace, methods=methods,
                    properties=tuple(properties), start_byte=start, end_byte=end,
                    login_methods=frozenset(login_methods), self_calls=tuple(self_calls),
                    evidence=evidence, makes_calls=operations or builds_client,
                    injects_token=bool(token_hooks), token_hooks=token_hooks,
                    this_reads=frozenset(m.decode("latin-1") for m in _THIS_PROPERTY.findall(data[start:end])))


def _operation_ci(name: str) -> bool:
    return OPERATION_NAME_ANY_CASE.match(name) is not None


def _nested_class(node: Node, cls: Node) -> bool:
    """Inside an anonymous class within `cls`: not `cls`'s own code."""
    parent = node.parent
    while parent is not None and parent != cls:
        if parent.type in ("anonymous_class", "class_declaration"):
            return True
        parent = parent.parent
    return False


def _is_login(call: Node, called: str, args: Node | None) -> bool:
    """`->login(`, `::login(`, `__soapCall('login', ..)`, `__call('login', ..)`."""
    if call.type == "function_call_expression":
        return False
    if called == "login":
        return True
    if called in ("__soapcall", "__call") and args is not None:
        first = next((a for a in args.named_children if a.type == "argument"), None)
        value = first.named_children[-1] if first is not None and first.named_child_count else None
        return value is not None and value.type in ("string", "encapsed_string") \
            and quoted_value(value).lower() == "login"
    return False


def _on_self(call: Node, recv: Node | None) -> bool:
    if call.type in ("member_call_expression", "nullsafe_member_call_expression"):
        obj = call.child_by_field_name("object")
        return obj is not None and text(obj) == "$this"
    return recv is not None and text(recv).lower() in _SELF


def _read_method(node: Node) -> PhpMethod | None:
    name = node.child_by_field_name("name")
    params_node = node.child_by_field_name("parameters")
    if name is None:
        return None
    params: list[str] = []
    defaults: list[str | None] = []
    for param in params_node.named_children if params_node is not None else ():
        pname = param.child_by_field_name("name")
        if pname is None:
            continue
        params.append(text(pname).lstrip("$"))
        default = param.child_by_field_name("default_value")
        defaults.append(text(default) if default is not None else None)
    return PhpMethod(text(name), tuple(params), tuple(defaults), node.start_byte, node.end_byte)


def _without_comments(node: Node, data: bytes) -> bytes:
    """The node's bytes with each comment in it blanked (same length: offsets still hold)."""
    out = bytearray(data[node.start_byte:node.end_byte])
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            out[n.start_byte - node.start_byte:n.end_byte - node.start_byte] = b" " * (n.end_byte - n.start_byte)
        else:
            stack.extend(n.children)
    return bytes(out)


def project_needles(project: PhpProject | None) -> tuple[bytes, ...]:
    """The family's simple class names, lower case: a file naming one is worth parsing."""
    if project is None:
        return ()
    names = {key.rsplit("\\", 1)[-1].encode() for key in project.family()}
    return tuple(sorted(names))


def family_names(project: PhpProject | None) -> re.Pattern[bytes]:
    """A family class's simple name as a word, any case (a file that names one uses the family)."""
    return names_pattern(project_needles(project))


def token_client_names(project: PhpProject | None) -> re.Pattern[bytes]:
    """The simple name of an access-token client class as a word, any case."""
    keys = project.classes if project is not None else ()
    return names_pattern(sorted({k.rsplit("\\", 1)[-1].encode() for k in keys if project.is_token_client(k)}))


def names_pattern(simple: Iterable[bytes]) -> re.Pattern[bytes]:
    """Any of these PHP class names as a word, any case (never `$name`); nothing when empty."""
    simple = list(simple)
    if not simple:
        return re.compile(rb"(?!)")
    return re.compile(rb"(?i)(?<![\w$])(?:%s)\b" % b"|".join(re.escape(n) for n in simple))


def project_with(project: PhpProject | None, path: str, data: bytes, tree: Tree) -> PhpProject:
    """The project pass 1 built, or (a file it did not see: stdin, a single-file check) that
    project plus this file."""
    if project is not None and path in project.files:
        return project
    others = [f for p, f in project.files.items() if p != path] if project is not None else []
    return PhpProject([*others, read_file(path, data, tree)])
