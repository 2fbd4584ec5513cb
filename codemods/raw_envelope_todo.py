"""COP007: a hand-written SOAP envelope that logs in gets a TODO comment above its statement.

    BODY = "<soap:Envelope><soap:Body><login><username>%s</username>..."
    ->
    # TODO(copernica-migrate): raw SOAP envelope with a login: drop the login request and send <access_token> in each call's parameters by hand (COP007)
    BODY = "<soap:Envelope><soap:Body><login><username>%s</username>..."

Nothing else changes: string-built XML cannot be rewritten safely (the calls that follow,
the session cookie handling and the parsing of the answer depend on it), so the spot is
marked for a person and the engine lists it in the report.

Run alone: python -m libcst.tool codemod -x codemods.raw_envelope_todo.RawEnvelopeTodoCommand PATH
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import SkipFile
from libcst.metadata import PositionProvider

from codemods._clients import analyse, descendants, statement_of, with_todo
from codemods.registry import CopernicaCodemod, register

TODO_TEXT = ("raw SOAP envelope with a login: drop the login request and send <access_token> in each "
             "call's parameters by hand (COP007)")


@register(order=40, styles=("inline", "plugin"), rules=("COP007",))
class RawEnvelopeTodoCommand(CopernicaCodemod):
    DESCRIPTION = "Mark raw SOAP envelopes that log in with a TODO comment (COP007)."
    METADATA_DEPENDENCIES = (PositionProvider,)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        if not any(isinstance(n, (cst.SimpleString, cst.FormattedStringText)) and "login" in n.value.lower()
                   for n in descendants(tree)):
            raise SkipFile("no string mentions a login")  # cheaper than the analysis, the usual case
        analysis = analyse(tree, self.context, self.project)
        self._statements = {statement_of(analysis, site.node) for site in analysis.raw_envelopes}
        self._statements.discard(None)
        if not self._statements:
            raise SkipFile("no raw SOAP envelope with a login")
        return super().transform_module_impl(tree)

    def on_leave(self, original_node, updated_node):
        updated_node = super().on_leave(original_node, updated_node)
        if original_node in self._statements:
            marked = with_todo(updated_node, TODO_TEXT)
            if marked is not updated_node:
                line = self.get_metadata(PositionProvider, original_node).start.line
                self.note_change(line, "raw SOAP envelope with a login marked for a hand edit (COP007)")
            return marked
        return updated_node
