"""How fast is `copernica-migrate scan`? Prints numbers; asserts nothing about time.

Trees: the running interpreter's standard library (site-packages excluded), and a
large tree of ten hard-linked copies of it built once in a temp folder. For each
tree and prefilter engine it runs the CLI as a subprocess (end to end, startup
included) and, for comparison, `rg -l` with the same needles and file types.
It also times Python start-up plus the CLI's imports (`--version` and an empty
scan), and checks that the scan imported neither zeep, lxml nor a tree-sitter grammar.

    python benchmarks/scan_speed.py [--copies 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from migrator.rules.checking import load_analyzers
from migrator.scan import engine, languages, prefilter, suppress

EXCLUDE = "site-packages/"
# zeep/lxml must never load for a scan; the others are reported so start-up cost has names
HEAVY = ("zeep", "lxml", "libcst", "tree_sitter", "tree_sitter_php", "tree_sitter_java", "tree_sitter_c_sharp",
         "tree_sitter_javascript", "tree_sitter_typescript")


def timed(cmd: list[str], repeat: int, cwd: str | None = None) -> tuple[float, subprocess.CompletedProcess]:
    times, proc = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times), proc


def source_files(root: Path, extensions: frozenset[str]) -> tuple[int, int]:
    files = lines = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in ("site-packages", "__pycache__")]
        for name in filenames:
            if os.path.splitext(name)[1].lower() in extensions:
                files += 1
                with open(os.path.join(dirpath, name), "rb") as fh:
                    lines += fh.read().count(b"\n")
    return files, lines


def build_copies(stdlib: Path, target: Path, copies: int, extensions: frozenset[str]) -> None:
    for i in range(copies):
        for dirpath, dirnames, filenames in os.walk(stdlib):
            dirnames[:] = [d for d in dirnames if d not in ("site-packages", "__pycache__")]
            rel = Path(dirpath).relative_to(stdlib)
            out = target / f"copy{i}" / rel
            out.mkdir(parents=True, exist_ok=True)
            for name in filenames:
                if os.path.splitext(name)[1].lower() not in extensions:
                    continue
                try:
                    os.link(os.path.join(dirpath, name), out / name)
                except OSError:  # another filesystem: copy instead
                    shutil.copy2(os.path.join(dirpath, name), out / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    stdlib = Path(sysconfig.get_path("stdlib"))
    analyzers = languages.by_extension(load_analyzers())
    extensions = frozenset(analyzers)
    needles = engine._needles(analyzers.values(), None) + [suppress.NEEDLE]  # as the scan does
    rg = prefilter.find_rg()
    cli = [sys.executable, "-m", "migrator"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, ripgrep: {rg or 'not installed'}")
    print(f"needles: {len(needles)}, extensions: {len(extensions)}")

    startup, _ = timed([*cli, "--version"], args.repeat)
    print(f"start-up: `copernica-migrate --version` {startup:.3f} s")
    with tempfile.TemporaryDirectory() as empty:
        probe = ("import sys, runpy; sys.argv=['copernica-migrate','scan','.'];\n"
                 "try:\n runpy.run_module('migrator', run_name='__main__')\n"
                 "except SystemExit: pass\n"
                 f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
        empty_scan, proc = timed([sys.executable, "-c", probe], args.repeat, cwd=empty)
        print(f"start-up: scan of an empty folder {empty_scan:.3f} s; modules imported: "
              f"{proc.stdout.decode().strip().splitlines()[-1]}")

    with tempfile.TemporaryDirectory(prefix="scan-bench-") as tmp:
        large = Path(tmp) / "large"
        start = time.perf_counter()
        build_copies(stdlib, large, args.copies, extensions)
        print(f"built {args.copies} hard-linked copies in {time.perf_counter() - start:.1f} s")
        print()
        print(f"{'tree':<8}{'engine':<8}{'files':>8}{'lines':>11}{'seconds':>9}{'x rg -l':>9}{'findings':>10}")
        for label, tree in (("stdlib", stdlib), ("large", large)):
            files, lines = source_files(tree, extensions)
            rg_time = None
            if rg:
                cmd = [rg, "--no-config", "-l", "-i", "-F", "--no-require-git", "--hidden"]
                for ext in sorted(extensions):
                    cmd += ["--type-add", f"copmig:*{ext}"]
                cmd += ["-t", "copmig", "-g", f"!{EXCLUDE}", "-g", "!__pycache__/"]
                for n in needles:
                    cmd += ["-e", n.decode()]
                rg_time, _ = timed([*cmd, str(tree)], args.repeat)
                print(f"{label:<8}{'rg -l':<8}{files:>8}{lines:>11}{rg_time:>9.3f}{1.0:>9.2f}{'-':>10}")
            for name in (["rg"] if rg else []) + ["python"]:
                seconds, proc = timed([*cli, "scan", str(tree), "--engine", name, "--exclude", EXCLUDE,
                                       "--format", "json"], args.repeat)
                if proc.returncode not in (0, 1):
                    print(f"{label:<8}{name:<8} failed: {proc.stderr.decode().strip()}")
                    continue
                summary = json.loads(proc.stdout)["summary"]
                ratio = f"{seconds / rg_time:.2f}" if rg_time else "-"
                print(f"{label:<8}{name:<8}{summary['files_scanned']:>8}{lines:>11}{seconds:>9.3f}{ratio:>9}"
                      f"{summary['findings']:>10}")


if __name__ == "__main__":
    main()
