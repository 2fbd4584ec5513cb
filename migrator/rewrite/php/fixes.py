"""The one entry point of the PHP fixes: every fix module of this package, run over one file.

Fix modules register themselves (registry.fix) when imported; this module imports the whole
package once, on the first run, so neither it nor the runner names them.

The class-side fixes all register under COP102 (the legacy client): they migrate a family's
class as a whole, its login, cookie and re-login code included. COP101/103/104 stay unfixable
rules for the other languages; in PHP a finding says itself whether a fix takes it (a family
class's site, or a script's own `$soap->login(..)` script_token.py can follow).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from migrator.rewrite.php import registry
from migrator.rewrite.php.edit import Edit, OverlapError
from migrator.rewrite.php.registry import FileContext


# the runner and the grouping around the fixes: importing them would only cost time
_NOT_FIXES = frozenset({"runner", "families", "fixes", "outside", "hook_bypass", "script_reach"})


@functools.lru_cache(maxsize=None)
def load() -> tuple[registry.Entry, ...]:
    package = importlib.import_module("migrator.rewrite.php")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in _NOT_FIXES:
            importlib.import_module(f"{package.__name__}.{module.name}")
    return tuple(registry.FIXES)


def run_fixes(ctx: FileContext, rules: frozenset[str] | None) -> list[Edit]:
    """The edits of every fix whose rules meet `rules` (None: every fix), in file order.
    Two fixes that want the same bytes raise OverlapError: the file must stay as it was."""
    edits: list[Edit] = []
    for entry in load():
        if rules is None or rules.intersection(entry.rules):
            edits.extend(entry.run(ctx))
    edits = sorted(set(edits))
    for before, after in zip(edits, edits[1:]):
        if after.start < before.end:
            raise OverlapError(f"{before.why!r} and {after.why!r} change the same code "
                               f"(bytes {before.start}-{before.end} and {after.start}-{after.end})")
    return edits
