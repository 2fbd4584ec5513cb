"""Small codemods the engine tests drive. Registered for no style, so the real runs never
pick them; tests name them in RewriteOptions.codemods."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.codemod.visitors import AddImportsVisitor

from codemods.registry import CopernicaCodemod, register


@register(order=900, styles=())
class Exploding(CopernicaCodemod):
    """Raises on any module that defines EXPLODE: a codemod bug, as the engine sees it."""

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "EXPLODE":
            raise RuntimeError("codemod bug")


@register(order=900, styles=())
class ExplodingInOnePass(Exploding):
    """The same bug in a codemod the engine plans and applies in one pass with LoginStruct."""

    ONE_PASS = True


@register(order=900, styles=())
class ReturnAtModuleLevel(CopernicaCodemod):
    """`RETURN_HERE = 1` -> `return 1` at module level: code libcst writes but Python refuses."""

    def leave_SimpleStatementLine(self, original_node, updated_node):
        small = updated_node.body[0]
        if isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name) \
                and small.targets[0].target.value == "RETURN_HERE":
            return updated_node.with_changes(body=[cst.Return(small.value)])
        return updated_node


@register(order=900, styles=())
class DropStatements(CopernicaCodemod):
    """Removes `DROP_ME = ...` lines with libcst's sentinel, planned on the tree as parsed."""

    ONE_PASS = True

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if "DROP_ME" in cst.Module([]).code_for_node(original_node):
            return cst.RemoveFromParent()
        return updated_node


@register(order=901, styles=())
class RenameSkippingDrops(CopernicaCodemod):
    """RENAME_ME -> RENAMED, looking away from the lines that mention DROP_ME (on_visit False)."""

    ONE_PASS = True

    def visit_SimpleStatementLine(self, node) -> bool:
        return "DROP_ME" not in cst.Module([]).code_for_node(node)

    OLD, NEW = "RENAME_ME", "RENAMED"

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value=self.NEW) if updated_node.value == self.OLD else updated_node


@register(order=902, styles=())
class RenameSkippingDropsToo(RenameSkippingDrops):
    OLD, NEW = "ALSO_ME", "ALSO_RENAMED"


@register(order=900, styles=())
class ZeepClientPlugin(CopernicaCodemod):
    """zeep.Client(url) -> zeep.Client(url, plugins=[AccessTokenPlugin()]), asking for the module."""

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not m.matches(updated_node.func, m.Attribute(m.Name("zeep"), m.Name("Client"))):
            return updated_node
        if any(a.keyword is not None and a.keyword.value == "plugins" for a in updated_node.args):
            return updated_node
        AddImportsVisitor.add_needed_import(self.context, "copernica_access_token", "AccessTokenPlugin")
        self.request_plugin("zeep")
        self.note_change(1, "zeep client built with the access-token plugin")
        return updated_node.with_changes(args=[
            *updated_node.args[:-1], updated_node.args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Arg(cst.parse_expression("[AccessTokenPlugin()]"), keyword=cst.Name("plugins"),
                    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))),
        ])


@register(order=903, styles=())
class UpperEverywhere(CopernicaCodemod):
    """up_x -> UP_X, from its own on_leave with no `watched`: the one pass calls it on every node."""

    ONE_PASS = True

    def on_leave(self, original_node, updated_node):
        updated_node = super().on_leave(original_node, updated_node)
        if isinstance(updated_node, cst.Name) and updated_node.value.startswith("up_"):
            return updated_node.with_changes(value=updated_node.value.upper())
        return updated_node


@register(order=904, styles=())
class MarkWatchedLines(CopernicaCodemod):
    """Its on_leave would mark every statement line; it watches only the MARK_ME lines it planned."""

    ONE_PASS = True

    def plan(self, tree: cst.Module) -> None:
        self._marked = {id(s) for s in tree.body if "MARK_ME" in tree.code_for_node(s)}

    def watched(self) -> set[int]:
        return self._marked

    def on_leave(self, original_node, updated_node):
        updated_node = super().on_leave(original_node, updated_node)
        if isinstance(updated_node, cst.SimpleStatementLine):
            return updated_node.with_changes(trailing_whitespace=cst.TrailingWhitespace(
                cst.SimpleWhitespace("  "), cst.Comment("# marked")))
        return updated_node
