"""The rewrite's direct edits: the common migration made as text edits planned on the scan's ast
analysis, pyupgrade-style, with no libcst parse, scope or pass.

The libcst codemods (codemods/) stay the one definition of every fix: this path follows their
decisions and imports their messages. It takes only files whose findings are COP001/COP002, in
plugin style, and only in shapes where it reproduces the codemods' output byte for byte and their
report word for word; tests/rewrite/test_direct_equivalence.py holds it to that on every corpus
program, on tests/rewrite/direct_cases/ and on line-by-line variants. Anything it does not model
raises CannotEdit, and the file goes to the codemods as before.

One file: remove_login, login_struct and token_plugin plan (in the codemods' order, each seeing
what the ones before it remove), removals takes the statements out, imports settles the imports.
"""

from __future__ import annotations


from codemods._clients import package_folder
from migrator.rewrite.direct import imports, login_struct, remove_login, removals, token_plugin
from migrator.rewrite.direct.plan import Plan
from migrator.rewrite.direct.text import CannotEdit, apply
from migrator.rewrite.model import Notes
from migrator.scan.discover import module_name
from migrator.scan.python import ast_analysis

RULES = frozenset({"COP001", "COP002"})  # what it fixes; a file with any other finding is the codemods'


def edit(data: bytes, path: str, style: str, token_env: str, project,
         rules: frozenset[str] | None) -> tuple[str, Notes] | None:
    """The file rewritten by direct edits and what the report says of it, or None when the
    codemods must do it."""
    if style != "plugin" or not rules or not rules <= RULES or not token_env.isidentifier():
        return None
    if b"\r" in data or b"\f" in data or not data.endswith(b"\n") or data.startswith(b"\xef\xbb\xbf"):
        return None  # layouts the text helpers do not model
    name = module_name(path, str(project.root)) if project is not None else None
    analysis = ast_analysis.analyse(path, data, name, project)
    if analysis is None or analysis.source.text.encode("utf-8") != data:
        return None  # not modelled, or not UTF-8 (libcst writes the file's own encoding)
    plan = Plan(analysis, token_env, path, package_folder(path))
    try:
        sources = remove_login.plan(plan) if "COP001" in rules else []
        if "COP002" in rules:
            login_struct.plan(plan)
        token_plugin.plan(plan, set(project.wrapper_classes) if project is not None else set())
        removals.drop(plan)
        imports.add(plan)
        text = apply(analysis.source.text, plan.edits)
        if plan.released:
            imports.remove_unused(plan, text)
            text = apply(analysis.source.text, plan.edits)
        remove_login.report_unused(plan, sources)
    except CannotEdit:
        return None
    except Exception:  # noqa: BLE001 - a bug here must cost speed, never a file: the codemods take it
        return None
    return text, Notes(plan.changes, plan.unused, plan.plugin_requests, plan.removed_names, [],
                       lambda: (analysis.secret_values(), True))


__all__ = ["CannotEdit", "edit"]
