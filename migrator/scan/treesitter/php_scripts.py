"""PHP scripts that log in with PHP's own SoapClient, and whether rewrite can migrate them.

    $soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');
    $soap->login(array('username' => ..., 'account' => ..., 'password' => ...));
    $dbs = $soap->Account_databases(array('allproperties' => true));

Such a client is migrated (rewrite/php/script_token.py) only when the variable is provably that
client's one handle in its scope: assigned once, with a WSDL literal that names Copernica; logged
in once, by a statement of its own in a block, not in a loop; every other use a call of one of
Copernica's operations whose parameters are an array literal (or none), so the token can be
written into each. Anything else (the variable handed on, captured, returned, reassigned,
`global`, `$GLOBALS`, `compact`/`extract`/`get_defined_vars`/`$$name`, an include after it that
may use it, `__soapCall`) is a `problem`: the script keeps its login and rewrite says why. A
SoapClient whose WSDL literal names another service is no Copernica client at all (`foreign`):
its login is no finding. COP101 reads this too: only a login of a migratable client is fixable.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrator.catalogue import BY_LOWER_NAME
from migrator.scan.treesitter.php_nodes import arguments, items
from migrator.scan.treesitter.syntax import quoted_value, text, walk

if TYPE_CHECKING:
    from tree_sitter import Node

# a variable scope of its own (closures capture with `use`, arrow functions by value: both are
# a use of the variable the migration cannot follow)
_FUNCTIONS = frozenset({"function_definition", "method_declaration"})
_CLOSURES = frozenset({"anonymous_function", "arrow_function"})
_CLASSES = frozenset({"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"})
_INCLUDES = frozenset({"include_expression", "include_once_expression", "require_expression",
                       "require_once_expression"})
# what reads or writes a scope's variables by name
_BY_NAME = frozenset({"compact", "extract", "get_defined_vars", "eval", "parse_str", "func_get_args"})
_LOOPS = frozenset({"while_statement", "do_statement", "for_statement", "foreach_statement"})
_BLOCKS = frozenset({"compound_statement", "program", "colon_block"})
_EFFECTS = frozenset({"assignment_expression", "augmented_assignment_expression", "update_expression",
                      "reference_assignment_expression"})
# SoapClient's own debugging reads: no request, no token needed
_HARMLESS = frozenset({"__getlastrequest", "__getlastresponse", "__getlastrequestheaders",
                       "__getlastresponseheaders", "__getfunctions", "__gettypes"})
WSDL_MARK = "?soapapi=wsdl"
COPERNICA_HOSTS = (".copernica.com", ".copernica.nl")
_HOST = re.compile(r"(?:https?:)?(?://)?([^/?#\s]+)")
TOKEN_KEY = "access_token"


@dataclass
class ScriptClient:
    variable: str  # "$soap"
    scope: Node  # the program, or the function or method whose body holds it
    construction: Node  # the assignment `$soap = new SoapClient(...)`
    wsdl: str = "copernica"  # "copernica", "foreign" (another service's literal) or "unknown"
    login_calls: list[Node] = field(default_factory=list)  # every `$soap->login(...)`
    logins: list[Node] = field(default_factory=list)  # those that are a statement of their own
    accounts: list[Node] = field(default_factory=list)  # the value of each login's 'account' element
    calls: list[Node] = field(default_factory=list)  # `$soap->Operation(...)` member calls
    # the includes of its scope: the included code runs there and may use it (the rewrite reads them)
    includes: list[Node] = field(default_factory=list)
    problem: str = ""  # why rewrite cannot migrate it ("" when it can)

    @property
    def migratable(self) -> bool:
        return self.wsdl == "copernica" and not self.problem and bool(self.logins)

    @staticmethod
    def call_params(call: Node) -> Node | None:
        """What a call passes first (its parameters array; None: it passes nothing)."""
        given = arguments(call.child_by_field_name("arguments"))
        return given[0][1] if given else None


@functools.lru_cache(maxsize=16)  # COP101, COP108, the masking and the fix all ask, of the same tree
def script_clients(root: Node) -> list[ScriptClient]:
    """Every variable assigned `new SoapClient(...)` in the file, with what uses it."""
    if b"soapclient" not in root.text.lower():
        return []  # most files: no walk
    out = []
    for node in walk(root):
        if node.type == "assignment_expression":
            wsdl = _soap_client_wsdl(node.child_by_field_name("right"))
            left = node.child_by_field_name("left")
            if wsdl is not None and left is not None and left.type == "variable_name":
                out.append(_client(root, node, text(left), wsdl))
    return out


def login_verdicts(root: Node) -> dict[int, str | None]:
    """Start byte of each script client's login call -> why rewrite leaves it ("" when it migrates
    it; None: the client is another service's, its login no Copernica login)."""
    out: dict[int, str | None] = {}
    for client in script_clients(root):
        for call in client.login_calls:
            out[call.start_byte] = None if client.wsdl == "foreign" else client.problem
    return out


