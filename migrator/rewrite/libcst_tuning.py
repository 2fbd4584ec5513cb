"""Where libcst does the same work again for nothing, the engine has it done once.

- Every matcher-decorated visitor (AddImportsVisitor, RemoveImportsVisitor and the gatherers they
  make inside) looks for matcher-decorated methods over its whole class, about a thousand
  attributes, each time one is made; the engine makes several per file and none of them has such
  a method. This remembers, per class, that the search found nothing. A class with decorated
  methods is searched every time, as libcst does.
- Every batchable metadata provider (ExpressionContextProvider, under ScopeProvider) lists its
  `visit_*`/`leave_*` methods with `inspect.getmembers` each time metadata is resolved: about a
  fifth of what scopes cost. The names are a fact of the class; each instance still gets its own
  bound methods. An instance with a visitor method of its own is searched as libcst does.
- Metadata providers that do all their work in `visit_Module` (ScopeProvider and
  ExpressionContextProvider run their own visitor there) are still walked over the whole tree
  by libcst's batched visit, calling no hook: two walks per file for nothing. A batch whose
  providers have no other hook gets its `visit_Module` calls alone, and a batch with no
  provider at all (what resolving PositionProvider alone makes) no walk.
- PositionProvider makes a range for every node while it generates the code, twice what a
  parse costs; the codemods ask for a few lines. `positions` gives the same ranges, made
  when asked.

libcst's own functions are wrapped in place (only when present: a libcst without them is left alone).
"""

from __future__ import annotations

from typing import Callable

import libcst as cst
from libcst import _batched_visitor
from libcst.metadata import PositionProvider, wrapper
from libcst.metadata.base_provider import BaseMetadataProvider
from libcst.matchers import _visitors

from migrator.rewrite import positions

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


def _names_once_per_class(get_visitors: Callable[[object], dict]) -> Callable[[object], dict]:
    names: dict[type, tuple[str, ...]] = {}

    def get_visitors_once(visitor: object) -> dict:
        if any(k.startswith(("visit_", "leave_")) for k in getattr(visitor, "__dict__", ())):
            return get_visitors(visitor)  # set on the instance: not a fact of its class
        cls = type(visitor)
        found = names.get(cls)
        if found is None:
            found = names[cls] = tuple(get_visitors(visitor))
        return {name: getattr(visitor, name) for name in found}

    get_visitors_once.wrapped = get_visitors  # type: ignore[attr-defined]
    return get_visitors_once


def _no_walk_for_module_hooks(visit_batched: Callable) -> Callable:
    def visit_batched_once(node, visitors, before_visit=None, after_leave=None):
        visitors = list(visitors)
        if not visitors and before_visit is None and after_leave is None:
            return node  # a resolve with no batchable provider left (PositionProvider alone) walks for nothing
        if before_visit is None and after_leave is None and isinstance(node, cst.Module) and visitors \
                and all(set(v.get_visitors()) == {"visit_Module"} for v in visitors):
            for visitor in visitors:
                visitor.visit_Module(node)
            return node  # what a visitor's walk returns: the tree it was given
        return visit_batched(node, visitors, before_visit, after_leave)

    visit_batched_once.wrapped = visit_batched  # type: ignore[attr-defined]
    return visit_batched_once


def _positions_when_asked(provider: PositionProvider, metadata_wrapper) -> positions.Positions:
    return positions.of(metadata_wrapper.module)


def install() -> None:
    for name in _GATHERERS:
        gather = getattr(_visitors, name, None)
        if callable(gather) and not hasattr(gather, "wrapped"):
            setattr(_visitors, name, _once_per_class(gather))
    batchable = getattr(_batched_visitor, "BatchableCSTVisitor", None)
    get_visitors = getattr(batchable, "get_visitors", None)
    if callable(get_visitors) and not hasattr(get_visitors, "wrapped"):
        batchable.get_visitors = _names_once_per_class(get_visitors)
    visit_batched = getattr(wrapper, "visit_batched", None)  # the name MetadataWrapper calls
    if callable(visit_batched) and not hasattr(visit_batched, "wrapped"):
        wrapper.visit_batched = _no_walk_for_module_hooks(visit_batched)
    if PositionProvider._gen is BaseMetadataProvider._gen and not PositionProvider.METADATA_DEPENDENCIES:
        PositionProvider._gen = _positions_when_asked  # type: ignore[method-assign]
