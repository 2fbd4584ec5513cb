"""Codemod registry, django-upgrade style: each module in `codemods/` registers its command.

    @register(order=20, styles=("inline", "plugin"))
    class LoginStructCommand(CopernicaCodemod): ...

The rewrite engine imports every module of this package (pkgutil) and runs the
registered commands of the chosen style in `order`; it never names one.

How project-wide context reaches a codemod:
- constructor kwargs (also `--token-env` / `--style` under `python -m libcst.tool codemod`):
  `token_env` (env var that holds the access token) and `style` ("inline" or "plugin");
- `CodemodContext.scratch`, with the keys below. The engine fills PROJECT before the
  first codemod and reads the other keys after the last one. Keys are shared by every
  codemod run on the same file, in order, so a later codemod sees what an earlier one noted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
from dataclasses import dataclass
from typing import Callable, TypeVar

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand

from codemods.options import DEFAULT_STYLE, DEFAULT_TOKEN_ENV, STYLES  # noqa: F401 (re-exported)

TODO_MARKER = "TODO(copernica-migrate):"


def has_todo(statement: cst.CSTNode, text: str) -> bool:
    return any(line.comment is not None and TODO_MARKER in line.comment.value and text in line.comment.value
               for line in getattr(statement, "leading_lines", ()))


def with_todo(statement, text: str):
    """`statement` with `# TODO(copernica-migrate): text` right above it (once)."""
    if has_todo(statement, text):
        return statement
    line = cst.EmptyLine(comment=cst.Comment(f"# {TODO_MARKER} {text}"))
    return statement.with_changes(leading_lines=[*statement.leading_lines, line])

# --- CodemodContext.scratch keys -------------------------------------------------------------
# migrator.scan.contract.ProjectContext of the scan's first pass (wrapper classes, ...), or None
# when a codemod runs on its own under libcst.tool.
PROJECT = "copernica_migrate.project"
# set by the rewrite engine: the style's earlier codemods already ran on the tree a codemod gets
PIPELINE = "copernica_migrate.pipeline"
# list[str]: one line per edit, "line N: what changed" (the report's "what changed").
CHANGES = "copernica_migrate.changes"
# list[PluginRequest]: the plugin module a rewritten client needs next to this file.
PLUGIN_REQUESTS = "copernica_migrate.plugin_requests"
# list[str]: credentials the edit left unused, "name (line N)"; reported, never deleted.
UNUSED_CREDENTIALS = "copernica_migrate.unused_credentials"

# list[str]: credential literals an edit took out of the code (masked wherever the diff shows them).
SECRETS = "copernica_migrate.secrets"

# list[tuple[str, str]]: (owner, name) of what a codemod removed that other modules could read:
# a wrapper's credential attribute (owner: "`Class`"), a module-level credential (owner: "this
# module"); the completeness check looks for their readers in the module's group
REMOVED_NAMES = "copernica_migrate.removed_names"

# list[tuple[int, frozenset[str]]]: (line, the literals its account comes from) of each wrapper
# construction that stops passing its account: one token variable serves one account, so the
# completeness check compares them within each group of modules (one program)
ACCOUNTS = "copernica_migrate.accounts"

SCRATCH_LISTS = (CHANGES, PLUGIN_REQUESTS, UNUSED_CREDENTIALS, SECRETS, REMOVED_NAMES, ACCOUNTS)

# set by the engine's one pass (migrator/rewrite/one_pass.py): set[int], ids of original nodes
# an earlier codemod removes (the statements before planning; everything under them after the
# visit), for codemods that must not count what is gone ("every reader of this name went")
GONE = "copernica_migrate.gone"
# dict, shared by the codemods of one file: id(metadata wrapper) -> (wrapper, the scanner's
# analysis of its module), so codemods planned on one tree build the analysis once
ANALYSES = "copernica_migrate.analyses"

# Module generated next to the client module, per flavour (templates/client/<flavour>_plugin.py.j2).
PLUGIN_MODULES = {"zeep": "copernica_access_token", "suds": "copernica_access_token_suds"}


@dataclass(frozen=True)
class PluginRequest:
    flavour: str  # "zeep" or "suds"
    module: str  # module name without .py, placed in the requesting file's folder


def plugin_module(flavour: str, filename: str | None) -> str:
    """The plugin module's name next to `filename`. In a Django `management/commands` folder
    it starts with `_`: Django takes every other module there for a command."""
    name = PLUGIN_MODULES[flavour]
    folder = os.path.dirname(os.path.abspath(filename)) if filename else ""
    return f"_{name}" if folder.endswith(os.path.join("management", "commands")) else name


# libcst's matcher decorators (libcst.matchers.visit, call_if_inside, ...) mark a method with these
_MATCHER_MARKS = ("_call_if_inside_matcher", "_call_if_not_inside_matcher", "_visit_matcher", "_leave_matcher")


class CopernicaCodemod(VisitorBasedCodemodCommand):
    """Base for our codemods: the shared options, and helpers to note changes in the scratch.

    Our codemods use no matcher decorators and no per-attribute hooks (visit_Call_func, ...), so
    they visit as a plain CSTTransformer does: libcst's matcher machinery inspects every method
    of the class for each instance and checks every node against its (empty) matcher lists, which
    costs more than the transform itself on a small module. A subclass that does use them gets
    libcst's behaviour back (see __init_subclass__)."""

    _plain: bool = True

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._plain = not _uses_matchers(cls)
        if cls._plain:
            hooks = _uses_attribute_hooks(cls)
            cls.on_visit_attribute = cst.CSTTransformer.on_visit_attribute if hooks else _no_attribute_hook
            cls.on_leave_attribute = cst.CSTTransformer.on_leave_attribute if hooks else _no_attribute_hook

    def __init__(self, context: CodemodContext, token_env: str = DEFAULT_TOKEN_ENV,
                 style: str = DEFAULT_STYLE) -> None:
        if self._plain:
            Codemod.__init__(self, context)
            cst.CSTTransformer.__init__(self)
        else:
            super().__init__(context)
        if style not in STYLES:
            raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
        if not token_env.isidentifier():  # it is rendered into code
            raise ValueError(f"token_env must be an identifier, not {token_env!r}")
        self.token_env = token_env
        self.style = style
        # original statement -> the TODO text a codemod planned for it; on_leave writes it above
        self.todos: dict[cst.CSTNode, str] = {}

    def on_visit(self, node):
        if self._plain:
            return cst.CSTTransformer.on_visit(self, node)
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):
        if self._plain:
            updated_node = cst.CSTTransformer.on_leave(self, original_node, updated_node)
        else:
            updated_node = super().on_leave(original_node, updated_node)
        text = self.todos.get(original_node)
        if text is not None and isinstance(updated_node, cst.CSTNode):
            return with_todo(updated_node, text)
        return updated_node

    # May the engine plan this codemod on the file as parsed, next to the other such codemods,
    # and apply them all in one pass (migrator/rewrite/one_pass.py)? Only for codemods whose
    # decisions do not read what an earlier codemod wrote; `doomed` tells them what goes.
    ONE_PASS = False

    @classmethod
    def one_pass(cls) -> bool:
        """ONE_PASS, and visiting as a plain transformer (the one pass calls no matcher or
        attribute hooks)."""
        return cls.ONE_PASS and cls._plain and cls.on_visit_attribute is _no_attribute_hook

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self.plan(tree)
        return self.finish(tree.visit(self))

    def plan(self, tree: cst.Module) -> None:
        """Decide what to change on the tree as this codemod gets it; SkipFile when nothing."""

    def finish(self, tree: cst.Module) -> cst.Module:
        """After the visit: report what only the whole visit knows."""
        return tree

    def watched(self) -> set[int] | None:
        """ids of the original nodes where `on_leave` does more than the `leave_X` hooks (the one
        pass calls it only there): the planned TODOs; None (every node) for a codemod with an
        `on_leave` of its own, unless it says otherwise."""
        if type(self).on_leave is not CopernicaCodemod.on_leave:
            return None
        return {id(node) for node in self.todos}

    def doomed(self) -> set[int]:
        """ids of the original nodes this codemod removes (with what is under them): in one pass,
        the codemods after it never see them, as they would not see them in a tree of their own."""
        return set()

    def transform_module(self, tree):
        if self.context.scratch.get(PIPELINE):
            # the engine settles imports once per file, after the last codemod (codemods/_imports.py)
            return Codemod.transform_module(self, tree)
        return super().transform_module(tree)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--token-env", dest="token_env", default=DEFAULT_TOKEN_ENV,
                                help="environment variable that holds the access token")
        arg_parser.add_argument("--style", dest="style", choices=STYLES, default=DEFAULT_STYLE,
                                help="inline: token in each call; plugin: a zeep/suds plugin adds it")

    def _scratch_list(self, key: str) -> list:
        return self.context.scratch.setdefault(key, [])

    def note_change(self, line: int, text: str) -> None:
        self._scratch_list(CHANGES).append(f"line {line}: {text}")

    def note_unused_credential(self, text: str) -> None:
        items = self._scratch_list(UNUSED_CREDENTIALS)
        if text not in items:
            items.append(text)

    def note_removed_name(self, owner: str, name: str) -> None:
        items = self._scratch_list(REMOVED_NAMES)
        if (owner, name) not in items:
            items.append((owner, name))

    def note_account(self, line: int, sources: frozenset[str]) -> None:
        if sources:
            self._scratch_list(ACCOUNTS).append((line, sources))

    def note_secret(self, value: str) -> None:
        items = self._scratch_list(SECRETS)
        if value and value not in items:
            items.append(value)

    def plugin_module(self, flavour: str) -> str:
        return plugin_module(flavour, self.context.filename)

    def request_plugin(self, flavour: str) -> None:
        items = self._scratch_list(PLUGIN_REQUESTS)
        request = PluginRequest(flavour, self.plugin_module(flavour))
        if request not in items:
            items.append(request)

    @property
    def project(self):  # migrator.scan.contract.ProjectContext | None
        return self.context.scratch.get(PROJECT)


