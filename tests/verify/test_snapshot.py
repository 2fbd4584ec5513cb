"""`copernica-migrate snapshot` and `verify --seed`: a seed file, served by a real mock over HTTPS
(trustme CA), read back by `snapshot` through zeep into a seed file of the same structure
(placeholders instead of values unless --keep-values); read calls only; the token shows in no
output and no file; check-token's exit codes. Then `verify --seed` runs a program that needs an
existing account, which fails against an empty mock."""

from __future__ import annotations

import json
import socket
import sys

import pytest
import yaml
from click.testing import CliRunner
from throwaway_credentials import READ_ONLY_TOKEN, TOKEN
from verify_helpers import base_env, cli, load, tls_files

from migrator import catalogue
from migrator.mock import seed

# Every profile lists all its fields, so a snapshot with --keep-values gives back exactly this.
SOURCE = """\
databases:
  - id: 1
    name: Newsletter
    description: Weekly
    fields:
      - {id: 1, name: email, type: email, specialcontent: email, index: true}
      - {id: 2, name: firstname, length: 80}
      - {id: 3, name: age, type: integer, value: "0"}
    collections:
      - id: 5
        name: Orders
        fields: [{id: 6, name: order_id, type: integer}, {id: 7, name: note, hidden: true}]
    profiles:
      - id: 40
        fields: {email: ann@example.com, firstname: Ann, age: "41"}
        interests: {sports: "1"}
        subprofiles:
          Orders: [{id: 41, fields: {order_id: "5001", note: private note}}]
      - id: 42
        fields: {email: bob@example.com, firstname: "", age: "7"}
  - id: 9
    name: Shop
"""

PROGRAM = """\
import os, zeep
TOKEN = os.environ["COPERNICA_ACCESS_TOKEN"]
svc = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
fields = svc.Database_fields({"id": 1, "access_token": TOKEN})  # an empty mock: No database with id 1
news = svc.Account_database({"identifier": "Newsletter", "access_token": TOKEN})
assert news is not None and news.database is not None, "no database named Newsletter"
print("program:", news.database.id, news.database.name, ",".join(f.name for f in fields.items.field))
"""

@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def account(mock_server, tls, tmp_path):
    """A 'real account': the SOURCE seed, served over HTTPS; (server, source file, CLI args)."""
    source = tmp_path / "source.yaml"
    source.write_text(SOURCE)
    server = mock_server(certfile=tls[0], seed=source)
    return server, source, ["--url", server.url, "--ca-bundle", str(tls[1])]


def env_with(token=TOKEN, **extra):
    return base_env(COPERNICA_ACCESS_TOKEN=token, **extra)


def shape(data: dict) -> dict:
    """A seed's structure: every id, name and field definition; profile values left out."""
    out = yaml.safe_load(yaml.safe_dump(data))
    for database in out["databases"]:
        for profile in database.get("profiles", []):
            profile["fields"] = sorted(profile.get("fields", {}))
            profile.pop("interests", None)
            for subs in profile.get("subprofiles", {}).values():
                for sub in subs:
                    sub["fields"] = sorted(sub.get("fields", {}))
    return out


def no_token_anywhere(tmp_path, *texts):
    for text in texts:
        assert TOKEN not in text and READ_ONLY_TOKEN not in text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_round_trip_keeps_the_structure_and_replaces_the_values(account, tmp_path):
    server, source, args = account
    out = tmp_path / "snap.yaml"
    run = cli("snapshot", *args, "--profiles", "10", "-o", str(out), env=env_with(READ_ONLY_TOKEN))
    assert run.returncode == 0, run.output
    assert run.stdout == ""
    assert run.stderr == (f"snapshot: 2 databases, 5 fields, 1 collection, 2 profiles, 1 subprofile "
                          f"(field values replaced by placeholders) -> {out}\n")
    taken, original = seed.read(out), seed.read(source)
    assert shape(taken.to_data()) == shape(original.to_data())
    values = {v for d in taken.to_data()["databases"] for p in d.get("profiles", [])
              for v in list(p["fields"].values())
              + [v for s in p.get("subprofiles", {}).get("Orders", []) for v in s["fields"].values()]}
    assert values == {"value-1@example.invalid", "value-2", "3", "4", "value-5", "value-6@example.invalid", "", "7"}
    assert "interests:" not in out.read_text() and "private note" not in out.read_text()
    assert out.read_text().startswith("# Seed for `copernica-migrate mock --seed FILE`")
    # read calls only, each with the token
    assert {c["auth"] for c in server.calls} == {"token"}
    assert not [c for c in server.calls if catalogue.lookup(c["operation"]).writes]
    assert {c["operation"] for c in server.calls} == {
        "Account_databases", "Database_fields", "Database_collections", "Collection_fields",
        "Database_searchProfiles", "Profile_searchSubProfiles"}
    no_token_anywhere(tmp_path, run.stdout, run.stderr)


def test_keep_values_json_gives_the_same_seed_and_verify_runs_on_it(account, tmp_path):
    _, source, args = account
    out = tmp_path / "snap.json"
    run = cli("snapshot", *args, "--profiles", "5", "--keep-values", "-o", str(out), env=env_with())
    assert run.returncode == 0, run.output
    assert load(out)["version"] == 1  # JSON, by the extension
    assert seed.read(out).to_data() == seed.read(source).to_data()
    # full circle: the snapshot seeds verify's mock, and a program that needs the account passes
    program = tmp_path / "program.py"
    program.write_text(PROGRAM)
    run = cli("verify", "--seed", str(out), "--", sys.executable, str(program))
    assert run.returncode == 0, run.output
    assert "program: 1 Newsletter email,firstname,age\n" in run.stdout
    no_token_anywhere(tmp_path, run.stdout, run.stderr)


