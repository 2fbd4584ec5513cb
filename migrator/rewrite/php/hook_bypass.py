"""Calls past the token hook. A migrated family class adds `access_token` in one hook (`__call`,
or a `__soapCall` that already did); a method that sends an operation through another door,
`$this->__soapCall(...)` or `SoapClient::__call(...)` while the hook is `__call`, reaches
SoapClient's own method, and that call carries no token. Read from the code as it would be written
(families._leftovers), so the hook is the one the migration really leaves."""

from __future__ import annotations

from migrator.rewrite.php.nodes import arguments, walk
from migrator.scan.treesitter.syntax import quoted_value, text

_SENDS = frozenset({"__soapcall", "__call"})


def bypasses(project, family: frozenset[str], display: str, tree) -> list[tuple[int, str]]:
    """(line, why) of each send in a family class of `display` that skips the token hook."""
    file = project.files.get(display)
    out = []
    for cls in file.classes if file is not None else ():
        hooks = [(c, c.methods[m].name) for c in project.lineage(cls.key) for m in sorted(c.token_hooks)]
        if cls.key not in family or not hooks:
            continue  # no hook at all: families._leftovers says the class sends no token
        node = tree.root_node.descendant_for_byte_range(cls.start_byte, cls.end_byte)
        for call in walk(node) if node is not None else ():
            name = call.child_by_field_name("name") if call.type in (
                "member_call_expression", "scoped_call_expression") else None
            if name is None or text(name).lower() not in _SENDS or _in_hook(cls, call):
                continue
            if _reaches_hook(project, cls, display, call, text(name).lower()):
                continue
            first = next(iter(arguments(call)), None)
            literal = first is not None and first.type in ("string", "encapsed_string")
            operation = quoted_value(first) if literal else "an operation"
            advice = f"call it as $this->{operation}(...)" if literal else "send it through the hook"
            scope = call.child_by_field_name("scope")
            door = f"{text(scope)}::{text(name)}" if scope is not None else text(name)
            out.append((call.start_point[0] + 1, f"calls {operation} through {door}, past the {hooks[0][1]} "
                                                 f"hook that adds the access token: {advice}, or the call "
                                                 "goes without a token"))
    return out


def _in_hook(cls, call) -> bool:
    """The hook's own send (`parent::__call($name, array($params))` after it added the token)."""
    return any(m.start_byte <= call.start_byte < m.end_byte for lower, m in cls.methods.items()
               if lower in cls.token_hooks)


def _reaches_hook(project, cls, display: str, call, name: str) -> bool:
    """Does the method this call runs add the token? Unknown classes are given the benefit of the
    doubt: only SoapClient's own method is known to send without one."""
    if call.type == "member_call_expression":
        if text(call.child_by_field_name("object")) != "$this":
            return True  # another object's client: not this family's hook to skip
        start = cls.key
    else:
        scope = text(call.child_by_field_name("scope")).lower()
        start = {"self": cls.key, "static": cls.key, "parent": cls.base}.get(
            scope, project.resolve(scope, display, call.start_byte))
    if start is None:
        return True
    for c in project.lineage(start):
        if name in c.methods:
            return name in c.token_hooks
    return not (start == "soapclient" or project.extends_soap(start))
