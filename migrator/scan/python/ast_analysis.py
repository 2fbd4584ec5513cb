"""The scan's Python analysis on the stdlib `ast`: ModuleAnalysis's decisions at C parsing speed.

`scan` only needs findings, so it parses with CPython's own parser (pyupgrade's and
django-upgrade's approach) instead of libcst, whose tree walks cost ~10x parse + codegen.
`rewrite`'s codemods keep the libcst `ModuleAnalysis` (analysis.py). The decisions are written
once, in queries.ModuleQueries, which both inherit; this module supplies the ast side: the walk
that records the raw facts, scopes (ast_scope.py), positions and code as libcst has them, and
the node accessors the decisions read through. tests/analysis_equivalence.py holds the two to
identical findings, secrets and token-reach answers.

Identical, not close: where the two trees differ (libcst's scopes are modelled in
ast_scope.py; positions and a node's code are libcst's, parentheses included) it follows
libcst. What it does not model raises `Unsupported`, and `analyse` returns None so the
caller runs the libcst analysis instead: source ast cannot parse, `match`, `Not logged on`
handling, raw SOAP envelopes, and rare shapes (an f-string inside an implicit concatenation
or with a node ast misplaces; a lambda or comprehension where a value is read). Those files
are few, and cost what every file cost before.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from migrator.scan.model import Location
from migrator.scan.python import evidence
from migrator.scan.python.ast_scope import Access, Resolver, Scope
from migrator.scan.python.queries import ModuleQueries
from migrator.scan.python.facts import REPORTERS, Arg


class Unsupported(Exception):
    """This file needs the libcst analysis (something here is not modelled on ast)."""


# Why the ast side gives a file up: not modelled, or not parsed (libcst then reports the error
# as before), or too deep for this stack (libcst's analysis retries on a deeper one).
GIVE_UP = (Unsupported, SyntaxError, ValueError, UnicodeError, LookupError, RecursionError, MemoryError)


def analyse(path: str, data: bytes, module: str | None, context=None) -> AstAnalysis | None:
    """The ast analysis of one file, or None when only the libcst one can answer exactly."""
    if not takes(data):
        return None
    try:
        return AstAnalysis(data, path, module,
                           known_wrappers=context.wrapper_classes if context else (),
                           known_login_functions=context.login_functions if context else None,
                           is_package=path.replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py")
    except GIVE_UP:
        return None


def takes(data: bytes) -> bool:
    """What the text alone rules out: `Not logged on` handling is libcst's finder's."""
    return b"not logged on" not in data.lower()


def parse(data: bytes) -> ast.Module:
    """CPython's parser (honours a BOM and a PEP 263 coding line, as libcst does)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes and the like: not the scan's business
        return compile(data, "<scan>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)


# ---- source text and libcst's positions ------------------------------------------------------

@dataclass(frozen=True)
class Span:
    """A position libcst has a node for and ast has not (a dict element, a class name)."""

    line: int
    column: int  # 0-based, characters
    end_line: int
    end_column: int
    value: str = ""


@dataclass(frozen=True)
class ClassRef:
    """A class as COP003 reads it: `.name.value`, located at the name."""

    node: ast.ClassDef
    name: Span


_WS = " \t\f\r\n\\"
_CLASS_NAME = re.compile(r"class[ \t\f\\\r\n]+")


class Source:
    def __init__(self, data: bytes):
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
        if "\r" in text and text.count("\r") != text.count("\r\n"):
            raise Unsupported("a lone carriage return")
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.ascii = text.isascii()
        self.strings: list[tuple[int, int]] = []  # offsets of the string literals (set after the walk)

    def column(self, line: int, byte_col: int) -> int:
        """ast columns are UTF-8 byte offsets; libcst's (and Location's) are characters."""
        if self.ascii:
            return byte_col
        text = self.lines[line - 1]
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))

    def offsets(self, node: ast.AST) -> tuple[int, int]:
        start = self.starts[node.lineno - 1] + self.column(node.lineno, node.col_offset)
        end = self.starts[node.end_lineno - 1] + self.column(node.end_lineno, node.end_col_offset)
        return start, end

    def span(self, start: int, end: int) -> Span:
        return Span(*self.position(start), *self.position(end))

    def position(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo]

    def before(self, offset: int) -> int:
        """The offset of the last character before `offset` that is neither blank nor a comment."""
        text, i = self.text, offset - 1
        while i >= 0 and text[i] in _WS:
            if text[i] == "\n" and i > 0:
                comment = self._comment_start(self.position(i - 1)[0])
                if comment is not None:
                    i = comment
            i -= 1
        return i

    def after(self, offset: int) -> int:
        text, j = self.text, offset
        while j < len(text) and (text[j] in _WS or text[j] == "#"):
            if text[j] == "#":  # blanks only so far: this is a comment, to the end of its line
                end = text.find("\n", j)
                j = len(text) if end == -1 else end
            j += 1
        return j

    def _comment_start(self, line: int) -> int | None:
        """Where a comment starts on this line: the first `#` outside every string literal."""
        text = self.lines[line - 1]
        index = text.find("#")
        while index != -1:
            offset = self.starts[line - 1] + index
            if not any(s <= offset < e for s, e in self.strings):
                return offset
            index = text.find("#", index + 1)
        return None


