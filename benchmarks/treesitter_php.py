"""Time the PHP detector on a generated 1,000-line legacy client file.

Prints: one-off cost (grammar load + query compile), then the median of N runs for
parse only and for parse + facts + COP1xx rules. Run: python benchmarks/treesitter_php.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from tree_sitter import QueryCursor

from migrator.rules.checking import Checker
from migrator.scan.contract import ProjectContext
from migrator.scan.treesitter import analyzers

SAMPLE = Path(__file__).resolve().parent.parent / "tests/scan/langs/samples/php/PomSoapClient.php"
RUNS = 50


def thousand_lines() -> bytes:
    head = SAMPLE.read_text(encoding="utf-8").rstrip().rstrip("}")  # keep the class open
    body, i = [head], 0
    while "".join(body).count("\n") < 992:
        body.append(f"""
    public function databases{i}($name)
    {{
        $result = $this->Account_database(array('identifier' => $name . '{i}'));
        if (!is_object($result)) return array();
        return $this->Database_searchProfiles(array('id' => $result->id, 'requirements' => array()));
    }}
""")
        i += 1
    body.append("}\n")
    return "".join(body).encode("utf-8")


def median_ms(fn) -> str:
    """Median wall time and median CPU time of this thread: on a shared machine the CPU
    time is the steadier number."""
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn()
        cpu.append(time.thread_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return f"{statistics.median(wall) * 1000:.2f} ms wall, {statistics.median(cpu) * 1000:.2f} ms CPU"


def main() -> None:
    data = thousand_lines()
    analyzer = next(a for a in analyzers() if a.language == "php")
    php = Checker(analyzer)
    grammar = analyzer.grammar_for("bench.php")
    context = ProjectContext(root=Path("."))
    start = time.perf_counter()
    findings = php.analyze("bench.php", data, None, context)  # loads grammar, compiles queries
    first = (time.perf_counter() - start) * 1000
    lines = data.count(b"\n")
    print(f"file: {lines} lines, {len(data)} bytes, {len(findings)} findings")
    print(f"first call (grammar + queries + rules import): {first:.1f} ms")
    print(f"parse only, median of {RUNS}: {median_ms(lambda: grammar.parse(data))}")
    query, _ = grammar.query
    print(f"parse + one query pass, median of {RUNS}: "
          f"{median_ms(lambda: QueryCursor(query).matches(grammar.parse(data).root_node))}")
    print(f"parse + facts + rules, median of {RUNS}: "
          f"{median_ms(lambda: php.analyze('bench.php', data, None, context))}")


if __name__ == "__main__":
    main()
