"""COP004: code that builds a legacy wrapper stops passing the credentials.

    soap = PomSoapClient(URL, os.environ["COPERNICA_USER"], ACCOUNT, PASSWORD, "utf-8")
    ->
    soap = PomSoapClient(URL, charset="utf-8")

Runs in every module of the tree: the wrapper classes come from the scan's first
pass (`project.wrapper_classes`, by qualified name), so a construction in another
module is found through its imports. The constructor's parameters are read from
the defining module as it is on disk, and the codemods before this one are run on
it to see what it will become: when it then takes `access_token` (and reads the environment
itself when given none), the credential arguments are dropped, positional or
keyword, and later positional arguments are passed by keyword (their place
moved). When the class cannot be migrated (its own TODO says why), or the call
hands its arguments on with `*args`/`**kwargs`, the site gets a TODO instead.
Dropped credentials are reported when they were names bound only for this call
or environment variables nothing else here reads; nothing is deleted elsewhere.

Alone (no `rewrite` project), the wrappers come from the modules this one imports
from its own source tree: run it before the wrapper class codemod, which changes them.

Run alone: python -m libcst.tool codemod -x codemods.wrapper_construction.WrapperConstructionCommand PATH
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile
from libcst.codemod.visitors import RemoveImportsVisitor

from codemods import _session as s
from codemods import registry
from codemods.registry import PIPELINE, PROJECT, register
from codemods.wrapper_class import credential_params, takes_token
from migrator.scan.contract import ProjectContext
from migrator.scan.discover import module_name, path_module
from migrator.scan.python import evidence
from migrator.scan.python.analysis import ModuleAnalysis

ORDER = 80
TODO_STAR = "builds {name} with *args/**kwargs; pass `access_token` instead of the credentials (COP004)"
TODO_UNMIGRATED = ("{name} still takes credentials: its class could not be migrated (see the reason given for "
                   "the class); pass an access token once it takes one (COP004)")
TODO_AMBIGUOUS = ("super().__init__(...) hands credentials on from a class with more than one base: which "
                  "class gets them depends on the method resolution order; pass {name} the access token by "
                  "hand (COP004)")
TODO_PARTIAL = ("functools.partial binds arguments of {name} that later calls add to: the migration does not "
                "follow them; pass `access_token` by hand (COP004)")
TODO_UNBOUND = "builds {name} with more arguments than its constructor takes; pass `access_token` by hand (COP004)"
TODO_SUBCLASS = ("{name} subclasses {base} with an __init__ of its own that takes credentials: the migration "
                 "rewrites {base}'s constructor, not a subclass's; if {name}.__init__ only hands them to "
                 "{base}, delete it (the migrated one is inherited), then run again (COP004)")


@dataclass(frozen=True)
class Signature:
    params: tuple[str, ...]  # constructor parameters after self, in order
    credentials: tuple[int, ...]  # indexes of the credential parameters
    migrated: bool  # the COP003 codemod gives it an `access_token` parameter
    inherited: bool = False  # no __init__ of its own: a base class's constructor runs


def _find_class(module: cst.Module, dotted: str) -> cst.ClassDef | None:
    body, found = module.body, None
    for part in dotted.split("."):
        found = next((st for st in body if isinstance(st, cst.ClassDef) and st.name.value == part), None)
        if found is None:
            return None
        body = found.body.body
    return found


def _base_in(analysis: ModuleAnalysis, qualified: str) -> str | None:
    for cls, dotted in analysis.raw.classes:
        mine = f"{analysis.module_name}.{dotted}" if analysis.module_name else dotted
        if mine != qualified:
            continue
        for base in cls.bases:
            # resolved as the analysis resolves names (relative imports too: `from .client import Api`)
            found = analysis.wrapper_name(analysis.qualified_names(base.value) - {qualified})
            if found is not None and found != qualified:
                return found
    return None


def _init(cls: cst.ClassDef) -> cst.FunctionDef | None:
    return next((st for st in cls.body.body if isinstance(st, cst.FunctionDef)
                 and st.name.value == "__init__"), None)


@functools.lru_cache(maxsize=64)
def signature(code: str, filename: str | None, dotted: str, style: str, token_env: str,
              root: str | None, wrappers: frozenset, after: str | None = None) -> Signature | None:
    """The constructor of class `dotted` in `code` now, and whether COP003 migrates it.
    `after`: what the earlier codemods made of `code`, when the caller has it (the engine's
    pipeline, for a class of the module being rewritten): then they need not run again."""
    # the earlier codemods must know the class as a wrapper even once its login call is gone
    project = ProjectContext(Path(root or "."), token_env, dict(wrappers))
    module = cst.parse_module(code)
    cls = _find_class(module, dotted)
    init = _init(cls) if cls is not None else None
    if init is None:  # inherited, or a class this module does not show: no constructor to rely on
        return Signature((), (), False, inherited=True)
    if takes_token(init):
        return None
    params = tuple(p.name.value for p in init.params.params[1:])
    credentials = tuple(credential_params(init.params.params[1:]))
    rewritten = cst.parse_module(after) if after is not None else module
    for entry in registry.for_style(style):  # what the rewrite makes of the defining module
        if entry.order >= ORDER or after is not None:
            break
        # PIPELINE: the imports they would add or remove say nothing about a constructor
        context = CodemodContext(filename=filename, scratch={PROJECT: project, PIPELINE: True})
        try:
            rewritten = entry.command(context, token_env=token_env, style=style).transform_module(rewritten)
        except SkipFile:
            continue
    new_cls = _find_class(rewritten, dotted)
    new_init = _init(new_cls) if new_cls is not None else None
    return Signature(params, credentials, takes_token(new_init))


@register(order=ORDER, styles=("inline", "plugin"), rules=("COP004",))
class WrapperConstructionCommand(s.SessionCodemod):
    DESCRIPTION = "Stop passing credentials to legacy wrapper constructors (COP004)."

    def needles(self) -> tuple[str, ...]:
        if self.project is None:
            return ()  # alone: the imports decide
        return ("login", *(n.lower() for n in self.project.wrapper_simple_names()))

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        if self.project is None and self.context.filename:
            # alone (libcst.tool): the wrappers this module imports from its own tree
            self.context.scratch[PROJECT] = imported_wrappers(tree, self.context.filename)
        self.analysis = s.analyse(tree, self.context, self.project)
        if not self.analysis.wrapper_constructions:
            return tree  # nothing to do: "no legacy wrapper constructed here"
        self.edits = s.StatementEdits(self.context)
        self._code = tree.code
        self._dropped: list[cst.BaseExpression] = []
        for site in self.analysis.wrapper_constructions:
            if site.ambiguous or site.partial:  # super() past mixins or another service's client; a partial
                todo = TODO_AMBIGUOUS if site.ambiguous else TODO_PARTIAL
                self.edits.plan_todo(s.statement_of(self.analysis, site.node), todo.format(
                    name=site.qualified_name.rsplit(".", 1)[-1]))
                continue
            self._plan(site.node, site.qualified_name, site.self_arg)
        if not self.edits:
            return tree  # nothing to do: "no credentials passed to a wrapper"
        return super().transform_module_impl(tree)

    def _signature(self, qualified: str, depth: int = 0) -> Signature | None:
        sig = self._own_signature(qualified)
        if sig is not None and sig.inherited and depth < 5:
            base = self._wrapper_base(qualified)
            return self._signature(base, depth + 1) if base else sig
        return sig

    def _wrapper_base(self, qualified: str) -> str | None:
        """`class ShopClient(PomSoapClient)`, here or in its own module: the wrapper base it inherits from."""
        found = _base_in(self.analysis, qualified)
        project = self.project
        path = project.wrapper_classes.get(qualified) if project is not None else None
        if found is None and path is not None:
            filename = os.path.join(str(project.root), path)
            try:
                with open(filename, "rb") as fh:
                    tree = cst.parse_module(fh.read())
            except (OSError, cst.ParserSyntaxError):
                return None
            found = _base_in(ModuleAnalysis(tree, path, module_name(filename, str(project.root)),
                                            known_wrappers=project.wrapper_classes), qualified)
        return found

    def _own_signature(self, qualified: str) -> Signature | None:
        project = self.project
        path = project.wrapper_classes.get(qualified) if project is not None else None
        here = self.context.filename
        pipeline = bool(self.context.scratch.get(PIPELINE))
        after = None
        if path is not None:
            filename = os.path.join(str(project.root), path)
            try:
                with open(filename, "rb") as fh:
                    code = cst.parse_module(fh.read()).code
            except (OSError, cst.ParserSyntaxError):
                return None
            module = module_name(filename, str(project.root)) or self.analysis.module_name
            if pipeline and here and os.path.abspath(filename) == os.path.abspath(here):
                after = self._code  # this module: the earlier codemods made this of it
        else:  # defined in this module (or unknown to the project): the tree we were given
            code, filename, module = self._code, here, self.analysis.module_name
            if pipeline:
                after = self._code  # already past the earlier codemods: running them again changes nothing
        alias = path_module(filename, str(project.root)) if project is not None and filename else None
        if module and qualified.startswith(module + "."):
            dotted = qualified[len(module) + 1:]
        elif alias and qualified.startswith(alias + "."):
            dotted = qualified[len(alias) + 1:]  # the wrapper's name by folders (a namespace package)
        else:
            dotted = qualified
        root = str(project.root) if project is not None else None
        wrappers = dict(project.wrapper_classes) if project is not None else {}
        wrappers.setdefault(qualified, filename or "<module>")
        wrappers = frozenset(wrappers.items())
        return signature(code, filename, dotted, self.style, self.token_env, root, wrappers, after)

    def _plan(self, call: cst.Call, qualified: str, self_arg: bool = False) -> None:
        name = qualified.rsplit(".", 1)[-1]
        sig = self._signature(qualified)
        if sig is not None and sig.inherited:
            self.edits.plan_todo(s.statement_of(self.analysis, call), TODO_UNMIGRATED.format(name=name))
            return  # a subclass whose wrapper base the tool cannot see
        if sig is None or not sig.credentials:
            return  # no constructor to read, or one that takes no credentials
        if any(a.keyword is not None and a.keyword.value == "access_token" for a in call.args):
            return
        statement = s.statement_of(self.analysis, call)
        if any(a.star for a in call.args):
            self.edits.plan_todo(statement, TODO_STAR.format(name=name))
            return
        bound = self._bind(call, sig, self_arg)
        if any(i >= len(sig.params) for i in bound.values()):
            self.edits.plan_todo(statement, TODO_UNBOUND.format(name=name))
            return  # more arguments than the constructor has parameters: not the call it seems
        if not any(i in sig.credentials for i in bound.values()):
            return  # nothing to drop: already migrated, or the credentials are defaulted
        if not sig.migrated:
            base = self._wrapper_base(qualified)
            self.edits.plan_todo(statement, TODO_SUBCLASS.format(name=name, base=base.rsplit(".", 1)[-1])
                                 if base else TODO_UNMIGRATED.format(name=name))
            return
        first = sig.credentials[0]
        for arg in call.args:
            if bound.get(id(arg)) in sig.credentials:
                self._dropped.append(arg.value)
                kind = evidence.credential_param(sig.params[bound[id(arg)]])  # within params: checked above
                if kind == "account":
                    self.note_account(self.analysis.location(call).line, frozenset(
                        v for v in (s.string_value(n) for n in self.analysis._literal_sources(arg.value)) if v))
                elif kind in ("password", "user"):
                    # a literal passed by position is no finding of the scan's (it cannot see the
                    # wrapper's parameters from here), but the diff shows it: mask it there
                    for literal in self.analysis._literal_sources(arg.value):
                        self.note_secret(s.string_value(literal) or "")
        self.edits.plan_replace(call, functools.partial(_without_credentials, call=call, bound=bound, sig=sig,
                                                        first=first))
        self.note_change(self.analysis.location(call).line,
                         f"`{name}(...)` no longer gets credentials; it reads ${self.token_env}")

    @staticmethod
    def _bind(call: cst.Call, sig: Signature, self_arg: bool = False) -> dict[int, int]:
        """id(arg) -> index of the parameter it fills (`Base.__init__(self, ...)`: `self` fills none)."""
        out: dict[int, int] = {}
        positional = [a for a in call.args if a.keyword is None]
        for position, arg in enumerate(positional[1:] if self_arg else positional):
            out[id(arg)] = position
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in sig.params:
                out[id(arg)] = sig.params.index(arg.keyword.value)
        return out

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        for value in self._dropped:
            RemoveImportsVisitor.remove_unused_import_by_node(self.context, value)
            for env in s.env_names(value):  # the dropped argument was its only mention here
                if self._code.count(f'"{env}"') + self._code.count(f"'{env}'") <= 1:
                    self.note_unused_credential(f"environment variable {env}")
        self.note_unused_names(self._dropped)
        return updated_node


def imported_wrappers(tree: cst.Module, filename: str) -> ProjectContext | None:
    """Pass 1 of the scan on the modules `tree` imports from the same source tree, or None."""
    folder = os.path.dirname(os.path.abspath(filename))
    root = folder
    while os.path.exists(os.path.join(root, "__init__.py")) and os.path.dirname(root) != root:
        root = os.path.dirname(root)  # above the top package
    here = module_name(os.path.abspath(filename), root) or ""
    package = here if os.path.basename(filename) == "__init__.py" else here.rpartition(".")[0]
    wrappers: dict[str, str] = {}
    for statement in tree.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if not isinstance(small, cst.ImportFrom) or small.module is None and not small.relative:
                continue
            name = cst.Module([]).code_for_node(small.module) if small.module is not None else ""
            if small.relative:
                base = package.split(".") if package else []
                base = base[:len(base) - (len(small.relative) - 1)] if len(small.relative) > 1 else base
                name = ".".join([*base, name] if name else base)
            for candidate in (name.replace(".", os.sep) + ".py", os.path.join(name.replace(".", os.sep), "__init__.py")):
                path = os.path.join(root, candidate)
                if name and os.path.isfile(path):
                    wrappers.update(_wrappers_in(path, name, candidate))
    return ProjectContext(Path(root), wrapper_classes=wrappers) if wrappers else None


def _wrappers_in(path: str, module: str, relative: str) -> dict[str, str]:
    try:
        with open(path, "rb") as fh:
            analysis = ModuleAnalysis(cst.parse_module(fh.read()), relative, module)
    except (OSError, cst.ParserSyntaxError, UnicodeDecodeError):
        return {}
    return {w.qualified_name: relative for w in analysis.wrapper_classes}


def _without_credentials(updated: cst.Call, *, call: cst.Call, bound: dict, sig: Signature,
                         first: int) -> cst.Call:
    args = []
    for old, new in zip(call.args, updated.args):
        index = bound.get(id(old))
        if index in sig.credentials:
            continue
        if new.keyword is None and index is not None and index > first:
            # its place moved: the credentials it came after are gone
            new = new.with_changes(keyword=cst.Name(sig.params[index]),
                                   equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))
        args.append(new)
    commas = [a.comma for a in updated.args]
    args = [a.with_changes(comma=commas[i] if i < len(args) - 1 else _closing(a.comma, commas[-1]))
            for i, a in enumerate(args)]
    return _compact(updated, updated.with_changes(args=args))


def _closing(own, last):
    """The comma of the new last argument: the old last one's (it leads to the closing
    parenthesis), unless a comment rides on its own; then its own, ending like the old last."""
    if not (isinstance(own, cst.Comma) and "#" in cst.Module([]).code_for_node(own)):
        return last
    if isinstance(last, cst.Comma) and isinstance(own.whitespace_after, cst.ParenthesizedWhitespace) \
            and isinstance(last.whitespace_after, cst.ParenthesizedWhitespace):
        return own.with_changes(whitespace_after=own.whitespace_after.with_changes(
            indent=last.whitespace_after.indent, last_line=last.whitespace_after.last_line))
    return own


def _compact(before: cst.Call, after: cst.Call) -> cst.Call:
    """`Pom(\n    URL,\n)` -> `Pom(URL)`: a call exploded one argument a line for the credentials
    reads badly once they are gone; kept as it was when it holds comments or would be long."""
    code = cst.Module([]).code_for_node
    if "\n" not in code(before) or "#" in code(after):
        return after
    last = len(after.args) - 1
    one_line = after.with_changes(
        whitespace_before_args=cst.SimpleWhitespace(""),
        args=[a.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""),
                             comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < last
                             else cst.MaybeSentinel.DEFAULT)
              for i, a in enumerate(after.args)])
    text = code(one_line)
    return one_line if "\n" not in text and len(text) <= 72 else after
