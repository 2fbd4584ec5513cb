"""Plugin style: every Copernica zeep/suds client is built with the generated access-token plugin.

    import zeep
    client = zeep.Client(WSDL)
    ->
    import zeep
    from copernica_access_token import AccessTokenPlugin
    client = zeep.Client(WSDL, plugins=[AccessTokenPlugin()])

Call sites stay as they are: the plugin (templates/client/zeep_plugin.py.j2, suds_plugin.py.j2,
rendered next to this module by the rewrite engine after `request_plugin`) reads the token
from the environment when it is constructed, that is when the client is made, and adds
`access_token` to every call's parameters, dynamic calls included. The import is relative
(`from .copernica_access_token import ...`) when the module sits in a package, absolute otherwise.

zeep.Client/CachingClient/AsyncClient and suds' Client, however imported or aliased, count when
the scanner's analysis holds them for Copernica clients. An existing `plugins=[...]` list gets the
plugin appended; `plugins=<expression>` or `**options` (which may carry plugins) get a TODO, since
adding a keyword there could clash at run time. A construction already carrying AccessTokenPlugin
is left alone, and so is the client of a legacy wrapper class (COP003): codemods.wrapper_class
builds it with the token the wrapper's constructor now takes.

Run alone: python -m libcst.tool codemod -x codemods.token_plugin.TokenPluginCommand PATH
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import SkipFile
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider

from codemods._clients import (CLIENT_FACTORIES, SoapRef, analyse, append_item, descendants, enclosing, gone_with,
                               in_package, statement_of, wrapper_classes)
from codemods.registry import GONE, CopernicaCodemod, register

PLUGIN_CLASS = "AccessTokenPlugin"
SUDS_ALIAS = "SudsAccessTokenPlugin"
BUILT = f"{{flavour}} client built with {PLUGIN_CLASS} (token from ${{token_env}})"
TODO_PLUGINS = (f"add {PLUGIN_CLASS}() (generated module {{module}}) to this client's plugins; "
                "its plugins are not a list literal the tool can extend")
TODO_FACTORY = ("`{function}` builds this client from its parameter `{param}`: a caller may pass another "
                "service's WSDL, and the plugin would send that service the Copernica token; give "
                f"{PLUGIN_CLASS}() only to the Copernica clients, by hand")


@register(order=30, styles=("plugin",))
class TokenPluginCommand(CopernicaCodemod):
    DESCRIPTION = "Build Copernica zeep/suds clients with the generated access-token plugin."
    METADATA_DEPENDENCIES = (PositionProvider,)
    ONE_PASS = True

    def plan(self, tree: cst.Module) -> None:
        analysis = analyse(tree, self.context, self.project)
        self._flavours: dict[cst.Call, str] = {}  # client construction -> "zeep" | "suds"
        self.todos = {}  # statement -> TODO text (the base class writes them)
        wrappers = wrapper_classes(analysis, self.project)
        gone = self.context.scratch.get(GONE, set())
        for call in analysis.client_evidence:
            if not analysis.is_copernica(SoapRef("client", call)) or _has_plugin(call):
                continue
            if gone and gone_with(analysis, call, gone):
                continue  # `zeep.Client(W).service.login(...)`: the statement goes with the login
            if enclosing(analysis, call, (cst.ClassDef,)) in wrappers:
                continue  # codemods.wrapper_class gives a legacy wrapper's client the wrapper's own token
            factory = _wsdl_parameter(analysis, call)
            if factory is not None:
                self.todos.setdefault(statement_of(analysis, call), TODO_FACTORY.format(
                    function=factory[0], param=factory[1]))
                continue
            flavour = _flavour(analysis.qualified_names(call.func))
            if _appendable(call):
                self._flavours[call] = flavour
            else:
                module = self.plugin_module(flavour)
                self.todos.setdefault(statement_of(analysis, call), TODO_PLUGINS.format(module=module))
        if not self._flavours and not self.todos:
            raise SkipFile("no Copernica client to give the plugin")
        # zeep and suds clients in one module: the two plugin classes need two names
        self._mixed = len(set(self._flavours.values())) > 1
        self._tree = tree

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        flavour = self._flavours.get(original_node)
        if flavour is None:
            return updated_node
        module = self.plugin_module(flavour)
        alias = SUDS_ALIAS if self._mixed and flavour == "suds" else None
        relative = 1 if in_package(self.context) else 0
        if not _imported(self._tree, module, alias or PLUGIN_CLASS, relative):
            # AddImportsVisitor cannot see an existing relative import without the file's package
            AddImportsVisitor.add_needed_import(self.context, module, PLUGIN_CLASS, asname=alias,
                                                relative=relative)
        self.request_plugin(flavour)
        line = self.get_metadata(PositionProvider, original_node).start.line
        self.note_change(line, BUILT.format(flavour=flavour, token_env=self.token_env))
        return _with_plugin(updated_node, alias or PLUGIN_CLASS)




def _flavour(names: set[str]) -> str:
    return "suds" if any(n.startswith("suds.") for n in names & CLIENT_FACTORIES) else "zeep"


def _wsdl_parameter(analysis, call: cst.Call) -> tuple[str, str] | None:
    """(function, parameter) when the client's WSDL reads a parameter of the function that makes it
    (`def soap_client(wsdl=None): return zeep.Client(wsdl or COPERNICA_WSDL)`): the Copernica
    default proves nothing about what callers pass."""
    func = enclosing(analysis, call, (cst.FunctionDef,))
    if func is None:
        return None
    owner = enclosing(analysis, func, (cst.ClassDef, cst.FunctionDef))
    if any(word in n.name.value.lower() for n in (func, owner) if n is not None
           for word in ("copernica", "pomsoapclient")):
        return None  # `class CopernicaClient`, `def copernica_client(wsdl)`: made for Copernica
    p = func.params
    params = [q.name.value for q in (*p.posonly_params, *p.params, *p.kwonly_params)]
    if isinstance(owner, cst.ClassDef) and params:
        params = params[1:]  # self/cls: the instance's own attributes are no caller's choice
    positional = [a for a in call.args if a.keyword is None and not a.star][:1]
    named = [a for a in call.args if a.keyword is not None and a.keyword.value in ("wsdl", "url")]
    for arg in positional + named:
        for node in descendants(arg.value):
            if not (isinstance(node, cst.Name) and node.value in params):
                continue
            parent = analysis.parent(node)
            if isinstance(parent, (cst.Attribute, cst.Subscript)) or \
                    (isinstance(parent, cst.Arg) and parent.keyword is node):
                # `x.wsdl`, `f(wsdl=...)`: a name, not the parameter; `args.wsdl`, `config["wsdl"]`:
                # the program's own settings, not a WSDL a caller picks per client
                continue
            return func.name.value, node.value
    return None


def _plugins_arg(call: cst.Call) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == "plugins"), None)


def _has_plugin(call: cst.Call) -> bool:
    arg = _plugins_arg(call)
    if arg is None:
        return False
    return PLUGIN_CLASS in cst.Module([]).code_for_node(arg.value)


def _appendable(call: cst.Call) -> bool:
    if any(a.star == "**" for a in call.args):
        return False  # **options may already carry plugins=
    arg = _plugins_arg(call)
    return arg is None or isinstance(arg.value, cst.List)


def _with_plugin(call: cst.Call, name: str) -> cst.Call:
    arg = _plugins_arg(call)
    if arg is not None:  # plugins=[...]: append to the list, in its own layout
        plugins = arg.value
        assert isinstance(plugins, cst.List)
        new = cst.Element(cst.Call(func=cst.Name(name)))
        elements = append_item(plugins.elements, new, plugins.lbracket.whitespace_after,
                           isinstance(plugins.rbracket.whitespace_before, cst.ParenthesizedWhitespace))
        value = plugins.with_changes(elements=elements)
        return call.with_changes(args=[a.with_changes(value=value) if a is arg else a for a in call.args])
    new_arg = cst.Arg(value=cst.List([cst.Element(cst.Call(func=cst.Name(name)))]), keyword=cst.Name("plugins"),
                      equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
    return call.with_changes(args=append_item(call.args, new_arg, call.whitespace_before_args, False))


def _imported(tree: cst.Module, module: str, name: str, relative: int) -> bool:
    """`from [.]module import AccessTokenPlugin [as name]` already at the module's top level."""
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if (isinstance(small, cst.ImportFrom) and len(small.relative) == relative
                    and small.module is not None and cst.Module([]).code_for_node(small.module) == module
                    and not isinstance(small.names, cst.ImportStar)
                    and any((a.evaluated_alias or a.evaluated_name) == name for a in small.names)):
                return True
    return False