def _string_tokens(segment: str) -> list[tuple[int, int]]:
    """(start, end) of each string token in a string literal's source: several when implicitly
    concatenated. Between tokens there are only blanks, line continuations and comments."""
    tokens, i = [], 0
    while i < len(segment):
        c = segment[i]
        if c in _WS:
            i += 1
            continue
        if c == "#":
            end = segment.find("\n", i)
            i = len(segment) if end == -1 else end
            continue
        start = i
        while segment[i] in "rRbBuUfF":
            i += 1
        quote = segment[i:i + 3] if segment[i:i + 3] in ('"""', "'''") else segment[i]
        i += len(quote)
        while not segment.startswith(quote, i):
            i += 2 if segment[i] == "\\" else 1
        i += len(quote)
        tokens.append((start, i))
    return tokens


class Part:
    """One token of an implicit concatenation: libcst's SimpleString inside a ConcatenatedString."""

    __slots__ = ("value", "span")

    def __init__(self, value: str, span: Span):
        self.value = value
        self.span = span


class Concat:
    """libcst's ConcatenatedString: `a b c` is Concat(a, Concat(b, c))."""

    __slots__ = ("left", "right", "value", "span")

    def __init__(self, left: Part, right, span: Span):
        self.left = left
        self.right = right
        self.value = left.value + right.value
        self.span = span


def string_value(node, source: Source | None = None) -> str | None:
    """libcst's string_value: a literal's text; an f-string's literal parts as written, `{}` per field."""
    if isinstance(node, (Part, Concat)):
        return node.value
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
    if isinstance(node, ast.JoinedStr) and source is not None:
        start, end = source.offsets(node)
        return _fstring_text(source.text[start:end])
    return None


def _fstring_text(token: str) -> str:
    """The parts of an f-string token as libcst's FormattedStringText has them, fields as `{}`."""
    i = 0
    while token[i] in "rRbBuUfF":
        i += 1
    raw = "r" in token[:i].lower()
    quote = token[i:i + 3] if token[i:i + 3] in ('"""', "'''") else token[i]
    body = token[i + len(quote):len(token) - len(quote)]
    out, j = [], 0
    while j < len(body):
        c = body[j]
        if c == "{" and body.startswith("{{", j):
            out.append("{{")
            j += 2
        elif c == "{":
            depth, j = 1, j + 1
            while depth:  # to the matching brace, over the strings in the field
                if body[j] in "\'\"":
                    q = body[j:j + 3] if body[j:j + 3] in ('"""', "\'\'\'") else body[j]
                    j = body.index(q, j + len(q)) + len(q)
                    continue
                if body[j] in "{[(":
                    depth += 1
                elif body[j] in "}])":
                    depth -= 1
                j += 1
            out.append("{}")
        elif c == "}" and body.startswith("}}", j):
            out.append("}}")
            j += 2
        elif c == "\\" and not raw:
            if body.startswith("\\N{", j):  # a named character, not a field
                close = body.index("}", j)
                out.append(body[j:close + 1])
                j = close + 1
            else:
                out.append(body[j:j + 2])
                j += 2
        else:
            out.append(c)
            j += 1
    return "".join(out)


def _is_string(node) -> bool:
    """libcst's _STRINGS (f-strings and implicit concatenations included)."""
    return isinstance(node, (ast.JoinedStr, Part, Concat)) or (isinstance(node, ast.Constant)
                                                              and isinstance(node.value, (str, bytes)))


