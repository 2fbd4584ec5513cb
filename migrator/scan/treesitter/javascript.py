"""JavaScript and TypeScript: the Node `soap` package (`client.login({parameters: creds}, cb)`).

One set of queries serves the three grammars (javascript, typescript, tsx); only the
constructor parameter shape differs (TypeScript wraps it in required_parameter).
"""

from __future__ import annotations

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Node

from migrator.scan.treesitter.syntax import Syntax, quoted_value, text

_COMMON = {
    "calls": """
        (call_expression
          function: (member_expression object: (_) @recv property: (property_identifier) @name)
          arguments: (arguments) @args) @call
        (call_expression function: (identifier) @name arguments: (arguments) @args) @call
    """,
    "news": """
        (new_expression constructor: (_) @type arguments: (arguments)? @args) @new
    """,
    "strings": """
        (string) @str
        (template_string) @str
        (regex pattern: (regex_pattern) @str)
    """,
    "keysets": "(object) @keys",
}
_CTOR = """
    (class_declaration name: (_) @class
      body: (class_body (method_definition name: (property_identifier) @m parameters: (formal_parameters) @params) @ctor)
      (#eq? @m "constructor"))
"""
_IDENTS_JS = """
    ((identifier) @ident (#match? @ident "^(PomSoapClient|POM_SOAP_API|CookieSecurity)$"))
    ((property_identifier) @ident (#eq? @ident "CookieSecurity"))
"""
_IDENTS_TS = _IDENTS_JS + """
    ((type_identifier) @ident (#match? @ident "^(PomSoapClient|POM_SOAP_API)$"))
"""


def _param_names(params: Node) -> list[str]:
    names = []
    for param in params.named_children:
        # TS: required_parameter/optional_parameter(pattern: identifier); JS: identifier or default
        node = param.child_by_field_name("pattern") or param.child_by_field_name("left") or param
        if node.type == "identifier":
            names.append(text(node))
    return names


def _keys(obj: Node) -> dict[str, Node]:
    keys: dict[str, Node] = {}
    for member in obj.named_children:
        key = member.child_by_field_name("key") if member.type == "pair" else member
        if key is None:
            continue
        if key.type in ("property_identifier", "shorthand_property_identifier", "identifier"):
            keys.setdefault(text(key).lower(), key)
        elif key.type == "string":
            keys.setdefault(quoted_value(key).lower(), key)
    return keys


def _arguments(args: Node | None) -> list[tuple[str | None, Node]]:
    return [(None, a) for a in (args.named_children if args is not None else ()) if a.type != "comment"]


def _syntax(name: str, language: str, load, idents: str) -> Syntax:
    return Syntax(
        name=name,
        language=language,
        load=load,
        queries={**_COMMON, "ctors": _CTOR, "idents": idents},
        case_insensitive=False,
        string_value=quoted_value,
        param_names=_param_names,
        keys=_keys,
        arguments=_arguments,
        function_types=frozenset({"function_declaration", "function_expression", "function",
                                  "arrow_function", "method_definition", "generator_function_declaration"}),
        tempdir_calls=frozenset({"tmpdir", "mkdtemp", "mkdtempSync"}),
        cookie_calls=frozenset(),
        cookie_idents=frozenset({"CookieSecurity"}),  # node-soap's client.setSecurity(new CookieSecurity(..))
        login_names=frozenset({"login", "loginAsync"}),
    )


JAVASCRIPT = _syntax("javascript", "javascript", tree_sitter_javascript.language, _IDENTS_JS)
TYPESCRIPT = _syntax("typescript", "typescript", tree_sitter_typescript.language_typescript, _IDENTS_TS)
TSX = _syntax("tsx", "typescript", tree_sitter_typescript.language_tsx, _IDENTS_TS)