def foreign_logins(root: Node) -> list[Node]:
    """The login calls of SoapClients whose WSDL literal names another service."""
    return [call for client in script_clients(root) if client.wsdl == "foreign" for call in client.login_calls]


def tokenless_calls(client: ScriptClient) -> list[Node]:
    """The client's operation calls whose parameters do not carry `access_token`."""
    return [c for c in client.calls if not _has_key(client.call_params(c), TOKEN_KEY)]


def _soap_client_wsdl(node: Node | None) -> str | None:
    """For `new SoapClient(...)`: whose WSDL its first argument's literals name; None for anything else."""
    if node is None or node.type != "object_creation_expression":
        return None
    names = [c for c in node.named_children if c.type in ("name", "qualified_name")]
    if not names or text(names[0]).lstrip("\\").lower() != "soapclient":
        return None
    if not text(names[0]).startswith("\\") and _namespaced_without_import(node):
        return None  # `namespace Acme; new SoapClient(..)` is Acme\SoapClient: not PHP's
    given = arguments(next((c for c in node.named_children if c.type == "arguments"), None))
    value = given[0][1] if given else None
    literals = [quoted_value(n).lower() for n in walk(value) if n.type in ("string", "encapsed_string")] \
        if value is not None else []
    if value is not None and value.type in ("string", "encapsed_string") and len(literals) == 1 \
            and literals[0].startswith("https://") and _copernica_host(literals[0]):
        # one literal, no fallback or concatenation that may name another host; its calls not sent elsewhere
        return "copernica" if not _relocated(given) else "unknown"
    if value is not None and value.type in ("string", "encapsed_string") \
            and "://" in literals[0] and WSDL_MARK not in literals[0]:
        return "foreign"  # 'https://erp.example.com/api?wsdl': another service
    # a constant or variable, or `?SOAPAPI=WSDL` on another host (maybe a white-label Copernica)
    return "unknown"


def _namespaced_without_import(node: Node) -> bool:
    """`SoapClient` names another class here: the file declares a namespace and imports no global
    `SoapClient` with `use`, or it imports another class as SoapClient (`use Acme\\Shim as SoapClient`)."""
    root = node
    while root.parent is not None:
        root = root.parent
    clauses = [" ".join(text(n).lstrip("\\").lower().split()) for n in walk(root) if n.type == "namespace_use_clause"]
    if any(c != "soapclient" and (c.endswith(" as soapclient") or c.rsplit("\\", 1)[-1] == "soapclient")
           for c in clauses):
        return True
    return any(n.type == "namespace_definition" for n in walk(root)) and "soapclient" not in clauses


def _relocated(given: list[tuple[str | None, Node]]) -> bool:
    """The options (second argument) may send the calls elsewhere: a 'location', or not an array literal."""
    if len(given) < 2:
        return False
    options = given[1][1]
    if options.type != "array_creation_expression":
        return True
    return any(e.type == "array_element_initializer" and e.named_child_count == 2
               and quoted_value(e.named_children[0]).lower() == "location" for e in options.named_children)


