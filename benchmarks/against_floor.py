"""scan and rewrite on N generated Copernica-touching modules, side by side with their floor.

    python benchmarks/against_floor.py [--sizes 100,500] [--calls 10] [--jobs 1,2] [--no-libcst-runner]
                                       [--only scan|rewrite] [--repeat 3] [--also ../last-release]

Every module makes a zeep client, logs in and makes --calls calls (half with a per-call `login`
struct), so the prefilter lets every file through and the whole pipeline runs. Each row is one
end-to-end run of the real CLI in a subprocess (start-up included), timed once:
- floor: a subprocess that imports libcst, parses every file and generates its code again
  (the least any libcst-based tool must do; the issue's target is scan <= 2x, rewrite <= 3x it);
- `copernica-migrate scan --format json` with --jobs 1 and 2;
- `copernica-migrate rewrite --write` (plugin style) on a fresh copy, with --jobs 1 and 2;
- libcst's own runner (parallel_exec_transform_with_prettyprint) with the same codemods, jobs 2;
- two yardsticks for a libcst codemod, in one process like the floor: parse + one transformer pass
  + code generation (what any libcst rewrite pays per file), and parse + ScopeProvider (what one
  codemod that asks libcst for scopes pays on top, before it changes anything).
Each row shows wall time and CPU time (user + system, the subprocess and its workers): on a
busy machine the CPU column is the steadier one. This VM's speed drifts by up to 2x from one
minute to the next, so with --repeat R every row is run R times, the rows taking turns, and each
keeps its fastest run. --also DIR adds the scan and rewrite rows of another checkout (e.g. a
worktree of the last release) to the same turns, for a side-by-side that drift cannot skew.
Prints numbers only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rewrite_speed import make_tree  # noqa: E402  (the generator of legacy modules)

FLOOR = """\
import sys, libcst
for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        libcst.parse_module(fh.read()).code
"""

ONE_PASS = """\
import sys, libcst
class Nothing(libcst.CSTTransformer):
    pass
for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        libcst.parse_module(fh.read()).visit(Nothing()).code
"""

SCOPES = """\
import sys, libcst
from libcst.metadata import MetadataWrapper, ScopeProvider
for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        MetadataWrapper(libcst.parse_module(fh.read()), unsafe_skip_copy=True).resolve(ScopeProvider)
"""

RUNNER = """\
import contextlib, os, sys
from libcst.codemod import CodemodContext, parallel_exec_transform_with_prettyprint
from codemods import registry
paths = sys.argv[2:]
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
    for entry in registry.for_style("plugin"):
        parallel_exec_transform_with_prettyprint(
            entry.command(CodemodContext()), paths, jobs=int(sys.argv[1]), unified_diff=3,
            format_code=False, hide_progress=True, show_successes=False, hide_generated=True)
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], cwd: Path, code: Path = Path(__file__).resolve().parents[1]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run, with `code` (a checkout) first on the path."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    cpu = _cpu()
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        print(f"    ! {' '.join(argv[:4])}... exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return seconds, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500")
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--no-libcst-runner", action="store_true")
    parser.add_argument("--only", choices=("scan", "rewrite"), help="time only this command (and the floor)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per row, taking turns; each keeps its fastest")
    parser.add_argument("--also", type=Path, help="another checkout whose scan and rewrite rows run alongside")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "migrator"]
    checkouts = [(Path(__file__).resolve().parents[1], "")]
    if args.also is not None:
        checkouts.append((args.also.resolve(), f" [{args.also.name}]"))
    for size in [int(n) for n in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix="floor-bench-") as tmp:
            root = Path(tmp) / "tree"
            paths = make_tree(root, size, args.calls)
            lines = sum(Path(p).read_text().count("\n") for p in paths)
            print(f"\n{size} generated modules, {lines} lines ({os.cpu_count()} cores, "
                  f"best of {args.repeat})", flush=True)
            rows = [("floor: libcst parse + code generation", lambda: timed([sys.executable, "-c", FLOOR, *paths], root)),
                    ("  yardstick: parse + one transformer pass + codegen",
                     lambda: timed([sys.executable, "-c", ONE_PASS, *paths], root)),
                    ("  yardstick: parse + libcst scope metadata",
                     lambda: timed([sys.executable, "-c", SCOPES, *paths], root))]
            for code, tag in checkouts:
                for jobs in args.jobs.split(",") if args.only != "rewrite" else ():
                    rows.append((f"copernica-migrate scan -j {jobs}{tag}", functools.partial(
                        timed, [*cli, "scan", "--format", "json", "-j", jobs, "app"], root, code)))
                for jobs in args.jobs.split(",") if args.only != "scan" else ():
                    rows.append((f"copernica-migrate rewrite --write -j {jobs}{tag}", functools.partial(
                        _rewrite_fresh, [*cli, "rewrite", "--write", "-q", "-j", jobs, "app"], root, Path(tmp), code)))
            if args.only != "scan" and not args.no_libcst_runner:
                rows.append(("libcst runner, same codemods, jobs 2 (diffs only)",
                             lambda: timed([sys.executable, "-c", RUNNER, "2", *paths], root)))
            best: dict[str, tuple[float, float]] = {}
            for _ in range(args.repeat):
                for label, run in rows:
                    got = run()
                    if label not in best or got[0] < best[label][0]:
                        best[label] = got
            floor, floor_cpu = best[rows[0][0]]
            for label, _run in rows:
                seconds, cpu = best[label]
                print(f"  {label:<52} {seconds:8.2f} s  {seconds / floor:6.1f}x floor"
                      f"   cpu {cpu:7.2f} s  {cpu / floor_cpu:5.1f}x", flush=True)


def _rewrite_fresh(argv: list[str], root: Path, tmp: Path, code: Path) -> tuple[float, float]:
    """rewrite --write on a fresh copy of the tree (each run migrates the legacy code)."""
    copy = tmp / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    return timed(argv, copy, code)


if __name__ == "__main__":
    main()
