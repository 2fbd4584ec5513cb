"""C#: wsdl.exe / svcutil proxies of Copernica's WSDL (`soap.login(new input_login { ... })`)."""

from __future__ import annotations

import tree_sitter_c_sharp
from tree_sitter import Node

from migrator.scan.treesitter.syntax import Syntax, quoted_value, text

QUERIES = {
    "calls": """
        (invocation_expression
          function: (member_access_expression expression: (_) @recv name: (identifier) @name)
          arguments: (argument_list) @args) @call
        (invocation_expression function: (identifier) @name arguments: (argument_list) @args) @call
    """,
    "news": """
        (object_creation_expression type: (_) @type arguments: (argument_list)? @args) @new
    """,
    "ctors": """
        (constructor_declaration name: (identifier) @class parameters: (parameter_list) @params) @ctor
    """,
    "strings": """
        (string_literal) @str
        (verbatim_string_literal) @str
        (interpolated_string_expression) @str
    """,
    "idents": """
        ((identifier) @ident
          (#match? @ident "^(PomSoapClient|(POM_SOAP_API|POMSOAPAPI|POMPortType)[A-Za-z_]*|input_[A-Za-z_]+|CookieContainer|AllowCookies)$"))
    """,
    "keysets": "(initializer_expression) @keys",
}


def _param_names(params: Node) -> list[str]:
    return [text(p.child_by_field_name("name")) for p in params.named_children
            if p.child_by_field_name("name") is not None]


def _keys(init: Node) -> dict[str, Node]:
    keys: dict[str, Node] = {}
    for member in init.named_children:
        if member.type == "assignment_expression":
            left = member.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                keys.setdefault(text(left).lower(), left)
    return keys


def _arguments(args: Node | None) -> list[tuple[str | None, Node]]:
    out = []
    for arg in args.named_children if args is not None else ():
        if arg.type == "argument" and arg.named_child_count:
            name = arg.child_by_field_name("name")  # Foo(password: "x")
            out.append((text(name) if name is not None else None, arg.named_children[-1]))
    return out


SYNTAX = Syntax(
    name="csharp",
    language="csharp",
    load=tree_sitter_c_sharp.language,
    queries=QUERIES,
    case_insensitive=False,
    string_value=quoted_value,
    param_names=_param_names,
    keys=_keys,
    arguments=_arguments,
    function_types=frozenset({"method_declaration", "constructor_declaration", "local_function_statement",
                              "lambda_expression", "anonymous_method_expression"}),
    login_arity=(1,),
    tempdir_calls=frozenset({"GetTempPath", "GetTempFileName"}),
    cookie_calls=frozenset(),
    cookie_idents=frozenset({"CookieContainer", "AllowCookies"}),  # wsdl.exe / WCF
    login_names=frozenset({"login", "loginAsync"}),
)
