"""A script that logs in with PHP's own SoapClient: its login goes, and every call of the client
carries the access token in its parameters (Copernica's 2.x client puts it last, so does this).

    $soap->login(array('username' => $user, 'account' => 'Shop', 'password' => $pw));   (removed)
    $soap->Account_databases(array('allproperties' => true));
    -> $soap->Account_databases(array('allproperties' => true, 'access_token' => getenv('COPERNICA_ACCESS_TOKEN')));

Only clients scan/treesitter/php_scripts.py proves migratable; the others keep their login (COP101
names why). What the rest of the project may do with the client (a file that includes this
script, a file it includes) is checked by script_reach.py, which holds the script back.
"""

from __future__ import annotations

from typing import Iterator

from migrator.rewrite.php import layout
from migrator.rewrite.php.construction_sites import account_strings
from migrator.rewrite.php.edit import Edit
from migrator.rewrite.php.registry import FileContext, fix
from migrator.rewrite.model import ScriptClientUse
from migrator.scan.treesitter.php_scripts import TOKEN_KEY, include_path, script_clients, tokenless_calls


@fix("COP101")
def run(ctx: FileContext) -> Iterator[Edit]:
    token = f"getenv('{ctx.token_env}')"
    for client in script_clients(ctx.tree.root_node):
        if not client.migratable:
            continue
        ctx.script_clients.append(ScriptClientUse(
            client.variable, client.scope.type == "program",
            tuple((include_path(i), i.start_point[0] + 1) for i in client.includes)))
        for statement in client.logins:
            start, end = layout.removal(ctx.data, statement)
            line = layout.line_of(ctx.data, statement.start_byte)
            yield Edit(start, end, b"", f"line {line}: removed the login of {client.variable} (the access "
                                       "token goes with every call)")
        for call in tokenless_calls(client):
            params = client.call_params(call)
            line = layout.line_of(ctx.data, call.start_byte)
            why = f"line {line}: the call sends the access token"
            if params is None:  # `$soap->Account_databases()`: its parameters are the token alone
                opening = call.child_by_field_name("arguments").children[0]  # `(`: a comment inside stays
                yield Edit(opening.end_byte, opening.end_byte,
                           layout.encode(ctx, f"array('{TOKEN_KEY}' => {token})"), why)
                continue
            elements = [e for e in params.named_children if e.type != "comment"]
            if elements:
                yield Edit(elements[-1].end_byte, elements[-1].end_byte,
                           layout.encode(ctx, f", '{TOKEN_KEY}' => {token}"), why)
            else:  # `array()` / `[]`: right after the opening bracket
                opening = params.children[1] if params.children[0].type == "array" else params.children[0]
                yield Edit(opening.end_byte, opening.end_byte, layout.encode(ctx, f"'{TOKEN_KEY}' => {token}"), why)


def unfinished(old_root, new_root) -> list[tuple[int, str]]:
    """(line of the new file, why) for each script client the fix migrated that, in the
    migrated code, still logs in, is used in a way the fix cannot follow, or makes a call
    without the token: the fix's result proved, not trusted (the runner then leaves the file)."""
    before = {_key(c) for c in script_clients(old_root) if c.migratable}  # what the fix migrated
    out = []
    for client in script_clients(new_root):
        if _key(client) not in before:
            continue
        line = client.construction.start_point[0] + 1
        if client.login_calls or client.problem:
            out.append((line, f"{client.variable} would still log in ({client.problem or 'its login stays'})"))
        out += [(call.start_point[0] + 1, f"{client.variable}'s call would go without the access token")
                for call in tokenless_calls(client)]
    return out


def accounts(ctx: FileContext) -> list[tuple[int, frozenset[str]]]:
    """(line, the strings its account comes from) of each login of a client this fix migrates, as
    construction_sites.account_sources reads a family's (families.py compares them)."""
    out = []
    for client in script_clients(ctx.tree.root_node):
        if client.migratable:
            for value in client.accounts:
                strings = frozenset(s for s in account_strings(value) if s)
                if strings:
                    out.append((value.start_point[0] + 1, strings))
    return out


def _key(client) -> tuple[str, str, str]:
    """A client by its variable and its scope (a function's name): the same in the old and the new tree."""
    name = client.scope.child_by_field_name("name") if client.scope.type != "program" else None
    return client.variable, client.scope.type, name.text.decode("utf-8", "replace") if name is not None else ""
