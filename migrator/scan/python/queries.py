"""Questions about a module that read the same in either tree.

The scan's ast analysis (ast_analysis.AstAnalysis) and the libcst one (analysis.ModuleAnalysis)
both inherit them, so a decision is written once and reads the same whichever tree answered.
Each analysis supplies what depends on its tree: the node accessors (`is_call`, `args`,
`plain_name`, `string`, `code`, `location`, `call_params`, `dict_entries`, `texts`,
`local_definitions`, `_bindings`, `_ref`, `_wsdl_code`, `_operation_of`, `_result_passed_on`,
`_literal_sources`), its facts (`raw`, `_parents`, `_ops_on`, `_logouts`, ...) and the node types
`FUNCTIONS` and `CLASS`.
"""

from __future__ import annotations

from migrator.scan.model import Finding
from migrator.scan.python import evidence
from migrator.scan.python.facts import LoginStruct, SoapRef, short, wrapper_like


class ModuleQueries:
    FUNCTIONS: tuple[type, ...] = ()  # function definitions in this tree
    CLASS: type = type(None)  # a class definition in this tree

    # ---- the tree around a node ----------------------------------------------------------------

    def parent(self, node):
        return self._parents.get(node)

    def _enclosing_class(self, node):
        p = self.parent(node)
        while p is not None and not isinstance(p, self.CLASS):
            p = self.parent(p)
        return p

    def finding(self, rule, node, message: str, clues=()) -> Finding:
        return Finding(rule=rule.code, message=message, location=self.location(node),
                       severity=rule.severity, language="python", fixable=rule.fixable, fix=rule.fix,
                       evidence=tuple(str(c) for c in clues))

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

    def _wrapper_name(self, qualified: set[str]) -> str | None:
        for q in qualified:
            for candidate in self._absolute(q):
                if candidate in self.known_wrappers:
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
        ops = self._ops_on.get(origin, ())
        if ops:
            clues.append(evidence.Clue("operation", f"{ops[0]} is called on it"))
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
        for _key, value in self._credentials(params).items():
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
        ops = self._ops_on.get(key, ())
        if ops:
            clues.append(evidence.Clue("operation", f"{ops[0]} is called on {short(key)}"))
        if key in self._logouts:
            clues.append(evidence.Clue("logout", f"logout() is called on {short(key)}"))
        return clues

    # ---- login structs and credentials ---------------------------------------------------------

    @staticmethod
    def _credentials(params: dict) -> dict:
        return {k: v for k, (_el, v) in params.items() if k in ("username", "account", "password")}

    def _find_login_structs(self, operations) -> None:
        seen: set[int] = set()
        for call, _op in operations:
            entry = self.call_params(call).get("login")
            if entry is not None:
                el, value = entry
                seen.add(id(el))
                creds = self._credentials(self.dict_entries(value))
                self.login_structs.append(LoginStruct(el, call, creds))
        if not self.module_evidence:
            return
        # A login struct built apart from the call (`params = {'id': 1, 'login': {...}}`).
        for d in self.raw.dicts:
            entry = self.dict_entries(d, depth=1).get("login")
            if entry is None or id(entry[0]) in seen:
                continue
            inner = self.dict_entries(entry[1])
            if evidence.login_shape(set(inner)):
                seen.add(id(entry[0]))
                self.login_structs.append(LoginStruct(entry[0], None, self._credentials(inner)))

    def secret_values(self) -> list[str]:
        """The text of every literal that feeds a credential here (to mask wherever output shows it)."""
        nodes = list(self.credential_literals)
        for login in self.review_logins:  # maybe not Copernica's, but a password all the same
            nodes += [lit for k, v in login.credentials.items() if k != "account"
                      for lit in self._literal_sources(v)]
        values: list[str] = []
        for node in nodes:
            v = self.string(node)
            if v and v not in values:
                values.append(v)
        return values

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
