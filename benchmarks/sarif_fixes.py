"""What SARIF `fixes[]` cost `scan --format sarif`. Prints numbers; asserts nothing about time.

The fixes come from a dry run of `rewrite` on the files with fixable Python findings,
so the cost is that rewrite. Trees: a copy of the bundled legacy programs (every
finding fixable) and the interpreter's standard library (no fixable finding: the
fixes must cost nothing there). For each tree:
- in-process: the scan alone, then `fixes.propose` (jobs 1 and 2) on its result;
- end to end: the CLI with `--format json` next to `--format sarif` (same scan, the
  SARIF one adds the fixes), wall and CPU time (children's user+sys), best of --repeat.

    python benchmarks/sarif_fixes.py [--repeat 3] [--no-stdlib]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from migrator.rewrite import finding_fixes as fixes  # noqa: E402
from migrator.scan.engine import ScanRequest, scan  # noqa: E402

LEGACY = Path(__file__).resolve().parents[1] / "migrator" / "examples" / "legacy"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(tree: Path, fmt: str, repeat: int) -> tuple[float, float]:
    """Best wall and best CPU seconds of `scan --format FMT` (exit 0 or 1 expected)."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, start = children_cpu(), time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "migrator", "scan", "--format", fmt, "-o", os.devnull,
                               "--exclude", "site-packages/", "."], cwd=tree, capture_output=True)
        walls.append(time.perf_counter() - start)
        cpus.append(children_cpu() - cpu)
        if proc.returncode not in (0, 1):
            sys.exit(f"scan failed: {proc.stderr.decode().strip()}")
    return min(walls), min(cpus)


def in_process(tree: Path, repeat: int) -> None:
    cwd = str(tree)
    start = time.perf_counter()
    result = scan(ScanRequest(paths=(".",), cwd=cwd, exclude=["site-packages/"]))
    took = time.perf_counter() - start
    fixable = sum(f.fixable and f.language == "python" for f in result.findings)
    files = len(fixes.targets(result, cwd))
    print(f"  scan: {took:.2f} s, {len(result.findings)} findings, {fixable} fixable in {files} Python files",
          flush=True)
    for jobs in (1, 2):
        best, made = float("inf"), None
        for _ in range(repeat):
            start = time.perf_counter()
            made = fixes.propose(result, cwd, "COPERNICA_ACCESS_TOKEN", jobs=jobs)
            best = min(best, time.perf_counter() - start)
        unit = f"{best * 1000:.1f} ms" if best < 1 else f"{best:.2f} s"
        print(f"  fixes.propose jobs={jobs}: {unit} ({len(made.by_finding)} findings got a fix)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-stdlib", action="store_true", help="only the legacy programs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        legacy = Path(tmp) / "legacy"
        shutil.copytree(LEGACY, legacy, ignore=shutil.ignore_patterns("__pycache__"))
        trees = [("legacy examples", legacy)]
        if not args.no_stdlib:
            trees.append(("stdlib", Path(sysconfig.get_path("stdlib"))))
        for label, tree in trees:
            print(f"{label} ({tree}):", flush=True)
            in_process(tree, args.repeat)
            for fmt in ("json", "sarif"):
                wall, cpu = cli(tree, fmt, args.repeat)
                print(f"  CLI --format {fmt:5}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)


if __name__ == "__main__":
    main()
