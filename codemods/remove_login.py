"""COP001: remove `login` calls on Copernica SOAP clients (the access token replaces the session).

    client = zeep.Client(WSDL)
    # log in once
    result = client.service.login({"username": USER, "account": ACCOUNT, "password": PASSWORD})
    print("login:", result.value)
    client.service.Account_databases({})
    ->
    client = zeep.Client(WSDL)
    client.service.Account_databases({})

What goes, and what stays:
- the login statement (direct, `getattr(svc, "login")(...)`, `await`, on a wrapper instance),
  with the comment lines right above it;
- `result = svc.login(...)`: also the statements that only report the result (`print(...)`,
  `log.info(...)`); a result used for anything else keeps the login and gets a TODO;
- a `try:` whose body was only the login goes with its handlers (they served the login);
  its `else:`/`finally:` bodies stay in its place. A function left empty gets `pass` (so
  callers such as `connect()` keep working) and a line in the report;
- a credentials dict literal (`creds = {"username": ..., "account": ..., "password": ...}`)
  read only by the removed login is removed too: it would otherwise read credentials the
  migrated program no longer has (os.environ["COPERNICA_PASSWORD"] raises at import). So is
  `PASSWORD = os.environ["COPERNICA_PASSWORD"]` read only by the removed login (or by such a
  dict), for the same reason. Any other credential (a constant, a parameter, a config read,
  `os.getenv(...)`, which does not raise) that nothing reads any more is reported with
  note_unused_credential and left where it is;
- a login inside an expression (`return svc.login(...)`, `if svc.login(...):`), passed on as a
  callable, or reached through `getattr(svc, name)` with a non-literal name: a TODO comment;
- a login inside a re-login-on-`Not logged on` handler is left to codemods.remove_relogin,
  which removes the whole handler.

Run alone: python -m libcst.tool codemod -x codemods.remove_login.RemoveLoginCommand PATH
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import SkipFile
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import GlobalScope, PositionProvider, ScopeProvider

from codemods._clients import (analyse, descendants, dotted, enclosing, env_names, statement_of,
                               string_value, subscript_key, within)
from codemods.registry import CHANGES, REMOVED_NAMES, CopernicaCodemod, register
from migrator.scan.python import evidence

FORMATTERS = ("str", "repr", "format", "len")  # what a report may call on the result
REPORTERS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
TODO_RESULT_USED = ("the login's result is used here; remove the login and what uses its result "
                    "by hand, then send access_token (COP001)")
TODO_EXPRESSION = "login inside an expression or passed on as a callable; remove it by hand (COP001)"
TODO_GUARDED = ("this try guards the login, and a handler of its failure does more than report it; with "
                "the login gone that handler can never run: remove the login and decide what the handler "
                "should guard now by hand (COP001)")
# what the report says (the direct edits, migrator/rewrite/direct, say the same)
REMOVED = "login call removed: the access token replaces the session"
DICT_REMOVED = "credentials `{name}` removed with the login they fed"
ENV_REMOVED = ("`{name}` removed with the login it fed (it read ${variable}, which the migrated code "
               "no longer needs)")
TODO_DYNAMIC = ("a method is called through getattr with a computed name and login credentials; if it "
                "can be `login`, remove it by hand (COP001)")


@register(order=10, styles=("inline", "plugin"), rules=("COP001",))
class RemoveLoginCommand(CopernicaCodemod):
    DESCRIPTION = "Remove `login` calls on Copernica SOAP clients (COP001)."
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)
    ONE_PASS = True

    def plan(self, tree: cst.Module) -> None:
        self.analysis = analyse(tree, self.context, self.project)
        guarded: set[cst.CSTNode] = set()  # logins a try with work in a handler guards: a TODO each
        noted = {key: len(self._scratch_list(key)) for key in (CHANGES, REMOVED_NAMES)}
        while True:
            for key, start in noted.items():
                del self._scratch_list(key)[start:]  # a plan made again notes again
            self._plan_logins(guarded)
            more = self._guarded_with_work_by_all()
            if not more - guarded:
                break
            guarded |= more  # planned again without them: what they read stays too
        self._imported = _imported_names(self.analysis.nodes())
        self._gone = set(self._drop) | self._doomed_handlers()
        for statement in self._gone:
            self._release_imports(statement)
        for statement in self._drop:
            self.todos.pop(statement, None)  # a line that goes takes no TODO

    def _plan_logins(self, guarded: set[cst.CSTNode]) -> None:
        self._drop: set[cst.CSTNode] = set()  # original statements that go
        self.todos = {}  # statement -> TODO text (the base class writes them)
        self._credential_sources: list[cst.CSTNode] = []  # removed expressions that carried credentials
        self._placeholders: set[cst.CSTNode] = set()  # `pass` lines standing in for emptied blocks
        relogin = {site.node for site in self.analysis.relogin_sites}
        for login in self.analysis.login_calls:
            if login.node in guarded:
                self.todos.setdefault(statement_of(self.analysis, login.node), TODO_GUARDED)
            elif not within(self.analysis, login.node, relogin):
                self._plan(login.node)
        self._plan_dynamic()
        if not self._drop and not self.todos:
            raise SkipFile("no login call to remove")
        self._plan_credential_dicts()
        self._plan_login_references()

    def _guarded_with_work_by_all(self) -> set[cst.CSTNode]:
        """The logins of a try whose whole body goes (several logins, a login and the credentials it
        read) while a handler does more than report: that work could never run again."""
        found: set[cst.CSTNode] = set()
        for statement in self._drop:
            block = self.analysis.parent(statement)
            attempt = self.analysis.parent(block)
            if isinstance(attempt, cst.Try) and attempt.body is block and all(st in self._drop for st in block.body) \
                    and any(self._handler_works(handler) for handler in attempt.handlers):
                found |= {lc.node for lc in self.analysis.login_calls if within(self.analysis, lc.node, {attempt})}
        return found

    def finish(self, tree: cst.Module) -> cst.Module:
        self._report_unused()
        return tree

    def doomed(self) -> set[int]:
        return {id(node) for node in self._gone}


    # --- planning (on the original tree) -------------------------------------------------------
    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _plan(self, call: cst.CSTNode) -> None:
        a = self.analysis
        expr = call
        if isinstance(a.parent(expr), cst.Await):
            expr = a.parent(expr)
        parent = a.parent(expr)
        line = a.parent(parent) if parent is not None else None
        sole = isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
        if not isinstance(call, cst.Call):
            self.todos.setdefault(statement_of(a, call), TODO_EXPRESSION)
        elif sole and self._guarded_with_work(line):
            self.todos.setdefault(line, TODO_GUARDED)
        elif isinstance(parent, cst.Expr) and sole:
            self._remove(line, call)
        elif (isinstance(parent, cst.Assign) and sole and parent.value is expr and len(parent.targets) == 1
              and isinstance(parent.targets[0].target, cst.Name)):
            reports = self._reports_of(parent.targets[0].target)
            if reports is None:
                self.todos.setdefault(line, TODO_RESULT_USED)
            else:
                self._remove(line, call)
                self._drop.update(reports)
        else:
            self.todos.setdefault(statement_of(a, call), TODO_EXPRESSION)

    def _guarded_with_work(self, line: cst.SimpleStatementLine) -> bool:
        """`line` is all a try's body, and one of its handlers calls something other than a report
        (`print`, `log.error`, `sys.exit`): removing the login would take that work with it."""
        block = self.analysis.parent(line)
        attempt = self.analysis.parent(block)
        if not (isinstance(attempt, cst.Try) and attempt.body is block and len(block.body) == 1):
            return False
        return any(self._handler_works(handler) for handler in attempt.handlers)

    def _handler_works(self, handler: cst.ExceptHandler) -> bool:
        """It calls something other than a report (`print`, `log.error`, `sys.exit`, `str`)."""
        for node in descendants(handler.body):
            if isinstance(node, cst.Call) and not _reports(node.func) \
                    and not isinstance(self.analysis.parent(node), cst.Raise):  # raise SystemExit(...)
                return True
        return False

    def _remove(self, line: cst.SimpleStatementLine, call: cst.Call) -> None:
        self._drop.add(line)
        self._credential_sources.extend(arg.value for arg in call.args)
        self.note_change(self._line(line), REMOVED)

    def _reports_of(self, target: cst.Name) -> list[cst.CSTNode] | None:
        """The statements that only print or log the login's result; None if it is used otherwise."""
        statements = []
        for access in self._references(target):
            if len(access.referents) != 1:
                return None  # the name may hold something else there
            statement = statement_of(self.analysis, access.node)
            check = enclosing(self.analysis, access.node, (cst.If,))
            if check is not None and _is_login_check(check, target.value):
                statement = check  # `raise SystemExit(f"... {result.value}")` inside the check
            if not (_is_report(statement, target.value) or _is_login_check(statement, target.value)):
                return None
            statements.append(statement)
        return statements

    def _references(self, target: cst.Name) -> list:
        scope = self.get_metadata(ScopeProvider, target, None)
        if scope is None:
            return []
        return [ref for assignment in scope.assignments[target.value]
                if getattr(assignment, "node", None) is target for ref in assignment.references]

    def _plan_dynamic(self) -> None:
        a = self.analysis
        for node in a.nodes():
            # `pool.submit(svc.login, creds)`: the bound login handed on is called elsewhere
            if isinstance(node, cst.Attribute) and node.attr.value == "login" \
                    and isinstance(a.parent(node), cst.Arg):
                r = a.ref(node.value)
                if r is not None and r.kind in ("service", "client", "wrapper") and a.is_copernica(r):
                    self.todos.setdefault(statement_of(a, node), TODO_EXPRESSION)
        for call in a.raw.calls:
            f = call.func
            if not (isinstance(f, cst.Call) and isinstance(f.func, cst.Name) and f.func.value == "getattr"
                    and len(f.args) >= 2 and string_value(f.args[1].value) is None):
                continue
            r = a.ref(f.args[0].value)
            if r is None or r.kind not in ("service", "client", "wrapper") or not a.is_copernica(r):
                continue
            names, _literal = a.texts(f.args[1].value)
            if "login" in names or evidence.login_shape(set(a.call_params(call))):
                self.todos.setdefault(statement_of(a, call), TODO_DYNAMIC)

    def _plan_login_references(self) -> None:
        """`do_login = getattr(svc, "login")` goes when every call through it went."""
        for statement in list(self._drop):
            if not isinstance(statement, cst.SimpleStatementLine):
                continue  # a login check (`if result.value != "DONE": ...`) holds no login reference
            small = statement.body[0]
            call = small.value if isinstance(small, cst.Expr) else getattr(small, "value", None)
            if isinstance(call, cst.Await):
                call = call.expression
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
                continue
            scope = self.get_metadata(ScopeProvider, call.func, None)
            if scope is None or call.func not in scope.accesses:
                continue
            for access in scope.accesses[call.func]:
                for assignment in access.referents:
                    target = getattr(assignment, "node", None)
                    assign = self.analysis.parent(self.analysis.parent(target)) if target is not None else None
                    line = self.analysis.parent(assign) if assign is not None else None
                    r = self.analysis.ref(assign.value) if isinstance(assign, cst.Assign) else None
                    if (r is not None and r.kind == "login" and len(assign.targets) == 1
                            and isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                            and all(self._dropped(ref.node) for ref in assignment.references)):
                        self._drop.add(line)

    def _plan_credential_dicts(self) -> None:
        """Credential dict literals and `os.environ[...]` reads that only removed logins read go
        with them (see the docstring); what they read in turn is looked at too."""
        done = 0
        while done < len(self._credential_sources):
            source = self._credential_sources[done]
            done += 1
            for _name, assignment in self._assignments_read_by(source):
                target = getattr(assignment, "node", None)
                self._maybe_drop_dict(target, assignment)
                self._maybe_drop_environ_read(target, assignment)

    def _assignments_read_by(self, source: cst.CSTNode):
        """(name, assignment) for each name in `source` and each assignment it reads (ScopeProvider)."""
        for name in _names(source):
            scope = self.get_metadata(ScopeProvider, name, None)
            if scope is None or name not in scope.accesses:
                continue
            for access in scope.accesses[name]:
                for assignment in access.referents:
                    yield name, assignment

    def _own_line(self, target) -> tuple[cst.Assign | cst.AnnAssign, cst.SimpleStatementLine] | None:
        """(assignment, its line) when `target = value` (or `target: T = value`) is a line of its
        own, not going already."""
        holder = self.analysis.parent(target) if target is not None else None
        if isinstance(holder, cst.AnnAssign) and holder.target is target and holder.value is not None:
            assign = holder
        else:
            assign = self.analysis.parent(holder) if holder is not None else None
            if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1
                    and assign.targets[0].target is target):
                return None
        line = self.analysis.parent(assign)
        if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and line not in self._drop:
            return assign, line
        return None

    def _maybe_drop_dict(self, target, assignment) -> None:
        found = self._own_line(target)
        if found is None:
            return
        assign, line = found
        keys = set(self.analysis.dict_entries(assign.value, depth=1)) if isinstance(assign.value, cst.Dict) else set()
        if not (evidence.login_shape(keys) and keys <= {"username", "account", "password"}):
            return
        if all(self._dropped(ref.node) for ref in assignment.references):
            self._drop.add(line)
            self._credential_sources.append(assign.value)
            self._note_if_global(target)
            self.note_change(self._line(line), DICT_REMOVED.format(name=target.value))

    def _maybe_drop_environ_read(self, target, assignment) -> None:
        """`USER = os.environ["COPERNICA_USER"]` read only by what goes: it would raise KeyError
        where only the access token is set."""
        found = self._own_line(target) if isinstance(target, cst.Name) else None
        if found is None:
            return
        assign, line = found
        key = subscript_key(assign.value)
        if key is None or self.analysis.qualified_names(assign.value.value) != {"os.environ"}:
            return
        if assignment.references and all(self._dropped(ref.node) for ref in assignment.references):
            variable = string_value(key)
            self._drop.add(line)
            self._note_if_global(target)
            self.note_change(self._line(line), ENV_REMOVED.format(name=target.value, variable=variable))

    def _note_if_global(self, target: cst.Name) -> None:
        """A module-level name that goes may be imported by another module: the completeness check
        looks (REMOVED_NAMES)."""
        if isinstance(self.get_metadata(ScopeProvider, target, None), GlobalScope):
            self.note_removed_name("this module", target.value)

    def _dropped(self, node: cst.CSTNode) -> bool:
        return within(self.analysis, node, self._drop)

    # --- transforming --------------------------------------------------------------------------

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock,
                            updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        body = self._body(original_node.body, updated_node.body)
        if not body:
            placeholder = cst.SimpleStatementLine([cst.Pass()])
            self._placeholders.add(placeholder)
            body = [placeholder]
        return updated_node.with_changes(body=body)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._body(original_node.body, updated_node.body))

    def leave_FunctionDef(self, original_node: cst.FunctionDef,
                          updated_node: cst.FunctionDef) -> cst.FunctionDef:
        body = updated_node.body
        if isinstance(body, cst.IndentedBlock) and len(body.body) == 1 and body.body[0] in self._placeholders:
            self.note_change(self._line(original_node), emptied(original_node.name.value))
        return updated_node

    def _emptied(self, block: cst.BaseSuite) -> bool:
        return isinstance(block, cst.IndentedBlock) and len(block.body) == 1 and block.body[0] in self._placeholders

    def _body(self, originals, updated) -> list:
        out: list = []
        carry_blank = False  # a removed statement was set off by a blank line: keep the gap
        for original, node in zip(originals, updated):
            if original in self._drop:
                carry_blank = carry_blank or _starts_blank(node)
                continue
            if isinstance(node, cst.Try) and self._emptied(node.body):
                # the try only guarded the login: its handlers go, else/finally stay in place
                kept = [*_statements(node.orelse), *_statements(node.finalbody)]
                if not kept:
                    carry_blank = carry_blank or _starts_blank(node)
                    continue
                kept[0] = kept[0].with_changes(leading_lines=[*node.leading_lines, *kept[0].leading_lines])
                out.extend(kept)
                continue
            if carry_blank and out and not _starts_blank(node):
                node = node.with_changes(leading_lines=[cst.EmptyLine(), *node.leading_lines])
            carry_blank = False
            out.append(node)
        return out

    def _release_imports(self, removed: cst.CSTNode) -> None:
        """Imports the removed code used go if nothing else uses them (RemoveImportsVisitor checks).

        Scheduled only when the code names an imported module or name: the visitor costs a
        full metadata pass, several times this codemod's own work on a small module."""
        for name in descendants(removed):
            if isinstance(name, cst.Name) and name.value in self._imported and self._only_used_in_gone(name):
                RemoveImportsVisitor.remove_unused_import_by_node(self.context, removed)
                return

    def _only_used_in_gone(self, name: cst.Name) -> bool:
        scope = self.get_metadata(ScopeProvider, name, None)
        if scope is None or name not in scope.accesses:
            return True  # not sure: let RemoveImportsVisitor decide
        return all(within(self.analysis, ref.node, self._gone) for access in scope.accesses[name]
                   for assignment in access.referents for ref in getattr(assignment, "references", ()))

    def _doomed_handlers(self) -> set:
        """Except clauses of a try whose body is all removed: they go with it."""
        out = set()
        for statement in self._drop:
            block = self.analysis.parent(statement)
            attempt = self.analysis.parent(block)
            if isinstance(attempt, cst.Try) and all(st in self._drop for st in attempt.body.body):
                out.update(attempt.handlers)
        return out

    # --- credentials left behind ---------------------------------------------------------------
    def _report_unused(self) -> None:
        kept_reads: set[str] | None = None  # the settings read outside the removed code, when asked
        counts: dict[str, int] = {}
        for s in self.analysis.raw.strings:
            v = string_value(s)
            if v is not None:
                counts[v] = counts.get(v, 0) + 1
        read = [env_names(source) for source in self._credential_sources]  # each walked once
        for source, envs in zip(self._credential_sources, read):
            for env in envs:
                if counts.get(env, 0) <= sum(names.count(env) for names in read):
                    self.note_unused_credential(f"environment variable {env}")
            for name, assignment in self._assignments_read_by(source):
                node = getattr(assignment, "node", None)
                refs = getattr(assignment, "references", ())
                if node is None or not refs or self._dropped(node) or _from_os(node):
                    continue  # `from os import environ`: how credentials were read, none itself
                if all(self._dropped(ref.node) for ref in refs):
                    pos = self.get_metadata(PositionProvider, node, None)
                    where = f" (line {pos.start.line})" if pos is not None else ""
                    self.note_unused_credential(f"{name.value}{where}")
            for text, node in self._attributes_read_by(descendants(source)):
                # `args.password`, `settings.COPERNICA_PASSWORD`: set elsewhere (an option, a
                # settings module), so named by what the removed login read
                if kept_reads is None:  # the module's reads, indexed once
                    kept_reads = {t for t, other in self._attributes_read_by(self.analysis.nodes())
                                  if not self._dropped(other)}
                if text not in kept_reads:
                    self.note_unused_credential(f"{text} (read on line {self._line(node)} by the login that went)")

    def _attributes_read_by(self, nodes) -> list[tuple[str, cst.CSTNode]]:
        return [(text, node) for node in nodes if isinstance(node, (cst.Attribute, cst.Subscript, cst.Call))
                for text in [self._attribute_text(node)] if text is not None]

    def _attribute_text(self, node: cst.CSTNode) -> str | None:
        """`a.b.c`, `CONF["password"]` or `section.get("password")` read as a value (a setting read
        from a config file, an option): not part of a longer chain, not a method called or subscripted.
        Environment reads (`os.environ[...]`, `os.getenv(...)`) are reported by their variables' names."""
        parent = self.analysis.parent(node)
        if isinstance(parent, cst.Attribute) or (isinstance(parent, cst.Call) and parent.func is node) \
                or (isinstance(parent, cst.Subscript) and parent.value is node):
            return None
        if isinstance(node, cst.Attribute):
            return dotted(node)
        if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            owner, key = dotted(node.value), string_value(node.slice[0].slice.value)
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
                and node.args:
            owner, key = dotted(node.func.value), string_value(node.args[0].value)
        else:
            return None
        if owner is None or key is None or owner.split(".")[-1] in ("environ", "os"):
            return None
        return f"{owner}[{key!r}]"