def _name_like(node) -> str | None:
    """The identifier of what libcst parses as a Name (True/False/None included)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and (node.value is None or node.value is True or node.value is False):
        return str(node.value)
    return None


def callee(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


# ---- the walk: raw facts and libcst's scopes in one pass ----------------------------------------

@dataclass
class _Raw:
    calls: list = field(default_factory=list)
    name_values: dict = field(default_factory=dict)  # target Name / ast.arg -> value expression
    attr_values: dict = field(default_factory=dict)  # (ClassDef, attr) -> [value expressions]
    classes: list = field(default_factory=list)  # (ClassDef, dotted name)
    strings: list = field(default_factory=list)
    dicts: list = field(default_factory=list)
    attr_assigns: list = field(default_factory=list)  # Attribute targets of assignments
    item_assigns: list = field(default_factory=list)  # (Subscript target, value): `params["login"] = X`
    concats: dict = field(default_factory=dict)  # implicitly concatenated Constant -> its Concat
    names_with_copernica: bool = False
    parents: dict = field(default_factory=dict)
    returns: dict = field(default_factory=dict)  # FunctionDef -> [returned expressions]
    soap_imported: bool = False
    scopes: dict = field(default_factory=dict)  # Name/Attribute/Call/Subscript/Constant -> Scope


class Walk:
    """ModuleAnalysis's _Walker and libcst's ScopeVisitor in one visit, in the ScopeVisitor's order."""

    def __init__(self, tree: ast.Module, source: Source, raw: _Raw, resolver: Resolver, copernica: bool):
        self.source = source
        self.raw = raw
        self.resolver = resolver
        self.scope: Scope = resolver.module
        self.copernica = copernica  # the text mentions copernica/pomsoapclient: look at identifiers
        self.class_stack: list[ast.ClassDef] = []
        self.func_stack: list[ast.AST] = []
        self.scope_stack: list[ast.AST] = []
        self.top_attribute: list[ast.AST | None] = [None]
        for statement in tree.body:
            self.visit(statement, tree)
        resolver.infer()

    def ident(self, name: str | None) -> None:
        if self.copernica and name:
            lowered = name.lower()
            if "copernica" in lowered or "pomsoapclient" in lowered:
                self.raw.names_with_copernica = True

    def visit(self, node: ast.AST, parent: ast.AST) -> None:
        self.raw.parents[node] = parent
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is not None:
            method(node)
        else:
            self.generic(node)

    def generic(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self.visit(child, node)

    def unsupported(self, node: ast.AST) -> None:
        raise Unsupported(type(node).__name__)

    visit_Match = unsupported

    def visit_Global(self, node) -> None:
        for name in node.names:
            self.ident(name)
            self.scope.declare(name, "global" if isinstance(node, ast.Global) else "nonlocal")
        self.scope.count += 1

    visit_Nonlocal = visit_Global

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        """An f-string: libcst's FormattedString, its fields' expressions visited as any other."""
        start, end = self.source.offsets(node)
        if len(_string_tokens(self.source.text[start:end])) != 1:
            raise Unsupported("an f-string in an implicit concatenation")
        self.raw.strings.append(node)
        self._fields(node)

    def _fields(self, node: ast.JoinedStr) -> None:
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                self.raw.parents[part] = node
                self._check_positions(part.value)
                self.visit(part.value, part)
                if part.format_spec is not None:
                    self._fields(part.format_spec)

    def _check_positions(self, field: ast.expr) -> None:
        """Before Python 3.12 ast places some nodes inside f-strings wrongly: each node must be
        found where ast says (its text parses to the same node), or libcst analyses the file."""
        for inner in ast.walk(field):
            if isinstance(inner, ast.expr) and not isinstance(inner, ast.Slice):
                start, end = self.source.offsets(inner)
                try:
                    same = ast.dump(ast.parse(self.source.text[start:end].strip(), mode="eval").body) \
                        == ast.dump(inner)
                except SyntaxError:
                    same = False
                if not same:
                    raise Unsupported("a node inside an f-string out of place")

    # -- names --
    def visit_Name(self, node: ast.Name) -> None:
        self.raw.scopes[node] = self.scope
        self.ident(node.id)
        if isinstance(node.ctx, ast.Store):
            self.scope.record(node.id, node)
        else:
            self.resolver.deferred.append(Access(node, node.id, self.scope, self.top_attribute[-1]))

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, (str, bytes)):
            start, end = self.source.offsets(node)
            tokens = _string_tokens(self.source.text[start:end])
            if len(tokens) == 1:
                self.raw.strings.append(node)
                return
            parts = []
            for a, b in tokens:
                value = ast.literal_eval(self.source.text[start + a:start + b])
                value = value.decode("latin-1") if isinstance(value, bytes) else value
                parts.append(Part(value, self.source.span(start + a, start + b)))
            self.raw.strings.extend(parts)  # libcst lists the parts, not the concatenation
            right = parts[-1]
            for k in range(len(parts) - 2, 0, -1):
                right = Concat(parts[k], right, self.source.span(start + tokens[k][0], end))
            self.raw.concats[node] = Concat(parts[0], right, self.source.span(start, end))
        elif _name_like(node) is not None:
            self.raw.scopes[node] = self.scope

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.raw.scopes[node] = self.scope
        self.ident(node.attr)
        if self.top_attribute[-1] is None:
            self.top_attribute[-1] = node
        self.visit(node.value, node)
        if self.top_attribute[-1] is node:
            self.top_attribute[-1] = None

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.raw.scopes[node] = self.scope
        self.generic(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.raw.scopes[node] = self.scope
        self.raw.calls.append(node)
        name = callee(node)
        if name in ("NewType", "TypeVar"):
            raise Unsupported("typing.NewType/TypeVar (libcst skips their first argument)")
        self.top_attribute.append(None)
        self.visit(node.func, node)
        for arg in node.args:
            self.visit(arg, node)
        for kw in node.keywords:
            self.ident(kw.arg)
            self.visit(kw, node)
        self.top_attribute.pop()

    def visit_Dict(self, node: ast.Dict) -> None:
        self.raw.dicts.append(node)
        self.generic(node)

    # -- definitions --
    def _parameters(self, args: ast.arguments, owner: ast.AST) -> None:
        """libcst's Parameters: names in the new scope, defaults and annotations in its parent."""
        self.raw.parents[args] = owner
        positional = [*args.posonlyargs, *args.args]
        defaults = dict(zip(positional[len(positional) - len(args.defaults):], args.defaults))
        defaults.update((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None)
        every = [*positional, *([args.vararg] if args.vararg else []), *args.kwonlyargs,
                 *([args.kwarg] if args.kwarg else [])]
        inner, self.scope = self.scope, self.scope.parent
        try:
            for a in every:
                self.raw.parents[a] = args
                default = defaults.get(a)
                if default is not None:
                    self.raw.name_values[a] = default
                    self.visit(default, args)
                if a.annotation is not None:
                    self.visit(a.annotation, a)
        finally:
            self.scope = inner
        for a in every:
            self.ident(a.arg)
            self.scope.record(a.arg, a)
        self.scope.count += 1  # libcst: on leaving Parameters

    def visit_FunctionDef(self, node) -> None:
        outer = self.scope
        outer.record(node.name, node)
        self.ident(node.name)
        self.scope = Scope("function", outer, node.name)
        self.func_stack.append(node)
        self.scope_stack.append(node)
        try:
            self._parameters(node.args, node)
            for statement in node.body:
                self.visit(statement, node)
        finally:
            self.func_stack.pop()
            self.scope_stack.pop()
            self.scope = outer
        for decorator in node.decorator_list:
            self.visit(decorator, node)
        if node.returns is not None:
            self.visit(node.returns, node)
        outer.count += 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        outer = self.scope
        self.scope = Scope("function", outer, None)
        try:
            self._parameters(node.args, node)
            self.visit(node.body, node)
        finally:
            self.scope = outer

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        outer = self.scope
        outer.record(node.name, node)
        self.ident(node.name)
        for decorator in node.decorator_list:
            self.visit(decorator, node)
        for base in node.bases:
            self.visit(base, node)
        for kw in node.keywords:
            self.ident(kw.arg)
            self.visit(kw, node)
        if not self.func_stack:
            dotted = ".".join([c.name for c in self.class_stack] + [node.name])
            self.raw.classes.append((node, dotted))
        self.scope = Scope("class", outer, node.name)
        self.class_stack.append(node)
        self.scope_stack.append(node)
        try:
            for statement in node.body:
                self.visit(statement, node)
        finally:
            self.class_stack.pop()
            self.scope_stack.pop()
            self.scope = outer
        outer.count += 1

    def _comprehension(self, node, elements: list) -> None:
        generators = node.generators
        for g in generators:
            self.raw.parents[g] = node
        self.visit(generators[0].iter, generators[0])
        outer = self.scope
        self.scope = Scope("comprehension", outer)
        try:
            self.visit(generators[0].target, generators[0])
            self.scope.count += 1
            for condition in generators[0].ifs:
                self.visit(condition, generators[0])
            self._inner_for(generators, 1)
            for element in elements:
                self.visit(element, node)
        finally:
            self.scope = outer

    def _inner_for(self, generators: list, index: int) -> None:
        if index >= len(generators):
            return
        g = generators[index]
        self.visit(g.target, g)
        self.visit(g.iter, g)
        for condition in g.ifs:
            self.visit(condition, g)
        self._inner_for(generators, index + 1)
        self.scope.count += 1  # libcst: on leaving the inner CompFor

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value])

    # -- imports --
    def _imported(self, name: str) -> None:
        if name.split(".")[0] in ("zeep", "suds"):
            self.raw.soap_imported = True

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.raw.parents[alias] = node
            self._check_dotted(alias)
            self._imported(alias.name)
            for part in alias.name.split("."):
                self.ident(part)
            self.ident(alias.asname)
            if alias.asname:
                self.scope.record(alias.asname, None, node)
            else:
                parts = alias.name.split(".")
                for i in range(len(parts), 0, -1):
                    self.scope.record(".".join(parts[:i]), None, node)
        self.scope.count += 1

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module is not None:
            for part in node.module.split("."):
                self.ident(part)
            if not node.level:
                self._check_dotted(node)
                self._imported(node.module)
        for alias in node.names:
            self.raw.parents[alias] = node
            self.ident(alias.name)
            self.ident(alias.asname)
            if alias.name != "*":
                self.scope.record(alias.asname or alias.name, None, node)
        self.scope.count += 1

    def _check_dotted(self, node) -> None:
        """libcst reads a dotted module name as written; `zeep . client` is not `zeep.client`."""
        name = node.name if isinstance(node, ast.alias) else node.module
        if "." in name:
            start, end = self.source.offsets(node)
            if name not in self.source.text[start:end]:
                raise Unsupported("a dotted name written with blanks")

    # -- bindings --
    def _self_name(self) -> str | None:
        if len(self.scope_stack) >= 2 and isinstance(self.scope_stack[-2], ast.ClassDef) \
                and isinstance(self.scope_stack[-1], _FUNCTIONS):
            params = self.scope_stack[-1].args.args
            if params:
                return params[0].arg
        return None

    def _bind(self, target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.raw.name_values[target] = value
            if self.scope_stack and isinstance(self.scope_stack[-1], ast.ClassDef):
                key = (self.scope_stack[-1], target.id)
                self.raw.attr_values.setdefault(key, []).append(value)
        elif isinstance(target, ast.Attribute):
            self.raw.attr_assigns.append(target)
            if isinstance(target.value, ast.Name) and target.value.id == self._self_name():
                key = (self.class_stack[-1], target.attr)
                self.raw.attr_values.setdefault(key, []).append(value)
        elif isinstance(target, ast.Subscript):
            self.raw.item_assigns.append((target, value))

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self.visit(target, node)
        self.visit(node.value, node)
        for target in node.targets:
            self._bind(target, node.value)
        self.scope.count += 1

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.target, node)
        self.visit(node.value, node)
        self.scope.count += 1

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if self.source.text[self.source.offsets(node)[0]] == "(":
            raise Unsupported("a parenthesised annotated target (libcst's parser refuses it)")
        self.visit(node.target, node)
        self.visit(node.annotation, node)
        if node.value is not None:
            self.visit(node.value, node)
            self._bind(node.target, node.value)
        self.scope.count += 1

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.target, node)
        self.visit(node.value, node)
        self.scope.count += 1

    def visit_For(self, node) -> None:
        self.visit(node.target, node)
        self.scope.count += 1
        self.visit(node.iter, node)
        for statement in [*node.body, *node.orelse]:
            self.visit(statement, node)

    visit_AsyncFor = visit_For

    def visit_With(self, node) -> None:
        for item in node.items:
            self.raw.parents[item] = node
            self.visit(item.context_expr, item)
            if item.optional_vars is not None:
                self.visit(item.optional_vars, item)
                self.scope.count += 1  # libcst: on leaving the AsName
                self._bind(item.optional_vars, item.context_expr)
            self.scope.count += 1  # ... and the WithItem
        for statement in node.body:
            self.visit(statement, node)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type, node)
        if node.name is not None:
            self.ident(node.name)
            self.scope.record(node.name, node)
            self.scope.count += 1
        for statement in node.body:
            self.visit(statement, node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            if self.func_stack:
                self.raw.returns.setdefault(self.func_stack[-1], []).append(node.value)
            self.visit(node.value, node)

    def visit_keyword(self, node: ast.keyword) -> None:
        self.visit(node.value, node)


# ---- libcst's children, for the depth-limited reads ---------------------------------------------

class _Group:
    """A libcst node ast has not (Arg, DictElement, Element, ComparisonTarget, ...): one level."""

    __slots__ = ("children",)

    def __init__(self, children: list):
        self.children = children


class _KeywordName:
    """An Arg's keyword: a libcst Name without a scope (so bound to nothing)."""

    __slots__ = ("id",)

    def __init__(self, name: str):
        self.id = name


def _cst_children(node) -> list:
    """What libcst would list as the node's children (only what can hold a name or a string)."""
    if isinstance(node, _Group):
        return node.children
    if isinstance(node, ast.Call):
        return [node.func, *(_Group([a.value] + ([_KeywordName(a.keyword)] if a.keyword else []))
                             for a in ordered_args(node))]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.BoolOp):  # libcst nests `a or b or c` as ((a or b) or c)
        values = node.values
        chain = values[0]
        for v in values[1:-1]:
            chain = _Group([chain, v])
        return [chain, values[-1]]
    if isinstance(node, ast.Compare):
        return [node.left, *(_Group([c]) for c in node.comparators)]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.IfExp):
        return [node.body, node.test, node.orelse]
    if isinstance(node, ast.Await):
        return [node.value]
    if isinstance(node, ast.NamedExpr):
        return [node.target, node.value]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [_Group([e.value] if isinstance(e, ast.Starred) else [e]) for e in node.elts]
    if isinstance(node, ast.Dict):
        return [_Group([v] if k is None else [k, v]) for k, v in zip(node.keys, node.values)]
    if isinstance(node, ast.Subscript):
        s = node.slice
        if isinstance(s, ast.Tuple):
            raise Unsupported("a subscript with several elements")
        inner = [x for x in (s.lower, s.upper, s.step) if x is not None] if isinstance(s, ast.Slice) else [s]
        return [node.value, _Group([_Group(inner)])]
    if isinstance(node, ast.Constant):
        return []
    raise Unsupported(f"reading into {type(node).__name__}")


