"""Throughput and latency of `copernica-migrate mock` under concurrent SOAP clients.

The mock runs in its own process and every client in another, so no two share a GIL. Each
envelope is built once with zeep's create_message; clients then POST them over keep-alive
http.client connections in a read/write mix and time every call.

    python benchmarks/mock_throughput.py --clients 4 --seconds 10
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import http.client
from urllib.parse import urlsplit


def start_mock(token: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "COPERNICA_ACCESS_TOKEN": token}
    proc = subprocess.Popen([sys.executable, "-m", "migrator", "mock", "--port", "0"],
                            stdout=subprocess.PIPE, text=True, env=env)
    match = re.search(r"listening on (\S+)", proc.stdout.readline())
    if not match:
        proc.kill()
        sys.exit("benchmark: the mock did not start")
    return proc, match.group(1)


def build_envelopes(url: str, token: str) -> list[tuple[str, bytes]]:
    """Seed a database with profiles, then build the read/write mix (4 reads : 1 write)."""
    import zeep
    from lxml import etree

    client = zeep.Client(url + "?SOAPAPI=WSDL")
    svc = client.service

    def fields(**values: str) -> dict:
        return {"pair": [{"key": k, "value": v} for k, v in values.items()]}

    db = svc.Account_createDatabase({"name": "Bench", "access_token": token}).database.id
    svc.Database_createField({"id": db, "name": "city", "access_token": token})
    svc.Database_createField({"id": db, "name": "email", "access_token": token})
    profiles = [
        svc.Database_createProfile({"id": db, "fields": fields(city=f"City{i % 10}", email=f"u{i}@x.test"),
                                    "access_token": token}).profile.id
        for i in range(200)
    ]
    requirement = {"requirement": [{"fieldname": "city", "value": "City3", "operator": "="}]}
    calls = [
        ("Account_databases", {}),
        ("Database_searchProfiles", {"id": db, "requirements": requirement}),
        ("Profile_fields", {"id": profiles[7]}),
        ("Account_database", {"identifier": "Bench"}),
        ("Profile_updateFields", {"id": profiles[11], "fields": fields(email="changed@x.test")}),
    ]
    out = []
    for op, params in calls:
        node = client.create_message(svc, op, {**params, "access_token": token})
        out.append((op, etree.tostring(node, xml_declaration=True, encoding="utf-8")))
    return out


def client_loop(url: str, envelopes: list[tuple[str, bytes]], start_at: float, seconds: float,
                queue: mp.Queue) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    latencies: list[float] = []
    errors = 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        op, body = envelopes[i % len(envelopes)]
        i += 1
        t0 = time.perf_counter()
        conn.request("POST", "/", body=body, headers={
            "Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"urn:copernica-migrate:soap#{op}"'})
        resp = conn.getresponse()
        resp.read()
        latencies.append(time.perf_counter() - t0)
        if resp.status != 200:
            errors += 1
    conn.close()
    queue.put((latencies, errors))


def percentile(sorted_values: list[float], pct: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes (default 4)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured duration (default 10)")
    args = parser.parse_args()

    token = secrets.token_urlsafe(24)  # throw-away; never printed
    proc, url = start_mock(token)
    try:
        envelopes = build_envelopes(url, token)
        queue: mp.Queue = mp.Queue()
        start_at = time.time() + 0.5
        workers = [mp.Process(target=client_loop, args=(url, envelopes, start_at, args.seconds, queue))
                   for _ in range(args.clients)]
        for w in workers:
            w.start()
        results = [queue.get() for _ in workers]
        for w in workers:
            w.join()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)

    latencies = sorted(lat for lats, _ in results for lat in lats)
    errors = sum(e for _, e in results)
    total = len(latencies)
    print(f"mock throughput: {args.clients} clients, {args.seconds:g} s, "
          f"mix {', '.join(op for op, _ in envelopes)}")
    print(f"calls:     {total} ({errors} non-200)")
    print(f"calls/s:   {total / args.seconds:.0f}")
    print(f"p50:       {percentile(latencies, 50) * 1000:.2f} ms")
    print(f"p99:       {percentile(latencies, 99) * 1000:.2f} ms")
    print(f"mean:      {statistics.fmean(latencies) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
