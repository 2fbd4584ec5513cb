"""libcst's import visitors, made once per class instead of once per instance.

Every libcst matcher-decorated visitor (AddImportsVisitor, RemoveImportsVisitor and the gatherers
they make inside) looks for matcher-decorated methods by reflection over its whole class, about a
thousand attributes, each time one is made; the engine makes several per file and none of them
has such a method. This remembers, per class, that the search found nothing, and skips it next
time. A class with decorated methods is searched every time, as libcst does. libcst's own
functions are wrapped in place (only when present: a libcst without them is left alone).
"""

from __future__ import annotations

from typing import Callable

from libcst.matchers import _visitors

_GATHERERS = ("_gather_matchers", "_gather_constructed_visit_funcs", "_gather_constructed_leave_funcs")


def _once_per_class(gather: Callable[[object], dict]) -> Callable[[object], dict]:
    found_nothing: set[type] = set()

    def gather_once(obj: object) -> dict:
        cls = type(obj)
        if cls in found_nothing:
            return {}
        found = gather(obj)
        if not found:
            found_nothing.add(cls)
        return found

    gather_once.wrapped = gather  # type: ignore[attr-defined]
    return gather_once


def install() -> None:
    for name in _GATHERERS:
        gather = getattr(_visitors, name, None)
        if callable(gather) and not hasattr(gather, "wrapped"):
            setattr(_visitors, name, _once_per_class(gather))