def test_structure_only_to_stdout_and_the_profile_limit(account, tmp_path):
    _, source, args = account
    run = cli("snapshot", *args, env=env_with())
    assert run.returncode == 0, run.output
    structure = seed.parse(yaml.safe_load(run.stdout), "stdout").to_data()
    expected = seed.read(source).to_data()
    for database in expected["databases"]:
        database.pop("profiles", None)
    assert structure == expected
    limited = cli("snapshot", *args, "--profiles", "1", "--format", "json", env=env_with())
    assert [p.id for p in seed.parse(json.loads(limited.stdout)).databases[0].profiles] == [40]
    no_token_anywhere(tmp_path, run.stdout, run.stderr, limited.stdout, limited.stderr)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_exit_codes_match_check_token(account, tls, tmp_path):
    server, _, args = account
    out = tmp_path / "never.yaml"
    refused = cli("snapshot", *args, "-o", str(out), env=env_with("tok-XX-not-a-real-token-81f2"))
    assert refused.returncode == 3
    assert refused.stderr == 'copernica-migrate: error: the API refused the token in $COPERNICA_ACCESS_TOKEN: "Invalid access token"\n'
    untrusted = cli("snapshot", "--url", server.url, "-o", str(out), env=env_with())
    assert untrusted.returncode == 5
    assert "TLS certificate verification failed" in untrusted.stderr and "--ca-bundle" in untrusted.stderr
    # a token pasted into the URL is masked in the error text
    gone = cli("snapshot", "--url", f"http://127.0.0.1:{closed_port()}/?access_token={TOKEN}", env=env_with())
    assert gone.returncode == 5
    assert "cannot connect" in gone.stderr and "access_token=***" in gone.stderr
    assert not out.exists()
    no_token_anywhere(tmp_path, refused.stderr, untrusted.stderr, gone.stderr)


@pytest.mark.parametrize("args, env, message", [
    (["--url", "http://soap.example.com/"], {"COPERNICA_ACCESS_TOKEN": TOKEN},
     "copernica-migrate: error: --url: plain http:// would send the access token unencrypted to soap.example.com; use https:// "
     "(http only on loopback)"),
    (["--url", "ftp://127.0.0.1/"], {"COPERNICA_ACCESS_TOKEN": TOKEN},
     "copernica-migrate: error: --url must be an http(s) URL, not ftp://127.0.0.1/"),
    ([], {}, "copernica-migrate: error: $COPERNICA_ACCESS_TOKEN is not set or empty (see --token-env)"),
    (["--token-env", "MY_TOKEN"], {"COPERNICA_ACCESS_TOKEN": TOKEN},
     "copernica-migrate: error: $MY_TOKEN is not set or empty (see --token-env)"),
    (["-o", "seed.txt"], {"COPERNICA_ACCESS_TOKEN": TOKEN},
     "copernica-migrate: error: -o/--output: seed.txt: a seed file is YAML or JSON and its name ends in .yaml, .yml or .json"),
    (["-o", "seed.json", "--format", "yaml"], {"COPERNICA_ACCESS_TOKEN": TOKEN},
     "copernica-migrate: error: --format yaml does not match seed.json (seed files are read by extension)"),
    (["-o", "no/such/dir/seed.yaml"], {"COPERNICA_ACCESS_TOKEN": TOKEN},
     "copernica-migrate: error: cannot write no/such/dir/seed.yaml: no/such/dir is not a directory"),
])
def test_usage_errors_exit_2_before_any_call(args, env, message):
    from migrator.cli import cli as group

    result = CliRunner().invoke(group, ["snapshot", *args], env={"COPERNICA_ACCESS_TOKEN": None, **env})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert TOKEN not in result.output


def test_verify_needs_the_seed_for_a_program_that_uses_an_existing_account(tmp_path):
    program = tmp_path / "program.py"
    program.write_text(PROGRAM)
    empty = cli("verify", "--", sys.executable, str(program))
    assert empty.returncode == 1
    assert "No database with id 1" in empty.output
    source = tmp_path / "source.yaml"
    source.write_text(SOURCE)
    seeded = cli("verify", "--seed", str(source), "--", sys.executable, str(program))
    assert seeded.returncode == 0, seeded.output
    assert "program: 1 Newsletter email,firstname,age\n" in seeded.stdout
    assert "verify: PASS" in seeded.stdout


def test_verify_refuses_a_bad_seed_before_the_program_runs(tmp_path):
    bad = tmp_path / "seed.yaml"
    bad.write_text("databases:\n  - {id: 1, name: N, fields: [{name: a}, {type: text}]}\n")
    marker = tmp_path / "ran"
    run = cli("verify", "--seed", str(bad), "--", sys.executable, "-c", f"open({str(marker)!r}, 'w')")
    assert run.returncode == 2
    assert run.stderr == f'copernica-migrate: error: {bad}: databases[0].fields[1]: missing "name"\n'
    assert not marker.exists()


@pytest.mark.parametrize("extra, message", [
    (["--state", "STATE"], "copernica-migrate: error: --seed and --state both give the mock its data: use one"),
    (["--live"], "copernica-migrate: error: --seed seeds the embedded mock; it cannot be used with --live"),
])
def test_verify_seed_excludes_state_and_live(extra, message, tmp_path):
    from migrator.cli import cli as group

    source = tmp_path / "source.yaml"
    source.write_text(SOURCE)
    state = tmp_path / "state.sqlite"
    state.write_bytes(b"")
    extra = [str(state) if a == "STATE" else a for a in extra]
    result = CliRunner().invoke(group, ["verify", "--seed", str(source), *extra, "--", "true"],
                                env={"COPERNICA_ACCESS_TOKEN": TOKEN})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