def _uses_matchers(cls: type) -> bool:
    return any(hasattr(getattr(cls, name, None), mark) for name in dir(cls)
               if name.startswith(("visit", "leave")) for mark in _MATCHER_MARKS)


def _uses_attribute_hooks(cls: type) -> bool:
    """visit_<Node>_<attribute> / leave_<Node>_<attribute> overridden (node names have no `_`)."""
    for name in dir(cls):
        head, _, rest = name.partition("_")
        if head in ("visit", "leave") and "_" in rest \
                and getattr(cls, name) is not getattr(cst.CSTTransformer, name, None):
            return True
    return False


def _no_attribute_hook(self, node, attribute) -> None:
    return None


@dataclass(frozen=True)
class Registered:
    command: type[CopernicaCodemod]
    order: int
    styles: tuple[str, ...]
    # The scan rules whose findings this codemod fixes. The engine skips it on a file with
    # none of them (it would find nothing to do, at the cost of a full libcst pass);
    # None: it runs on every file (e.g. wiring the token into a client).
    rules: tuple[str, ...] | None = None

    def applies(self, codes: frozenset[str] | None) -> bool:
        return self.rules is None or codes is None or bool(codes.intersection(self.rules))

    @property
    def name(self) -> str:
        return f"{self.command.__module__}.{self.command.__qualname__}"


_REGISTRY: dict[str, Registered] = {}

C = TypeVar("C", bound=type)


def register(order: int, styles: tuple[str, ...] = STYLES,
             rules: tuple[str, ...] | None = None) -> Callable[[C], C]:
    unknown = set(styles) - set(STYLES)
    if unknown:
        raise ValueError(f"unknown style(s) {sorted(unknown)}")

    def decorate(cls: C) -> C:
        entry = Registered(cls, order, tuple(styles), tuple(rules) if rules is not None else None)
        previous = _REGISTRY.get(entry.name)
        if previous is not None and previous.command is not cls:
            raise RuntimeError(f"codemod {entry.name} registered twice")
        _REGISTRY[entry.name] = entry
        return cls

    return decorate


def load_all() -> None:
    """Import every module of the codemods package so their @register calls run."""
    package = importlib.import_module(__package__ or "codemods")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "registry" and not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")


def for_style(style: str) -> list[Registered]:
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    load_all()
    return sorted((r for r in _REGISTRY.values() if style in r.styles),
                  key=lambda r: (r.order, r.name))


def by_name(name: str) -> Registered:
    load_all()
    return _REGISTRY[name]
