"""Questions about a module that read the same in either tree.

The scan's ast analysis (ast_analysis.AstAnalysis) and the libcst one (analysis.ModuleAnalysis)
both inherit them; each supplies the node accessors they use: `parent`, `is_call`, `args`,
`plain_name`, `code`, `call_params`, `local_definitions`, `client_clues`, `_bindings`,
`_operation_of`, `_ops_on` and `FUNCTIONS` (its function-definition node types).
"""

from __future__ import annotations

from migrator.scan.python import evidence
from migrator.scan.python.facts import SoapRef


class ModuleQueries:
    FUNCTIONS: tuple[type, ...] = ()

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
