"""COP002 as direct edits: codemods/login_struct.py's replacement of a per-call `login` struct by
`"access_token": os.environ[...]`, for structs of literals in a Copernica call's parameters dict.

A struct that reads variables (the codemod then decides which of them go), one outside a call
it recognises (a TODO), or a dict that already sends access_token is the codemod's (CannotEdit).
"""

from __future__ import annotations

import ast

from collections import Counter

from codemods.login_struct import ENV_GONE, REPLACED, STRUCTS_GONE
from migrator.catalogue import OPERATION_NAME, lookup
import migrator.rewrite.direct.syntax as syntax
from migrator.rewrite.direct.plan import Plan, give_up
from migrator.rewrite.direct.text import Edit, alone_on_line, blank, leading, line_after, start_of
from migrator.scan.python.ast_analysis import Part
from migrator.scan.python import evidence

_LOGIN_KEYS = {"username", "password", "account"}


def plan(p: Plan) -> None:
    a = p.analysis
    if not (a.raw.soap_imported or _mentions_copernica(p)):
        return
    imports_os = any(isinstance(st, ast.Import) and any(n.name == "os" and n.asname is None for n in st.names)
                     for st in a.tree.body)
    operations: dict[int, str | None] = {}  # id(a call's parameters dict) -> its Copernica operation
    for call in a.raw.calls:
        params = _parameters_dict(call)
        if params is not None and not p.gone(call):
            operations[id(params)] = _operation_name(call)
    removed: list[ast.expr] = []  # the login values taken out
    for node in syntax.post_order(a.tree):
        if not isinstance(node, ast.Dict) or p.gone(node):
            continue
        keys = [_key(p, k) for k in node.keys]
        logins = [i for i, k in enumerate(keys) if k == "login"]
        if not logins or (id(node) in operations and operations[id(node)] is None):
            continue
        operation = operations.get(id(node))
        if operation is None:
            if any(_is_login_struct(p, node.values[i]) for i in logins):
                give_up("a login struct outside a call the tool recognises (a TODO)")
            continue
        if "access_token" in keys or len(logins) > 1:
            give_up("the call already sends access_token, or two login keys (one becomes the token)")
        for i in reversed(logins):
            value = node.values[i]
            removed.append(value)
            start, end = p.analysis.source.offsets(node.keys[i])
            quote = p.source.text[start]
            if quote not in "'\"":
                give_up("a prefixed key")
            p.replace(node.keys[i], f"{quote}access_token{quote}")
            p.replace(value, f"os.environ[{quote}{p.token_env}{quote}]")
            if not imports_os and "import os" not in p.adds:
                p.adds.append("import os")
        p.note_change(node.lineno, REPLACED.format(operation=operation, token_env=p.token_env), node)
    if removed:
        _left_unread(p, removed, imports_os)


def _left_unread(p: Plan, removed: list[ast.expr], imports_os: bool) -> None:
    """What the removed structs alone read: a module-level credentials dict goes (its
    os.environ reads would raise where only the token is set), the rest is reported."""
    a = p.analysis
    strings = _visible_strings(p)
    found = [(value, [n for n in syntax.descendants(value) if isinstance(n, ast.Name)]) for value in removed]
    removed_ids: set[int] = set()
    if any(names for _value, names in found):
        for node in [*removed, *p.dropped]:
            removed_ids.update(id(n) for n in ast.walk(node))
    gone: dict[int, tuple[ast.stmt, str, int]] = {}
    unused: list[tuple[str, int]] = []
    for value, names in found:
        for env in syntax.env_names(a, value):
            if strings.get(env, 0) <= _count(p, value, env):
                p.note_unused(f"environment variable {env}")
        for name in names:
            for access in a.resolver.by_node.get(id(name), ()):
                if access.node is not name:
                    continue
                for assignment in access.referents:
                    refs = syntax.references(a, assignment)
                    node = assignment.import_node if assignment.import_node is not None else assignment.node
                    if node is None or assignment.builtin or not refs:
                        continue
                    if all(id(ref.node) in removed_ids for ref in refs):
                        line = syntax.line_of(node)
                        statement = _credentials_line(p, node)
                        environ = _environ_line(p, node, imports_os)
                        if statement is not None:
                            gone.setdefault(id(statement), (statement, name.id, line, STRUCTS_GONE.format(name=name.id)))
                        elif environ is not None:  # it would raise KeyError where only the token is set
                            gone.setdefault(id(environ[0]), (environ[0], name.id, line, ENV_GONE.format(
                                name=name.id, variable=environ[1])))
                        elif (name.id, line) not in unused:
                            unused.append((name.id, line))
    if gone:
        _environ_reads_of(p, gone, removed_ids, imports_os)
    for statement, name, line, note in gone.values():
        for env in syntax.env_names(a, statement):  # the dict was the last place the module named it
            if strings.get(env, 0) <= _count(p, statement, env) + sum(_count(p, v, env) for v in removed):
                p.note_unused(f"environment variable {env}")
        p.note_removed_name("this module", name)
        p.note_change(line, note, a.tree)
    for name, line in unused:
        if not any(name == n for _s, n, _l, _t in gone.values()):
            p.note_unused(f"{name} (line {line})")
    if gone:
        p.struct_lines = [s for s, _n, _l, _t in gone.values()]
        _remove_lines(p, p.struct_lines)


