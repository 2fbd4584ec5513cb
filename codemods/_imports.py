"""Imports the codemods add and make unused, settled once per file at the end of the engine's run.

libcst runs AddImportsVisitor and RemoveImportsVisitor after every codemod that asked for them:
each is a whole scope analysis of the module, more than most of our codemods' own work. In the
engine's pipeline (scratch PIPELINE) the codemods only ask; `PendingImports` gathers what they
asked and runs each visitor at most once, adding first, then removing what is still unused (so an
import one codemod made unused and a later one uses again stays). Removal knows the file's
package, so relative imports resolve; blank lines above a removed import stay (keep_spacing).
Alone (libcst.tool), every codemod settles its own imports right after itself: the session
codemods with this same PendingImports, the others as libcst does.
"""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass, field, replace

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node


@dataclass
class PendingImports:
    adds: list = field(default_factory=list)
    removes: list = field(default_factory=list)  # (module, obj, alias)
    generated: tuple | None = None  # (module, its code) when settle generated it: no second codegen

    def code(self, module: cst.Module) -> str:
        """module.code, generated again only when settle did not already (libcst keeps none)."""
        if self.generated is not None and self.generated[0] is module:
            return self.generated[1]
        return module.code

    def take(self, context: CodemodContext) -> None:
        """What one codemod asked for in its context's scratch."""
        self.adds += context.scratch.pop(AddImportsVisitor.CONTEXT_KEY, [])
        self.removes += context.scratch.pop(RemoveImportsVisitor.CONTEXT_KEY, [])

    def settle(self, module: cst.Module, context: CodemodContext, package: str | None) -> cst.Module:
        # Each visitor is a whole scope analysis: first drop what it would not change: an import
        # that is already there (the module's top lines tell), a name the code still reads (the
        # code's ast tells, at C speed; generated only when something may go).
        adds = [a for a in self.adds if not _imported(module, a)]
        removes = self.removes
        if adds:  # with the context's package: the engine gives none, which keeps the plugin import relative
            module = add_imports(module, replace(context, scratch={}), adds)
        if removes:
            # an added import reads no name, so reading the code after adding tells the same
            code = module.code
            self.generated = (module, code)
            try:
                read = {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                read = set()
            removes = [r for r in removes if _bound_name(*r) not in read]
        if removes:
            module = keep_spacing(module, RemoveImportsVisitor(
                replace(context, full_package_name=package, scratch={}), removes).transform_module(module))
        return module


def add_imports(module: cst.Module, context: CodemodContext, adds: list) -> cst.Module:
    """AddImportsVisitor on the part of the module it reads and changes, the same bytes as on all of it.

    It reads and edits only the top: an optional docstring, the import lines right after it, and
    the first statement below them (which gets a blank line above). On the whole module it also
    walks every function for nothing, a libcst pass as costly as a codemod's."""
    body = list(module.body)
    # the first statement (a docstring or not), the import lines after it, and the one after them
    end = 1
    while end < len(body) and _import_line(body[end]):
        end += 1
    head = body[:end + 1]
    done = AddImportsVisitor(context, adds).transform_module(module.with_changes(body=head))
    return done.with_changes(body=[*done.body, *body[len(head):]])


def _import_line(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 \
        and isinstance(statement.body[0], (cst.Import, cst.ImportFrom))


def _imported(module: cst.Module, item) -> bool:
    """The module already has exactly this import among its top-level statements."""
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if item.obj_name is None and isinstance(small, cst.Import):
                if any(a.evaluated_name == item.module_name and a.evaluated_alias == item.alias
                       for a in small.names):
                    return True
            elif item.obj_name is not None and isinstance(small, cst.ImportFrom) \
                    and not isinstance(small.names, cst.ImportStar):
                name = get_full_name_for_node(small.module) if small.module is not None else None
                if name == item.module_name and len(small.relative) == item.relative and any(
                        a.evaluated_name == item.obj_name and a.evaluated_alias == item.alias
                        for a in small.names):
                    return True
    return False


def _bound_name(module: str, obj: str | None, alias: str | None) -> str:
    """The name an import binds: `import a.b` binds a, `from m import x as y` binds y."""
    return alias or obj or module.split(".")[0]


def keep_spacing(before: cst.Module, after: cst.Module) -> cst.Module:
    """Blank lines above a module statement that went (an import made unused) stay above the
    next one, so `\"\"\"doc\"\"\"` + blank line + imports keeps its blank line."""
    def bare(st) -> str:
        return before.code_for_node(st.with_changes(leading_lines=()))

    old, new = [bare(st) for st in before.body], [bare(st) for st in after.body]
    body = list(after.body)
    for op, i1, i2, j1, _j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op != "delete" or j1 >= len(body):
            continue
        if j1 == 0 and not before.header and before.body and not before.body[0].leading_lines:
            # the file's first statements went: the next one's blank lines would open the file
            body[0] = body[0].with_changes(leading_lines=[line for line in body[0].leading_lines
                                                          if line.comment is not None])
            continue
        if body[j1].leading_lines:
            continue
        blank = [line for line in before.body[i1].leading_lines if line.comment is None]
        if blank:
            body[j1] = body[j1].with_changes(leading_lines=blank)
    return after.with_changes(body=body) if body != list(after.body) else after
