"""Python detection: how much of the standard library the needles let through, and analysis speed.

Run: python benchmarks/python_detection.py [repeats]
Prints numbers only; nothing here asserts on time.
"""

from __future__ import annotations

import re
import sys
import sysconfig
import time
from pathlib import Path

from migrator.scan.contract import ProjectContext
from migrator.rules.checking import Checker
from migrator.scan.python import PythonAnalyzer

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent / "tests" / "scan" / "python" / "data" / "legacy_project" / "copernica_sync"


def stdlib_candidates(analyzer: PythonAnalyzer) -> tuple[int, list[str]]:
    root = Path(sysconfig.get_paths()["stdlib"])
    needles = [re.escape(n) for n in analyzer.needles(None)]
    pattern = re.compile(b"|".join(needles), re.IGNORECASE)
    files = [p for p in root.rglob("*.py") if "site-packages" not in p.parts and "dist-packages" not in p.parts]
    hits = [str(p.relative_to(root)) for p in files if pattern.search(p.read_bytes())]
    return len(files), hits


def legacy_module() -> bytes:
    """One ~300-line legacy module: the wrapper, the jobs that use it, the IMAP helper."""
    parts = [(PROJECT / name).read_text() for name in ("pom.py", "jobs.py", "mailbox.py")]
    text = "\n".join(parts).replace("from .pom import PomSoapClient, retry_on_session_loss\n", "")
    text = text.replace("from . import settings\n", "import settings\n")
    return text.encode()


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    analyzer = Checker(PythonAnalyzer())
    total, hits = stdlib_candidates(analyzer)
    print(f"stdlib: {total} .py files, {len(hits)} pass the pass-1 needles {hits[:5]}")

    data = legacy_module()
    lines = data.count(b"\n")
    ctx = ProjectContext(root=PROJECT)
    findings = analyzer.analyze("legacy.py", data, "legacy", ctx)  # warm-up: imports, rule registry
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        analyzer.analyze("legacy.py", data, "legacy", ctx)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    wall.sort()
    cpu.sort()
    # CPU time as well: on a shared 2-core machine wall time mostly measures the neighbours
    print(f"analyze: {lines}-line legacy module, {len(findings)} findings, over {repeats} runs: "
          f"wall median {wall[len(wall) // 2] * 1000:.1f} ms (min {wall[0] * 1000:.1f}), "
          f"cpu median {cpu[len(cpu) // 2] * 1000:.1f} ms (min {cpu[0] * 1000:.1f})")
    start = time.perf_counter()
    analyzer.collect("legacy.py", data, "legacy")
    print(f"collect (pass 1) on the same module: {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