def _copernica_host(url: str) -> bool:
    """The URL's host is Copernica's (`https://soap.copernica.com/...`), not a path or query that says so."""
    match = _HOST.match(url.strip())
    host = match.group(1).rsplit("@", 1)[-1].split(":", 1)[0] if match else ""
    return host.endswith(COPERNICA_HOSTS) or host in (h.lstrip(".") for h in COPERNICA_HOSTS)


def _scope_of(node: Node) -> Node:
    current = node.parent
    while current is not None and current.type not in _FUNCTIONS and current.type not in _CLOSURES:
        current = current.parent
    if current is not None:
        return current
    while node.parent is not None:
        node = node.parent
    return node  # the program


def _client(root: Node, construction: Node, variable: str, wsdl: str) -> ScriptClient:
    scope = _scope_of(construction)
    client = ScriptClient(variable, scope, construction, wsdl)
    if scope.type in _CLOSURES:
        client.problem = "it is made inside a closure"
        return client
    problems: list[str] = []
    for use in _uses(scope, variable):
        why = _classify(client, use)
        if why:
            problems.append(f"{why} (line {use.start_point[0] + 1})")
    for node in _own_nodes(scope):
        line = node.start_point[0] + 1
        if node.type in _INCLUDES:
            client.includes.append(node)
            if include_path(node) is None:  # include_path, the working folder or a variable decide the file
                problems.append(f"a file included where it lives is not named as __DIR__ . '/file' (line {line})")
        elif node.type == "goto_statement":
            problems.append(f"a goto may run its login again (line {line})")
        elif node.type == "function_call_expression" and \
                text(node.child_by_field_name("function")).lstrip("\\").lower() in _BY_NAME:
            problems.append(f"{text(node.child_by_field_name('function'))}() reaches variables by name (line {line})")
        elif node.type == "dynamic_variable_name":
            problems.append(f"a variable variable may be {variable} (line {line})")
    if scope.type == "program":
        # a global: other code may reach it by name
        for node in walk(root):
            if node.type == "global_declaration" and any(text(v) == variable for v in node.named_children):
                problems.append(f"a function reads it with `global` (line {node.start_point[0] + 1})")
            elif node.type == "variable_name" and text(node) == "$GLOBALS":
                problems.append(f"the script reads $GLOBALS (line {node.start_point[0] + 1})")
        if client.login_calls and not client.calls:
            problems.append("it makes no call here: other code must use it")
    for call in client.login_calls:
        statement = call.parent
        if call.parent.type != "expression_statement" or statement.named_child_count != 1:
            problems.append(f"its login's result is used (line {call.start_point[0] + 1})")
        elif statement.parent is None or statement.parent.type not in _BLOCKS:
            problems.append(f"its login is the whole body of a statement without braces (line {call.start_point[0] + 1})")
        elif _inside(statement, _LOOPS, scope):
            problems.append(f"it logs in inside a loop (line {call.start_point[0] + 1})")
        elif any(n.type in _EFFECTS for n in walk(call.child_by_field_name("arguments"))):
            problems.append(f"its login's arguments assign variables (line {call.start_point[0] + 1})")
        else:
            client.logins.append(statement)
            for value in _account_values(client.call_params(call)):
                why = _varying(value, scope)
                if why:
                    problems.append(f"its account {why} (line {value.start_point[0] + 1}): one token serves one account")
                client.accounts.append(value)
    if len(client.login_calls) > 1:
        problems.append("it logs in more than once")
    if wsdl == "unknown":
        problems.insert(0, "its WSDL is not a literal naming Copernica's host")
    if root.has_error:  # a use inside code that does not parse is no use the migration can see
        problems.insert(0, "the file has a syntax error")
    client.problem = problems[0] if problems else ""
    return client


