"""What the Python analyses report, shared by both: the libcst `ModuleAnalysis` (rewrite's codemods)
and the stdlib-ast `AstAnalysis` (scan). Free of libcst, so the scan's fast path never imports it.

Nodes are the analysing tree's own: libcst nodes in ModuleAnalysis, ast nodes (or `Span`s) in
AstAnalysis. The rules only read these records and hand the node back to `analysis.finding`.
"""

from __future__ import annotations

from dataclasses import dataclass

from migrator.catalogue import lookup
from migrator.scan.python import evidence

CLIENT_FACTORIES = frozenset({
    "zeep.Client", "zeep.CachingClient", "zeep.AsyncClient",
    "zeep.client.Client", "zeep.client.CachingClient", "zeep.client.AsyncClient",
    "suds.client.Client",
})
SERIALIZERS = frozenset({
    "pickle.dump", "pickle.load", "pickle.dumps", "pickle.loads",
    "json.dump", "json.load", "json.dumps", "json.loads",
})
FORWARDERS = frozenset({"__getattr__", "__getattribute__", "__call__", "call"})
PASSWORD_SUFFIXES = ("password", "passwd", "pwd")
# login's parts in the order of Copernica's WSDL: what a login passed by position means
LOGIN_PARTS = tuple(p.name for p in lookup("login").params)  # username, password, account
REPORTERS = frozenset({"print", "debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


@dataclass(frozen=True, eq=False)
class Arg:
    """One argument of a call in source order, in either tree: positional, *star, **star or keyword."""

    keyword: str | None
    value: object  # the argument's expression
    star: str  # "", "*" or "**"
    node: object  # libcst's Arg; ast.keyword for a keyword (its position is libcst's Arg's)


@dataclass(frozen=True)
class SoapRef:
    """What an expression holds. `origin` is the client construction (a Call) or wrapper qualified name."""

    kind: str  # "client" | "service" | "login" | "wrapper"
    origin: object = None


@dataclass(frozen=True)
class LoginCall:
    node: object  # the Call (or the getattr reference when it is passed on, not called)
    receiver: SoapRef
    credentials: dict  # "username"/"account"/"password" -> expression passed, when visible
    clues: tuple = ()  # evidence.Clue: why its client is (or may be) Copernica's
    verdict: str = evidence.COPERNICA


@dataclass(frozen=True)
class LoginStruct:
    node: object  # the dict element or keyword argument carrying `login`
    call: object  # the Copernica operation call it is passed to, if any (else None)
    credentials: dict
    fixable: bool = True  # False: added to the parameters after they were made (no codemod edits that)


@dataclass(frozen=True)
class WrapperClass:
    node: object  # the ClassDef (AstAnalysis: a ClassRef, whose .name is a Span)
    qualified_name: str
    credential_params: tuple[str, ...]  # constructor params, in order, after self
    forwards: bool  # has __getattr__/__call__/call()


@dataclass(frozen=True)
class LoginFunction:
    """A module-level function whose parameters go straight into a Copernica login
    (`def connect(user, password): svc.login(username=user, ...)`): a literal passed to one
    of those parameters, here or in a module that imports it, is a hard-coded credential."""
    node: object  # the FunctionDef
    qualified_name: str
    params: tuple[str, ...]  # positional parameters, in order
    credentials: tuple[tuple[str, str], ...]  # (parameter, "user" or "password"), by name


@dataclass(frozen=True)
class WrapperConstruction:
    node: object  # the Call
    qualified_name: str
    self_arg: bool = False  # `Base.__init__(self, ...)`, `partial(Base, ...)`: its first argument fills no parameter
    ambiguous: bool = False  # `super().__init__(...)` in a class with other bases: which class it reaches is unsure
    partial: bool = False  # `functools.partial(Base, ...)`: what else is bound later is not followed


@dataclass(frozen=True)
class Site:
    node: object
    what: str  # short reason, shown in messages


def wrapper_like(class_name: str) -> bool:
    lowered = class_name.lower()
    return "copernica" in lowered or lowered.startswith("pom")


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
