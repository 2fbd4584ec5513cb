"""The README's workflow on a program that uses an existing account (database 1 and the
database named "Newsletter"): snapshot of the "real" account (a seeded mock over HTTPS) ->
baseline with --seed -> rewrite --write -> verify --seed --baseline in token mode."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verify"))
from verify_helpers import tls_files  # noqa: E402
from throwaway_credentials import LOGIN, TOKEN  # noqa: E402

ACCOUNT = """\
databases:
  - id: 1
    name: Customers
    fields:
      - {id: 1, name: email, type: email}
      - {id: 2, name: city}
  - id: 2
    name: Newsletter
    fields:
      - {id: 3, name: email, type: email}
    profiles:
      - id: 10
        fields: {email: first@example.com}
"""

# A legacy program written for that account: it hard-codes database 1 and looks up "Newsletter".
PROGRAM = '''\
import os
import zeep

client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
client.service.login({"username": os.environ["COPERNICA_USER"], "account": "",
                      "password": os.environ["COPERNICA_PASSWORD"]})

fields = client.service.Database_fields({"id": 1})
print("customer fields:", sorted(f.name for f in fields.items.field))
found = client.service.Account_database({"identifier": "Newsletter"})
if found is None:
    raise SystemExit("no Newsletter database")
news = found.database
client.service.Database_createProfile({"id": news.id, "fields": {"pair": [{"key": "email", "value": "new@example.com"}]}})
print("newsletter profiles:", client.service.Database_profiles({"id": news.id}).total)
'''


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture
def live_account(mock_server, tmp_path):
    """The user's real account, as far as this test can have one: a seeded mock over HTTPS."""
    source = tmp_path / "the-real-account.yaml"
    source.write_text(ACCOUNT)
    certfile, cafile = tls_files(tmp_path)
    return mock_server(certfile=certfile, seed=source), cafile


def test_snapshot_baseline_rewrite_verify_on_a_program_that_uses_an_existing_account(live_account, tmp_path):
    server, cafile = live_account
    app = tmp_path / "app"
    app.mkdir()
    (app / "sync.py").write_text(PROGRAM)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    env.update(COPERNICA_USER=LOGIN["username"], COPERNICA_PASSWORD=LOGIN["password"])

    snap = run("snapshot", "--url", server.url, "--ca-bundle", str(cafile), "-o", "account.yaml",
               cwd=app, env={**env, "COPERNICA_ACCESS_TOKEN": TOKEN})
    assert snap.returncode == 0, snap.stderr
    # without the account's shape the baseline cannot even start
    empty = run("verify", "--auth", "legacy", "--", sys.executable, "sync.py", cwd=app, env=env)
    assert empty.returncode == 1 and "No database with id 1" in empty.stdout

    before = run("verify", "--auth", "legacy", "--seed", "account.yaml", "--trace", "before.json",
                 "--", sys.executable, "sync.py", cwd=app, env=env)
    assert before.returncode == 0, before.stdout + before.stderr
    assert "customer fields: ['city', 'email']" in before.stdout
    assert "newsletter profiles: 1" in before.stdout  # structure only: the snapshot took no profiles

    rewrite = run("rewrite", "--write", ".", cwd=app, env=env)
    assert rewrite.returncode == 0, rewrite.stderr
    assert ".login(" not in (app / "sync.py").read_text()

    after = run("verify", "--seed", "account.yaml", "--baseline", "before.json",
                "--", sys.executable, "sync.py", cwd=app, env=env)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "PASS" in after.stdout and "newsletter profiles: 1" in after.stdout
    for output in (snap, before, rewrite, after):
        assert TOKEN not in output.stdout + output.stderr
        assert LOGIN["password"] not in output.stdout + output.stderr