def emptied(function: str) -> str:
    """The report's line for a function left with only `pass`."""
    return f"{function}() now does nothing (it only logged in)" + (
        "" if function.startswith("__") else "; its callers may drop the call")  # a hook has no callers


def _from_os(node: cst.CSTNode) -> bool:
    """An import of `os` or of names from it."""
    if isinstance(node, cst.Import):
        return any((dotted(a.name) or "").split(".")[0] == "os" for a in node.names)
    return isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative \
        and (dotted(node.module) or "").split(".")[0] == "os"


def _prints(func: cst.BaseExpression) -> bool:
    """print(...) or log.info(...)-style: what reports."""
    return func.value == "print" if isinstance(func, cst.Name) else \
        isinstance(func, cst.Attribute) and func.attr.value in REPORTERS


def _reports(func: cst.BaseExpression) -> bool:
    """print(...), log.error(...), sys.exit(...), str(exc): what a handler that only reports calls."""
    return _prints(func) or (func.value in ("exit", "quit", *FORMATTERS) if isinstance(func, cst.Name)
                             else dotted(func) == "sys.exit")


def _is_report(statement, name: str) -> bool:
    """`print(...)` or `log.info(...)`-style statement that reports the login's result `name` and
    nothing else: `print("status", status, "fields", fields.total)` also reports business data."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Expr) and isinstance(statement.body[0].value, cst.Call)):
        return False
    call = statement.body[0].value
    # what it prints: its positional arguments (`file=sys.stderr`, `exc_info=` only say how)
    return _prints(call.func) and all(n in (name, *FORMATTERS) for arg in call.args if arg.keyword is None
                            for n in _read(arg.value))


def _read(node: cst.CSTNode) -> set[str]:
    """Every variable `node` reads, attribute bases included (`fields` in `fields.total`)."""
    nodes = list(descendants(node))  # one walk: libcst computes `children` with a visit each time
    named = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)}
    named |= {id(n.keyword) for n in nodes if isinstance(n, cst.Arg) and n.keyword is not None}
    return {n.value for n in nodes if isinstance(n, cst.Name) and id(n) not in named}


def _is_login_check(statement, name: str) -> bool:
    """`if result.value != "DONE": raise SystemExit(...)`: a check of the login's answer that only
    stops or reports. It goes with the login (an access token needs no login to check)."""
    if not (isinstance(statement, cst.If) and statement.orelse is None):
        return False
    names = {n.value for n in descendants(statement.test) if isinstance(n, cst.Name)}
    attrs = {n.attr for n in descendants(statement.test) if isinstance(n, cst.Attribute)}
    if names - {name, "None", "True", "False", "str", "len", "getattr"} - {a.value for a in attrs}:
        return False
    body = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else [statement.body]
    for st in body:
        smalls = st.body if isinstance(st, (cst.SimpleStatementLine, cst.SimpleStatementSuite)) else [None]
        for small in smalls:
            if isinstance(small, (cst.Raise, cst.Return)):
                continue
            call = small.value if isinstance(small, cst.Expr) else None
            if isinstance(call, cst.Call) and (_is_report(cst.SimpleStatementLine([small]), name) or
                                               cst.Module([]).code_for_node(call.func) in ("sys.exit", "exit")):
                continue
            return False
    return True


def _starts_blank(node) -> bool:
    lines = getattr(node, "leading_lines", ())
    return bool(lines) and lines[0].comment is None


def _statements(clause) -> list:
    if clause is None:
        return []
    body = clause.body
    if isinstance(body, cst.IndentedBlock):
        return list(body.body)
    return [cst.SimpleStatementLine(body=list(body.body))]  # `else: x` on one line


def _names(node: cst.CSTNode) -> list[cst.Name]:
    """Variable names read in `node` (not attribute names, not keyword names)."""
    out = []
    skip: set = set()
    for n in descendants(node):
        if isinstance(n, cst.Attribute):
            # attributes (`self.password`) belong to the wrapper codemods' reports, their base is no credential
            skip.update((n.attr, n.value))
        elif isinstance(n, cst.Arg) and n.keyword is not None:
            skip.add(n.keyword)
        elif isinstance(n, cst.Name) and n not in skip:
            out.append(n)
    return out


def _imported_names(nodes: list[cst.CSTNode]) -> set[str]:
    """Names bound by import statements anywhere in the module (`import a.b` binds `a`)."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                bound = alias.asname.name if alias.asname is not None else alias.name
                names.add(cst.Module([]).code_for_node(bound).split(".")[0])
    return names
