"""Discovery + text prefilter: which files contain one of the analyzers' needles.

Two engines give the same file set: ripgrep (fast; `rg -l -i -F -e ...`) and a
pure-Python walk with a bytes search. Only the files they return are parsed.
Ignore rules both follow: nested .gitignore (also outside git, also in parent
folders), tool/dependency folders, virtualenvs, --exclude globs; hidden files are
searched; symlinks met while walking are not followed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from migrator.scan import discover


class EngineError(Exception):
    """The requested prefilter engine cannot run."""


@dataclass
class Prefiltered:
    candidates: list[str] = field(default_factory=list)  # absolute paths, sorted
    files_seen: int = 0  # files with a known extension that discovery handed over
    # (path, note) of symbolic links named like a scanned file; the Python walk sees them,
    # ripgrep skips them without a word
    links: list[tuple[str, str]] = field(default_factory=list)


def find_rg() -> str | None:
    """The `rg` of the ripgrep wheel next to this interpreter, else one on PATH."""
    scripts = sysconfig.get_path("scripts")
    for candidate in (os.path.join(scripts, "rg"), os.path.join(scripts, "rg.exe")):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("rg")


def choose(engine: str) -> str:
    """'auto' -> 'rg' when ripgrep is installed, else 'python'."""
    if engine == "auto":
        return "rg" if find_rg() else "python"
    if engine == "rg" and not find_rg():
        raise EngineError("--engine rg: ripgrep (rg) is not installed")
    return engine


def contains_needle(data: bytes, needles: Sequence[bytes]) -> bool:
    lowered = data.lower()
    return any(n in lowered for n in needles)


def file_contains(path: str, needles: Sequence[bytes]) -> bool:
    try:
        with open(path, "rb") as fh:
            return contains_needle(fh.read(), needles)
    except OSError:
        # unreadable: let the engine read it again and report a FileError
        return True


def python_engine(roots: Sequence[str], extensions: frozenset[str], excludes: discover.Excludes,
                  needles: Sequence[bytes]) -> Prefiltered:
    result = Prefiltered()
    for root in roots:
        for path in discover.walk(root, extensions, excludes,
                                  on_link=lambda p, note: result.links.append((p, note))):
            result.files_seen += 1
            if file_contains(path, needles):
                result.candidates.append(path)
    result.candidates.sort()
    return result


_STATS_SEARCHED = re.compile(rb"(\d+) files searched")


def rg_command(rg: str, roots: Sequence[str], extensions: Iterable[str],
               needles: Sequence[bytes], excludes: discover.Excludes | None = None) -> list[str]:
    cmd = [
        rg, "--no-config", "--files-with-matches", "--null", "--stats",
        "--ignore-case", "--fixed-strings", "--text", "--encoding", "none",
        # git's rules only, and also outside a git repo: the same rules as discover.walk
        "--hidden", "--no-require-git", "--no-ignore-dot", "--no-ignore-global",
        "--no-ignore-exclude", "--no-messages",
    ]
    # a file type, not -g globs: globs would override .gitignore
    for ext in sorted(extensions):
        cmd += ["--type-add", f"copmig:*{_any_case(ext)}"]
    cmd += ["--type", "copmig"]
    for name in sorted(discover.SKIP_DIRS):
        cmd += ["--glob", f"!{name}/"]
    # Unanchored --exclude globs mean the same to rg, so it need not walk into them;
    # the Python post-filter below stays the authority for every glob.
    globs = excludes.globs if excludes else []
    for glob in globs if not any(g.startswith("!") for g in globs) else ():
        if "/" not in glob.rstrip("/") and not glob.startswith("!") and "\\" not in glob:
            cmd += ["--glob", f"!{glob}"]
    for needle in needles:
        cmd += ["-e", needle.decode("utf-8", "surrogateescape")]
    cmd += ["--", *roots]
    return cmd


def _any_case(ext: str) -> str:
    """'.py' -> '.[pP][yY]': extensions match in any case, as in the Python walk."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in ext)


def rg_engine(roots: Sequence[str], extensions: frozenset[str], excludes: discover.Excludes,
              needles: Sequence[bytes]) -> Prefiltered:
    rg = find_rg()
    if rg is None:
        raise EngineError("ripgrep (rg) is not installed")
    env = {k: v for k, v in os.environ.items() if k != "RIPGREP_CONFIG_PATH"}
    proc = subprocess.run(rg_command(rg, [os.path.abspath(r) for r in roots], extensions, needles, excludes),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, check=False)
    if proc.returncode not in (0, 1) and not proc.stdout:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise EngineError(f"ripgrep failed: {message[0] if message else proc.returncode}")
    *paths, stats = proc.stdout.split(b"\0")
    result = Prefiltered()
    searched = _STATS_SEARCHED.search(stats)
    result.files_seen = int(searched.group(1)) if searched else len(paths)
    venv_cache: dict[str, bool] = {}
    abs_roots = sorted((os.path.abspath(r) for r in roots), key=len, reverse=True)
    for raw in paths:
        path = os.fsdecode(raw.strip(b"\n"))
        root = next((r for r in abs_roots if path.startswith(r + os.sep)), os.path.dirname(path))
        # what rg cannot know: virtualenv folders and gitignore-style --exclude globs
        if discover.in_skipped_dir(path, root, venv_cache):
            continue
        if excludes.match(path[len(root) + 1:]) or _excluded_dir(path, root, excludes):
            continue
        result.candidates.append(path)
    result.candidates.sort()
    return result


def _excluded_dir(path: str, root: str, excludes: discover.Excludes) -> bool:
    if excludes.spec is None:
        return False
    rel = os.path.dirname(path[len(root) + 1:])
    while rel:
        if excludes.match(rel, True):
            return True
        rel = os.path.dirname(rel)
    return False


def run(engine: str, roots: Sequence[str], extensions: frozenset[str],
        excludes: discover.Excludes, needles: Sequence[bytes]) -> Prefiltered:
    if not roots:
        return Prefiltered()
    impl = rg_engine if engine == "rg" else python_engine
    return impl(roots, extensions, excludes, needles)
