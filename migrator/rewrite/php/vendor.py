"""Is a family class a verbatim copy of Copernica's 1.x PHP client (1.4-1.6)? Then vendor_copy.py
replaces the whole class by the token client template, and the other fixes leave it alone.

The fingerprint is structural, so a copy still counts when it was renamed, namespaced,
re-indented, re-commented or re-encoded, and stops counting as soon as anyone put their
own code in it:
- it extends SoapClient, and its constructor takes the vendor's (email, password, account,
  url, charset);
- its methods are exactly the vendor's, with the vendor's visibility: no method of its own,
  none missing (a subclass or caller may rely on any of them);
- every method calls nothing the vendor's method of that name does not call (a local patch
  that logs, retries or reads configuration adds a call);
- its properties are among the vendor's;
- nothing outside the class calls its protected session helpers (the template has none).
A copy edited without adding a call (a changed literal or condition) is not told apart; the
template keeps the two literals that matter, the URL and charset defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrator.rewrite.php.nodes import CALLS, family_classes, methods, name_of, visibility, walk

if TYPE_CHECKING:
    from tree_sitter import Node

    from migrator.rewrite.php.registry import FileContext
    from migrator.scan.treesitter.php_project import PhpClass

# method (lower case) -> (visibility, the names it calls), read off the 1.4-1.6 client
_CALLS: dict[str, tuple[str, frozenset[str]]] = {
    "__construct": ("public", frozenset({"__construct", "handlecookie", "phpversion", "stream_context_create",
                                         "strtolower", "version_compare"})),
    "handlecookie": ("protected", frozenset({"__getlastresponseheaders", "cookiefile", "empty", "explode",
                                             "file_exists", "file_get_contents", "file_put_contents", "login",
                                             "parseheaders", "setcookie", "umask"})),
    "cookiefile": ("protected", frozenset({"getmyuid", "md5", "sys_get_temp_dir"})),
    "parseheaders": ("protected", frozenset({"array_shift", "explode", "function_exists", "http_parse_headers",
                                             "implode", "is_array", "isset", "strlen", "substr"})),
    "converttoapi": ("private", frozenset({"iconv"})),
    "convertfromapi": ("private", frozenset({"iconv"})),
    "__call": ("public", frozenset({"__call", "converttoapi", "count", "decoderesult", "encodearray",
                                    "encodeassoc", "encodeobject", "getmessage", "handlecookie", "is_array",
                                    "is_object", "isassoc", "toobject", "trigger_error"})),
    "decoderesult": ("private", frozenset({"array_keys", "array_map", "array_unique", "convertfromapi", "count",
                                           "decodeobject", "get_object_vars", "is_array", "is_string", "isset"})),
    "encodeassoc": ("private", frozenset({"converttoapi", "is_int", "is_null", "is_object", "is_string", "isassoc",
                                          "trigger_error"})),
    "encodearray": ("private", frozenset({"converttoapi", "encodeobject", "is_array", "is_object", "is_string",
                                          "trigger_error"})),
    "encodeobject": ("private", frozenset({"converttoapi", "encodeassoc", "get_object_vars", "is_int", "is_null",
                                           "is_object", "is_string", "isassoc", "trigger_error"})),
    "decodeobject": ("private", frozenset({"convertfromapi", "decodeobject", "get_object_vars", "is_object",
                                           "is_string"})),
    "isassoc": ("public", frozenset({"array_keys", "is_array"})),
    "toobject": ("public", frozenset()),
    "setcookie": ("protected", frozenset({"__setcookie"})),
}
CTOR = ("email", "password", "account", "url", "charset")
_PROPERTIES = frozenset({"charset", "login", "password", "account", "url"})
# what the template keeps: anything else must not be called from outside the class
TEMPLATE_METHODS = frozenset({"__construct", "__call", "isassoc", "toobject"})


def is_copy(ctx: FileContext, cls: PhpClass, node: Node) -> bool:
    if cls.base != "soapclient" or set(cls.methods) != set(_CALLS):
        return False
    if tuple(p.lower() for p in cls.methods["__construct"].params) != CTOR:
        return False
    if not {p.lower() for p in cls.properties} <= _PROPERTIES:
        return False
    for lname, method in methods(node).items():
        vendor_visibility, allowed = _CALLS[lname]
        if visibility(method) != vendor_visibility:
            return False
        if {name_of(c) for c in walk(method) if c.type in CALLS} - {""} - allowed:
            return False
    span = (cls.start_byte, cls.end_byte)
    return not any(ctx.project.is_called(m, outside=span, path=ctx.path) for m in set(_CALLS) - TEMPLATE_METHODS)


def copies(ctx: FileContext) -> list[tuple[PhpClass, Node]]:
    """The family classes of this file that are verbatim vendor copies (vendor_copy.py replaces them)."""
    return _split(ctx)[0]


def edited_classes(ctx: FileContext) -> list[tuple[PhpClass, Node]]:
    """The family classes of this file the fine-grained fixes edit: all but vendor copies."""
    return _split(ctx)[1]


def _split(ctx: FileContext) -> tuple[list, list]:
    if "classes" not in ctx.derived:  # is_copy asks the project who calls 11 methods: once per file
        copied, edited = [], []
        for cls, node in family_classes(ctx):
            (copied if is_copy(ctx, cls, node) else edited).append((cls, node))
        ctx.derived["classes"] = (copied, edited)
    return ctx.derived["classes"]
