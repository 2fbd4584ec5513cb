"""The credential literals of one PHP file: masked by value wherever a diff of it shows them.

A diff shows a changed file's untouched lines too (context), and the by-name masking of a line
(masking.mask_code_line) cannot see `'password' => '...'`, `define('X_PASS', '...')` or
`new ErpClient('user', '...', 'Acct')`; this is the PHP side of the Python analysis'
secret_values. Logins and passwords only: account names and URLs are no secrets.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Iterator

from tree_sitter import QueryCursor

from migrator.fileio import text_encoding
from migrator.masking import secret_piece
from migrator.scan.treesitter.facts import FileAnalysis, extract
from migrator.scan.treesitter.grammar import grammar_of
from migrator.scan.treesitter.php import SYNTAX as PHP
from migrator.scan.treesitter.php_family import constructed_key
from migrator.scan.treesitter.php_nodes import arguments, items
from migrator.scan.treesitter.php_scripts import foreign_logins
from migrator.scan.treesitter.shapes import (is_account_name, is_login_name, is_secret_name,
                                             legacy_client_args, legacy_ctor_params, looks_like_url,
                                             passes_token,
                                             names_secret)
from migrator.scan.treesitter.syntax import quoted_value, text

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

    from migrator.scan.treesitter.facts import New
    from migrator.scan.treesitter.php_project import PhpProject

# a literal stored under a name: `$ftpPw = '..'` (or its fallback: `getenv('PW') ?: '..'`, `?? '..'`),
# `const X_PASSWORD = '..'`, a property's or a parameter's default (the name decides, names_secret)
_NAMED = """
(assignment_expression left: (_) @name right: [(string) (encapsed_string) (heredoc) (nowdoc)] @value)
(assignment_expression left: (_) @name right: (conditional_expression alternative: [(string) (encapsed_string)] @value))
(assignment_expression left: (_) @name right: (binary_expression operator: "??" right: [(string) (encapsed_string)] @value))
(assignment_expression left: (_) @name
  right: [(binary_expression operator: ".") (function_call_expression) (array_creation_expression)
          (cast_expression)] @value)
