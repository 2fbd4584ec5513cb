"""What the rest of the project may do with a PHP script client the rewrite migrated.

script_token.py proves a client within its own scope; code elsewhere can still reach the
variable and call without the token:
- a file the script includes runs in the client's scope (`require 'hooks.php'` defining a
  closure over `&$soap`, a function with `global $soap`): each such file must be readable
  and must not touch variables by name;
- a client at the top of a script is a global: a file that includes the script (by name),
  names the variable (`$soap`, `'soap'`), or reads `$GLOBALS` may use it. Every file of the
  project is read, of any kind, in any folder, through symlinked folders too.
A script with such a reader gets needs_hands (families.settle_php then leaves it as it was).
What no reading can see stays a limit: a file that includes the script by a computed path.
"""

from __future__ import annotations

import os
import re
from typing import Iterable

from migrator.fileio import FileTooLarge, NotRegularFile, read_regular
from migrator.rewrite.completeness import project_roots
from migrator.rewrite.model import FileResult, NeedsHands, RewriteResult
from migrator.scan import discover

_MAX_BYTES = 64 * 1024 * 1024  # a bigger file holds the script back unread
_VCS = frozenset({".git", ".hg", ".svn"})
# in a file included into the client's scope: what can reach a variable it does not name
# (`$` not followed by a name: `$$x`, `${'x'}`, `$ $x`, `$/**/$x`)
_BY_NAME = re.compile(rb"\$GLOBALS|\bglobal\s|\$(?![A-Za-z_\x80-\xff])|\b(?:compact|extract|get_defined_vars|eval|"
                      rb"parse_str)\s*\(|\b(?:include|require)(?:_once)?\b", re.I)


def hold_back(result: RewriteResult, paths: Iterable[str], cwd: str) -> None:
    """needs_hands on each changed PHP script whose migrated client other code may reach."""
    scripts = [f for f in result.changed if f.script_clients]
    if not scripts:
        return
    for file in scripts:
        for client in file.script_clients:
            for path, line in client.includes:
                why = _included(file.path, path, client.variable)
                if why:
                    file.needs_hands.append(NeedsHands(file.display, line, why))
    globals_ = [f for f in scripts if any(c.is_global for c in f.script_clients)]
    if globals_:
        _includers(globals_, paths, cwd)


def _included(script: str, written: str | None, variable: str) -> str:
    """Why the file an include of `script` names may reach `variable` ("" when it cannot)."""
    if written is None:
        return f"a file included where {variable} lives is named by a computed path: it may use {variable}"
    here = os.path.dirname(os.path.abspath(script))
    target = os.path.normpath(os.path.join(here, written))  # `__DIR__ . "/x.php"`: the script's own folder
    try:
        data = read_regular(target, _MAX_BYTES)
    except (NotRegularFile, FileTooLarge, OSError):
        return f"{written}, included where {variable} lives, cannot be read: it may use {variable}"
    name = variable.lstrip("$").encode()
    if re.search(rb"\$" + re.escape(name) + rb"(?![A-Za-z0-9_\x80-\xff])", data) or _BY_NAME.search(data):
        return f"{written}, included where {variable} lives, may use it (it names it, reads variables by name, " \
               "or includes more)"
    return ""


def _includers(scripts: list[FileResult], paths: Iterable[str], cwd: str) -> None:
    roots = project_roots(paths, cwd)
    every = [p for root in roots for p in ([root] if os.path.isfile(root) else _every_file(root))]
    # each script is included by its own name, or by a link's (current.php -> sync.php)
    called: dict[int, set[str]] = {id(f): {os.path.basename(f.path)} for f in scripts}
    real = {os.path.realpath(f.path): f for f in scripts}
    for path in every:
        if os.path.islink(path) and os.path.realpath(path) in real:
            called[id(real[os.path.realpath(path)])].add(os.path.basename(path))
    variables = _alternatives({c.variable.lstrip("$") for f in scripts for c in f.script_clients if c.is_global})
    files = _alternatives({n for names in called.values() for n in names})
    pattern = re.compile(rb"\$(" + variables + rb")(?![A-Za-z0-9_\x80-\xff])|['\"](" + variables
                         + rb")['\"]|\$(GLOBALS)\b|(" + files + rb")")
    for path in every:
        if os.path.realpath(path) in real:
            continue
        shown = discover.display_path(path, cwd)
        try:
            data = read_regular(path, _MAX_BYTES)
            found = {(m.group(1) or m.group(2) or m.group(3) or m.group(4)).decode("utf-8", "replace")
                     for m in pattern.finditer(data)}
        except FileTooLarge:
            found = {"?"}  # too large to read: it may do anything
        except (NotRegularFile, OSError):
            continue  # a FIFO, a device, gone: no PHP runs it
        for file in scripts:
            own = sorted(c.variable for c in file.script_clients if c.is_global)
            reasons = [f"names {v}" for v in own if v.lstrip("$") in found]
            reasons += ["reads $GLOBALS"] * ("GLOBALS" in found)
            reasons += [f"names {n}" for n in sorted(called[id(file)] & found)]
            reasons += [f"is larger than {_MAX_BYTES // 2**20} MiB, too large to read"] * ("?" in found)
            if reasons:
                file.needs_hands.append(NeedsHands(file.display, 0, (
                    f"{shown} {' and '.join(reasons)}: it may include this script and call its client "
                    f"{', '.join(own)} without the access token; migrate them together by hand")))


def _alternatives(names: set[str]) -> bytes:
    return b"|".join(re.escape(n.encode()) for n in sorted(names))


def _every_file(root: str) -> Iterable[str]:
    """Every file under `root`, through symlinked folders (each real folder once)."""
    seen: set[str] = set()
    for directory, subdirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            subdirs[:] = []
            continue
        seen.add(real)
        subdirs[:] = sorted(d for d in subdirs if d not in _VCS)
        for name in sorted(files):
            yield os.path.join(directory, name)
