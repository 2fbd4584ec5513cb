"""Questions about a module that read the same in either tree.

The scan's ast analysis (ast_analysis.AstAnalysis) and the libcst one (analysis.ModuleAnalysis)
both inherit them, so a decision is written once and reads the same whichever tree answered.
Each analysis supplies what depends on its tree: the node accessors (`is_call`, `args`,
`plain_name`, `attr_name`, `awaited`, `is_subscript`, `string`, `callee`, `methods`, `class_name`,
`code`, `location`, `qualified_names`, `dict_entries`, `texts`, `local_definitions`, `_bindings`,
`_result_passed_on`, `_literal_sources`, ...), its facts (`raw`, `_parents`, `_ops_on`,
`_logouts`, ...) and its node types (`FUNCTIONS`, `CLASS`, `ASSIGNS`).
"""

from __future__ import annotations

from migrator.scan.model import Finding
from migrator.scan.python import evidence, secret_pieces
from migrator.scan.python.facts import (
    CLIENT_FACTORIES, FORWARDERS, LOGIN_PARTS, PASSWORD_SUFFIXES, SERIALIZERS, LoginCall, LoginFunction, LoginStruct,
    Site, SoapRef, WrapperClass, WrapperConstruction, short, wrapper_like,
)


class ModuleQueries:
    FUNCTIONS: tuple[type, ...] = ()  # function definitions in this tree
    CLASS: type = type(None)  # a class definition in this tree
    ASSIGNS: tuple[type, ...] = ()  # `x = ...` and `x: T = ...` in this tree

    # ---- the whole analysis, in order ----------------------------------------------------------

    def _run(self) -> None:
        """Fill the result lists from the tree's facts (`raw`, `_parents`, ready by now)."""
        self._args: dict[int, list] = {}  # call -> its arguments (args), asked for many times
        self._refs: dict[int, SoapRef | None] = {}
        self._by_name: dict[str, list] | None = None  # name -> values given that name (_values_named)
        self._resolving: set[int] = set()
        self.client_evidence: dict = {}  # client construction -> its WSDL says Copernica (None: unknown)
        self.module_evidence = False
        self.login_calls: list[LoginCall] = []  # on clients decided Copernica's: rewritten
        self.review_logins: list[LoginCall] = []  # only the login's shape says Copernica: reported
        self.other_logins: list = []  # logins of other services: never touched, their secrets masked
        self.subclassed_wrappers: list[str] = []  # classes here whose base is a known wrapper
        self._client_clues: dict = {}
        self._ops_on: dict[object, list[str]] = {}  # client construction or receiver code -> operations
        self._logouts: set[object] = set()  # the same keys, for clients that call logout()
        self.login_structs: list[LoginStruct] = []
        self.wrapper_classes: list[WrapperClass] = []
        self.wrapper_constructions: list[WrapperConstruction] = []
        self.login_functions: list[LoginFunction] = []  # defined here (pass 1 tells the project)
        self.cookie_sites: list[Site] = []
        self.relogin_sites: list[Site] = []  # libcst only (_find_sessions_kept)
        self.raw_envelopes: list[Site] = []  # libcst only
        self.hardcoded_credentials: list[Site] = []
        self.credential_literals: list = []  # the findings' literals and their parts
        self.credential_values: list = []  # (kind, expression) of every credential given here
        raw = self.raw
        # Evidence first: string literals, identifiers, operation names.
        self.module_evidence = raw.names_with_copernica or any(
            evidence.mentions_copernica(self.string(s) or "") for s in raw.strings)
        operations = []
        for call in raw.calls:
            op = self._operation_of(call)
            if op:
                operations.append((call, op))
                self.module_evidence = True
        for call in raw.calls:
            if self.qualified_names(call.func) & CLIENT_FACTORIES:
                self.client_evidence[call] = self._wsdl_evidence(call)
        for call, (name, receiver) in operations:
            r = self.ref(receiver) if receiver is not None else None
            if r is not None and self.is_call(r.origin):
                self._ops_on.setdefault(r.origin, []).append(name)
            if receiver is not None:
                self._ops_on.setdefault(self.code(receiver), []).append(name)
        for call in raw.calls:
            if self.callee(call).lower() in ("logout", "logoff") and self.attr_name(call.func) is not None:
                r = self.ref(call.func.value)
                self._logouts.add(r.origin if r is not None and self.is_call(r.origin)
                                  else self.code(call.func.value))

        self._find_login_calls()
        self._find_wrappers()
        self._find_login_structs(operations)
        self._find_login_functions()
        self._find_credentials()
        # Cookie handling is only the login session's when a Copernica client lives here:
        # a module that merely mentions Copernica (a mock server, a report) is not enough.
        has_client = bool(self.login_calls or self.wrapper_classes or self.wrapper_constructions) or any(
            self.module_evidence if ev is None else ev for ev in self.client_evidence.values())
        if has_client:
            self._find_cookie_sites()
        self._find_sessions_kept()

    def _find_sessions_kept(self) -> None:
        """Re-login sites and raw login envelopes: the libcst analysis finds them; the ast one
        hands every file that may hold them to libcst (ast_analysis.takes)."""

    # ---- the tree around a node ----------------------------------------------------------------

    def parent(self, node):
        return self._parents.get(node)

    def _enclosing_class(self, node):
        p = self.parent(node)
        while p is not None and not isinstance(p, self.CLASS):
            p = self.parent(p)
        return p

    def finding(self, rule, node, message: str, clues=(), fixable: bool | None = None) -> Finding:
        """`fixable`: False where the rule's codemod leaves this site to a person."""
        by_hand = fixable is False and rule.fixable
        return Finding(rule=rule.code, message=message, location=self.location(node),
                       severity=rule.severity, language="python", fixable=rule.fixable and not by_hand,
                       fix="needs a hand edit" if by_hand else rule.fix, evidence=tuple(str(c) for c in clues))

    # ---- what an expression holds --------------------------------------------------------------

    def ref(self, expr) -> SoapRef | None:
        key = id(expr)
        if key in self._refs:
            return self._refs[key]
        if key in self._resolving:  # `client = client.x` cycles
            return None
        self._resolving.add(key)
        try:
            result = self._ref(expr)
        finally:
            self._resolving.discard(key)
        self._refs[key] = result
        return result

    def _ref(self, expr) -> SoapRef | None:
        inner = self.awaited(expr)
        if inner is not None:
            return self.ref(inner)
        if self.is_call(expr):
            names = self.qualified_names(expr.func)
            if names & CLIENT_FACTORIES:
                return SoapRef("client", expr)
            wrapper = self.wrapper_name(names)
            if wrapper:
                return SoapRef("wrapper", wrapper)
            attr = self._getattr_name(expr)
            if attr is not None:
                return self._member(self.ref(self.args(expr)[0].value), attr)
            if self.attr_name(expr.func) in ("bind", "create_service"):
                base = self.ref(expr.func.value)
                if base and base.kind == "client":
                    return SoapRef("service", base.origin)
            for value in self._returned(expr.func):
                r = self.ref(value)
                if r is not None:
                    return r
            return None
        if self.is_subscript(expr):  # suds: client.service['POMPort']
            base = self.ref(expr.value)
            return base if base is not None and base.kind == "service" else None
        attr = self.attr_name(expr)
        if attr is not None:
            held = self._attribute_binding(expr)
            if held is not None:
                return held
            base = self.ref(expr.value)
            member = self._member(base, attr)
            if member is None and attr == "service" and base is None:
                # `something.service` is the zeep/suds proxy idiom even when the client came from elsewhere
                return SoapRef("service", None)
            return member
        if self.plain_name(expr) is not None:
            for value in self._bindings(expr):
                r = self.ref(value)
                if r is not None:
                    return r
        return None

    def _returned(self, func) -> list:
        """What a local function (`get_client()`) or a method of this class (`self._client()`) returns."""
        return [v for d in self.local_definitions(func) for v in self.raw.returns.get(d, ())]

    @staticmethod
    def _member(base: SoapRef | None, attr: str) -> SoapRef | None:
        if base is None:
            return None
        if attr == "service" and base.kind == "client":
            return SoapRef("service", base.origin)
        if attr == "login" and base.kind in ("service", "client", "wrapper"):
            return SoapRef("login", base.origin)
        return None

    def _bound_elsewhere(self, expr) -> bool:
        """Whether we can see what expr holds (and so know it is no SOAP proxy)."""
        if self.plain_name(expr) is not None:
            return bool(self._bindings(expr))
        if self.attr_name(expr) is not None and self.plain_name(expr.value) is not None:
            return bool(self.raw.attr_values.get((self._enclosing_class(expr), self.attr_name(expr))))
        return False

    def _attribute_binding(self, expr) -> SoapRef | None:
        """`self.svc` inside a class: whatever any method of that class assigned to it."""
        if self.plain_name(expr.value) is None:
            return None
        cls = self._enclosing_class(expr)
        if cls is None:
            return None
        for value in self.raw.attr_values.get((cls, self.attr_name(expr)), ()):
            r = self.ref(value)
            if r is not None:
                return r
        return None

    def bound_values(self, expr) -> list:
        """What a name (its assignments in scope) or `self.attr` (this class's assignments) holds."""
        if self.plain_name(expr) is not None:
            return self._bindings(expr)
        if self.attr_name(expr) is not None and self.plain_name(expr.value) is not None:
            return list(self.raw.attr_values.get((self._enclosing_class(expr), self.attr_name(expr)), ()))
        return []

    def _getattr_name(self, call) -> str | None:
        """'login' for getattr(x, 'login'); None for anything else."""
        args = self.args(call)
        if (self.plain_name(call.func) == "getattr"
                and "builtins.getattr" in self.qualified_names(call.func) and len(args) >= 2):
            return self.string(args[1].value)
        return None

    def _operation_of(self, call):
        """(operation name, receiver) for svc.Object_method(...), getattr(svc, 'Object_method')(...),
        x.call('Op', ...)."""
        f = call.func
        attr = self.attr_name(f)
        if attr is not None and evidence.is_operation_name(attr):
            return attr, f.value
        if self.is_call(f):
            name = self._getattr_name(f)
            if name and evidence.is_operation_name(name):
                return name, self.args(f)[0].value
        args = self.args(call)
        if args:
            first = self.string(args[0].value)
            if first and evidence.is_operation_name(first):
                return first, f.value if attr is not None else None
        return None

    def wrapper_name(self, qualified: set[str]) -> str | None:
        return self._known_name(qualified, self.known_wrappers)

    def _known_name(self, qualified: set[str], known) -> str | None:
        """The project's name (`_absolute`) of one of `qualified` that `known` holds."""
        for q in qualified:
            for candidate in self._absolute(q):
                if candidate in known:
                    return candidate
        return None

    def _absolute(self, q: str) -> list[str]:
        """Qualified names as the project knows them: prefix local names, resolve relative imports."""
        if q.startswith("."):
            if not self.module_name:
                return []
            dots = len(q) - len(q.lstrip("."))
            parts = self.module_name.split(".")
            if not self.is_package:
                parts = parts[:-1]
            if dots - 1 > len(parts):
                return []
            base = parts[: len(parts) - (dots - 1)]
            return [".".join(base + [q.lstrip(".")])]
        out = [q]
        if self.module_name:
            out.append(f"{self.module_name}.{q}")
        return out

    # ---- evidence: is a client Copernica's? ----------------------------------------------------

    def is_copernica(self, r: SoapRef) -> bool:
        """Whether the client `r` belongs to is decided Copernica's (see evidence.verdict)."""
        if r.kind == "wrapper" or (r.origin is not None and not self.is_call(r.origin)):
            return True  # project wrappers are only those whose own client was decided Copernica's
        if r.origin is None:
            return False  # an untraced client: only its calls' own evidence can speak for it
        return self.client_verdict(r.origin)[0] == evidence.COPERNICA

    def client_verdict(self, origin) -> tuple[str, tuple]:
        """(verdict, clues) of one client construction, its logins' clues included."""
        clues = self.client_clues(origin)
        return evidence.verdict(clues), tuple(clues)

    def _wsdl_arg(self, call):
        """The WSDL a client is made with: `wsdl=`/`url=`, else its first positional argument."""
        args = self.args(call)
        arg = next((a.value for a in args if a.keyword in ("wsdl", "url")), None)
        if arg is None and args and args[0].keyword is None and not args[0].star:
            arg = args[0].value
        return arg

    def _wsdl_code(self, call) -> str:
        arg = self._wsdl_arg(call)
        return self.code(arg) if arg is not None else "not given"

    def _wsdl_evidence(self, call) -> bool | None:
        arg = self._wsdl_arg(call)
        if arg is None:
            return None
        strings, literal = self.texts(arg)
        if any(evidence.mentions_copernica(s) for s in strings):
            return True
        return False if literal else None

    def assume_copernica(self, origins) -> None:
        """These client constructions were decided Copernica's before a rewrite took away the login
        that said so (rewrite's completeness check): they still are."""
        for origin in origins:
            clues = self.client_clues(origin)
            if not any(c.kind == "migrated" for c in clues):
                clues.append(evidence.Clue("migrated", "it was Copernica's before its login was removed"))

    def client_clues(self, origin) -> list[evidence.Clue]:
        cached = self._client_clues.get(origin)
        if cached is not None:
            return cached
        clues: list[evidence.Clue] = []
        self._client_clues[origin] = clues  # before recursing: logins refer back to their client
        ev = self.client_evidence.get(origin)
        wsdl = short(self._wsdl_code(origin))
        if ev is True:
            clues.append(evidence.Clue("endpoint", f"its WSDL is {wsdl}"))
        elif ev is False:
            clues.append(evidence.Clue("other-endpoint", f"its WSDL is {wsdl}"))
        clues += evidence.operation_clue(self._ops_on.get(origin, ()), "it")
        if origin in self._logouts:
            clues.append(evidence.Clue("logout", "logout() is called on it"))
        cls = self._enclosing_class(origin)
        if cls is not None and wrapper_like(self.class_name(cls)):
            clues.append(evidence.Clue("wrapper", f"it is made in class {self.class_name(cls)}"))
        for call in self.raw.calls:
            r = self.ref(call.func)
            if r is not None and r.kind == "login" and r.origin is origin:
                clues.extend(c for c in self._login_clues(call) if c not in clues)
        return clues

    def _login_clues(self, call) -> list[evidence.Clue]:
        """What one login call says about its client: its arguments and what becomes of its result."""
        if not self.is_call(call):
            return []
        params = self.call_params(call)
        keys = set(params)
        clues = []
        if evidence.login_shape(keys):
            clues.append(evidence.Clue("shape", "its login takes username, account and password"))
        foreign = evidence.foreign_keys(keys)
        if foreign:
            clues.append(evidence.Clue("foreign-key", f"its login also takes {', '.join(sorted(foreign))}"))
        for _key, value in self._login_credentials(call).items():  # by name, or by position
            if any(evidence.mentions_copernica(t) for t in self.texts(value)[0]):
                clues.append(evidence.Clue("credentials", "its login credentials are named after Copernica"))
                break
        if self._result_passed_on(call):
            clues.append(evidence.Clue("session-id", "the login's result is passed into later calls"))
        return clues

    def _receiver_clues(self, receiver) -> list[evidence.Clue]:
        """For a client we cannot trace: what is called on the same expression in this module."""
        if receiver is None:
            return []
        key = self.code(receiver)
        clues = []
        clues += evidence.operation_clue(self._ops_on.get(key, ()), short(key))
        if key in self._logouts:
            clues.append(evidence.Clue("logout", f"logout() is called on {short(key)}"))
        return clues

    # ---- logins -------------------------------------------------------------------------------

    def _find_login_calls(self) -> None:
        for call in self.raw.calls:
            r = self.ref(call.func)
            if r is None and self.attr_name(call.func) == "login" \
                    and (self.module_evidence or self.raw.soap_imported) \
                    and not self._bound_elsewhere(call.func.value) \
                    and evidence.login_shape(set(self.call_params(call))):
                # a proxy handed in from elsewhere (`def connect(svc): svc.login({...})`): the
                # username/account/password shape is the evidence
                r = SoapRef("login", None)
            if r is None or r.kind != "login":
                continue
            self._decide_login(call, r)
        # getattr(svc, 'login') handed on rather than called or bound to a name
        for call in self.raw.calls:
            if self._getattr_name(call) != "login":
                continue
            parent = self.parent(call)
            if self.is_call(parent) and parent.func is call:
                continue
            if isinstance(parent, self.ASSIGNS):
                continue
            r = self.ref(call)
            if r is not None:
                self._decide_login(call, r)
        # the bound login handed on, to be called elsewhere: `pool.submit(svc.login, creds)`,
        # `functools.partial(svc.login, ...)`, `Thread(target=svc.login)`
        for call in self.raw.calls:
            for arg in self.args(call):
                if self.attr_name(arg.value) == "login" and not arg.star:
                    r = self.ref(arg.value)
                    if r is not None and r.kind == "login":
                        self._decide_login(arg.value, r)

    def _decide_login(self, call, r: SoapRef) -> None:
        """File the login under login_calls (its client is Copernica's), review_logins or nowhere."""
        is_call = self.is_call(call)
        creds = self._login_credentials(call) if is_call else {}
        if r.kind == "login" and r.origin is not None and not self.is_call(r.origin):
            clues = [evidence.Clue("wrapper", f"it is a {r.origin.rsplit('.', 1)[-1]} instance")]
        elif self.is_call(r.origin):
            clues = self.client_clues(r.origin)
        else:
            clues = self._login_clues(call)
            args = self.args(call) if is_call else []
            receiver = call.func.value if is_call and self.attr_name(call.func) is not None \
                else (args[0].value if args else None)
            if is_call and self.is_call(call.func):  # getattr(svc, 'login')(...)
                inner = self.args(call.func)
                receiver = inner[0].value if inner else None
            clues += [c for c in self._receiver_clues(receiver) if c not in clues]
        decided = evidence.verdict(clues)
        if decided == evidence.OTHER:
            if is_call:
                self.other_logins.append(call)
            return
        entry = LoginCall(call, r, creds, tuple(clues), decided)
        (self.login_calls if decided == evidence.COPERNICA else self.review_logins).append(entry)

    def call_params(self, call) -> dict:
        """The parameters a SOAP call sends: dict positional args, parameters=, **unpacking, keywords;
        name -> (the element or argument that holds it, its value)."""
        out: dict = {}
        for a in self.args(call):
            if a.star == "**" or (a.keyword is None and not a.star) or a.keyword == "parameters":
                out.update(self.dict_entries(a.value))
            elif a.keyword is not None:
                out[a.keyword] = (a.node, a.value)
        nested = out.pop("parameters", None)  # `**{'parameters': creds}`
        if nested is not None:
            out.update(self.dict_entries(nested[1]))
        return out

    # ---- wrappers and cookies ------------------------------------------------------------------

    def _find_wrappers(self) -> None:
        login_classes = {self._enclosing_class(lc.node) for lc in self.login_calls}
        for cls, dotted in self.raw.classes:
            if cls not in login_classes:
                continue
            methods = dict(self.methods(cls))
            params = self._init_params(methods["__init__"]) if "__init__" in methods else ()
            kinds = {evidence.credential_param(p) for p in params}
            takes_credentials = "password" in kinds and bool(kinds & {"user", "account"})
            forwards = bool(FORWARDERS & set(methods))
            if takes_credentials or forwards:
                qualified = f"{self.module_name}.{dotted}" if self.module_name else dotted
                self.wrapper_classes.append(WrapperClass(self._class_node(cls), qualified, params, forwards))
        self.known_wrappers |= {w.qualified_name for w in self.wrapper_classes}
        # A subclass of a legacy wrapper logs in through its base: constructing it counts too.
        bases: dict[int, tuple[str, bool]] = {}  # id(subclass) -> (the wrapper it subclasses, other bases too)
        classes: dict[int, str] = {}  # id(class) -> its qualified name, for the wrappers and their subclasses
        for cls, dotted in self.raw.classes:
            name = f"{self.module_name}.{dotted}" if self.module_name else dotted
            base = next(filter(None, (self.wrapper_name(self.qualified_names(b)) for b in self._bases(cls))), None)
            if base is not None:
                self.known_wrappers.add(name)
                self.subclassed_wrappers.append(name)
                bases[id(cls)] = (base, len(self._bases(cls)) > 1)
            if name in self.known_wrappers:
                classes[id(cls)] = name
        self._refs.clear()  # wrapper instances resolve differently now
        for call in self.raw.calls:
            called = self.qualified_names(call.func)
            name = self.wrapper_name(called)
            if name:
                self.wrapper_constructions.append(WrapperConstruction(call, name))
            elif self.attr_name(call.func) == "__init__" and not self.is_call(call.func.value) \
                    and (name := self.wrapper_name(self.qualified_names(call.func.value))):
                # `Base.__init__(self, user, password, account)` in a subclass builds the base too
                self.wrapper_constructions.append(WrapperConstruction(call, name, self_arg=True))
            elif "functools.partial" in called and (args := self.args(call)) and not args[0].keyword \
                    and (name := self.wrapper_name(self.qualified_names(args[0].value))):
                # `partial(Wrapper, user, password=...)`: its arguments after the class are the wrapper's
                self.wrapper_constructions.append(WrapperConstruction(call, name, self_arg=True, partial=True))
            elif self.plain_name(call.func) == "cls" and id(self._enclosing_class(call)) in classes:
                # `cls(user, password, account)` in a factory classmethod of a wrapper or a subclass
                self.wrapper_constructions.append(WrapperConstruction(call, classes[id(self._enclosing_class(call))]))
            elif bases and self._super_init(call):
                # `super().__init__(user, password, account)`: a subclass building its wrapper base;
                # with other bases (mixins, another service's client) super() may reach another class first
                found = bases.get(id(self._enclosing_class(call)))
                if found is not None:
                    self.wrapper_constructions.append(WrapperConstruction(call, found[0], ambiguous=found[1]))
        # Calls like `pom.login()` on a wrapper instance are login calls too.
        seen = {id(lc.node) for lc in self.login_calls}
        for call in self.raw.calls:
            r = self.ref(call.func)
            if r is not None and r.kind == "login" and r.origin in self.known_wrappers and id(call) not in seen:
                self._decide_login(call, r)

    def _super_init(self, call) -> bool:
        """`super().__init__(...)` or `super(Cls, self).__init__(...)`."""
        func = call.func
        return self.attr_name(func) == "__init__" and self.is_call(func.value) \
            and self.plain_name(func.value.func) == "super"

    def _find_cookie_sites(self) -> None:
        found: list[Site] = []
        for call in self.raw.calls:
            names = self.qualified_names(call.func)
            args = self.args(call)
            if any(n.startswith("http.cookiejar.") and n.endswith("CookieJar") for n in names):
                found.append(Site(call, "a cookie jar"))
            elif any(n.startswith("requests.utils.") and "cookiejar" in n for n in names):
                found.append(Site(call, "a cookie jar conversion"))
            elif names & SERIALIZERS and "cookie" in self.code(call).lower():
                found.append(Site(call, "the session cookies saved or loaded"))
            elif "builtins.open" in names and args and "cookie" in self.code(args[0].value).lower():
                found.append(Site(call, "a cookie file"))
            elif (self.attr_name(call.func) is not None
                  and self.attr_name(call.func.value) in ("cookies", "cookiejar")):
                found.append(Site(call, "the session cookie jar changed"))
        for target in self.raw.attr_assigns:
            if self.attr_name(target) in ("cookies", "cookiejar"):
                found.append(Site(target, "the session cookie jar replaced"))
        for s in self.raw.strings:
            text = self.string(s) or ""
            v = text.lower()
            if text.startswith("soap_"):  # the cookie's name is lower case; SOAP_WSDL names a setting
                found.append(Site(s, "the `soap_` session cookie"))
            elif v in ("cookie", "set-cookie"):
                found.append(Site(s, "a session cookie header or file name"))
        lines: set[int] = set()
        for site in sorted(found, key=lambda s: self.location(s.node)):
            line = self.location(site.node).line
            if line not in lines:  # one finding per line: several patterns often share a statement
                lines.add(line)
                self.cookie_sites.append(site)

    # ---- login structs and credentials ---------------------------------------------------------

    def _find_login_functions(self) -> None:
        found: dict[object, dict[str, str]] = {}
        for lc in self.login_calls:
            func = self.enclosing_function(lc.node)
            if func is None or self.enclosing_function(func) is not None or self._enclosing_class(func) is not None:
                continue  # methods are the wrapper classes' business; nested functions are not imported
            params = self._def_params(func)
            for key, value in lc.credentials.items():
                name = self.plain_name(value)
                if key != "account" and name in params:
                    found.setdefault(func, {})[name] = "password" if key == "password" else "user"
        for func, kinds in found.items():
            name = self._def_name(func)
            qualified = f"{self.module_name}.{name}" if self.module_name else name
            positional = self._def_params(func, positional=True)
            self.login_functions.append(LoginFunction(func, qualified, positional, tuple(kinds.items())))
        self.known_login_functions.update(
            {f.qualified_name: (f.params, f.credentials) for f in self.login_functions})

    def _login_function_calls(self) -> list:
        """(call, positional parameters, {parameter: kind}) for each call of a known login function."""
        if not self.known_login_functions:
            return []
        out = []
        for call in self.raw.calls:
            name = self._known_name(self.qualified_names(call.func), self.known_login_functions)
            if name is not None:
                params, kinds = self.known_login_functions[name]
                out.append((call, params, dict(kinds)))
        return out

    def _find_credentials(self) -> None:
        values: list = []
        for lc in self.login_calls:
            values += [(k, v) for k, v in lc.credentials.items() if k != "account"]
        for ls in self.login_structs:
            values += [(k, v) for k, v in ls.credentials.items() if k != "account"]
        local = {w.qualified_name: w for w in self.wrapper_classes}
        for wc in self.wrapper_constructions:
            params = local[wc.qualified_name].credential_params if wc.qualified_name in local else ()
            if wc.self_arg:  # `Base.__init__(self, ...)`, `partial(Base, ...)`: the first argument fills none
                params = ("", *params)
            for name, a in self._bound_args(wc.node, params):
                kind = evidence.credential_param(name) if name else None
                if kind in ("password", "user"):
                    values.append((kind, a.value))
        for call, params, kinds in self._login_function_calls():
            values += [(kinds[name], a.value) for name, a in self._bound_args(call, params) if name in kinds]
        if self.module_evidence:
            # settings modules: `PASSWORD = '...'` next to Copernica configuration, at module
            # level or as a settings class's default (`password: str = '...'` in a dataclass)
            for target, value in self.raw.name_values.items():
                name = self.plain_name(target)
                if name is not None and name.lower().endswith(PASSWORD_SUFFIXES) \
                        and (self._module_level(target) or self._class_level(target)):
                    values.append(("password", value))
        self.credential_values = values
        seen: set[int] = set()
        for kind, value in values:
            literals = self._literal_sources(value)
            halves = {id(part) for lit in literals for part in self._halves(lit)}
            for literal in literals:
                if id(literal) not in seen:
                    seen.add(id(literal))
                    self.credential_literals.append(literal)
                    if id(literal) not in halves:  # "pass" "word" is one finding, masked as 3 values
                        self.hardcoded_credentials.append(
                            Site(literal, "password" if kind == "password" else "username"))

    def _bound_args(self, call, params: tuple[str, ...]) -> list:
        """(parameter name or None, argument) of each argument: by keyword, else by position."""
        return [(a.keyword if a.keyword else (params[i] if i < len(params) and not a.star else None), a)
                for i, a in enumerate(self.args(call))]

    def _login_credentials(self, call) -> dict:
        """What a login call passes, by name or, as plain positional values (not a dict of
        parameters), in the order of login's parts in Copernica's WSDL."""
        creds = self._credentials(self.call_params(call))
        positional = self._positional_login_args(call)
        if not any(self.dict_entries(a.value) for a in positional):
            for name, arg in zip(LOGIN_PARTS, positional):
                creds.setdefault(name, arg.value)
        return creds

    def _positional_login_args(self, login) -> list:
        """The plain positional arguments of a login call; none for `getattr(svc, "login")`
        handed on (its arguments are the service and the name, not the login's)."""
        if not self.is_call(login) or self.plain_name(login.func) == "getattr":
            return []
        return [a for a in self.args(login) if a.keyword is None and not a.star]

    @staticmethod
    def _credentials(params: dict) -> dict:
        return {k: v for k, (_el, v) in params.items() if k in ("username", "account", "password")}

    def _find_login_structs(self, operations) -> None:
        seen: set[int] = set()
        added = self._logins_added() if operations else {}
        for call, _op in operations:
            entry = self.call_params(call).get("login")
            if entry is not None:
                el, value = entry
                seen.add(id(el))
                creds = self._credentials(self.dict_entries(value))
                self.login_structs.append(LoginStruct(el, call, creds))
            home = self.enclosing_function(call)
            names = dict.fromkeys(self.plain_name(a.value) for a in self.args(call)
                                  if (a.keyword is None and not a.star) or a.keyword == "parameters")
            for el, value in (site for name in names for site in added.get((home, name), ())):
                if id(el) not in seen:
                    seen.add(id(el))
                    self.login_structs.append(LoginStruct(el, call, self._credentials(self.dict_entries(value)),
                                                          fixable=False))
        if not self.module_evidence:
            return
        # A login struct built apart from the call (`params = {'id': 1, 'login': {...}}`).
        for d in self.raw.dicts:
            entry = self.dict_entries(d, depth=1).get("login")
            if entry is None or id(entry[0]) in seen:
                continue
            inner = self.dict_entries(entry[1])
            if evidence.login_shape(set(inner)) and not self._another_services_parameters(d):
                seen.add(id(entry[0]))
                self.login_structs.append(LoginStruct(entry[0], None, self._credentials(inner)))

    def _another_services_parameters(self, d) -> bool:
        """`crm.service.GetCustomers({"page": 1, "login": CRM_AUTH})` with `crm` a client of another
        host: the parameters of its call, and its login struct its own."""
        for owner in (self.parent(d), self.parent(self.parent(d))):
            if owner is None or not self.is_call(owner) or not any(a.value is d for a in self.args(owner)):
                continue
            f = owner.func
            r = self.ref(f.value) if self.attr_name(f) is not None else None
            return r is not None and self.is_call(r.origin) and self.client_verdict(r.origin)[0] == evidence.OTHER
        return False

    def _logins_added(self) -> dict:
        """(function, variable) -> [(site, value)] where the variable gets a `login` after it was made:
        `params["login"] = LOGIN`, `params.update(login=LOGIN)` or `.update({"login": ...})`. Read
        once per module; a call whose parameters are that variable in that function sends them."""
        added: dict = {}
        for target, value in self.raw.item_assigns:
            container, key = self.item_key(target)
            name = self.plain_name(container)
            if key == "login" and name is not None:
                added.setdefault((self.enclosing_function(target), name), []).append((target, value))
        for other in self.raw.calls:
            name = self.plain_name(other.func.value) if self.attr_name(other.func) == "update" else None
            if name is None:
                continue
            for a in self.args(other):
                entry = (a.node, a.value) if a.keyword == "login" else \
                    self.dict_entries(a.value, depth=1).get("login") if a.keyword is None and not a.star else None
                if entry is not None:
                    added.setdefault((self.enclosing_function(other), name), []).append(entry)
        return added

    def secret_values(self) -> list[str]:
        """The text of every literal that feeds a credential here (to mask wherever output shows it)."""
        nodes = list(self.credential_literals)
        for login in self.review_logins:  # maybe not Copernica's, but a password all the same
            nodes += [lit for k, v in login.credentials.items() if k != "account"
                      for lit in self._literal_sources(v)]
        for call in self.other_logins:  # another service's password is a password too
            nodes += [lit for a in self._positional_login_args(call) for lit in self._literal_sources(a.value)]
            nodes += [lit for key, (_el, value) in self.call_params(call).items()
                      if evidence.credential_param(key) in ("password", "user")
                      for lit in self._literal_sources(value)]
        values: list[str] = []
        for node in nodes:
            v = self.string(node)
            if v and v not in values:
                values.append(v)
        # a credential built of several strings shows each of them in a diff: `"%s-%s" % ("a", "b")`,
        # `"".join(["a", "b"])`, f-strings, `CFG["pw"]` (what no finding names as one literal)
        built = [v for _kind, v in self.credential_values]
        built += [v for login in self.review_logins for k, v in login.credentials.items() if k != "account"]
        for call in self.other_logins:
            built += [a.value for a in self._positional_login_args(call)]
            built += [value for key, (_el, value) in self.call_params(call).items()
                      if evidence.credential_param(key) in ("password", "user")]
        for expression in built:
            values += [v for v in self._secret_pieces(expression) if v not in values]
        return values

    def _secret_pieces(self, value, depth: int = 5) -> list[str]:
        """The strings an expression builds a credential from, the names it reads followed through
        the module's assignments (by name: the cautious side). Read from the expression's code,
        so both trees answer alike; an environment variable's name is no piece."""
        if depth <= 0:
            return []
        out: list[str] = []
        for kind, item in secret_pieces.of_code(self.code(value)):
            if kind == "text":
                out.append(item)
                continue
            name, keys = item
            for bound in self._values_named(name):
                for key in keys:  # down a settings dict's keys; any other index: all of it
                    entry = self.dict_entries(bound).get(key) if key is not None else None
                    if entry is None:
                        break
                    bound = entry[1]
                out += self._secret_pieces(bound, depth - 1)
        return out

    def _values_named(self, name: str) -> list:
        """The values given the name `name` anywhere in the module: assigned to it, or passed as a
        keyword argument of that name (`SimpleNamespace(phrase="..")`, `Settings(password="..")`),
        made once, when masking asks."""
        if self._by_name is None:
            self._by_name = {}
            for target, value in self.raw.name_values.items():
                plain = self.plain_name(target)
                if plain is not None:
                    self._by_name.setdefault(plain, []).append(value)
            for call in self.raw.calls:
                for arg in self.args(call):
                    if arg.keyword:
                        self._by_name.setdefault(arg.keyword, []).append(arg.value)
        return self._by_name.get(name, [])

    # ---- what reach.py asks --------------------------------------------------------------------

    def sends_token(self, call) -> bool:
        """Whether a call's parameters carry `access_token`: in a dict it is given, or added by a
        helper of this module that builds them (`self._params(...)`, `with_token({...})`)."""
        if "access_token" in self.call_params(call):
            return True
        for arg in self.args(call):
            named = self.plain_name(arg.value) is not None
            for value in [arg.value, *(self._bindings(arg.value) if named else ())]:
                if self.is_call(value) and any(
                        "access_token" in self.code(d) for d in self.local_definitions(value.func)):
                    return True
        return False

    def operation_of(self, call):
        """(Copernica operation name, receiver expression or None) of a call, or None."""
        return self._operation_of(call)

    def operations_on(self, receiver_code: str) -> list[str]:
        """Copernica operations called on an expression written as `receiver_code` in this module."""
        return list(self._ops_on.get(receiver_code, ()))

    def within_any(self, node, ancestors: set) -> bool:
        """Whether one of `ancestors` encloses `node` (nodes compare by identity)."""
        p = self.parent(node)
        while p is not None:
            if p in ancestors:
                return True
            p = self.parent(p)
        return False

    def enclosing_function(self, node):
        p = self.parent(node)
        while p is not None and not isinstance(p, self.FUNCTIONS):
            p = self.parent(p)
        return p
