"""How much slower is a program under `copernica-migrate verify` than run directly?

A zeep program making 200 SOAP calls with an access token runs (a) directly against a mock
(token mode, started here, the program pointed at it with COPERNICA_WSDL) and (b) unchanged
through `verify`, which starts the same mock configuration in its own process and redirects the
program's hard-coded https://soap.copernica.com URL. Wall time of the whole command, median of
--repeat runs. Aim: overhead below 20%.

    python benchmarks/verify_overhead.py [--calls 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PROGRAM = textwrap.dedent("""
    import os, sys, zeep
    token = os.environ["COPERNICA_ACCESS_TOKEN"]
    service = zeep.Client(os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")).service
    calls = int(sys.argv[1])
    db = service.Account_createDatabase({"name": "Bench", "access_token": token}).database
    for n in range(calls - 2):
        service.Database_createProfile({"id": db.id, "access_token": token,
                                        "fields": {"pair": [{"key": "n", "value": str(n)}]}})
    print("profiles:", service.Database_profiles({"id": db.id, "access_token": token}).total)
""")


def timed(command: list[str], env: dict[str, str], check: bool = True) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=check, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def baseline_python(env: dict[str, str]) -> float:
    return statistics.median(timed([sys.executable, "-c", "pass"], env) for _ in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from migrator.mock.server import MockServer

    with tempfile.TemporaryDirectory() as tmp:
        program = Path(tmp) / "bench_program.py"
        program.write_text(PROGRAM)
        base = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
        command = [sys.executable, str(program), str(args.calls)]

        direct, through, startup = [], [], []
        for _ in range(args.repeat):
            token = secrets.token_urlsafe(32)
            with MockServer(auth="token", tokens=(token,)) as mock:
                env = dict(base, COPERNICA_WSDL=mock.wsdl_url, COPERNICA_ACCESS_TOKEN=token)
                direct.append(timed(command, env))
            through.append(timed([sys.executable, "-m", "migrator", "verify", "--", *command], base))
            # verify's fixed cost: the same wrapper around a program that does nothing
            startup.append(timed([sys.executable, "-m", "migrator", "verify", "--",
                                  sys.executable, "-c", "pass"], base, check=False))

    d, v = statistics.median(direct), statistics.median(through)
    print(f"program: {args.calls} SOAP calls (zeep), median of {args.repeat} runs")
    print(f"direct against the mock: {d:.3f} s")
    print(f"through verify:          {v:.3f} s")
    print(f"overhead:                {(v - d) / d * 100:+.1f}%  (aim: < 20%)")
    print(f"of which fixed start-up: {statistics.median(startup) - baseline_python(base):.3f} s "
          "(verify around `python -c pass`, minus that program alone)")


if __name__ == "__main__":
    main()