def include_path(include: Node) -> str | None:
    """The path an include names relative to the including file's folder, when it is written
    `__DIR__ . '/x.php'` or `dirname(__FILE__) . '/x.php'`; else None (a bare 'x.php' is looked up
    on the include_path and in the working folder first: which file runs is not the file's to say)."""
    expr = include.named_children[-1] if include.named_children else None
    while expr is not None and expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    if expr is None:
        return None
    if expr.type == "binary_expression" and text(expr.child_by_field_name("operator")) == ".":
        left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
        if text(left).replace(" ", "").lower() in ("__dir__", "dirname(__file__)") and right is not None \
                and right.type in ("string", "encapsed_string") and all(
                    c.type in ("string_content", "escape_sequence") for c in right.named_children):
            return "./" + quoted_value(right).lstrip("/")
    return None


def _varying(value: Node, scope: Node) -> str:
    """Why an account value may differ between runs of the login ("" when it cannot): anything but a
    literal, a constant or an environment read (a parameter, `$argv[1]`, a variable, a call)."""
    if value.type in ("string", "encapsed_string"):
        plain = all(c.type in ("string_content", "escape_sequence") for c in value.named_children)
        return "" if plain else "is an interpolated string"
    if value.type == "name":  # a constant
        return ""
    function = value.child_by_field_name("function") if value.type == "function_call_expression" else None
    if function is not None and text(function).lstrip("\\").lower() == "getenv" \
            or text(value).startswith(("$_ENV[", "$_SERVER[")):
        return ""
    if value.type == "variable_name" and scope.type != "program" and any(
            n.type == "variable_name" and text(n) == text(value) for n in walk(scope.child_by_field_name("parameters"))):
        return f"comes from the parameter {text(value)}"
    return f"comes from {text(value)[:40]}, which may name another account on another run"


def _own_nodes(scope: Node):
    """The nodes of `scope`, not of a function or class declared inside it."""
    stack = list(reversed(scope.children))
    while stack:
        node = stack.pop()
        if node.type in _FUNCTIONS or node.type in _CLASSES:
            continue
        yield node
        stack.extend(reversed(node.children))


def _inside(node: Node, types: frozenset[str], scope: Node) -> bool:
    current = node.parent
    while current is not None and current != scope:
        if current.type in types:
            return True
        current = current.parent
    return False


def _account_values(params: Node | None) -> list[Node]:
    if params is None or params.type != "array_creation_expression":
        return []
    return [value for key, _node, value in items(params) if key.lower() == "account"]


def _uses(scope: Node, variable: str) -> list[Node]:
    """The variable's occurrences in `scope`, not in a function or class declared inside it (their
    own scopes); occurrences inside a closure are kept (a capture)."""
    return [n for n in _own_nodes(scope) if n.type == "variable_name" and text(n) == variable]


def _classify(client: ScriptClient, use: Node) -> str:
    """Record a use the migration can follow on the client; else say what the use is."""
    parent = use.parent
    inner = _scope_of(use)
    if inner != client.scope:  # inside a closure of the scope: a capture
        return f"a closure captures {client.variable}"
    if parent == client.construction and parent.child_by_field_name("left") == use:
        return ""
    if parent.type == "assignment_expression" and parent.child_by_field_name("left") == use:
        return f"{client.variable} is assigned again"
    if parent.type != "member_call_expression" or parent.child_by_field_name("object") != use:
        return f"{client.variable} is used for more than its calls"
    name_node = parent.child_by_field_name("name")
    name = text(name_node).lower() if name_node is not None and name_node.type == "name" else ""
    if name == "login":
        client.login_calls.append(parent)  # judged once all uses are known (_client)
        return ""
    if name in _HARMLESS:
        return ""
    if name not in BY_LOWER_NAME:
        return f"{client.variable}->{text(name_node) or '...'}() is not one of Copernica's operations"
    params = client.call_params(parent)
    if params is not None and params.type != "array_creation_expression":
        return f"the parameters of {client.variable}->{text(name_node)}() are not an array literal"
    if _has_key(params, "login"):
        return f"{client.variable}->{text(name_node)}() also passes a per-call login"
    client.calls.append(parent)
    return ""


def _has_key(array: Node | None, key: str) -> bool:
    return any(found.lower() == key for found, _node, _value in items(array))
