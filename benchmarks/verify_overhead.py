"""How much slower is a program under `copernica-migrate verify` than run directly?

A zeep program making 200 SOAP calls with an access token runs (a) directly against a mock
(token mode, started here, the program pointed at it with COPERNICA_WSDL) and (b) unchanged
through `verify`, which starts the same mock configuration in its own process and redirects the
program's hard-coded https://soap.copernica.com URL. Medians of --repeat runs of the whole
command: wall time, and CPU time (program + mock + verify), which a shared machine skews less.
Aim: overhead below 20%.

    python benchmarks/verify_overhead.py [--calls 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _cpu() -> float:
    """CPU seconds of this process (the in-process mock) plus its finished children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(command: list[str], env: dict[str, str], check: bool = True) -> tuple[float, float]:
    """(wall, CPU) seconds of one run."""
    wall, cpu = time.perf_counter(), _cpu()
    subprocess.run(command, env=env, check=check, stdout=subprocess.DEVNULL)
    return time.perf_counter() - wall, _cpu() - cpu


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
        verify = [sys.executable, "-m", "migrator", "verify", "--"]

        runs: dict[str, list[tuple[float, float]]] = {"direct": [], "verify": [], "startup": [], "python": []}
        for _ in range(args.repeat):  # interleaved, so a busy spell hits both sides
            token = secrets.token_urlsafe(32)
            with MockServer(auth="token", tokens=(token,)) as mock:
                env = dict(base, COPERNICA_WSDL=mock.wsdl_url, COPERNICA_ACCESS_TOKEN=token)
                runs["direct"].append(timed(command, env))
            runs["verify"].append(timed(verify + command, base))
            # verify's fixed cost: verify around a program that does nothing, minus that program
            runs["startup"].append(timed(verify + [sys.executable, "-c", "pass"], base, check=False))
            runs["python"].append(timed([sys.executable, "-c", "pass"], base))

    def median(name: str, index: int) -> float:
        return statistics.median(r[index] for r in runs[name])

    print(f"program: {args.calls} SOAP calls (zeep), median of {args.repeat} runs")
    print(f"{'':24}{'wall':>9}{'CPU':>9}")
    for label, name in (("direct against the mock", "direct"), ("through verify", "verify")):
        print(f"{label:24}{median(name, 0):8.3f}s{median(name, 1):8.3f}s")
    print(f"{'overhead':24}" + "".join(
        f"{(median('verify', i) - median('direct', i)) / median('direct', i) * 100:+8.1f}%" for i in (0, 1))
        + "  (aim: < 20%)")
    print(f"{'of which fixed start-up':24}" + "".join(
        f"{median('startup', i) - median('python', i):8.3f}s" for i in (0, 1)))


if __name__ == "__main__":
    main()