_ARGS: dict[int, list[Arg]] = {}


def ordered_args(call: ast.Call) -> list[Arg]:
    """libcst's `call.args`: positional, starred and keyword arguments in source order."""
    out = []
    for a in call.args:
        if isinstance(a, ast.Starred):
            out.append(Arg(None, a.value, "*", a))
        else:
            out.append(Arg(None, a, "", a))
    for kw in call.keywords:
        out.append(Arg(kw.arg, kw.value, "" if kw.arg else "**", kw))
    if call.args and call.keywords:
        out.sort(key=lambda a: (a.node.lineno, a.node.col_offset))
    return out


# ---- the analysis -----------------------------------------------------------------------------

class AstAnalysis(ModuleQueries):
    """ModuleAnalysis's lists and decisions for the rules, from an ast parse (see the module doc)."""

    FUNCTIONS = _FUNCTIONS
    CLASS = ast.ClassDef
    ASSIGNS = (ast.Assign, ast.AnnAssign)

    def __init__(self, data: bytes, path: str, module_name: str | None = None,
                 known_wrappers: Iterable[str] = (), is_package: bool = False,
                 known_login_functions: Mapping[str, tuple] | None = None):
        self.path = path
        self.module_name = module_name
        self.is_package = is_package
        self.known_wrappers = set(known_wrappers)
        self.known_login_functions = dict(known_login_functions or {})
        self.source = Source(data)
        self.tree = tree = parse(data)  # kept for the rewrite's direct edits
        text = self.source.text
        if evidence.may_hold_envelope(text):
            raise Unsupported("a raw SOAP envelope")
        lowered = text.lower()
        self.raw = _Raw()
        self.resolver = Resolver()
        Walk(tree, self.source, self.raw, self.resolver,
             "copernica" in lowered or "pomsoapclient" in lowered)
        self.source.strings = [self._offsets(s) for s in self.raw.strings]
        for s in [*self.raw.strings, *self.raw.concats.values()]:
            v = self._str(s).lower()
            if evidence.NOT_LOGGED_ON in v or evidence.may_hold_envelope(v):
                raise Unsupported("re-login or envelope text")
        # libcst visits calls in source order, outer before inner
        self.raw.calls.sort(key=lambda c: (c.lineno, c.col_offset, -c.end_lineno, -c.end_col_offset))
        self._parents = self.raw.parents
        self._elements: dict[tuple[int, int], Span] = {}
        self._run()

    # ---- tree helpers -------------------------------------------------------------------

    def args(self, call: ast.Call) -> list[Arg]:
        found = self._args.get(id(call))
        if found is None:
            found = self._args[id(call)] = ordered_args(call)
        return found

    def _str(self, node) -> str | None:
        concat = self.raw.concats.get(node) if isinstance(node, ast.Constant) else None
        return string_value(concat or node, self.source)

    def _offsets(self, node) -> tuple[int, int]:
        if isinstance(node, Part):
            span = node.span
            return (self.source.starts[span.line - 1] + span.column,
                    self.source.starts[span.end_line - 1] + span.end_column)
        return self.source.offsets(node)

    def _halves(self, node) -> list:
        """The parts of an implicit concatenation at every level (libcst's _concatenated_parts)."""
        node = self.raw.concats.get(node, node) if isinstance(node, ast.Constant) else node
        if not isinstance(node, Concat):
            return []
        return [node.left, node.right, *self._halves(node.left), *self._halves(node.right)]

    def qualified_names(self, node: ast.AST) -> set[str]:
        return self.resolver.qualified_names(self.raw.scopes.get(node), node)

    def code(self, node: ast.AST) -> str:
        """libcst's code for the node: its source, its own parentheses included."""
        start, end = self._extent(node)
        return self.source.text[start:end]

    def _extent(self, node: ast.AST) -> tuple[int, int]:
        start, end = self.source.offsets(node)
        owned = self._owned_paren(self.parent(node), node)
        text = self.source.text
        while True:
            i = self.source.before(start)
            if i < 0 or text[i] != "(" or i == owned:
                return start, end
            j = self.source.after(end)
            if j >= len(text) or text[j] != ")":
                return start, end
            start, end = i, j + 1

    def _owned_paren(self, parent, node) -> int:
        """The offset of a `(` that is the parent's own, next to node (a call's, a tuple's)."""
        if isinstance(parent, ast.Call) and node is not parent.func:
            k = self.source.offsets(parent.func)[1]
            text = self.source.text
            while k < len(text) and (text[k] in _WS or text[k] == ")"):
                k += 1
            return k
        if isinstance(parent, (ast.Tuple, ast.GeneratorExp)):
            return self.source.offsets(parent)[0]
        return -1

    def location(self, node) -> Location:
        if isinstance(node, (Part, Concat)):
            node = node.span
        if isinstance(node, Span):
            return Location(self.path, node.line, node.column + 1, node.end_line, node.end_column + 1)
        src = self.source
        return Location(self.path, node.lineno, src.column(node.lineno, node.col_offset) + 1,
                        node.end_lineno, src.column(node.end_lineno, node.end_col_offset) + 1)

    def _element(self, dict_node: ast.Dict, index: int) -> Span:
        """libcst's DictElement of `{key: value}`: from the key to the value, their parentheses included."""
        key = (id(dict_node), index)
        span = self._elements.get(key)
        if span is None:
            start = self._extent(dict_node.keys[index])[0]
            end = self._extent(dict_node.values[index])[1]
            span = self._elements[key] = Span(*self.source.position(start), *self.source.position(end))
        return span

    def _class_ref(self, cls: ast.ClassDef) -> ClassRef:
        start = self.source.offsets(cls)[0]
        m = _CLASS_NAME.match(self.source.text, start)
        if m is None:
            raise Unsupported("a class statement not as expected")
        line, column = self.source.position(m.end())
        return ClassRef(cls, Span(line, column, line, column + len(cls.name), cls.name))

    def _bindings(self, name) -> list:
        if isinstance(name, _KeywordName):
            return []
        scope = self.raw.scopes.get(name)
        if scope is None:
            return []
        out = []
        for a in scope.resolve(_name_like(name)):
            value = self.raw.name_values.get(a.node) if a.node is not None else None
            if value is not None:
                out.append(value)
        return out

    # ---- what an expression holds (ModuleAnalysis.ref) ------------------------------------

    def local_definitions(self, func) -> list:
        if isinstance(func, ast.Name):
            scope = self.raw.scopes.get(func)
            return [a.node for a in scope.resolve(func.id) if isinstance(a.node, _FUNCTIONS)] \
                if scope is not None else []
        if isinstance(func, ast.Attribute) and _name_like(func.value) is not None:
            cls = self._enclosing_class(func)
            if cls is not None:
                return [s for s in cls.body if isinstance(s, _FUNCTIONS) and s.name == func.attr]
        return []

    # ---- strings an expression may carry (ModuleAnalysis.texts) ---------------------------------

    def texts(self, expr, depth: int = 3) -> tuple[list[str], bool]:
        if _is_string(expr):
            return [self._str(expr)], not isinstance(expr, ast.JoinedStr)
        if depth <= 0:
            return [], False
        name = expr.id if isinstance(expr, _KeywordName) else _name_like(expr)
        if name is not None:
            values = self._bindings(expr)
            out, literal = [name], bool(values)
            for v in values:
                t, lit = self.texts(v, depth - 1)
                out += t
                literal = literal and lit
            return out, literal
        if isinstance(expr, ast.Attribute):
            out = [expr.attr]
            for v in self.raw.attr_values.get((self._enclosing_class(expr), expr.attr), ()):
                out += self.texts(v, depth - 1)[0]
            return out, False
        out: list[str] = []
        for child in _cst_children(expr):
            out += self.texts(child, depth - 1)[0] if not _is_string(child) else self.texts(child)[0]
        return out, False

    # ---- parameter dicts ------------------------------------------------------------------

    def dict_entries(self, expr, depth: int = 3) -> dict:
        out: dict = {}
        if depth <= 0:
            return out
        if isinstance(expr, ast.Dict):
            for i, (k, v) in enumerate(zip(expr.keys, expr.values)):
                if k is None:
                    out.update(self.dict_entries(v, depth - 1))
                else:
                    key = self._str(k)
                    if key is not None:
                        out[key] = (self._element(expr, i), v)
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "dict":
            for a in self.args(expr):
                if a.keyword is not None:
                    out[a.keyword] = (a.node, a.value)
                else:
                    out.update(self.dict_entries(a.value, depth - 1))
        elif _name_like(expr) is not None:
            for v in self._bindings(expr):
                out.update(self.dict_entries(v, depth - 1))
        return out

    # ---- decisions ------------------------------------------------------------------------

    def _result_passed_on(self, call: ast.Call) -> bool:
        expr = self.parent(call) if isinstance(self.parent(call), ast.Await) else call
        assign = self.parent(expr)
        if not (isinstance(assign, (ast.Assign, ast.AnnAssign)) and assign.value is expr):
            return False
        targets = assign.targets if isinstance(assign, ast.Assign) else [assign.target]
        wanted = {self.code(t) for t in targets if isinstance(t, (ast.Name, ast.Attribute))}
        for other in self.raw.calls:
            if other is call or callee(other) in REPORTERS:
                continue
            for arg in self.args(other):
                values = [arg.value]
                if isinstance(arg.value, ast.Dict):
                    values = [v for k, v in zip(arg.value.keys, arg.value.values) if k is not None]
                if any(isinstance(v, (ast.Name, ast.Attribute)) and self.code(v) in wanted for v in values):
                    return True
        return False

        # re-login sites and raw envelopes: only in files the libcst analysis takes (see analyse)

    # ---- node accessors for reach.py and queries.ModuleQueries -----------------------------------

    @staticmethod
    def is_call(node) -> bool:
        return isinstance(node, ast.Call)

    @staticmethod
    def plain_name(node) -> str | None:
        return _name_like(node)  # libcst's Name: True, False and None are names there

    @staticmethod
    def awaited(node):
        return node.value if isinstance(node, ast.Await) else None

    @staticmethod
    def item_key(target: ast.Subscript) -> tuple[object, str | None]:
        """(the container, the string key) of `container["key"]`; key None when not one string."""
        key = target.slice
        return target.value, key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None

    @staticmethod
    def is_subscript(node) -> bool:
        return isinstance(node, ast.Subscript)

    @staticmethod
    def attr_name(node) -> str | None:
        return node.attr if isinstance(node, ast.Attribute) else None

    @staticmethod
    def callee(call) -> str:
        return callee(call)  # the module's function: `f` of f(...), `m` of x.m(...)

    @staticmethod
    def _init_params(init) -> tuple[str, ...]:
        return tuple(a.arg for a in init.args.args[1:])

    @staticmethod
    def _def_name(func) -> str:
        return func.name

    @staticmethod
    def _def_params(func, positional: bool = False) -> tuple[str, ...]:
        args = func.args
        return tuple(a.arg for a in [*args.posonlyargs, *args.args, *(() if positional else args.kwonlyargs)])

    def _class_node(self, cls: ast.ClassDef) -> ClassRef:
        return self._class_ref(cls)

    @staticmethod
    def _bases(cls: ast.ClassDef) -> list:
        return cls.bases

    def _module_level(self, name: ast.Name) -> bool:
        return self.raw.scopes.get(name) is self.resolver.module

    def _class_level(self, name: ast.Name) -> bool:
        scope = self.raw.scopes.get(name)
        return scope is not None and scope.kind == "class"

    def string(self, node) -> str | None:
        return self._str(node)

    @staticmethod
    def class_name(cls: ast.ClassDef) -> str:
        return cls.name

    @staticmethod
    def methods(cls: ast.ClassDef) -> list:
        return [(s.name, s) for s in cls.body if isinstance(s, _FUNCTIONS)]

    def _literal_sources(self, value, depth: int = 4) -> list:
        if depth <= 0:
            return []
        concat = self.raw.concats.get(value) if isinstance(value, ast.Constant) else value
        if isinstance(concat, Concat):  # "pass" "word": the whole and each half
            whole = [value] if concat.value else []
            return whole + self._literal_sources(concat.left, depth - 1) \
                + self._literal_sources(concat.right, depth - 1)
        if isinstance(value, Part) or (isinstance(value, ast.Constant) and isinstance(value.value, (str, bytes))):
            return [value] if self._str(value) else []
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            return self._literal_sources(value.left, depth - 1) + self._literal_sources(value.right, depth - 1)
        if isinstance(value, ast.Call):
            args = self.args(value)
            if len(args) >= 2 and (self.qualified_names(value.func) & {"os.environ.get", "os.getenv"}
                                   or self.code(value.func) in ("os.environ.get", "os.getenv", "environ.get",
                                                                "getenv")):
                return self._literal_sources(args[1].value, depth - 1)
            return []
        if _name_like(value) is not None:
            return [lit for v in self._bindings(value) for lit in self._literal_sources(v, depth - 1)
                    if _name_like(v) is None]
        return []
