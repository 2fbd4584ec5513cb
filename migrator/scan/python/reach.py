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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import libcst as cst

from migrator.scan.python.analysis import ModuleAnalysis

PLUGIN_CLASS = "AccessTokenPlugin"
TOKEN = "access_token"
_FORWARDERS = frozenset({"__getattr__", "__getattribute__", "__call__", "call"})


@dataclass(frozen=True, order=True)
class Gap:
    path: str
    line: int
    reason: str


def has_plugin(call: cst.Call) -> bool:
    return any(a.keyword is not None and a.keyword.value == "plugins"
               and PLUGIN_CLASS in cst.Module([]).code_for_node(a.value) for a in call.args)


def copernica_clients(analysis: ModuleAnalysis) -> list[cst.Call]:
    from migrator.scan.python.analysis import SoapRef

    return [c for c in analysis.client_evidence if analysis.is_copernica(SoapRef("client", c))]


def all_plugged(analyses: Iterable[ModuleAnalysis]) -> bool:
    """Every Copernica client made in the tree carries the token plugin (and there is one)."""
    clients = [c for a in analyses for c in copernica_clients(a)]
    return bool(clients) and all(has_plugin(c) for c in clients)


def gaps(analysis: ModuleAnalysis, style: str, tree_plugged: bool) -> list[Gap]:
    out: list[Gap] = []

    def gap(node: cst.CSTNode, reason: str) -> None:
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
        if TOKEN in analysis.call_params(call):
            continue
        r = analysis.ref(receiver) if receiver is not None else None
        if r is not None and r.kind == "wrapper":
            continue  # the wrapper class answers for its calls (checked below)
        if r is not None and isinstance(r.origin, cst.Call):
            if analysis.is_copernica(r) and not has_plugin(r.origin):
                gap(call, f"{name} is called without access_token on a client without the token plugin")
            continue
        untraced_service = (r is not None and r.kind == "service") or (
            isinstance(receiver, cst.Attribute) and receiver.attr.value == "service")
        if untraced_service and not (style == "plugin" and tree_plugged):
            gap(call, f"{name} is called without access_token on a client this check cannot trace")

    for cls, _dotted in analysis.raw.classes:
        clients = [c for c in copernica_clients(analysis) if analysis.within_any(c, {cls})]
        if not clients or all(has_plugin(c) for c in clients):
            continue
        for statement in cls.body.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value in _FORWARDERS \
                    and TOKEN not in analysis.code(statement):
                gap(statement, f"{cls.name.value}.{statement.name.value} forwards calls without access_token")
    return sorted(set(out))


def _forwarder_bodies(analysis: ModuleAnalysis) -> set:
    return {s for cls, _ in analysis.raw.classes for s in cls.body.body
            if isinstance(s, cst.FunctionDef) and s.name.value in _FORWARDERS}
