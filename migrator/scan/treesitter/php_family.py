"""What the COP1xx rules ask of the PHP project model about one file (other languages: nothing).

A PHP file is Copernica code when it says so itself (FileAnalysis.is_copernica) or when it
defines a class of the login-client family another file may have started (a renamed subclass
with no Copernica word in it). Copernica's access-token client is not family and its leftover
cookie helper is harmless.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrator.scan.treesitter.syntax import text

if TYPE_CHECKING:
    from tree_sitter import Node

    from migrator.scan.treesitter.facts import FileAnalysis, New
    from migrator.scan.treesitter.php_project import PhpClass


def family_classes(fa: FileAnalysis) -> list[PhpClass]:
    return fa.php.family_in(fa.path) if fa.php is not None else []


def is_copernica(fa: FileAnalysis) -> bool:
    return fa.is_copernica or bool(family_classes(fa)) or builds_family(fa)


def builds_family(fa: FileAnalysis) -> bool:
    """The file builds a login client of the family (defined in any file)."""
    if fa.php is None or not fa.news:
        return False
    family = fa.php.family()
    return any(constructed_key(fa, new) in family for new in fa.news)


def class_at(fa: FileAnalysis, node: Node) -> PhpClass | None:
    return fa.php.class_at(fa.path, node.start_byte) if fa.php is not None else None


def in_family(fa: FileAnalysis, node: Node) -> bool:
    cls = class_at(fa, node)
    return cls is not None and cls.key in fa.php.family()


def reports_here(fa: FileAnalysis, node: Node, *, login: bool = False) -> bool:
    """A session finding at `node` stands: a Copernica file (or a family class in any file),
    and not inside the access-token client. `login`: the finding is a login, which that client
    never makes (the project model does not see one made through call_user_func)."""
    if fa.php is None:
        return fa.is_copernica
    cls = class_at(fa, node)
    if cls is None:
        return fa.is_copernica or builds_family(fa)
    if cls.key in fa.php.family():
        return True
    if fa.php.is_token_client(cls.key) and not login:
        return False
    # another vendor's SoapClient subclass in a Copernica file: its own login is not ours
    if fa.php.extends_soap(cls.key) and not fa.php.evidence(cls.key):
        return False
    return fa.is_copernica or builds_family(fa)


def constructed_key(fa: FileAnalysis, new: New) -> str | None:
    """The project key of the class `new X(...)` builds (self/static/parent through the
    enclosing class); None without a project model."""
    if fa.php is None:
        return None
    key = fa.php.resolve(text(new.type_node), fa.path, new.node.start_byte)
    if key in ("self", "static", "parent"):
        cls = class_at(fa, new.node)
        if cls is None:
            return None
        key = cls.base if key == "parent" else cls.key
    return key


def bound_params(fa: FileAnalysis, key: str, new: New) -> list[str]:
    """The constructor parameters (own or inherited) that the arguments of `new` bind to."""
    params = fa.php.ctor_params(key)
    bound: list[str] = []
    for index, (name, _value) in enumerate(new.args):
        if name is not None:
            if name in params:
                bound.append(name)
        elif index < len(params):
            bound.append(params[index])
    return list(dict.fromkeys(bound))


def login_helpers(fa: FileAnalysis, node: Node) -> frozenset[str]:
    """Methods (lower case) of the class around `node` that log in, own or inherited."""
    cls = class_at(fa, node)
    return fa.php.logs_in(cls.key) if cls is not None else frozenset()
