"""libcst analysis of one Python module: where it uses Copernica's login session model.

Parsed once, with one MetadataWrapper: ScopeProvider (also answering qualified
names, as QualifiedNameProvider would), PositionProvider on demand; parents come
from our own walk, which records the raw facts (calls, bindings, classes,
strings). The decisions (queries.ModuleQueries, shared with the scan's ast analysis) then
answer "what does this expression hold?" (a SOAP client, its service proxy, a bound `login`,
a legacy wrapper instance), and the result lists (`login_calls`, `login_structs`, ...) are
what the rules report and what the codemods rewrite. This module supplies the libcst side:
the walk, scopes and positions, the node accessors, and the finders only libcst runs
(re-login on "Not logged on", raw login envelopes).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

import libcst as cst
from libcst.metadata import (
    ClassScope,
    GlobalScope,
    MetadataWrapper,
    PositionProvider,
    ScopeProvider,
)

from migrator.scan.model import Location
from migrator.scan.python import evidence
from migrator.scan.python.facts import REPORTERS, Arg, Site
from migrator.scan.python.queries import ModuleQueries

_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


@dataclass
class _Raw:
    calls: list = field(default_factory=list)  # every Call, in source order
    name_values: dict = field(default_factory=dict)  # target Name/Param node -> value expression
    attr_values: dict = field(default_factory=dict)  # (ClassDef, attr) -> [value expressions]
    classes: list = field(default_factory=list)  # (ClassDef, dotted name)
    strings: list = field(default_factory=list)
    handlers: list = field(default_factory=list)  # ExceptHandler and If nodes
    decorators: list = field(default_factory=list)
    dicts: list = field(default_factory=list)
    attr_assigns: list = field(default_factory=list)  # Attribute targets of assignments
    item_assigns: list = field(default_factory=list)  # (Subscript target, value): `params["login"] = X`
    names_with_copernica: bool = False
    parents: dict = field(default_factory=dict)  # node -> parent node
    returns: dict = field(default_factory=dict)  # FunctionDef -> [returned expressions]
    soap_imported: bool = False  # the module imports zeep or suds


class _Walker(cst.CSTVisitor):
    """One pass that records raw facts; no decisions are taken here."""

    def __init__(self, raw: _Raw):
        self.raw = raw
        self.class_stack: list[cst.ClassDef] = []
        self.func_stack: list[cst.FunctionDef] = []
        self.scope_stack: list[cst.CSTNode] = []  # ClassDef and FunctionDef, innermost last
        self.node_stack: list[cst.CSTNode] = []

    # Parents recorded in this same walk: cheaper than a separate ParentNodeProvider pass.
    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.node_stack:
            self.raw.parents[node] = self.node_stack[-1]
        self.node_stack.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        self.node_stack.pop()

    # no visit_<Node>_<attribute> hooks here: skip libcst's lookup of one per field of every node
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        dotted = ".".join([c.name.value for c in self.class_stack] + [node.name.value])
        if not self.func_stack:
            self.raw.classes.append((node, dotted))
        self.class_stack.append(node)
        self.scope_stack.append(node)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.class_stack.pop()
        self.scope_stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.func_stack.append(node)
        self.scope_stack.append(node)
        for d in node.decorators:
            self.raw.decorators.append(d)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.func_stack.pop()
        self.scope_stack.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self.func_stack and node.value is not None:
            self.raw.returns.setdefault(self.func_stack[-1], []).append(node.value)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._note_import(self.raw_module_name(alias.name))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None and not node.relative:
            self._note_import(self.raw_module_name(node.module))

    @staticmethod
    def raw_module_name(node: cst.BaseExpression) -> str:
        return cst.Module([]).code_for_node(node)

    def _note_import(self, name: str) -> None:
        if name.split(".")[0] in ("zeep", "suds"):
            self.raw.soap_imported = True

    def _self_name(self) -> str | None:
        # The first parameter of a method defined directly in a class: usually `self`.
        if len(self.scope_stack) >= 2 and isinstance(self.scope_stack[-2], cst.ClassDef) \
                and isinstance(self.scope_stack[-1], cst.FunctionDef):
            params = self.scope_stack[-1].params.params
            if params:
                return params[0].name.value
        return None

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self.raw.name_values[target] = value
            if self.scope_stack and isinstance(self.scope_stack[-1], cst.ClassDef):
                # a class attribute (`client = zeep.Client(...)` in the body) is `self.client` too
                key = (self.scope_stack[-1], target.value)
                self.raw.attr_values.setdefault(key, []).append(value)
        elif isinstance(target, cst.Attribute):
            self.raw.attr_assigns.append(target)
            if isinstance(target.value, cst.Name) and target.value.value == self._self_name():
                key = (self.class_stack[-1], target.attr.value)
                self.raw.attr_values.setdefault(key, []).append(value)
        elif isinstance(target, cst.Subscript):
            self.raw.item_assigns.append((target, value))

    def visit_Assign(self, node: cst.Assign) -> None:
        for t in node.targets:
            self._bind(t.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, node.item)

    def visit_Param(self, node: cst.Param) -> None:
        if node.default is not None:
            self.raw.name_values[node] = node.default

    def visit_Call(self, node: cst.Call) -> None:
        self.raw.calls.append(node)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self.raw.strings.append(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.raw.strings.append(node)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self.raw.handlers.append(node)

    def visit_If(self, node: cst.If) -> None:
        self.raw.handlers.append(node)

    def visit_Dict(self, node: cst.Dict) -> None:
        self.raw.dicts.append(node)

    def visit_Name(self, node: cst.Name) -> None:
        lowered = node.value.lower()
        if "copernica" in lowered or "pomsoapclient" in lowered:
            self.raw.names_with_copernica = True


def string_value(node: cst.CSTNode) -> str | None:
    """The text of a string literal (f-strings: their literal parts), else None."""
    if isinstance(node, cst.SimpleString):
        return _simple_string_value(node)
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.FormattedString):
        return "".join(p.value if isinstance(p, cst.FormattedStringText) else "{}" for p in node.parts)
    return None


@functools.lru_cache(maxsize=4096)  # asked again and again of one literal (a leaf); nodes hash by identity
def _simple_string_value(node: cst.SimpleString) -> str:
    try:
        v = node.evaluated_value
    except Exception:  # noqa: BLE001 - odd escapes: fall back to the source text
        return node.value
    return v.decode("latin-1") if isinstance(v, bytes) else v


class ModuleAnalysis(ModuleQueries):
    """Everything the Python rules (and later the codemods) need to know about one module."""

    FUNCTIONS = (cst.FunctionDef,)
    CLASS = cst.ClassDef
    ASSIGNS = (cst.Assign, cst.AnnAssign)

    def __init__(self, module: cst.Module, path: str, module_name: str | None = None,
                 known_wrappers: Iterable[str] = (), is_package: bool = False,
                 wrapper: MetadataWrapper | None = None,
                 known_login_functions: Mapping[str, tuple] | None = None):
        self.path = path
        self.module_name = module_name
        self.is_package = is_package
        self.known_wrappers = set(known_wrappers)
        self.known_login_functions = dict(known_login_functions or {})
        # a codemod hands in the wrapper libcst made for it: its metadata is then resolved once
        self.wrapper = wrapper if wrapper is not None and wrapper.module is module else \
            MetadataWrapper(module, unsafe_skip_copy=True)
        self.module = self.wrapper.module
        # Qualified names are asked of the scopes directly (what QualifiedNameProvider does
        # for every node, in an extra traversal); positions are computed only when a
        # finding needs one, which most parsed files do not.
        self._scopes = self.wrapper.resolve(ScopeProvider)
        self._pos = None
        self.raw = _Raw()
        self.module.visit(_Walker(self.raw))
        self._parents = self.raw.parents
        self._run()
        if any((self.login_calls, self.login_structs, self.wrapper_classes, self.wrapper_constructions,
                self.cookie_sites, self.relogin_sites, self.raw_envelopes, self.hardcoded_credentials)):
            # positions now, while a deep module is still on the analyser's deep stack
            self.location(self.module)

    # ---- metadata helpers -------------------------------------------------------------

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        scope = self._scopes.get(node)
        return {q.name for q in scope.get_qualified_names_for(node)} if scope is not None else set()

    def nodes(self) -> list[cst.CSTNode]:
        """Every node of the module, the module first, in visiting order (recorded by the walk:
        cheaper than walking `children`, which libcst computes with a visit of its own)."""
        return [self.module, *self._parents]

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def location(self, node: cst.CSTNode) -> Location:
        if self._pos is None:
            self._pos = self.wrapper.resolve(PositionProvider)
        r = self._pos[node]
        # libcst columns are 0-based; Location wants 1-based with an exclusive end.
        return Location(self.path, r.start.line, r.start.column + 1, r.end.line, r.end.column + 1)

    def _bindings(self, name: cst.Name) -> list[cst.BaseExpression]:
        scope = self._scopes.get(name)
        if scope is None:
            return []
        out = []
        for a in scope[name.value]:
            value = self.raw.name_values.get(getattr(a, "node", None))
            if value is not None:
                out.append(value)
        return out

    # ---- what an expression holds -------------------------------------------------------

    # ---- strings an expression may carry --------------------------------------------------

    def texts(self, expr: cst.CSTNode, depth: int = 3) -> tuple[list[str], bool]:
        """Strings (and identifiers) reachable from expr; second: whether it is only literals."""
        if isinstance(expr, _STRINGS):
            v = string_value(expr)
            return ([v] if v is not None else []), not isinstance(expr, cst.FormattedString)
        if depth <= 0:
            return [], False
        if isinstance(expr, cst.Name):
            values = self._bindings(expr)
            out, literal = [expr.value], bool(values)
            for v in values:
                t, lit = self.texts(v, depth - 1)
                out += t
                literal = literal and lit
            return out, literal
        if isinstance(expr, cst.Attribute):
            out = [expr.attr.value]
            for v in self.raw.attr_values.get((self._enclosing_class(expr), expr.attr.value), ()):
                out += self.texts(v, depth - 1)[0]
            return out, False
        out: list[str] = []
        for child in expr.children:
            out += self.texts(child, depth - 1)[0] if not isinstance(child, _STRINGS) else self.texts(child)[0]
        return out, False

    # ---- parameter dicts ------------------------------------------------------------------

    def dict_entries(self, expr: cst.CSTNode, depth: int = 3) -> dict[str, tuple[cst.CSTNode, cst.CSTNode]]:
        """key -> (element node, value) for a dict literal, dict(...) call or a name bound to one."""
        out: dict[str, tuple[cst.CSTNode, cst.CSTNode]] = {}
        if depth <= 0:
            return out
        if isinstance(expr, cst.Dict):
            for el in expr.elements:
                if isinstance(el, cst.DictElement):
                    k = string_value(el.key)
                    if k is not None:
                        out[k] = (el, el.value)
                elif isinstance(el, cst.StarredDictElement):
                    out.update(self.dict_entries(el.value, depth - 1))
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "dict":
            for a in expr.args:
                if a.keyword is not None:
                    out[a.keyword.value] = (a, a.value)
                else:
                    out.update(self.dict_entries(a.value, depth - 1))
        elif isinstance(expr, cst.Name):
            for v in self._bindings(expr):
                out.update(self.dict_entries(v, depth - 1))
        return out

    # ---- decisions ------------------------------------------------------------------------

    def _result_passed_on(self, call: cst.Call) -> bool:
        """`sid = svc.login(...)` (or `self._sid = ...`) and later `Op(session=sid)` or `Op({'s': sid})`.

        Only the result itself handed to a call counts: reading `result.value` to check for
        Copernica's "DONE", or printing it, is not a session id."""
        expr = self.parent(call) if isinstance(self.parent(call), cst.Await) else call
        assign = self.parent(expr)
        if not (isinstance(assign, (cst.Assign, cst.AnnAssign)) and assign.value is expr):
            return False
        targets = [t.target for t in assign.targets] if isinstance(assign, cst.Assign) else [assign.target]
        wanted = {self.code(t) for t in targets if isinstance(t, (cst.Name, cst.Attribute))}
        for other in self.raw.calls:
            if other is call or callee(other) in REPORTERS:
                continue
            for arg in other.args:
                values = [arg.value]
                if isinstance(arg.value, cst.Dict):
                    values = [el.value for el in arg.value.elements if isinstance(el, cst.DictElement)]
                if any(isinstance(v, (cst.Name, cst.Attribute)) and self.code(v) in wanted for v in values):
                    return True
        return False

    def _literal_sources(self, value: cst.CSTNode, depth: int = 4) -> list[cst.CSTNode]:
        """Non-empty string literals a credential comes from: itself, a name bound to one, the
        parts of a concatenation, the default of os.environ.get(NAME, "default")."""
        if depth <= 0:
            return []
        if isinstance(value, cst.SimpleString):
            return [value] if string_value(value) else []
        if isinstance(value, cst.ConcatenatedString):  # "pass" "word": the whole and each half
            whole = [value] if string_value(value) else []
            return whole + self._literal_sources(value.left, depth - 1) + self._literal_sources(value.right, depth - 1)
        if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
            return self._literal_sources(value.left, depth - 1) + self._literal_sources(value.right, depth - 1)
        if isinstance(value, cst.Call) and len(value.args) >= 2 and (
                self.qualified_names(value.func) & {"os.environ.get", "os.getenv"}
                or self.code(value.func) in ("os.environ.get", "os.getenv", "environ.get", "getenv")):
            return self._literal_sources(value.args[1].value, depth - 1)
        if isinstance(value, cst.Name):
            return [lit for v in self._bindings(value) for lit in self._literal_sources(v, depth - 1)
                    if not isinstance(v, cst.Name)]
        return []

    def _mentions_not_logged_on(self, node: cst.CSTNode) -> bool:
        if evidence.NOT_LOGGED_ON in self.code(node).lower():
            return True
        # a constant such as NOT_LOGGED_ON = 'Not logged on'
        return any(evidence.NOT_LOGGED_ON in t.lower() for n in _names_in(node) for t in self.texts(n, 2)[0])

    def local_definitions(self, func: cst.BaseExpression) -> list[cst.FunctionDef]:
        """The FunctionDefs a call's `f` or `self.m` names in this module."""
        if isinstance(func, cst.Name):
            scope = self._scopes.get(func)
            return [a.node for a in scope[func.value] if isinstance(getattr(a, "node", None), cst.FunctionDef)] \
                if scope is not None else []
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            cls = self._enclosing_class(func)
            if cls is not None:
                return [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == func.attr.value]
        return []

    # ---- node accessors for reach.py and queries.ModuleQueries -----------------------------------

    @staticmethod
    def is_call(node: object) -> bool:
        return isinstance(node, cst.Call)

    def args(self, call: cst.Call) -> list[Arg]:
        found = self._args.get(id(call))
        if found is None:  # the decisions ask for a call's arguments many times
            found = self._args[id(call)] = [Arg(a.keyword.value if a.keyword is not None else None, a.value,
                                                a.star, a) for a in call.args]
        return found

    @staticmethod
    def plain_name(node: object) -> str | None:
        return node.value if isinstance(node, cst.Name) else None

    @staticmethod
    def awaited(node: object) -> cst.BaseExpression | None:
        return node.expression if isinstance(node, cst.Await) else None

    @staticmethod
    def item_key(target: object) -> tuple[object, str | None]:
        """(the container, the string key) of `container["key"]`; key None when not one string."""
        index = target.slice[0].slice if len(target.slice) == 1 else None
        key = index.value if isinstance(index, cst.Index) else None
        return target.value, string_value(key) if isinstance(key, cst.SimpleString) else None

    @staticmethod
    def is_subscript(node: object) -> bool:
        return isinstance(node, cst.Subscript)

    @staticmethod
    def attr_name(node: object) -> str | None:
        """`m` of `x.m`; None for anything but an attribute."""
        return node.attr.value if isinstance(node, cst.Attribute) else None

    @staticmethod
    def callee(call) -> str:
        return callee(call)  # the module's function: `f` of f(...), `m` of x.m(...)

    @staticmethod
    def _init_params(init: cst.FunctionDef) -> tuple[str, ...]:
        return tuple(p.name.value for p in init.params.params[1:])

    @staticmethod
    def _def_name(func: cst.FunctionDef) -> str:
        return func.name.value

    @staticmethod
    def _def_params(func: cst.FunctionDef, positional: bool = False) -> tuple[str, ...]:
        params = func.params
        return tuple(p.name.value for p in [*params.posonly_params, *params.params,
                                            *(() if positional else params.kwonly_params)])

    @staticmethod
    def _class_node(cls: cst.ClassDef) -> cst.ClassDef:
        return cls

    @staticmethod
    def _bases(cls: cst.ClassDef) -> list[cst.BaseExpression]:
        return [b.value for b in cls.bases]

    def _module_level(self, name: cst.Name) -> bool:
        return isinstance(self._scopes.get(name), GlobalScope)

    def _class_level(self, name: cst.Name) -> bool:
        return isinstance(self._scopes.get(name), ClassScope)

    @staticmethod
    def _halves(node: cst.CSTNode) -> list[cst.CSTNode]:
        return _concatenated_parts(node)

    def _find_sessions_kept(self) -> None:
        self._find_relogin()
        self._find_envelopes()

    @staticmethod
    def string(node: object) -> str | None:
        return string_value(node)

    @staticmethod
    def class_name(cls: cst.ClassDef) -> str:
        return cls.name.value

    @staticmethod
    def methods(cls: cst.ClassDef) -> list[tuple[str, cst.FunctionDef]]:
        return [(s.name.value, s) for s in cls.body.body if isinstance(s, cst.FunctionDef)]

    @staticmethod
    def _logs_in(call: cst.Call, login_functions: set[str]) -> bool:
        name = callee(call)
        return name in login_functions or any(w in name.lower() for w in ("login", "logon", "authenticat"))

    def _find_relogin(self) -> None:
        flagged: set[cst.CSTNode] = set()
        # helpers that hold a login call (`def connect(self): self.svc.login(...)`) log in too
        login_functions = {f.name.value for f in map(self.enclosing_function, (c.node for c in self.login_calls))
                           if f is not None}
        for node in self.raw.handlers:
            watched = node if isinstance(node, cst.ExceptHandler) else node.test
            if not self._mentions_not_logged_on(watched):
                continue
            if isinstance(node, cst.If) and self.within_any(node, flagged):
                continue  # the `if` inside an already reported except clause
            if any(self._logs_in(c, login_functions) for c in _calls_in(node.body)):
                flagged.add(node)
                self.relogin_sites.append(Site(node, "logs in again on the `Not logged on` fault"))
        for d in self.raw.decorators:
            if self._mentions_not_logged_on(d):
                self.relogin_sites.append(Site(d, "retries on the `Not logged on` fault"))

    def _is_docstring(self, node: cst.CSTNode) -> bool:
        expr = self.parent(node)
        line = self.parent(expr) if isinstance(expr, cst.Expr) else None
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return False
        owner = self.parent(line)
        if isinstance(owner, cst.IndentedBlock):
            owner = self.parent(owner)
        if isinstance(owner, cst.Module):
            body = owner.body
        elif isinstance(owner, (cst.ClassDef, cst.FunctionDef)):
            body = owner.body.body
        else:
            return False
        return bool(body) and body[0] is line

    def _find_envelopes(self) -> None:
        roots: dict[int, cst.CSTNode] = {}
        for s in self.raw.strings:
            root = s
            while isinstance(self.parent(root), (cst.ConcatenatedString, cst.BinaryOperation, cst.FormattedString)):
                p = self.parent(root)
                if isinstance(p, cst.BinaryOperation) and not isinstance(p.operator, cst.Add):
                    break
                root = p
            roots[id(root)] = root
        for root in roots.values():
            if self._is_docstring(root):
                continue  # documentation of an envelope is never sent anywhere
            text = " ".join(self.texts(root, 0)[0]) if isinstance(root, _STRINGS) else self.code(root)
            has_login, has_account = evidence.envelope_login(text)
            if has_login and (has_account or self.module_evidence or evidence.mentions_copernica(text)):
                self.raw_envelopes.append(Site(root, "a raw SOAP envelope with a login"))
        if self.raw_envelopes:
            self._find_envelope_requests({site.node for site in self.raw_envelopes})

    def _find_envelope_requests(self, templates: set) -> None:
        """The calls that send a login envelope on (`post(xml)` with `xml = TEMPLATE % (...)`):
        the request site is what a person must change, not only the template."""
        for call in self.raw.calls:
            if callee(call) in REPORTERS or self.within_any(call, templates):
                continue
            if any(not self.within_any(a.value, templates) and a.value not in templates
                   and self._reaches(a.value, templates, 3) for a in call.args):
                self.raw_envelopes.append(Site(call, "sends a raw SOAP envelope with a login"))

    def _reaches(self, expr: cst.CSTNode, targets: set, depth: int) -> bool:
        """Whether `expr` is built from one of `targets`, through names bound in this module."""
        if expr in targets:
            return True
        if depth <= 0:
            return False
        if isinstance(expr, cst.Name):
            return any(self._reaches(v, targets, depth - 1) for v in self._bindings(expr))
        return any(self._reaches(child, targets, depth) for child in expr.children
                   if not isinstance(child, (cst.Arg, cst.Element)) or depth > 1)




def _names_in(node: cst.CSTNode) -> Iterator[cst.Name]:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            yield n
        stack.extend(n.children)


def _calls_in(node: cst.CSTNode) -> Iterator[cst.Call]:
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Call):
            yield n
        stack.extend(n.children)


def callee(call: cst.Call) -> str:
    """The called name: `f` of `f(...)`, `m` of `x.m(...)`; '' for anything else."""
    f = call.func
    if isinstance(f, cst.Name):
        return f.value
    if isinstance(f, cst.Attribute):
        return f.attr.value
    return ""


def _concatenated_parts(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The halves of an implicit concatenation, at every level (not the node itself)."""
    if not isinstance(node, cst.ConcatenatedString):
        return []
    return [node.left, node.right, *_concatenated_parts(node.left), *_concatenated_parts(node.right)]