(const_element (name) @name [(string) (encapsed_string)] @value)
(property_element name: (_) @name default_value: [(string) (encapsed_string)] @value)
(simple_parameter name: (_) @name default_value: [(string) (encapsed_string)] @value)
"""
_PLAIN = frozenset({"string_content", "escape_sequence"})  # no interpolation: the text is the value
_HEREDOCS = frozenset({"heredoc", "nowdoc"})
_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://([^:/@\s]+):([^@/\s]+)@", re.I)
_SECRET_WORDS = (b"pass", b"pw", b"secret", b"wachtwoord", b"kennwort")  # in every name names_secret takes


def file_secrets(path: str, data: bytes, tree: Tree, project: PhpProject | None) -> tuple[list[str], list[str]]:
    """(the text of every literal that feeds a credential here, the values of its Copernica
    login_literals) of a file already parsed (the PHP rewrite has its tree: it masks the first
    wherever a diff shows it, and names where the second stay)."""
    query, kinds = grammar_of(PHP).query
    analysis = extract(path, PHP, data, tree, query, kinds)
    analysis.php = project
    encoding = text_encoding(data)  # as the diff decodes the file: a Latin-1 password must match there
    pairs = list(named_values(analysis))
    defined = _by_name(pairs)
    login_values = list(_login_values(analysis))
    logins = [literal for _what, literal in login_literals(analysis, defined, login_values)]  # `$user = '..'`
    # a value known only by its name's word is left out when it is too short to be a password
    # (`$minPass = '1'` would star every `1` of the diff) or is a label (`$labelPw = 'Password:'`,
    # `const STATUS_PASS = 'PASS'`): starred by value, every such word of the diff would go
    named = [value for name, value in pairs if names_secret(name)
             and (not _literal(value) or _worth_masking(_value(analysis, value, encoding)))]
    values: list[str] = []
    for found in (*named, *_credential_arrays(analysis), *_named_arguments(analysis), *_constructions(analysis),
                  *logins, *_positional_login_args(analysis, defined), *(v for _k, v in login_values)):
        for node in fallbacks(found):
            for piece in _pieces(node, defined):  # the literal itself, or what a built one is built of
                value = _value(analysis, piece, encoding)
                if value and value not in values and (piece is node or secret_piece(value)):
                    values.append(value)
    for string in analysis.strings:  # 'soap://user:password@host': a URL's own credentials
        match = _USERINFO.search(string.value)
        if match:
            values += [v for v in match.groups() if v and v not in values]
    return values, [v for v in (_value(analysis, node, encoding) for node in logins) if v]


_LABEL = re.compile(r"(?i)\W*(?:pass(?:word|wd)?|pw|pwd|secret|token|wachtwoord|passwort|kennwort|user(?:name)?"
                    r"|login)\W*")


def _worth_masking(value: str) -> bool:
    return len(value) >= 4 and not _LABEL.fullmatch(value)


def _by_name(pairs: Iterable[tuple[str, Node]]) -> dict[str, list[Node]]:
    """named_values grouped: a name -> the values stored under it."""
    defined: dict[str, list[Node]] = {}
    for name, value in pairs:
        defined.setdefault(name, []).append(value)
    return defined


def _positional_login_args(fa: FileAnalysis, defined: dict[str, list[Node]]) -> Iterator[Node]:
    """`$soap->login('api', CM_KEY, 'Shop')`: which is the password the order does not say, so every
    literal given (and every literal a constant or variable given holds) is masked."""
    for call in fa.calls:
        if fa.is_login_call(call):
            for _name, value in call.args:
                if value.type != "array_creation_expression":
                    yield value
                    yield from defined.get(_name_of(value) or "", []) if value.type in _NAME_TYPES else ()


def _pieces(node: Node, defined: dict[str, list[Node]], depth: int = 5) -> Iterator[Node]:
    """The literals a credential is built of, each masked where a diff shows it: `'ab' . 'cd'`,
    `sprintf('%s-%s', 'ab', 'cd')`, `implode('', ['ab', 'cd'])`, and what the names they read
    hold (`$p = 'ab' . 'cd'`; by name, the cautious side). `getenv('CP_PW')` gives none: it names
    where the secret lives."""
    if _literal(node):
        yield node
    elif depth <= 0:
        return
    elif node.type == "binary_expression" and text(node.child_by_field_name("operator")) == ".":
        for side in ("left", "right"):
            yield from _pieces(node.child_by_field_name(side), defined, depth)
    elif node.type in ("parenthesized_expression", "cast_expression") and node.named_child_count >= 1:
        yield from _pieces(node.named_children[-1], defined, depth)  # `(object)[...]`: the array
    elif node.type == "function_call_expression" \
            and text(node.child_by_field_name("function")).lstrip("\\").lower() in _BUILDERS:
        for _name, value in arguments(node.child_by_field_name("arguments")):
            yield from _pieces(value, defined, depth)
    elif node.type == "array_creation_expression":
        for element in node.named_children:
            if element.type == "array_element_initializer":
                yield from _pieces(element.named_children[-1], defined, depth)
    elif node.type in ("encapsed_string", "heredoc"):  # "pw-{$year}-x": the text around what it interpolates
        holder = node if node.type == "encapsed_string" else _body(node)
        yield from (c for c in (holder.named_children if holder is not None else ()) if c.type == "string_content")
    elif node.type in ("subscript_expression", "member_access_expression") \
            and (chain := _root_and_keys(node))[0] in defined:
        root, keys = chain  # `$cfg['cp']['key']`, `$cfg->cp->key`: down the array's keys
        for value in defined[root]:
            for key in keys:
                while value.type == "cast_expression":
                    value = value.named_children[-1]
                is_array = value.type == "array_creation_expression"
                found = [v for k, _node, v in items(value) if k == key] if is_array and key is not None else []
                if not found:
                    break  # another index, or not there: all of what is indexed
                value = found[0]
            yield from _pieces(value, defined, depth - 1)
    elif node.type in _NAME_TYPES:
        for value in defined.get(_name_of(node) or "", []):
            yield from _pieces(value, defined, depth - 1)


def _root_and_keys(node: Node) -> tuple[str | None, list[str | None]]:
    """`$cfg['cp']['key']` -> ('cfg', ['cp', 'key']); a key that is not a string literal is None."""
    keys: list[str | None] = []
    while True:
        if node.type == "subscript_expression" and node.named_child_count == 2:
            index = node.named_children[1]
            keys.insert(0, quoted_value(index) if index.type in ("string", "encapsed_string") else None)
            node = node.named_children[0]
        elif node.type == "member_access_expression" and node.child_by_field_name("name") is not None \
                and node.child_by_field_name("name").type == "name":  # `$cfg->cp->phrase` of `(object)[...]`
            keys.insert(0, text(node.child_by_field_name("name")))
            node = node.child_by_field_name("object")
        else:
            break
    return (text(node).lstrip("$") if node.type == "variable_name" and keys else None), keys


# functions whose result is made of the values they are given (a password may be spelled with them)
_BUILDERS = frozenset({
    "sprintf", "vsprintf", "implode", "join", "strrev", "base64_decode", "hex2bin", "str_rot13", "trim",
    "rtrim", "ltrim", "strtolower", "strtoupper", "ucfirst", "lcfirst", "urldecode", "rawurldecode",
    "stripslashes", "str_replace", "strtr", "substr", "str_pad", "str_repeat", "array_merge", "array_replace"})


def fallbacks(node: Node) -> Iterator[Node]:
    """The node, and the literals it falls back to: `getenv('PW') ?: '..'`, `$_ENV['PW'] ?? '..'`."""
    yield node
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "??":
        yield from fallbacks(node.child_by_field_name("right"))
    elif node.type == "conditional_expression":
        for field_name in ("body", "alternative"):
            branch = node.child_by_field_name(field_name)
            if branch is not None:
                yield from fallbacks(branch)


def _value(fa: FileAnalysis, node: Node, encoding: str) -> str:
    """A literal's text as the file holds it: between the quotes, or a heredoc's body (or the
    text of an interpolating string, between what it interpolates)."""
    if node.type == "string_content":
        return fa.source[node.start_byte:node.end_byte].decode(encoding)
    if not _literal(node):
        return ""
    if node.type in _HEREDOCS:
        body = _body(node)
        return fa.source[body.start_byte:body.end_byte].decode(encoding).strip("\r\n")
    return fa.source[node.start_byte + 1:node.end_byte - 1].decode(encoding)


def is_credential(name: str) -> bool:
    """A password, or a login name (an account name is none)."""
    return names_secret(name) or (not is_account_name(name) and is_login_name(name))


def named_values(fa: FileAnalysis) -> Iterator[tuple[str, Node]]:
    """(name, value) of every value stored under a name in the file: `$pw = ..`, `const PW = ..`,
    a property's or a parameter's default, `define('PW', ..)` (the name as _name_of reads it)."""
    for _, caps in QueryCursor(grammar_of(PHP).compiled(_NAMED)).matches(fa.tree.root_node):
        name = _name_of(caps["name"][0])
        if name is not None:
            yield name, caps["value"][0]
    for call in fa.calls:
        if call.receiver is None and fa.norm(call.name).lstrip("\\") == "define" and len(call.args) >= 2:
            constant = call.args[0][1]
            if constant.type in ("string", "encapsed_string"):
                yield quoted_value(constant), call.args[1][1]


def _name_of(node: Node) -> str | None:
    """`$pw`, `$this->pw`, `self::$pw`, `PW` -> its last name; `$cfg['pw']` -> the key."""
    if node.type == "subscript_expression":
        index = node.named_children[-1] if node.named_child_count > 1 else None
        return quoted_value(index) if index is not None and index.type in ("string", "encapsed_string") else None
    raw = text(node)
    for sep in ("->", "::"):
        raw = raw.rsplit(sep, 1)[-1]
    return raw.lstrip("$")


def _credential_arrays(fa: FileAnalysis) -> Iterator[Node]:
    """An array with a password key: its password and its login (`'email' => '..'`)."""
    seen: set[int] = set()
    for keyset in (k for word in _SECRET_WORDS for k in fa.keysets_mentioning(word)):
        if keyset.node.id in seen or not any(names_secret(key) for key in keyset.keys):
            continue
        seen.add(keyset.node.id)
        for key, key_node in keyset.keys.items():
            if is_credential(key):
                yield key_node.parent.named_children[-1]


def _named_arguments(fa: FileAnalysis) -> Iterator[Node]:
    """`new Client(password: '..')`, `connect(apiPass: '..')` (a login name only where a
    constructor's signature says so: `new Field(name: 'email')` is none)."""
    for call in (*fa.calls, *fa.news):
        for name, value in call.args:
            if name is not None and names_secret(name):
                yield value


def _constructions(fa: FileAnalysis) -> Iterator[Node]:
    """The credential arguments of a login client's constructor (any service's: its password is
    one too), by the constructor's parameters wherever in the project it is declared."""
    if fa.php is None:
        return
    for new in fa.news:
        key = constructed_key(fa, new)
        positional = [value for name, value in new.args if name is None]
        if key is not None and key in fa.php.classes:
            params = fa.php.ctor_params(key)
            if legacy_ctor_params(params):
                yield from (v for _param, v in _bound_credentials(params, new))
        elif legacy_client_args(new.args) and sum(_literal(v) for v in positional) >= 2:
            # a class the project does not hold (its file never names Copernica): no signature
            # to read, so every literal but a URL (an account name too, rather than a password)
            yield from (v for v in positional if not looks_like_url(v))


def _bound_credentials(params: tuple[str, ...], new: New) -> Iterator[tuple[str, Node]]:
    """(parameter, argument) of each credential parameter among a constructor's `params` that `new` binds."""
    positional = [value for name, value in new.args if name is None]
    bound = [*zip(params, positional), *((name, v) for name, v in new.args if name is not None)]
    return ((param, v) for param, v in bound if _credential_param(param))


# the legacy client's constructor (shapes.py): (email, password, account), the oldest (url, login, account, password)
_POM_PARAMS = {False: ("email", "password", "account"), True: ("url", "login", "account", "password")}
# the values a name can be followed through: `$pw`, `PW`, `$this->pw`, `self::PW`, `self::$pw`, `$cfg['pw']`
_NAME_TYPES = frozenset({"variable_name", "name", "member_access_expression", "class_constant_access_expression",
                         "scoped_property_access_expression", "subscript_expression"})


def login_literals(fa: FileAnalysis, defined: dict[str, list[Node]] | None = None,
                   values: list[tuple[str, Node]] | None = None) -> Iterator[tuple[str, Node]]:
    """("password" or "username", the literal) for each credential written into a Copernica login
    here (COP108): the values of Copernica's login parameters (an array with username, account
    and password) and the credential arguments of a login-client family's constructor, each
    followed through a name this file gives a literal (`$pw`, `PW`, `self::PW`; `defined`: _by_name;
    `values`: _login_values, when the caller has them)."""
    defined = _by_name(named_values(fa)) if defined is None else defined
    seen: set[int] = set()
    for name, value in _login_values(fa) if values is None else values:
        what = "password" if is_secret_name(name) else "username"
        followed = defined.get(_name_of(value) or "", []) if value.type in _NAME_TYPES else []
        for literal in (*fallbacks(value), *(f for d in followed for f in fallbacks(d))):
            # a URL bound to a login parameter is the older client's argument order, no credential
            if _literal(literal) and not looks_like_url(literal) and literal.id not in seen:
                seen.add(literal.id)
                yield what, literal


def _login_values(fa: FileAnalysis) -> Iterator[tuple[str, Node]]:
    others = foreign_logins(fa.tree.root_node) if fa.login_shapes else []  # an ERP's own SoapClient login
    for keyset in fa.login_shapes:  # username, account and password: the login's parameters
        if any(fa.inside(keyset.node, call) for call in others):
            continue
        for key, key_node in keyset.keys.items():
            if is_credential(key):
                yield key, key_node.parent.named_children[-1]
    family = fa.php.family() if fa.php is not None else frozenset()
    for new in fa.news:
        if passes_token(new.args):  # a token given: the caller is migrated
            continue
        key = constructed_key(fa, new)
        if key in family:
            yield from _bound_credentials(fa.php.ctor_params(key), new)
        elif (fa.php is None or key not in fa.php.classes) and fa.norm(new.type_name) == "pomsoapclient" \
                and new.args and legacy_client_args(new.args):
            # Copernica's own client, its file not in the project: its two argument orders
            yield from _bound_credentials(_POM_PARAMS[looks_like_url(new.args[0][1])], new)


def _credential_param(name: str) -> bool:
    # as the rewrite reads a constructor's signature: any word of a password (`$passwordHash`)
    return is_secret_name(name) or is_credential(name)


def _literal(node: Node) -> bool:
    """A quoted string (or heredoc) without interpolation: its text is its value."""
    if node.type in _HEREDOCS:
        body = _body(node)
        return body is not None and all(c.type in _PLAIN | {"nowdoc_string"} for c in body.named_children)
    return (node.type in ("string", "encapsed_string") and node.text[:1] in (b"'", b'"')
            and all(c.type in _PLAIN for c in node.named_children))


def _body(heredoc: Node) -> Node | None:
    """A heredoc's or nowdoc's body (None when tree-sitter found none)."""
    return next((c for c in heredoc.named_children if c.type in ("heredoc_body", "nowdoc_body")), None)
