"""Java: JAX-WS ports generated from Copernica's WSDL (`port.login(new InputLogin())`)."""

from __future__ import annotations

import tree_sitter_java
from tree_sitter import Node

from migrator.scan.treesitter.syntax import Syntax, quoted_value, text

QUERIES = {
    "calls": """
        (method_invocation object: (_)? @recv name: (identifier) @name arguments: (argument_list) @args) @call
    """,
    "news": """
        (object_creation_expression type: (_) @type arguments: (argument_list) @args) @new
    """,
    "ctors": """
        (constructor_declaration name: (identifier) @class parameters: (formal_parameters) @params) @ctor
    """,
    "strings": "(string_literal) @str",
    "idents": """
        ((type_identifier) @ident (#match? @ident "^(PomSoapClient|(POMSOAPAPI|POM_SOAP_API|POMPort)[A-Za-z_]*|Input[A-Z][A-Za-z_]+)$"))
        ((identifier) @ident (#eq? @ident "SESSION_MAINTAIN_PROPERTY"))
        ((type_identifier) @ident (#eq? @ident "CookieManager"))
    """,
}


def _param_names(params: Node) -> list[str]:
    return [text(p.child_by_field_name("name")) for p in params.named_children
            if p.child_by_field_name("name") is not None]


def _arguments(args: Node | None) -> list[tuple[str | None, Node]]:
    return [(None, a) for a in (args.named_children if args is not None else ())
            if a.type not in ("line_comment", "block_comment")]


SYNTAX = Syntax(
    name="java",
    language="java",
    load=tree_sitter_java.language,
    queries=QUERIES,
    case_insensitive=False,
    string_value=quoted_value,
    param_names=_param_names,
    keys=lambda node: {},  # Java builds login parameters with setters (see facts._setter_keysets)
    arguments=_arguments,
    function_types=frozenset({"method_declaration", "constructor_declaration", "lambda_expression"}),
    login_arity=(1,),
    tempdir_calls=frozenset({"createTempFile", "getTempDirectory"}),
    cookie_calls=frozenset(),
    cookie_idents=frozenset({"SESSION_MAINTAIN_PROPERTY", "CookieManager"}),
)
