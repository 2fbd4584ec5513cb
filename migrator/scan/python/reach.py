"""Token reach: a static check that a (migrated) tree sends an access token with every Copernica call.

It lists, per module, what would still break once Copernica switches the login off:
- a login left on a client decided Copernica's (a call, a per-call `login` struct, a raw envelope);
- a Copernica operation called without `access_token` on a client that has no token plugin:
  a traced client without AccessTokenPlugin, or an untraced `<x>.service` proxy when the style
  cannot vouch for it (inline; or plugin with a Copernica client in the tree that lacks the plugin);
- a forwarding wrapper (`__getattr__`, `__call__`, `call`) around a Copernica client without the
  plugin whose forwarder never mentions access_token.
`rewrite` runs it over the tree as it would be written and keeps a migration only where it finds
nothing; `verify` proves the same at run time.

It reads either analysis of a module, the scan's ast one or the libcst ModuleAnalysis where that
one gives up, through the same methods (`args`, `is_call`, `methods`, ...): no node type here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from migrator.scan.python.facts import FORWARDERS as _FORWARDERS, Arg, SoapRef


class Analysis(Protocol):
    """What this check asks of a module's analysis; AstAnalysis and ModuleAnalysis both answer."""

    path: str
    client_evidence: dict
    login_calls: list
    login_structs: list
    raw_envelopes: list
    raw: object  # .calls, .classes

    def args(self, call) -> list[Arg]: ...
    def is_call(self, node) -> bool: ...
    def plain_name(self, node) -> str | None: ...
    def string(self, node) -> str | None: ...
    def class_name(self, cls) -> str: ...
    def methods(self, cls) -> list[tuple[str, object]]: ...
    def code(self, node) -> str: ...
    def location(self, node): ...
    def ref(self, expr) -> SoapRef | None: ...
    def is_copernica(self, r: SoapRef) -> bool: ...
    def operation_of(self, call): ...
    def sends_token(self, call) -> bool: ...
    def bound_values(self, expr) -> list: ...
    def enclosing_function(self, node): ...
    def operations_on(self, receiver_code: str) -> list[str]: ...
    def local_definitions(self, func) -> list: ...
    def within_any(self, node, ancestors: set) -> bool: ...

PLUGIN_CLASS = "AccessTokenPlugin"
TOKEN = "access_token"


@dataclass(frozen=True, order=True)
class Gap:
    path: str
    line: int
    reason: str


def has_plugin(analysis: Analysis, call) -> bool:
    return any(a.keyword == "plugins" and PLUGIN_CLASS in analysis.code(a.value) for a in analysis.args(call))


def copernica_clients(analysis: Analysis) -> list:
    return [c for c in analysis.client_evidence if analysis.is_copernica(SoapRef("client", c))]


def all_plugged(analyses: Iterable[Analysis]) -> bool:
    """Every Copernica client made in the tree carries the token plugin (and there is one)."""
    clients = [(a, c) for a in analyses for c in copernica_clients(a)]
    return bool(clients) and all(has_plugin(a, c) for a, c in clients)


def injecting_wrappers(analysis: Analysis) -> set[str]:
    """Simple names of classes here that give every call the token (migrated wrappers): a
    forwarder that adds access_token, or Copernica clients that all carry the plugin."""
    out = set()
    clients = copernica_clients(analysis)
    for cls, _ in analysis.raw.classes:
        forwards = any(name in _FORWARDERS and TOKEN in analysis.code(s) for name, s in analysis.methods(cls))
        own = [c for c in clients if analysis.within_any(c, {cls})]
        if forwards or (own and all(has_plugin(analysis, c) for c in own)):
            out.add(analysis.class_name(cls))
    return out