def _environ_reads_of(p: Plan, gone: dict, removed_ids: set[int], imports_os: bool) -> None:
    """`PASSWORD = os.environ["X"]` that only a credentials dict going here read goes too (the
    codemod's _environ_reads_of)."""
    a = p.analysis
    queue = [statement for statement, _n, _l, _t in gone.values()]
    while queue:
        statement = queue.pop(0)
        removed_ids.update(id(n) for n in ast.walk(statement))
        for name in (n for n in syntax.descendants(statement.value) if isinstance(n, ast.Name)):
            for access in a.resolver.by_node.get(id(name), ()):
                for assignment in access.referents:
                    found = _environ_line(p, assignment.node, imports_os)
                    refs = syntax.references(a, assignment)
                    if found is None or id(found[0]) in gone or not refs:
                        continue
                    if all(id(ref.node) in removed_ids for ref in refs):
                        target = assignment.node
                        gone[id(found[0])] = (found[0], target.id, target.lineno,
                                              ENV_GONE.format(name=target.id, variable=found[1]))
                        queue.append(found[0])


def _environ_line(p: Plan, target, imports_os: bool) -> tuple[ast.Assign | ast.AnnAssign, str] | None:
    """(the module-level line `target = os.environ["X"]`, X), alone on its line, with `import os`."""
    statement = _module_assignment(p, target) if imports_os else None
    value = statement.value if statement is not None else None
    if isinstance(value, ast.Subscript) and syntax.dotted(value.value) == "os.environ" \
            and syntax.plain_string(p.analysis, value.slice) and value.slice.value:
        return statement, value.slice.value
    return None


def _module_assignment(p: Plan, target) -> ast.Assign | ast.AnnAssign | None:
    """The module-level `target = value` (or `target: T = value`) alone on its line (the codemod's
    _module_line)."""
    statement = p.analysis.parent(target) if isinstance(target, ast.Name) else None
    own = (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and statement.targets[0] is target) \
        or (isinstance(statement, ast.AnnAssign) and statement.target is target and statement.value is not None)
    if own and p.analysis.parent(statement) is p.analysis.tree and alone_on_line(p.source, statement):
        return statement
    return None


def _remove_lines(p: Plan, statements: list[ast.stmt]) -> None:
    """The codemod's leave_Module: each line goes with its leading lines; their blank ones move
    to the next statement when it has none (and a statement above stays)."""
    body = p.analysis.tree.body
    if any(p.analysis.parent(d) is p.analysis.tree for d in p.dropped):
        give_up("module lines removed by both the login and the struct edits")
    kept_before, carry = False, ""
    for index, statement in enumerate(body):
        going = any(statement is s for s in statements)
        if not going and not carry:
            kept_before = True
            continue
        region = leading(p.source, body, index, module_level=True)
        at = start_of(p.source, region, statement)
        if going:
            carry = "".join(p.source.lines[n - 1] + "\n" for n in region if blank(p.source, n)) if kept_before else ""
            p.edits.append(Edit(at, line_after(p.source, statement.end_lineno), ""))
            continue
        if not region:
            p.edits.append(Edit(at, at, carry))
        carry, kept_before = "", True


def _credentials_line(p: Plan, target) -> ast.Assign | None:
    """The module-level line `target = {"username": ..., "password": ...}`, alone on its line."""
    if not isinstance(p.analysis.parent(target), ast.Assign):
        return None
    statement = _module_assignment(p, target)
    if statement is None or not isinstance(statement.value, ast.Dict):
        return None
    keys = {_key(p, k) for k in statement.value.keys}
    if evidence.login_shape(keys - {None}) and keys <= _LOGIN_KEYS:
        return statement
    return None


def _visible_strings(p: Plan) -> Counter:
    """String literal tokens the codemod's visit sees (not those of lines an earlier codemod removed)."""
    a = p.analysis
    counts: Counter = Counter()
    for s in a.raw.strings:
        if isinstance(s, ast.JoinedStr):
            continue
        if isinstance(s, ast.Constant):
            if isinstance(s.value, str) and not p.gone(s):
                counts[s.value] += 1
        elif not p.gone_at(a._offsets(s)[0]):
            counts[s.value] += 1
    return counts


def _count(p: Plan, node: ast.AST, text: str) -> int:
    """String literal tokens under `node` whose value is `text`."""
    a = p.analysis
    count = 0
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            if n in a.raw.concats:
                count += sum(1 for part in a._halves(n) if isinstance(part, Part) and part.value == text)
            elif syntax.plain_string(a, n):
                count += n.value == text
    return count


def _mentions_copernica(p: Plan) -> bool:
    """Copernica evidence in a string literal's text (libcst's raw token text; an f-string's
    literal parts, which only libcst tells apart: such a file is the codemod's)."""
    a = p.analysis
    fstrings = False
    for s in a.raw.strings:
        start, end = a._offsets(s)
        if evidence.mentions_copernica(p.source.text[start:end]):
            if isinstance(s, ast.JoinedStr):
                fstrings = True
            else:
                return True
    if fstrings:
        give_up("Copernica named in an f-string")
    return False


def _key(p: Plan, key: ast.expr | None) -> str | None:
    return key.value if key is not None and syntax.plain_string(p.analysis, key) else None


def _is_login_struct(p: Plan, value: ast.expr) -> bool:
    if not isinstance(value, ast.Dict):
        return False
    keys = {_key(p, k) for k in value.keys}
    return "account" in keys and bool(keys & {"username", "password"}) and keys <= _LOGIN_KEYS


def _operation_name(call: ast.Call) -> str | None:
    if not isinstance(call.func, ast.Attribute):
        return None
    name = call.func.attr
    if name.lower() == "login":
        return None
    return name if (OPERATION_NAME.match(name) or lookup(name)) else None


def _parameters_dict(call: ast.Call) -> ast.Dict | None:
    """The dict literal passed as the call's parameters: parameters=, else its first positional."""
    for keyword in call.keywords:
        if keyword.arg == "parameters":
            return keyword.value if isinstance(keyword.value, ast.Dict) else None
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    if positional and isinstance(positional[0], ast.Dict):
        return positional[0]
    return None
