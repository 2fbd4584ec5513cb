"""The mock under load and under abuse, loopback only, bounded in calls and time.

Part 1: 200 concurrent clients (4 processes x 50 threads, one keep-alive connection each)
make a fixed number of calls each against `copernica-migrate mock`; prints errors, p50, p99.
Part 2: 20 refused requests of 5 MB each (wrong token), then the mock's resident memory
before and after (Linux /proc), and the size of what its call log kept.

    python benchmarks/mock_load.py [--clients 200] [--calls 25] [--seconds 120]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

ENVELOPE = ('<?xml version="1.0" encoding="utf-8"?><soap-env:Envelope '
            'xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body>'
            '<ns0:{op} xmlns:ns0="urn:copernica-migrate:soap"><parameters>{params}'
            '<access_token>{token}</access_token></parameters></ns0:{op}></soap-env:Body></soap-env:Envelope>')
MIX = [("Account_databases", ""), ("Account_database", "<identifier>Load</identifier>"),
       ("Database_fields", "<id>{db}</id>"), ("Account_createDatabase", "<name>L{n}</name>")]


def start_mock(token_file: str, log: str) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    with open(token_file, encoding="utf-8") as fh:
        env["COPERNICA_ACCESS_TOKEN"] = fh.read().strip()  # the environment, never argv (ps shows argv)
    proc = subprocess.Popen([sys.executable, "-m", "migrator", "mock", "--host", "127.0.0.1", "--port", "0",
                             "--log", log], stdout=subprocess.PIPE, text=True, env=env)
    match = re.search(r"listening on (\S+)", proc.stdout.readline())
    if not match:
        proc.kill()
        sys.exit("benchmark: the mock did not start")
    return proc, match.group(1)


def post(conn: http.client.HTTPConnection, body: bytes) -> int:
    conn.request("POST", "/", body=body, headers={"Content-Type": "text/xml; charset=utf-8"})
    resp = conn.getresponse()
    resp.read()
    return resp.status


def client_process(url: str, token: str, db: int, threads: int, calls: int, deadline: float,
                   queue: mp.Queue) -> None:
    parts = urlsplit(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def one(worker: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, bad = [], 0
        for i in range(calls):
            if time.time() > deadline:
                break
            op, params = MIX[i % len(MIX)]
            body = ENVELOPE.format(op=op, token=token,
                                   params=params.format(db=db, n=f"{os.getpid()}-{worker}-{i}")).encode()
            t0 = time.perf_counter()
            try:
                status = post(conn, body)
            except OSError:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            mine.append(time.perf_counter() - t0)
            bad += status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    pool = [threading.Thread(target=one, args=(w,)) for w in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put((latencies, errors[0]))


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        return int(re.search(r"VmRSS:\s+(\d+)", fh.read()).group(1))


def percentile(values: list[float], pct: float) -> float:
    return values[min(len(values) - 1, max(0, round(pct / 100 * len(values)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients (default 200)")
    parser.add_argument("--calls", type=int, default=25, help="calls per client (default 25)")
    parser.add_argument("--seconds", type=float, default=120, help="hard stop for part 1 (default 120)")
    args = parser.parse_args()
    processes = 4
    threads = max(1, args.clients // processes)

    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        token = secrets.token_urlsafe(24)  # throw-away; never printed
        token_file = os.path.join(scratch, "token")
        with open(os.open(token_file, os.O_WRONLY | os.O_CREAT, 0o600), "w", encoding="utf-8") as fh:
            fh.write(token)
        log = os.path.join(scratch, "calls.jsonl")
        proc, url = start_mock(token_file, log)
        try:
            parts = urlsplit(url)
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            post(conn, ENVELOPE.format(op="Account_createDatabase", token=token,
                                       params="<name>Load</name>").encode())
            db = 1
            queue: mp.Queue = mp.Queue()
            deadline = time.time() + args.seconds
            started = time.perf_counter()
            workers = [mp.Process(target=client_process,
                                  args=(url, token, db, threads, args.calls, deadline, queue))
                       for _ in range(processes)]
            for w in workers:
                w.start()
            results = [queue.get(timeout=args.seconds + 60) for _ in workers]
            for w in workers:
                w.join(timeout=30)
            elapsed = time.perf_counter() - started
            latencies = sorted(x for lats, _ in results for x in lats)
            errors = sum(e for _, e in results)
            print(f"part 1: {processes * threads} clients x {args.calls} calls, loopback, {elapsed:.1f} s")
            print(f"  calls {len(latencies)}, errors (non-200 or dropped) {errors}, "
                  f"{len(latencies) / elapsed:.0f} calls/s")
            print(f"  p50 {percentile(latencies, 50) * 1000:.1f} ms   p99 {percentile(latencies, 99) * 1000:.1f} ms")

            before = rss_kib(proc.pid)
            big = ENVELOPE.format(op="Account_createDatabase", token="wrong-token",
                                  params="<name>" + "x" * (5 * 1024 * 1024) + "</name>").encode()
            statuses = [post(conn, big) for _ in range(20)]
            after = rss_kib(proc.pid)
            conn.close()
            print("part 2: 20 refused requests of 5 MB (wrong token)")
            print(f"  answers {sorted(set(statuses))}; mock RSS {before / 1024:.1f} MiB before, "
                  f"{after / 1024:.1f} MiB after (+{(after - before) / 1024:.1f} MiB)")
            print(f"  call log on disk after both parts: {os.path.getsize(log) / 1024:.0f} KiB")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