def gaps(analysis: Analysis, style: str, tree_plugged: bool,
         injecting: set[str] = frozenset()) -> list[Gap]:
    """What would go out without a token here. `tree_plugged`: all_plugged() of the whole tree;
    `injecting`: injecting_wrappers() of the whole tree."""
    out: list[Gap] = []
    vouched = style == "plugin" and tree_plugged  # every Copernica client carries the plugin

    def gap(node, reason: str) -> None:
        out.append(Gap(analysis.path, analysis.location(node).line, reason))

    for login in analysis.login_calls:
        gap(login.node, "a login is left on this Copernica client")
    for struct in analysis.login_structs:
        gap(struct.node, "a per-call login struct is left")
    for site in analysis.raw_envelopes:
        gap(site.node, "a raw SOAP envelope still logs in")

    forwarders = _forwarder_bodies(analysis)
    for call in analysis.raw.calls:
        op = analysis.operation_of(call)
        if op is None or analysis.within_any(call, forwarders):
            continue
        name, receiver = op
        if analysis.sends_token(call):
            continue
        helper = _helper(analysis, call)
        if helper is not None:
            continue  # self._call("Op", ...): the project's helper makes the call; its body is checked
        r = analysis.ref(receiver) if receiver is not None else None
        if r is not None and r.kind == "wrapper":
            if vouched or str(r.origin).rsplit(".", 1)[-1] in injecting:
                continue  # a migrated wrapper adds the token in its forwarder
            gap(call, f"{name} is called without access_token through a wrapper that does not add it")
            continue
        if r is not None and analysis.is_call(r.origin):
            if analysis.is_copernica(r) and not has_plugin(analysis, r.origin):
                gap(call, f"{name} is called without access_token on a client without the token plugin")
            continue
        if vouched or _built_by(analysis, receiver, injecting):
            continue  # every client has the plugin, or a migrated wrapper adds the token
        # an untraced receiver: the operation's name says it is Copernica's
        gap(call, f"{name} is called without access_token on a client this check cannot trace")

    def dispatched(call, target, how: str) -> None:
        """A method picked by a name computed at run time, on a Copernica client or an untraced
        proxy: no codemod sees which operation, so only the plugin can add the token."""
        home = analysis.enclosing_function(call)
        if home is not None and TOKEN in analysis.code(home):
            return  # the function that makes the call adds the token to what it sends
        r = analysis.ref(target)
        if r is not None and analysis.is_call(r.origin):
            if analysis.is_copernica(r) and not has_plugin(analysis, r.origin):
                gap(call, f"a method called through {how} gets no access_token")
            return
        soapish = (r is not None and r.kind in ("service", "client")) or _soapish(analysis, target)
        if soapish and not vouched:
            gap(call, f"a method called through {how} gets no access_token")

    for call in analysis.raw.calls:
        if analysis.within_any(call, forwarders):
            continue
        f = call.func
        # getattr(svc, name)(params); fn = getattr(svc, name) ... fn(params)
        if analysis.plain_name(f) == "getattr" and len(analysis.args(call)) >= 2:
            parent = analysis.parent(call)
            if analysis.is_call(parent) and parent.func is call:
                continue  # called right away: looked at as that call (below)
            target, method = (a.value for a in analysis.args(call)[:2])
            if analysis.string(method) is None:
                dispatched(call, target, "getattr with a computed name, handed on")
            continue
        if analysis.is_call(f) and analysis.plain_name(f.func) == "getattr" and len(analysis.args(f)) >= 2:
            target, method = (a.value for a in analysis.args(f)[:2])
            if analysis.string(method) is None and not analysis.sends_token(call):
                dispatched(call, target, "getattr with a computed name")
        elif analysis.is_subscript(f) and not analysis.sends_token(call):
            dispatched(call, f.value, "service[name]")  # suds/zeep: client.service["Op"](params)

    for cls, _dotted in analysis.raw.classes:
        clients = [c for c in copernica_clients(analysis) if analysis.within_any(c, {cls})]
        if not clients or all(has_plugin(analysis, c) for c in clients):
            continue
        for name, method in analysis.methods(cls):
            if name in _FORWARDERS and TOKEN not in analysis.code(method):
                gap(method, f"{analysis.class_name(cls)}.{name} forwards calls without access_token")
    return sorted(set(out))


def _built_by(analysis: Analysis, receiver, classes: set[str]) -> bool:
    """`pom = PomSoapClient(...)` (or `self.pom = ...`), for a class among `classes` (simple names)."""
    if not classes or receiver is None:
        return False
    values = analysis.bound_values(receiver)
    return bool(values) and all(analysis.is_call(v) and analysis.code(v.func).rsplit(".", 1)[-1] in classes
                                for v in values)


def _soapish(analysis: Analysis, receiver) -> bool:
    """An untraced receiver that looks like a SOAP proxy: named so, or Copernica operations called on it."""
    text = analysis.code(receiver)
    tail = text.rsplit(".", 1)[-1].lower()
    return tail.endswith(("service", "client", "soap")) or bool(analysis.operations_on(text))


def _helper(analysis: Analysis, call):
    """The project function or method of `f("Op", ...)` / `self._call("Op", ...)`, when defined here."""
    args = analysis.args(call)
    first = args[0].value if args else None
    if first is None or analysis.string(first) is None:
        return None
    defs = analysis.local_definitions(call.func)
    return defs[0] if defs else None


def _forwarder_bodies(analysis: Analysis) -> set:
    return {s for cls, _ in analysis.raw.classes for name, s in analysis.methods(cls) if name in _FORWARDERS}
