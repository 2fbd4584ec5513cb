"""How fast `rewrite` goes: files/s on a generated tree of legacy modules, next to libcst's runner.

    python benchmarks/rewrite_speed.py [--files 300] [--calls 12] [--repeat 3]

Each generated module makes a zeep client, logs in, and makes a dozen calls,
half of them with a per-call `login` struct (COP002). Measured, all dry runs
(nothing written), best of --repeat:
- the rewrite engine (scanner selection + every codemod of the style) with --jobs 1 and 2;
- the scanner's selection alone (the part libcst's runner does not do);
- libcst.codemod.parallel_exec_transform_with_prettyprint running the same codemods
  on the same files, jobs 1 and 2, printing unified diffs to /dev/null.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from libcst.codemod import CodemodContext, parallel_exec_transform_with_prettyprint  # noqa: E402

from codemods import registry  # noqa: E402
from migrator.rewrite import RewriteOptions, rewrite  # noqa: E402
from migrator.rewrite.discovery import select  # noqa: E402

OPS = ["Account_database", "Database_fields", "Database_searchProfiles", "Profile_fields",
       "Database_createProfile", "Collection_fields"]


def legacy_module(index: int, calls: int) -> str:
    lines = [
        f'"""Generated legacy module {index}."""',
        "import os",
        "",
        "import zeep",
        "",
        'WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"',
        'LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}',
        "",
        "",
        f"def sync_{index}(client=None):",
        "    client = client or zeep.Client(WSDL)",
        "    service = client.service",
        "    service.login(LOGIN)",
        "    results = []",
    ]
    for n in range(calls):
        op = OPS[n % len(OPS)]
        login = ', "login": {"username": "u", "account": "Shop", "password": "p"}' if n % 2 else ""
        lines.append(f'    results.append(service.{op}({{"id": {n}{login}}}))  # call {n}')
    lines += ["    return results", ""]
    return "\n".join(lines)


def make_tree(root: Path, files: int, calls: int) -> list[str]:
    paths = []
    for i in range(files):
        package = root / "app" / f"pkg{i // 50}"
        package.mkdir(parents=True, exist_ok=True)
        path = package / f"legacy_{i}.py"
        path.write_text(legacy_module(i, calls))
        paths.append(str(path))
    return paths


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def libcst_runner(paths: list[str], style: str, jobs: int) -> None:
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), \
            contextlib.redirect_stderr(sink):
        for entry in registry.for_style(style):
            command = entry.command(CodemodContext(), style=style)
            parallel_exec_transform_with_prettyprint(
                command, paths, jobs=jobs, unified_diff=3, format_code=False, hide_progress=True,
                show_successes=False, hide_generated=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--calls", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--style", default=registry.DEFAULT_STYLE, choices=registry.STYLES)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rewrite-bench-") as tmp:
        root = Path(tmp)
        paths = make_tree(root, args.files, args.calls)
        lines = sum(Path(p).read_text().count("\n") for p in paths)
        codemods = [r.name for r in registry.for_style(args.style)]
        print(f"{args.files} generated modules, {lines} lines, style {args.style}, "
              f"codemods: {', '.join(codemods)}; best of {args.repeat}, dry runs")
        check = rewrite([str(root / "app")], RewriteOptions(style=args.style), cwd=tmp)
        print(f"  (sanity: {len(check.changed)} files would change, {len(check.failed)} errors)")

        def row(label: str, seconds: float) -> None:
            print(f"{label:<58}  {seconds:7.2f} s  {args.files / seconds:8.1f} files/s", flush=True)

        for jobs in (1, 2):
            row(f"copernica-migrate rewrite --jobs {jobs}", best(args.repeat, lambda: rewrite(
                [str(root / "app")], RewriteOptions(style=args.style, jobs=jobs), cwd=tmp)))
        for jobs in (1, 2):
            row(f"  of which scanner selection, jobs {jobs}", best(args.repeat, lambda: select(
                [str(root / "app")], (), tmp, registry.DEFAULT_TOKEN_ENV, jobs)))
        for jobs in (1, 2):
            row(f"libcst parallel_exec_transform_with_prettyprint, jobs {jobs}",
                best(args.repeat, lambda: libcst_runner(paths, args.style, jobs)))

if __name__ == "__main__":
    main()
