"""COP005: code that only keeps the login session cookie goes (cookie files, `soap_` cookies, jars).

    key = f"{os.getuid()}:{wsdl}:{login}"
    self._cookie_file = os.path.join(tempfile.gettempdir(), "cookie" + hashlib.md5(key.encode()).hexdigest())
    if os.path.exists(self._cookie_file):
        with open(self._cookie_file) as handle:
            for line in handle:
                ...self._client.transport.session.cookies.set(name, value)
    else:
        self._login()
    ->
    self._login()

An access token makes every call self-contained, so there is no session to keep.
The analysis reports the cookie sites (cookie jars, cookie files, the transport's
cookies, `soap_` names); from there the codemod follows the data:
- a statement with a cookie site, or reading a value such a statement made, is
  cookie code; so is an assignment whose value only cookie code reads (the md5 key);
- it is removed only when nothing else reads what it defines; a block whose
  statements all go, goes; an `if <cookie test>: <cookie code> else: B` becomes B;
  a `try` whose body all goes leaves its `else`/`finally` statements;
- a cookie site that feeds anything else (the client itself, a return value) keeps
  its code and gets a TODO: the tool cannot tell what else depends on it.
Names are followed per function (and `self.x` per class), not through calls.
Credentials the removed code was the last to read are reported, never deleted.

Run alone: python -m libcst.tool codemod -x codemods.remove_cookie_persistence.RemoveCookiePersistenceCommand PATH
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from codemods import _session as s
from codemods.registry import register
from migrator.scan.python import evidence

TODO_TEXT = ("session cookie handling that other code depends on; remove it by hand, the "
             "access token needs no session (COP005)")

REMOVE, KEEP, ELSE_ONLY, TAIL_ONLY = "remove", "keep", "else-only", "tail-only"


@dataclass(eq=False)
class _Stmt:
    node: cst.CSTNode
    parent: "_Stmt | None"
    part: str  # which block of the parent: "body", "else", "tail" (try else/finally), "handler"
    reads: set = field(default_factory=set)
    defines: set = field(default_factory=set)
    site: bool = False
    receiver: set = field(default_factory=set)  # what `x.method(...)` statements call a method of
    children: list = field(default_factory=list)
    status: str = KEEP


class _Reads:
    """Keys a piece of code reads: local names per function, `self.x` per class."""

    def __init__(self, unit: str, cls: str | None, in_function: bool = False):
        self.unit, self.cls, self.in_function = unit, cls, in_function

    def name_key(self, name: str) -> str:
        return f"{self.unit}:{name}"

    def attr_key(self, node: cst.Attribute) -> str | None:
        if self.cls and isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"):
            return f"{self.cls}:self.{node.attr.value}"
        return None

    def of(self, node: cst.CSTNode | None, out: set) -> set:
        if node is None:
            return out
        if isinstance(node, cst.Name):
            if node.value not in ("self", "cls"):
                out.add(self.name_key(node.value))
        elif isinstance(node, cst.Attribute):
            key = self.attr_key(node)
            if key:
                out.add(key)
            else:
                self.of(node.value, out)
        elif isinstance(node, cst.Arg):
            self.of(node.value, out)
        else:
            for child in node.children:
                self.of(child, out)
        return out

    def targets(self, target: cst.CSTNode, defines: set, reads: set) -> None:
        if isinstance(target, cst.Name):
            defines.add(self.name_key(target.value))
        elif isinstance(target, cst.Attribute) and self.attr_key(target):
            defines.add(self.attr_key(target))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.targets(el.value, defines, reads)
        elif isinstance(target, cst.StarredElement):
            self.targets(target.value, defines, reads)
        else:  # `session.cookies = jar`, `d[k] = v`: reads what it changes
            self.of(target, reads)


@register(order=60, styles=("inline", "plugin"), rules=("COP005",))
class RemoveCookiePersistenceCommand(s.SessionCodemod):
    DESCRIPTION = "Remove code that keeps the SOAP login session cookie (COP005)."
    NEEDLES = ("cookie", "soap_")

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self.analysis = s.analyse(tree, self.context, self.project)
        if not self.analysis.cookie_sites:
            return tree  # nothing to do: "no session cookie handling"
        self.edits = s.StatementEdits(self.context)
        self._by_node: dict[int, _Stmt] = {}
        self._all: list[_Stmt] = []
        site_statements = {id(s.statement_of(self.analysis, site.node)) for site in self.analysis.cookie_sites}
        self._build(tree.body, None, "body", _Reads("module", None), site_statements)
        self._decide()
        self._plan()
        return super().transform_module_impl(tree)

    # --- the statements, what they read and define ----------------------------------------------
    def _build(self, statements, parent, part, reads: _Reads, sites: set) -> None:
        for node in statements:
            st = _Stmt(node, parent, part, site=id(node) in sites)
            self._by_node[id(node)] = st
            self._all.append(st)
            (parent.children if parent else []).append(st)
            self._describe(st, reads, sites)

    def _describe(self, st: _Stmt, reads: _Reads, sites: set) -> None:
        node = st.node
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                if isinstance(small, cst.Assign):
                    for t in small.targets:
                        reads.targets(t.target, st.defines, st.reads)
                    reads.of(small.value, st.reads)
                elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                    reads.targets(small.target, st.defines, st.reads)
                    reads.of(small.value, st.reads)
                    if isinstance(small, cst.AugAssign):
                        reads.of(small.target, st.reads)
                else:
                    reads.of(small, st.reads)
                    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) \
                            and isinstance(small.value.func, cst.Attribute):
                        reads.of(small.value.func.value, st.receiver)
            return
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            st.status = KEEP
            if isinstance(node, cst.ClassDef):
                inner = _Reads(f"class{id(node)}", f"class{id(node)}")
            elif reads.in_function:
                inner = reads  # a closure shares its function's names
            else:
                inner = _Reads(f"def{id(node)}", reads.cls, in_function=True)
            self._build(node.body.body, st, "body", inner, sites)
            return
        if isinstance(node, cst.If):
            reads.of(node.test, st.reads)
            self._build(node.body.body, st, "body", reads, sites)
            if isinstance(node.orelse, cst.Else):
                self._build(node.orelse.body.body, st, "else", reads, sites)
            elif isinstance(node.orelse, cst.If):
                self._build([node.orelse], st, "else", reads, sites)
        elif isinstance(node, (cst.For, cst.While)):
            if isinstance(node, cst.For):
                reads.targets(node.target, st.defines, st.reads)
                reads.of(node.iter, st.reads)
            else:
                reads.of(node.test, st.reads)
            self._build(node.body.body, st, "body", reads, sites)
            if node.orelse is not None:
                self._build(node.orelse.body.body, st, "body", reads, sites)
        elif isinstance(node, cst.With):
            for item in node.items:
                reads.of(item.item, st.reads)
                if item.asname is not None:
                    reads.targets(item.asname.name, st.defines, st.reads)
            self._build(node.body.body, st, "body", reads, sites)
        elif isinstance(node, cst.Try):
            self._build(node.body.body, st, "body", reads, sites)
            for handler in node.handlers:
                reads.of(handler.type, st.reads)
                self._build(handler.body.body, st, "handler", reads, sites)
            for tail in (node.orelse, node.finalbody):
                if tail is not None:
                    self._build(tail.body.body, st, "tail", reads, sites)
        else:  # match, async constructs, ...: read everything, keep it
            reads.of(node, st.reads)
            st.status = KEEP
            st.children = []
            st.defines = set()
            return

    # --- which statements are cookie code, and which of them can go -------------------------------
    def _decide(self) -> None:
        cookie = {st for st in self._all if st.site}
        readers: dict[str, list[_Stmt]] = {}
        for st in self._all:
            for key in st.reads:
                readers.setdefault(key, []).append(st)
        protected = {st for st in self._all if self._soap_code(st)}
        grown = True
        while grown:  # forward: works on a cookie value; backward: only cookie code reads it
            keys = {k for st in cookie for k in st.defines}
            before = len(cookie)
            cookie |= {st for st in self._all if st.reads & keys and _follows(st, keys)}
            cookie |= {st for st in self._all if _private_assignment(st) and not _credential(st) and all(
                r in cookie for k in st.defines for r in readers.get(k, [])) and any(
                readers.get(k) for k in st.defines)}
            cookie -= protected
            grown = len(cookie) != before
        for st in self._all:
            st.status = REMOVE if (st in cookie or not isinstance(st.node, cst.SimpleStatementLine)) \
                and _plain(st) else KEEP
        changed = True
        while changed:  # optimistic start, then take back what something kept still needs
            changed = False
            for st in reversed(self._all):  # children before their parents
                new = self._status(st, cookie, readers)
                if new != st.status:
                    st.status, changed = new, True
        self._readers = readers

    def _status(self, st: _Stmt, cookie: set, readers: dict) -> str:
        if st.status == KEEP:
            return KEEP  # statuses only ever fall
        if any(not self._read_gone(r) for k in st.defines for r in readers.get(k, []) if r is not st
               and not _within(r, st)):
            return KEEP
        node = st.node
        if isinstance(node, cst.SimpleStatementLine):
            return REMOVE if st in cookie else KEEP
        parts: dict[str, bool] = {}
        for child in st.children:
            parts[child.part] = parts.get(child.part, True) and child.status == REMOVE
        body = parts.get("body", True)
        if isinstance(node, cst.If):
            if body and parts.get("else", True):
                return REMOVE  # a test that only guarded cookie code
            if body and st in cookie and isinstance(node.orelse, cst.Else):
                return ELSE_ONLY
            return KEEP
        if isinstance(node, cst.Try):
            if body and parts.get("handler", True) and parts.get("tail", True):
                return REMOVE
            return TAIL_ONLY if body and node.finalbody is not None or (body and node.orelse) else KEEP
        if isinstance(node, (cst.For, cst.While, cst.With)):
            pure = st in cookie or not any(_has_call(h) for h in _headers(node))
            return REMOVE if body and pure else KEEP
        return KEEP

    def _soap_code(self, st: _Stmt) -> bool:
        """Makes a SOAP client or calls through one: never cookie code, whatever it reads."""
        if not isinstance(st.node, cst.SimpleStatementLine):
            return False
        for n in s.descendants(st.node):
            if isinstance(n, cst.Call) and (n in self.analysis.client_evidence or (
                    isinstance(n.func, cst.Attribute) and self.analysis.ref(n.func.value) is not None)):
                return True
        return False

    def _read_gone(self, st: _Stmt) -> bool:
        """What `st` itself reads (its header) is no longer read: it goes, or only a part stays."""
        return st.status in (ELSE_ONLY, TAIL_ONLY) or self._gone(st)

    def _gone(self, st: _Stmt) -> bool:
        while st is not None:
            if st.status == REMOVE:
                return True
            parent = st.parent
            if parent is not None and parent.status == ELSE_ONLY and st.part == "body":
                return True
            if parent is not None and parent.status == TAIL_ONLY and st.part in ("body", "handler"):
                return True
            st = parent
        return False

    # --- planned edits ---------------------------------------------------------------------------
    def _plan(self) -> None:
        for st in self._all:
            if st.status == KEEP or (st.parent is not None and (
                    self._gone(st.parent) or self._gone_by_part(st))):
                continue  # kept, or already goes with the block around it
            if st.status == REMOVE:
                self.edits.plan_remove(st.node)
            else:
                self.edits.plan_replace(st.node, _else_only if st.status == ELSE_ONLY else _tail_only)
            self.note_change(self._line(st.node), "session cookie handling removed")
        for st in self._all:
            if st.site and not self._gone(st):
                self.edits.plan_todo(st.node, TODO_TEXT)
        self._report_credentials()

    def _gone_by_part(self, st: _Stmt) -> bool:
        return st.parent is not None and st.parent.status in (ELSE_ONLY, TAIL_ONLY) \
            and st.part in ("body", "handler")

    def _report_credentials(self) -> None:
        seen: set[str] = set()
        for st in self._all:
            if not self._read_gone(st):
                continue
            for key in st.reads:
                name = key.rsplit(":", 1)[1].removeprefix("self.")
                if key in seen or evidence.credential_param(name) not in ("password", "user"):
                    continue
                seen.add(key)
                if all(self._read_gone(r) for r in self._readers.get(key, [])):
                    label = key.rsplit(":", 1)[1]
                    definers = [d for d in self._all if key in d.defines and not self._gone(d)]
                    where = f" (line {self._line(definers[0].node)})" if definers else ""
                    self.note_unused_credential(f"{label}{where}")

    def _line(self, node: cst.CSTNode) -> int:
        return self.analysis.location(node).line


def _plain(st: _Stmt) -> bool:
    return not isinstance(st.node, (cst.FunctionDef, cst.ClassDef)) and (
        isinstance(st.node, (cst.SimpleStatementLine, cst.If, cst.For, cst.While, cst.With, cst.Try)))


def _private_assignment(st: _Stmt) -> bool:
    """`key = ...`, `self._file = ...`: names no code we cannot see reads."""
    node = st.node
    return (isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1
            and isinstance(node.body[0], cst.Assign) and bool(st.defines)
            and all(isinstance(t.target, cst.Name) or (
                isinstance(t.target, cst.Attribute) and t.target.attr.value.startswith("_"))
                for t in node.body[0].targets))


def _credential(st: _Stmt) -> bool:
    """Defines a credential (`self._password = ...`): reported when unused, never removed."""
    return any(evidence.credential_param(k.rsplit(":", 1)[1].removeprefix("self.")) for k in st.defines)


def _follows(st: _Stmt, keys: set) -> bool:
    """Whether a statement reading a cookie value is cookie code itself: it stores a value
    made from it, tests or loops over it, or calls its methods (`jar.save()`); not when it
    hands it to anything else (`print(sid)`, `return jar`)."""
    node = st.node
    if not isinstance(node, cst.SimpleStatementLine):
        return _plain(st)
    if len(node.body) != 1:
        return False
    if isinstance(node.body[0], (cst.Assign, cst.AnnAssign, cst.AugAssign)):
        return True
    return bool(st.receiver & keys)


def _within(st: _Stmt, ancestor: _Stmt) -> bool:
    p = st.parent
    while p is not None:
        if p is ancestor:
            return True
        p = p.parent
    return False


def _has_call(node: cst.CSTNode | None) -> bool:
    return node is not None and any(isinstance(n, cst.Call) for n in s.descendants(node))


def _headers(node) -> list:
    if isinstance(node, cst.For):
        return [node.iter]
    if isinstance(node, cst.While):
        return [node.test]
    return [item.item for item in node.items]


def _with_leading(statements: list, leading) -> list:
    if statements:
        first = statements[0]
        statements[0] = first.with_changes(leading_lines=[*leading, *first.leading_lines])
    return statements


def _else_only(updated: cst.If) -> list:
    return _with_leading(list(updated.orelse.body.body), updated.leading_lines)


def _tail_only(updated: cst.Try) -> list:
    tail = []
    for block in (updated.orelse, updated.finalbody):
        if block is not None:
            tail += list(block.body.body)
    return _with_leading(tail, updated.leading_lines)
