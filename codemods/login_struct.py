"""COP002: a per-call `login` struct in a Copernica call's parameters becomes an `access_token`.

    service.Account_database({"identifier": "News", "login": {"username": u, "account": a, "password": p}})
    ->
    service.Account_database({"identifier": "News", "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})

Both styles do this: the struct carries credentials at the call site, so the call
site has to change anyway, and the plugin replaces an existing `access_token`
rather than adding a second one. A login-shaped struct outside a call we
recognise gets a TODO comment instead of a guess. Only files with Copernica
evidence (the scanner's: its name or host, `SOAPAPI=WSDL`; or a zeep/suds import) are touched.

Run alone: python -m libcst.tool codemod -x codemods.login_struct.LoginStructCommand PATH
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import SkipFile
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider, ScopeProvider

from codemods._clients import analysed, dotted, env_names, subscript_key
from codemods.registry import GONE, TODO_MARKER, CopernicaCodemod, register
from migrator.catalogue import OPERATION_NAME, lookup
from migrator.scan.python import evidence

_CLIENT_LIBRARIES = ("zeep", "suds")
_LOGIN_KEYS = {"username", "password", "account"}
STRUCTS_GONE = "credentials `{name}` removed with the per-call login structs that read it"
ENV_GONE = ("`{name}` removed with the per-call login structs (it read ${variable}, which the migrated code "
            "no longer needs)")
REPLACED = "{operation}: per-call `login` struct replaced by `access_token` from ${token_env}"
TODO_TEXT = (f"# {TODO_MARKER} per-call `login` struct outside a call the tool recognises; "
             "send `access_token` instead (COP002)")


def _string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _key(element: cst.BaseDictElement) -> str | None:
    return _string_value(element.key) if isinstance(element, cst.DictElement) else None


def _is_login_struct(value: cst.BaseExpression) -> bool:
    if not isinstance(value, cst.Dict):
        return False
    keys = {_key(e) for e in value.elements}
    return "account" in keys and bool(keys & {"username", "password"}) and keys <= _LOGIN_KEYS


def _operation_name(call: cst.Call) -> str | None:
    func = call.func
    if not isinstance(func, cst.Attribute):
        return None
    name = func.attr.value
    if name.lower() == "login":
        return None
    return name if (OPERATION_NAME.match(name) or lookup(name)) else None


def _parameters_dict(call: cst.Call) -> cst.Dict | None:
    """The dict literal passed as the call's `parameters` part: first positional, or parameters=."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "parameters":
            return arg.value if isinstance(arg.value, cst.Dict) else None
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if positional and isinstance(positional[0].value, cst.Dict):
        return positional[0].value
    return None


