"""A verbatim copy of Copernica's 1.x client (vendor.py says which) becomes the token client of
templates/client/php_token_client.php.j2: the class only, from `class` to its closing brace
(modifiers, the doc comment above and the rest of the file stay byte-identical), with its name,
parent as written, URL and charset defaults, in the file's indentation, newline and encoding."""

from __future__ import annotations

from typing import Iterator

from migrator import templating
from migrator.rewrite.php import layout
from migrator.rewrite.php.edit import Edit, Note
from migrator.rewrite.php.nodes import methods, simple_parameters, text
from migrator.rewrite.php.registry import FileContext, fix
from migrator.rewrite.php.vendor import copies

TEMPLATE = "client/php_token_client.php.j2"
_TEMPLATE_INDENT = "    "


def _default(param, fallback: str) -> str:
    value = param.child_by_field_name("default_value")
    return text(value) if value is not None else fallback


# COP102: it migrates the legacy client class (see fixes.py)
@fix("COP101", "COP102", "COP103", "COP104")
def run(ctx: FileContext) -> Iterator[Edit]:
    for cls, node in copies(ctx):
        keyword = next(c for c in node.children if c.type == "class")
        base = next(c for c in node.children if c.type == "base_clause").named_children[-1]
        params = simple_parameters(methods(node)["__construct"])
        url, charset = _default(params[3], "'https://soap.copernica.com/'"), _default(params[4], "'iso-8859-1'")
        source = templating.render(TEMPLATE, class_name=cls.name, base=text(base), url=url, charset=charset,
                                   root="\\" if cls.namespace else "").rstrip("\n")
        margin = layout.indent_at(ctx.data, keyword.start_byte)
        first = node.child_by_field_name("body").named_children[0]
        inner = layout.indent_at(ctx.data, first.start_byte)
        unit = inner[len(margin):] if inner.startswith(margin) and len(inner) > len(margin) else b"    "
        source = _reindent(source, margin.decode("ascii"), unit.decode("ascii"))
        line = layout.line_of(ctx.data, keyword.start_byte)
        for note in _kept(url, charset):
            ctx.notes.append(Note(line, "kept", note))
        yield Edit(keyword.start_byte, node.end_byte, layout.encode(ctx, source),
                   f"{cls.name} is Copernica's 1.x client: replaced by the access-token client")


def _reindent(source: str, margin: str, unit: str) -> str:
    """The template's four-space levels in the class's own unit (its first member's
    indentation), every line after the first shifted to the class's margin."""
    lines = source.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        stripped = line.lstrip(" ")
        levels, extra = divmod(len(line) - len(stripped), len(_TEMPLATE_INDENT))
        out.append((margin + unit * levels + " " * extra + stripped) if stripped else "")
    return "\n".join(out)


def _kept(url: str, charset: str) -> list[str]:
    notes = []
    if "http://" in url.lower():
        notes.append(f"the URL default {url} is kept as it was (http://, not https://)")
    if charset.strip("'\"").lower() not in ("utf-8", "utf8", "null"):
        notes.append(f"the 1.x charset default {charset} is kept (the 2.x client defaults to utf-8)")
    return notes
