"""Plugin style as direct edits: codemods/token_plugin.py's `plugins=[AccessTokenPlugin()]` for a
Copernica zeep or suds client whose arguments end on the closing parenthesis.

A client in a legacy wrapper class, one built from a function's parameter (a TODO), one that
already has `plugins=` or `**options`, zeep and suds clients in one module, or arguments laid out
over lines with a trailing comma are the codemod's (CannotEdit).
"""

from __future__ import annotations

import ast

from codemods.registry import PluginRequest, plugin_module
from codemods.token_plugin import BUILT, PLUGIN_CLASS, _flavour
from migrator.rewrite.direct.plan import Plan, give_up
from migrator.rewrite.direct.text import Edit
from migrator.scan.python.facts import SoapRef


def plan(p: Plan, wrappers: set[str]) -> None:
    a = p.analysis
    flavours: list[tuple[ast.Call, str]] = []
    for call in a.client_evidence:
        if not a.is_copernica(SoapRef("client", call)):
            continue
        if any(k.arg == "plugins" or k.arg is None for k in call.keywords):
            give_up("a client with plugins= or **options")
        if p.gone(call):
            continue
        _outside_wrappers(p, call, wrappers)
        _not_from_parameter(p, call)
        flavours.append((call, _flavour(a.qualified_names(call.func))))
    if len({f for _, f in flavours}) > 1:
        give_up("zeep and suds clients in one module")
    for call, flavour in flavours:
        p.edits.extend(_plugin_argument(p, call, f"plugins=[{PLUGIN_CLASS}()]"))
        module = plugin_module(flavour, p.filename)
        line = f"from {'.' if p.package else ''}{module} import {PLUGIN_CLASS}"
        if line not in p.adds and not _imported(a, module, 1 if p.package else 0):
            p.adds.append(line)
        request = PluginRequest(flavour, module)
        if request not in p.plugin_requests:
            p.plugin_requests.append(request)
        p.note_change(call.lineno, BUILT.format(flavour=flavour, token_env=p.token_env), call)


def _outside_wrappers(p: Plan, call: ast.Call, wrappers: set[str]) -> None:
    a = p.analysis
    node = a.parent(call)
    while node is not None:
        if isinstance(node, ast.ClassDef):
            own = {getattr(w.node, "node", w.node) for w in a.wrapper_classes}  # ast: a ClassRef
            qualified = {f"{a.module_name}.{d}" if a.module_name else d for cls, d in a.raw.classes if cls is node}
            if node in own or qualified & wrappers:
                give_up("a client in a legacy wrapper class")
        node = a.parent(node)


def _not_from_parameter(p: Plan, call: ast.Call) -> None:
    """A client built inside a function that takes parameters, one of them read in its WSDL
    argument: the codemod decides (often a TODO)."""
    a = p.analysis
    node = a.parent(call)
    while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        node = a.parent(node)
    if node is None:
        return
    params = {arg.arg for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
    wsdl = [*call.args[:1], *(k.value for k in call.keywords if k.arg in ("wsdl", "url"))]
    if any(isinstance(n, ast.Name) and n.id in params for w in wsdl for n in ast.walk(w)):
        give_up("a client built from a parameter")


def _imported(a, module: str, relative: int) -> bool:
    """`from [.]module import AccessTokenPlugin` at the module's top level; any other import from
    that module is the codemod's (libcst would merge into it)."""
    found = False
    for node in a.raw.parents:
        if isinstance(node, ast.ImportFrom) and node.module == module:
            if not (a.parent(node) is a.tree and node.level == relative
                    and any(n.name == PLUGIN_CLASS and n.asname is None for n in node.names)):
                give_up("another import from the plugin module")
            found = True
    return found



def _plugin_argument(p: Plan, call: ast.Call, argument: str) -> list[Edit]:
    """`argument` appended to the call's arguments in their own layout, as _clients.append_item
    appends it: on a line of its own after a last argument with a trailing comma and a line break,
    else `, argument` right after the last argument."""
    spans = sorted(p.offsets(arg) for arg in [*call.args, *call.keywords])
    if not spans:
        give_up("a client with no arguments")
    text = p.source.text
    close = p.source.offsets(call)[1] - 1  # the call's `)`
    last_end = spans[-1][1]
    tail = text[last_end:close]  # the last argument's comma and what follows it, if any
    if text[close] != ")" or (tail.strip() and not tail.lstrip().startswith(",")):
        give_up("a client whose arguments end in something unexpected")
    comma = tail.lstrip(" \t").startswith(",")
    if not comma or "\n" not in tail:
        return [Edit(last_end, last_end, ", " + argument)]
    if len(spans) > 1:
        separator = text[spans[-2][1]:spans[-1][0]]  # the comma (and line break) before the last one
    else:
        separator = text[text.index("(", p.source.offsets(call.func)[1]) + 1:spans[0][0]]  # after `(`
    if "\n" not in separator:
        opening = text[text.index("(", p.source.offsets(call.func)[1]) + 1:spans[0][0]]
        return [Edit(last_end, last_end, ("," + opening if "\n" in opening else ", ") + argument)]
    line_start = last_end + tail.rindex("\n") + 1  # the `)` line
    return [Edit(line_start, line_start, separator.rsplit("\n", 1)[1] + argument + ",\n")]