@register(order=20, styles=("inline", "plugin"), rules=("COP002",))
class LoginStructCommand(CopernicaCodemod):
    DESCRIPTION = "Replace per-call `login` structs in Copernica calls with `access_token` (COP002)."
    # ScopeProvider is resolved only when a struct was removed (see _left_unread): it is the
    # costliest metadata and most files need none
    METADATA_DEPENDENCIES = (PositionProvider,)
    ONE_PASS = True

    def plan(self, tree: cst.Module) -> None:
        copernica, self._imports_os = self._survey(tree, analysed(tree, self.context))
        if not copernica:
            raise SkipFile("no Copernica evidence")
        self._tree = tree
        self._call_dicts: dict[int, str | None] = {}  # id(call's dict) -> Copernica operation
        self._removed: list[cst.BaseExpression] = []  # original login values taken out
        self._strings: dict[str, int] = {}  # string literal -> occurrences in the module
        self._todo_stack: list[bool] = []

    @staticmethod
    def _survey(tree: cst.Module, analysis=None) -> tuple[bool, bool]:
        """(the module shows Copernica evidence, it already has a plain module-level `import os`).
        An analysis of the tree, when the engine has one, holds the same facts: no walk then."""
        imports_os = any(
            isinstance(stmt, cst.SimpleStatementLine) and isinstance(small, cst.Import)
            and any(a.asname is None and dotted(a.name) == "os" for a in small.names)
            for stmt in tree.body if isinstance(stmt, cst.SimpleStatementLine) for small in stmt.body)
        if analysis is not None:
            texts = (part.value for s in analysis.raw.strings
                     for part in (s.parts if isinstance(s, cst.FormattedString) else [s])
                     if isinstance(part, (cst.SimpleString, cst.FormattedStringText)))
            return analysis.raw.soap_imported or any(evidence.mentions_copernica(t) for t in texts), imports_os

        class Evidence(cst.CSTVisitor):
            found = False

            def visit_SimpleString(self, node: cst.SimpleString) -> None:
                if evidence.mentions_copernica(node.value):
                    self.found = True

            def visit_FormattedStringText(self, node: cst.FormattedStringText) -> None:
                if evidence.mentions_copernica(node.value):
                    self.found = True

            def visit_Import(self, node: cst.Import) -> None:
                for alias in node.names:
                    if (dotted(alias.name) or "").split(".")[0] in _CLIENT_LIBRARIES:
                        self.found = True

            def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
                if node.relative:
                    return
                module = dotted(node.module) if node.module is not None else ""
                if (module or "").split(".")[0] in _CLIENT_LIBRARIES:
                    self.found = True

        visitor = Evidence()
        tree.visit(visitor)
        return visitor.found, imports_os

    # --- collect -----------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        operation = _operation_name(node)
        params = _parameters_dict(node)
        if params is not None:
            # None: the parameters of some other API's call, not ours to touch or flag
            self._call_dicts[id(params)] = operation

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = _string_value(node)
        if value is not None:
            self._strings[value] = self._strings.get(value, 0) + 1

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._todo_stack.append(False)

    # --- transform ---------------------------------------------------------------------------
    def leave_Dict(self, original_node: cst.Dict, updated_node: cst.Dict) -> cst.BaseExpression:
        logins = [i for i, e in enumerate(updated_node.elements) if _key(e) == "login"]
        if not logins:
            return updated_node
        if id(original_node) in self._call_dicts and self._call_dicts[id(original_node)] is None:
            return updated_node
        operation = self._call_dicts.get(id(original_node))
        if operation is None:
            if any(_is_login_struct(updated_node.elements[i].value) for i in logins) \
                    and self._todo_stack:
                self._todo_stack[-1] = True
            return updated_node
        has_token = any(_key(e) == "access_token" for e in updated_node.elements)
        elements = list(updated_node.elements)
        line = self.get_metadata(PositionProvider, original_node).start.line
        for i in reversed(logins):
            self._removed.append(original_node.elements[i].value)
            element = elements[i]
            assert isinstance(element, cst.DictElement)
            if has_token:  # the token is already there: only the credentials go
                if i == len(elements) - 1 and i > 0:
                    # keep the dict's own trailing-comma style on the new last element
                    elements[i - 1] = elements[i - 1].with_changes(comma=element.comma)
                del elements[i]
                continue
            quote = element.key.value[0] if isinstance(element.key, cst.SimpleString) else '"'
            elements[i] = element.with_changes(
                key=cst.SimpleString(f"{quote}access_token{quote}"),
                value=cst.parse_expression(f"os.environ[{quote}{self.token_env}{quote}]"),
            )
            if not self._imports_os:  # AddImportsVisitor is a whole extra pass: only when needed
                AddImportsVisitor.add_needed_import(self.context, "os")
            has_token = True
        self.note_change(line, REPLACED.format(operation=operation, token_env=self.token_env))
        return updated_node.with_changes(elements=elements)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine,
                                  updated_node: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        needs_todo = self._todo_stack.pop() if self._todo_stack else False
        if not needs_todo:
            return updated_node
        if any(line.comment is not None and TODO_MARKER in line.comment.value
               for line in updated_node.leading_lines):
            return updated_node  # idempotent: the TODO is already there
        indent = cst.EmptyLine(comment=cst.Comment(TODO_TEXT))
        return updated_node.with_changes(leading_lines=[*updated_node.leading_lines, indent])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        gone, unused = self._left_unread()
        # `LOGIN = {...}` that only the removed structs read goes too: kept, its os.environ
        # reads raise KeyError where only the access token is set. Module-level lines, matched
        # to what the codemods before this one left (GONE: the statements they took out)
        earlier = self.context.scratch.get(GONE, set())
        originals = [st for st in original_node.body if id(st) not in earlier]
        if len(originals) != len(updated_node.body):
            gone = {}  # not as expected: nothing goes, each is reported as unused instead
        for line, (name, where, text) in gone.items():
            for env in env_names(line):  # the dict was the last place the module named it
                if self._strings.get(env, 0) <= _count_strings(line, env) + sum(
                        _count_strings(v, env) for v in self._removed):
                    self.note_unused_credential(f"environment variable {env}")
            self.note_removed_name("this module", name)
            self.note_change(where, text)
        for name, where in unused:
            if not any(name == n for n, _w, _t in gone.values()):
                self.note_unused_credential(f"{name} (line {where})")
        if not gone:
            return updated_node
        body: list = []
        carry: list = []
        for original, statement in zip(originals, updated_node.body):
            if original in gone:
                carry = [line for line in statement.leading_lines if line.comment is None] if body else []
                continue
            if carry and not statement.leading_lines:
                statement = statement.with_changes(leading_lines=carry)
            carry = []
            body.append(statement)
        return updated_node.with_changes(body=body)

    # --- credentials left behind --------------------------------------------------------------
    def _left_unread(self) -> tuple[dict, list[tuple[str, int]]]:
        """Report the environment variables the removed structs leave unread; return the variables
        they leave unread: those bound by a module-level credentials dict as {its line: (name, line
        number)} (to go with the structs), the others as (name, line number)."""
        gone: dict = {}
        unused: list[tuple[str, int]] = []
        if not self._removed:
            return gone, unused
        names = [(value, _names(value)) for value in self._removed]
        scopes: dict = {}
        removed_ids: set[int] = set()
        if any(found for _value, found in names):  # literals only: no variable lost a reader
            # the wrapper is that of the tree this codemod planned on, so node identities match
            scopes = self.context.wrapper.resolve(ScopeProvider)
            for value in self._removed:
                _collect_ids(value, removed_ids)
            removed_ids |= self.context.scratch.get(GONE, set())  # what an earlier codemod took out
        for value, found in names:
            for name in env_names(value):
                # the removed struct was the only place the module mentioned it
                if self._strings.get(name, 0) <= _count_strings(value, name):
                    self.note_unused_credential(f"environment variable {name}")
            for node in found:
                scope = scopes.get(node)
                if scope is None:
                    continue
                for access in scope.accesses[node]:
                    if access.node is not node:
                        continue
                    for assignment in access.referents:
                        refs = getattr(assignment, "references", ())
                        node_of = getattr(assignment, "node", None)
                        if node_of is None or not refs:
                            continue
                        if all(id(r.node) in removed_ids for r in refs):
                            pos = self.get_metadata(PositionProvider, node_of, None)
                            if pos is None:
                                self.note_unused_credential(node.value)
                                continue
                            line = self._credentials_line(node_of)
                            environ = self._environ_line(node_of)
                            if line is not None:
                                gone.setdefault(line, (node.value, pos.start.line,
                                                       STRUCTS_GONE.format(name=node.value)))
                            elif environ is not None:  # it would raise KeyError where only the token is set
                                gone.setdefault(environ[0], (node.value, pos.start.line, ENV_GONE.format(
                                    name=node.value, variable=environ[1])))
                            elif (node.value, pos.start.line) not in unused:
                                unused.append((node.value, pos.start.line))
        self._environ_reads_of(gone, scopes, removed_ids)
        return gone, unused

    def _environ_reads_of(self, gone: dict, scopes, removed_ids: set[int]) -> None:
        """`PASSWORD = os.environ["X"]` that only a credentials dict going here read goes too: kept,
        it raises KeyError at import where only the access token is set."""
        queue = list(gone)
        while queue:
            line = queue.pop(0)
            _collect_ids(line, removed_ids)
            for node in _names(line.body[0].value):
                scope = scopes.get(node)
                for access in (scope.accesses[node] if scope is not None else ()):
                    for assignment in access.referents:
                        found = self._environ_line(getattr(assignment, "node", None))
                        refs = getattr(assignment, "references", ())
                        if found is None or found[0] in gone or not refs:
                            continue
                        if all(id(r.node) in removed_ids for r in refs):
                            target = assignment.node
                            where = self.get_metadata(PositionProvider, target).start.line
                            gone[found[0]] = (target.value, where, ENV_GONE.format(name=target.value,
                                                                                   variable=found[1]))
                            queue.append(found[0])

    def _environ_line(self, target) -> tuple[cst.SimpleStatementLine, str] | None:
        """(the module-level line `target = os.environ["X"]`, X), alone on its line, with `import os`."""
        found = self._module_line(target) if isinstance(target, cst.Name) and self._imports_os else None
        if found is None:
            return None
        statement, assign = found
        key = subscript_key(assign.value)
        if key is not None and dotted(assign.value.value) == "os.environ" and _string_value(key):
            return statement, _string_value(key)
        return None

    def _credentials_line(self, target: cst.CSTNode) -> cst.SimpleStatementLine | None:
        """The module-level line `target = {"username": ..., "password": ...}`, alone on its line."""
        found = self._module_line(target)
        if found is None or not isinstance(found[1], cst.Assign):
            return None
        value = found[1].value
        keys = {_key(e) for e in value.elements} if isinstance(value, cst.Dict) else set()
        if evidence.login_shape(keys - {None}) and keys <= {"username", "account", "password"}:
            return found[0]
        return None

    def _module_line(self, target) -> tuple[cst.SimpleStatementLine, cst.Assign | cst.AnnAssign] | None:
        """(line, assignment) of the module-level `target = value` (or `target: T = value`) alone on its line."""
        for statement in self._tree.body:
            if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
                continue
            assign = statement.body[0]
            if (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and assign.targets[0].target is target) \
                    or (isinstance(assign, cst.AnnAssign) and assign.target is target and assign.value is not None):
                return statement, assign
        return None


def _collect_ids(node: cst.CSTNode, into: set[int]) -> None:
    into.add(id(node))
    for child in node.children:
        _collect_ids(child, into)


def _names(node: cst.CSTNode) -> list[cst.Name]:
    out: list[cst.Name] = []

    class Finder(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            out.append(name)

        def visit_Attribute(self, attr: cst.Attribute) -> bool:
            attr.value.visit(self)  # the attribute name itself is not a variable
            return False

    node.visit(Finder())
    return out


def _count_strings(node: cst.CSTNode, text: str) -> int:
    count = 0

    class Finder(cst.CSTVisitor):
        def visit_SimpleString(self, s: cst.SimpleString) -> None:
            nonlocal count
            if _string_value(s) == text:
                count += 1

    node.visit(Finder())
    return count
