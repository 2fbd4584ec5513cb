"""PHP: Copernica's own PomSoapClient (1.x) and plain SoapClient code. Names are case-insensitive."""

from __future__ import annotations

import tree_sitter_php
from tree_sitter import Node

from migrator.scan.treesitter.php_nodes import arguments, keys
from migrator.scan.treesitter.syntax import Syntax, quoted_value, text

QUERIES = {
    "calls": """
        (member_call_expression object: (_) @recv name: (name) @name arguments: (arguments) @args) @call
        (nullsafe_member_call_expression object: (_) @recv name: (name) @name arguments: (arguments) @args) @call
        (scoped_call_expression scope: (_) @recv @static name: (name) @name arguments: (arguments) @args) @call
        (function_call_expression function: [(name) (qualified_name)] @name arguments: (arguments) @args) @call
    """,
    "news": """
        (object_creation_expression [(name) (qualified_name)] @type (arguments)? @args) @new
    """,
    "ctors": """
        (class_declaration name: (name) @class
          body: (declaration_list
            (method_declaration name: (name) @m parameters: (formal_parameters) @params) @ctor)
          (#match? @m "^(?i:__construct)$"))
    """,
    "strings": """
        (string) @str
        (encapsed_string) @str
    """,
    # Only where these names can stand (class, parent class, type hint, constant argument):
    # a (name) pattern anywhere would test every name in the file.
    "idents": """
        ((class_declaration name: (name) @ident) (#match? @ident "^(?i:pomsoapclient)$"))
        ((base_clause (name) @ident) (#match? @ident "^(?i:pomsoapclient)$"))
        ((base_clause (qualified_name (name) @ident)) (#match? @ident "^(?i:pomsoapclient)$"))
        ((named_type (name) @ident) (#match? @ident "^(?i:pomsoapclient)$"))
        ((named_type (qualified_name (name) @ident)) (#match? @ident "^(?i:pomsoapclient)$"))
        ((argument [(name) @ident (qualified_name (name) @ident)])
          (#match? @ident "^(?i:curlopt_cookiefile|curlopt_cookiejar|curlopt_cookie)$"))
        ((array_element_initializer . [(name) @ident (qualified_name (name) @ident)] . (_))
          (#match? @ident "^(?i:curlopt_cookiefile|curlopt_cookiejar|curlopt_cookie)$"))
    """,
    "keysets": "(array_creation_expression) @keys",
}


def _param_names(params: Node) -> list[str]:
    names = []
    for param in params.named_children:
        name = param.child_by_field_name("name")
        if name is not None:
            names.append(text(name).lstrip("$"))
    return names


SYNTAX = Syntax(
    name="php",
    language="php",
    load=tree_sitter_php.language_php,
    queries=QUERIES,
    case_insensitive=True,
    string_value=quoted_value,
    param_names=_param_names,
    keys=keys,
    arguments=arguments,
    function_types=frozenset({"method_declaration", "function_definition", "anonymous_function",
                              "arrow_function"}),
    tempdir_calls=frozenset({"sys_get_temp_dir", "tempnam"}),
    cookie_calls=frozenset({"__setcookie", "__getcookies"}),
    cookie_idents=frozenset({"curlopt_cookiefile", "curlopt_cookiejar", "curlopt_cookie"}),
)
