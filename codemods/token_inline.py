"""Inline style: `access_token` goes into the parameters of every call on a Copernica service.

    client = zeep.Client(WSDL)
    client.service.Account_database({"identifier": "News"})
    client.service.Database_fields(params)
    ->
    client = zeep.Client(WSDL)
    access_token = os.environ["COPERNICA_ACCESS_TOKEN"]
    client.service.Account_database({"identifier": "News", "access_token": access_token})
    client.service.Database_fields({**params, "access_token": access_token})

The parameters: a dict literal gets `"access_token": token` as its last entry (so does a
`parameters=` keyword); `dict(...)` gets `access_token=token`; any other expression becomes
`{**expr, "access_token": token}`; a call without arguments gets `{"access_token": token}`;
`pool.submit(service.Op, params)` gets the token in `params`. Parameters that already carry
`access_token` (a literal, or a variable bound to one) are left alone, so a second run and
already-migrated code change nothing.

The token: read once where the client is made, next to it:
- `client = zeep.Client(...)` at module level or in a function -> `access_token = os.environ[...]`
  right after it; calls in that module (or function) use `access_token`;
- `self.client = zeep.Client(...)` in a method -> `self.access_token = os.environ[...]` after it;
  calls in the methods of that class use `self.access_token`, and `crm.service.Op(...)` on an
  instance of that class (`crm = Crm(...)`) uses `crm.access_token`.
A call that cannot see such a binding (a service returned by a factory such as an lru_cache'd
`get_service()`, a client made in another module) reads the variable at the call site, `os.environ["COPERNICA_ACCESS_TOKEN"]`: always correct,
and still at run time, never at import of an unrelated module.

Not reachable inline, so marked with a TODO that suggests `--style plugin`: a method called
through `getattr(service, name)` with a computed name, a service method passed on as a callable
other than `pool.submit(service.Op, params)`, and calls with `*args`, `**kwargs` or element
keywords. Calls inside the forwarding methods (`__getattr__`, `__call__`, `call`) of legacy
wrapper classes are left to codemods.wrapper_class, which injects the wrapper's own token there.

Run alone: python -m libcst.tool codemod -x codemods.token_inline.TokenInlineCommand --style inline PATH
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import SkipFile
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import ClassScope, ComprehensionScope, FunctionScope, PositionProvider, ScopeProvider

from codemods._clients import (analyse, append_item, enclosing, env_read, statement_of, string_value,
                               within, wrapper_classes)
from codemods.registry import CopernicaCodemod, register
from migrator.scan.python import evidence
from migrator.scan.python.facts import FORWARDERS as _FORWARDERS

TOKEN = "access_token"
_SUBMITTERS = frozenset({"submit"})
TODO_UNREACHABLE = ("the inline style cannot add access_token to this call ({why}); use --style plugin "
                    "or add it by hand")
# why, in the words of TODO_UNREACHABLE
COMPUTED = "its method name is computed"
PASSED_ON = "the method is handed on, not called here"
UNPACKED = "its arguments are unpacked"
KEYWORDS = "its parameters are keyword arguments"

# how a call site reaches the token
_ENV = ("env",)


@register(order=30, styles=("inline",))
class TokenInlineCommand(CopernicaCodemod):
    DESCRIPTION = "Add access_token to the parameters of every Copernica call (inline style)."
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self.a = analyse(tree, self.context, self.project)
        self._edits: dict[cst.Call, tuple[int | None, tuple]] = {}  # call -> (arg index or None: add, token)
        self.todos = {}  # statement -> TODO text (the base class writes them)
        self._bind_after: dict[cst.CSTNode, str] = {}  # statement -> binding line to insert after it
        self._wrappers = wrapper_classes(self.a, self.project)
        self._skip = self._forwarder_bodies()
        for call in self.a.raw.calls:
            if not self._skipped(call):
                self._plan_call(call)
        for node in self.a.nodes():
            if isinstance(node, cst.Attribute) and isinstance(self.a.parent(node), cst.Arg) \
                    and not self._skipped(node):
                self._plan_reference(node)
        if not self._edits and not self.todos:
            raise SkipFile("no Copernica call without access_token")
        self._has_os = any(isinstance(st, cst.SimpleStatementLine) and any(
            isinstance(small, cst.Import) and any(a.asname is None and a.evaluated_name == "os" for a in small.names)
            for small in st.body) for st in tree.body)
        return super().transform_module_impl(tree)

    # --- planning ------------------------------------------------------------------------------
    def _forwarder_bodies(self) -> set:
        out = set()
        for wrapper in self._wrappers:
            for statement in wrapper.body.body:
                if isinstance(statement, cst.FunctionDef) and statement.name.value in _FORWARDERS:
                    out.add(statement)
        return out

    def _skipped(self, node: cst.CSTNode) -> bool:
        p = self.a.parent(node)
        while p is not None:
            if p in self._skip:
                return True
            p = self.a.parent(p)
        return False

    def _service(self, receiver: cst.BaseExpression):
        """(is a Copernica service, its SoapRef or None when only the operation name says so)."""
        r = self.a.ref(receiver)
        if r is not None and r.origin is None and r.kind == "service":
            return None, r  # a proxy we cannot trace: the operation's name decides
        if r is not None and r.kind == "wrapper" and self._plain_wrapper(r.origin):
            return None, None  # `with Session(...) as api: api.Op(...)`: what it hands out is the service
        if r is not None:
            return (r.kind == "service" and self.a.is_copernica(r)), r
        return None, None

    def _plain_wrapper(self, qualified) -> bool:
        """A wrapper class of this module with no forwarding method: calls on what it hands out
        are plain service calls (no forwarder of its own will add the token)."""
        for cls, dotted in self.a.raw.classes:
            mine = f"{self.a.module_name}.{dotted}" if self.a.module_name else dotted
            if mine == qualified:
                return not any(isinstance(st, cst.FunctionDef) and st.name.value in _FORWARDERS
                               for st in cls.body.body)
        return False

    def _plan_call(self, call: cst.Call) -> None:
        f = call.func
        if isinstance(f, cst.Attribute):
            name = f.attr.value
            if name.lower() == "login":
                return  # remove_login's business (a login it could not remove carries its TODO)
            ok, r = self._service(f.value)
            if ok is None:
                # a receiver we cannot trace (`crm.service`, a parameter, a client made in another
                # module): the name of a Copernica operation proves the call is Copernica's
                ok = evidence.is_operation_name(name)
            if ok:
                owner = f.value.value if isinstance(f.value, cst.Attribute) else None
                traced = r is not None and isinstance(r.origin, cst.Call)
                how = self._instance_token(owner) if not traced and isinstance(owner, cst.Name) else None
                self._plan_parameters(call, r, how)
        elif isinstance(f, cst.Call) and isinstance(f.func, cst.Name) and f.func.value == "getattr" \
                and len(f.args) >= 2:
            ok, r = self._service(f.args[0].value)
            if not ok:
                return
            name = string_value(f.args[1].value)
            if name is None:
                self.todos.setdefault(statement_of(self.a, call), TODO_UNREACHABLE.format(why=COMPUTED))
            elif name.lower() != "login":
                self._plan_parameters(call, r)

    def _plan_reference(self, attr: cst.Attribute) -> None:
        """`pool.submit(service.Op, params)`: the token goes into `params`; other hand-offs: TODO."""
        ok, r = self._service(attr.value)
        if not ok or attr.attr.value.lower() == "login":
            return
        arg = self.a.parent(attr)
        outer = self.a.parent(arg)
        if not isinstance(outer, cst.Call):
            return
        positional = [a for a in outer.args if a.keyword is None and not a.star]
        submit = isinstance(outer.func, cst.Attribute) and outer.func.attr.value in _SUBMITTERS
        if not (submit and positional and positional[0] is arg) or any(a.star for a in outer.args):
            self.todos.setdefault(statement_of(self.a, outer), TODO_UNREACHABLE.format(why=PASSED_ON))
            return
        index = outer.args.index(positional[1]) if len(positional) > 1 else None
        if index is not None and self._has_token(outer.args[index].value):
            return
        self._edits[outer] = (index, self._token_for(outer, r))

    def _plan_parameters(self, call: cst.Call, r, how: tuple | None = None) -> None:
        args = list(call.args)
        if any(a.star for a in args):
            self.todos.setdefault(statement_of(self.a, call), TODO_UNREACHABLE.format(why=UNPACKED))
            return
        keyword = [i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == "parameters"]
        others = [a for a in args if a.keyword is not None and a.keyword.value != "parameters"]
        positional = [i for i, a in enumerate(args) if a.keyword is None]
        if others or len(keyword) + len(positional) > 1:
            why = KEYWORDS if others else "it has more than one parameters argument"
            self.todos.setdefault(statement_of(self.a, call), TODO_UNREACHABLE.format(why=why))
            return
        index = (keyword or positional or [None])[0]
        if (index is not None and self._has_token(args[index].value)) or self.a.sends_token(call):
            return
        self._edits[call] = (index, how or self._token_for(call, r))

    def _has_token(self, value: cst.BaseExpression) -> bool:
        return TOKEN in self.a.dict_entries(value)

    def _token_for(self, call: cst.Call, r) -> tuple:
        """Where this call gets the token: a binding next to its client, or the environment."""
        origin = getattr(r, "origin", None)
        if not isinstance(origin, cst.Call):
            return _ENV
        statement = statement_of(self.a, origin)
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
                and isinstance(statement.body[0], (cst.Assign, cst.AnnAssign))):
            return _ENV
        small = statement.body[0]
        target = small.targets[0].target if isinstance(small, cst.Assign) else small.target
        if isinstance(small, cst.Assign) and len(small.targets) != 1:
            return _ENV
        home = enclosing(self.a, statement, (cst.FunctionDef, cst.ClassDef))
        if isinstance(target, cst.Name) and not isinstance(home, cst.ClassDef):
            if home is not None and not within(self.a, call, (home,)):
                return _ENV  # a factory's local client: the caller cannot see its variable
            if not self._name_free(statement) or self._shadowed(call, home):
                return _ENV
            self._bind(statement, f'{TOKEN} = os.environ["{self.token_env}"]')
            return ("name",)
        method = enclosing(self.a, call, (cst.FunctionDef,))
        cls = enclosing(self.a, method, (cst.ClassDef, cst.FunctionDef)) if method is not None else None
        if isinstance(cls, cst.ClassDef) and method.params.params and cls in self._wrappers:
            init = next((st for st in cls.body.body if isinstance(st, cst.FunctionDef)
                         and st.name.value == "__init__"), None)
            if init is not None and init.params.params and isinstance(init.body, cst.IndentedBlock):
                # a legacy wrapper whose client is made later (`connect()`): the token is bound in
                # __init__, where codemods.wrapper_class makes it the constructor's `access_token`
                me = init.params.params[0].name.value
                self._bind(init.body.body[-1], f'{me}.{TOKEN} = os.environ["{self.token_env}"]')
                return ("attr", method.params.params[0].name.value)
        if isinstance(cls, cst.ClassDef) and method.params.params and self._bind_self(origin, cls):
            return ("attr", method.params.params[0].name.value)
        return _ENV

    def _bind_self(self, origin: cst.Call, cls: cst.ClassDef) -> bool:
        """`self.client = Client(...)` in a method of `cls`: `self.access_token = ...` goes after it."""
        statement = statement_of(self.a, origin)
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 \
            else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
            return False
        target = small.targets[0].target
        home = enclosing(self.a, statement, (cst.FunctionDef, cst.ClassDef))
        if not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
                and isinstance(home, cst.FunctionDef) and home.params.params
                and target.value.value == home.params.params[0].name.value
                and enclosing(self.a, home, (cst.ClassDef, cst.FunctionDef)) is cls):
            return False
        self._bind(statement, f'{target.value.value}.{TOKEN} = os.environ["{self.token_env}"]')
        return True

    def _instance_token(self, obj: cst.Name) -> tuple | None:
        """`crm.service.Op(...)` with `crm = Crm(...)`, a class of this module whose `self.service`
        is a Copernica service made in one of its methods: the token is `crm.access_token`."""
        scope = self.get_metadata(ScopeProvider, obj, None)
        if scope is None or obj not in scope.accesses:
            return None
        classes = {dotted: cls for cls, dotted in self.a.raw.classes}
        for access in scope.accesses[obj]:
            for assignment in access.referents:
                value = self.a.raw.name_values.get(getattr(assignment, "node", None))
                if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)):
                    continue
                cls = classes.get(value.func.value)
                for held in self.a.raw.attr_values.get((cls, "service"), ()) if cls is not None else ():
                    r = self.a.ref(held)
                    if r is not None and r.kind == "service" and isinstance(r.origin, cst.Call) \
                            and self._bind_self(r.origin, cls):
                        return ("attr", obj.value)
        return None

    def _shadowed(self, call: cst.Call, home) -> bool:
        """A function between the call and the client's scope binds its own `access_token`."""
        inner = self.get_metadata(ScopeProvider, home.body, None) if home is not None else None
        scope = self.get_metadata(ScopeProvider, call, None)
        while isinstance(scope, (FunctionScope, ClassScope, ComprehensionScope)) and scope is not inner:
            if isinstance(scope, FunctionScope) and scope.assignments[TOKEN]:
                return True
            scope = scope.parent
        return False

    def _name_free(self, statement: cst.CSTNode) -> bool:
        """`access_token` is not already bound in that scope to something else than our binding."""
        scope = self.get_metadata(ScopeProvider, statement.body[0], None)
        if scope is None:
            return False
        ours = self._binding_text()
        for assignment in scope.assignments[TOKEN]:
            node = getattr(assignment, "node", None)
            line = statement_of(self.a, node) if isinstance(node, cst.CSTNode) else None
            if line is None or self.a.code(line).strip() != ours:
                return False
        return True

    def _binding_text(self) -> str:
        return f'{TOKEN} = os.environ["{self.token_env}"]'

    def _bind(self, statement: cst.CSTNode, text: str) -> None:
        block = self.a.parent(statement)
        body = list(getattr(block, "body", ()))
        following = body[body.index(statement) + 1] if statement in body and body.index(statement) + 1 < len(body) \
            else None
        if following is not None and self.a.code(following).strip() == text:
            return  # already there (a migrated module)
        self._bind_after[statement] = text

    # --- transforming --------------------------------------------------------------------------
    def _token(self, how: tuple) -> cst.BaseExpression:
        self._need_os()
        if how[0] == "name":
            return cst.Name(TOKEN)
        if how[0] == "attr":
            return cst.Attribute(cst.Name(how[1]), cst.Name(TOKEN))
        return env_read(self.token_env)

    def _need_os(self) -> None:
        # AddImportsVisitor costs a pass over the module: only ask it when `import os` is missing
        if not self._has_os:
            AddImportsVisitor.add_needed_import(self.context, "os")

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        edit = self._edits.get(original_node)
        if edit is None:
            return updated_node
        index, how = edit
        token = self._token(how)
        line = self.get_metadata(PositionProvider, original_node).start.line
        self.note_change(line, f"access_token added to the call's parameters (from ${self.token_env})")
        args = list(updated_node.args)
        if index is None:
            new = cst.Arg(cst.Dict([_entry(token)]))
            return updated_node.with_changes(args=append_item(args, new, updated_node.whitespace_before_args, False))
        args[index] = args[index].with_changes(value=_with_token(args[index].value, token))
        return updated_node.with_changes(args=args)


    def leave_IndentedBlock(self, original_node, updated_node):
        return updated_node.with_changes(body=self._with_bindings(original_node.body, updated_node.body))

    def leave_Module(self, original_node, updated_node):
        return updated_node.with_changes(body=self._with_bindings(original_node.body, updated_node.body))

    def _with_bindings(self, originals, updated) -> list:
        out = []
        for original, node in zip(originals, updated):
            out.append(node)
            text = self._bind_after.get(original)
            if text is not None:
                self._need_os()
                out.append(cst.parse_statement(text + "\n"))
                self.note_change(self.get_metadata(PositionProvider, original).start.line,
                                 f"access token read from ${self.token_env} next to the client")
        return out


def _entry(token: cst.BaseExpression) -> cst.DictElement:
    return cst.DictElement(cst.SimpleString(f'"{TOKEN}"'), token)


def _with_token(value: cst.BaseExpression, token: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(value, cst.Dict):
        return value.with_changes(elements=append_item(
            value.elements, _entry(token), value.lbrace.whitespace_after,
            isinstance(value.rbrace.whitespace_before, cst.ParenthesizedWhitespace)))
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict":
        new = cst.Arg(token, keyword=cst.Name(TOKEN),
                      equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
        return value.with_changes(args=append_item(value.args, new, value.whitespace_before_args, False))
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) and not value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Dict([cst.StarredDictElement(value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                     _entry(token)])
