"""Seed files (migrator/mock/seed.py): the account the mock starts with. Loaded into the real mock
and read back through real zeep clients: ids kept, names, fields, collections, profiles; later
creates never collide; bad files get one line naming the file and the place, exit 2 from the CLI;
`mock --seed` as a real process serves the account to a small program."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import zeep
from throwaway_credentials import TOKEN
from zeep.helpers import serialize_object

from migrator.mock import seed
from migrator.mock.server import MockServer
from migrator.mock.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "seed.example.yaml"

# A program that needs an existing account: database 1 by id, "Newsletter" by name, its fields.
PROGRAM = """\
import os, sys, zeep
WSDL = sys.argv[1] if len(sys.argv) > 1 else "https://soap.copernica.com/?SOAPAPI=WSDL"
TOKEN = os.environ["COPERNICA_ACCESS_TOKEN"]
svc = zeep.Client(WSDL).service
fields = svc.Database_fields({"id": 1, "access_token": TOKEN})  # an empty mock: No database with id 1
news = svc.Account_database({"identifier": "Newsletter", "access_token": TOKEN})
if news is None or news.database is None:
    sys.exit("no database named Newsletter")
print("database", news.database.id, news.database.name, "fields:", ",".join(f.name for f in fields.items.field))
"""


def plain(result):
    return {} if result is None else serialize_object(result, dict)


def call(service, operation, **params):
    return plain(getattr(service, operation)({**params, "access_token": TOKEN}))


def items(result, entity):
    return ((result or {}).get("items") or {}).get(entity) or []


def pairs(value):
    return {p["key"]: p["value"] or "" for p in ((value or {}).get("pair") or [])}


@pytest.fixture
def served(mock_server):
    """The example seed, served by a real mock, and a zeep service for it."""
    server = mock_server(seed=EXAMPLE)
    return server, zeep.Client(server.wsdl_url).service


def test_ids_names_fields_collections_profiles_are_served_as_seeded(served):
    _, svc = served
    by_id = call(svc, "Account_database", identifier="1")["database"]
    by_name = call(svc, "Account_database", identifier="Newsletter")["database"]
    assert by_id["id"] == by_name["id"] == 1 and by_id["name"] == "Newsletter"
    assert by_id["description"] == "Weekly newsletter subscribers" and by_id["countprofiles"] == 2
    listing = call(svc, "Account_databases")
    assert [(d["id"], d["name"]) for d in items(listing, "database")] == [(1, "Newsletter"), (2, "Shop customers")]

    fields = {f["name"]: f for f in items(call(svc, "Database_fields", id=1), "field")}
    assert [(f["id"], f["type"]) for f in fields.values()] == [
        (1, "email"), (2, "text"), (3, "text"), (4, "integer"), (5, "select")]
    assert fields["email"]["specialcontent"] == "email" and fields["email"]["index"] is True
    assert fields["city"]["length"] == 100 and fields["age"]["value"] == "0" and fields["age"]["display"] is True
    # fields without an id got the next free ones, in file order
    assert [(f["id"], f["name"]) for f in items(call(svc, "Database_fields", id=2), "field")] == [
        (14, "customer_no"), (15, "email")]

    orders = call(svc, "Database_collection", id=1, identifier="Orders")["collection"]
    assert orders["id"] == 10 and orders["countsubprofiles"] == 2
    collection_fields = items(call(svc, "Collection_fields", id=10), "collectionfield")
    assert [(f["id"], f["name"], f["type"]) for f in collection_fields] == [
        (11, "order_id", "integer"), (12, "total", "float"), (13, "placed", "date")]

    ann = items(call(svc, "Database_searchProfiles", id=1, allproperties=True,
                     requirements={"requirement": [{"fieldname": "firstname", "value": "ann"}]}), "profile")
    assert [p["id"] for p in ann] == [101]
    assert pairs(ann[0]["fields"]) == {"email": "ann@example.com", "firstname": "Ann", "city": "Utrecht",
                                       "age": "41", "subscribed": "yes"}  # the field's default filled in
    assert pairs(ann[0]["interests"]) == {"sports": "1", "travel": "0"}
    subs = items(call(svc, "Profile_searchSubProfiles", id=101, collection={"name": "Orders"},
                      requirements={}, allproperties=True), "subprofile")
    assert [(s["id"], pairs(s["fields"])["order_id"]) for s in subs] == [(201, "5001"), (202, "5002")]
    assert pairs(call(svc, "SubProfile_fields", id=202)["map"])["total"] == "7.5"
    # searches on seeded values work like on created ones (numeric field, numeric comparison)
    young = items(call(svc, "Database_searchProfiles", id=1,
                       requirements={"requirement": [{"fieldname": "age", "value": "40", "operator": "<"}]}), "profile")
    assert [p["id"] for p in young] == [102]


def test_later_creates_get_ids_that_do_not_collide(served):
    _, svc = served
    assert call(svc, "Account_createDatabase", name="Later")["database"]["id"] == 3
    assert call(svc, "Database_createCollection", id=1, name="Returns")["collection"]["id"] == 11
    assert call(svc, "Database_createField", id=1, name="phone")["field"]["id"] == 16
    profile = call(svc, "Database_createProfile", id=1, fields={"pair": [{"key": "email", "value": "c@x"}]})
    assert profile["profile"]["id"] == 203
    sub = call(svc, "Profile_createSubProfile", id=101, collection={"id": 10},
               fields={"pair": [{"key": "order_id", "value": "9"}]})
    assert sub["subprofile"]["id"] == 204
    # and the seeded objects are still there, unchanged
    assert call(svc, "Account_database", identifier="1")["database"]["name"] == "Newsletter"


def test_a_missing_entity_still_reads_as_not_found(served):
    _, svc = served
    result = svc.Account_database({"identifier": "Nope", "access_token": TOKEN})
    assert result is None or result.database is None  # an empty result (no fault), whatever the codec


def test_yaml_and_json_give_the_same_seed_and_to_data_round_trips(tmp_path):
    from_yaml = seed.read(EXAMPLE)
    as_json = tmp_path / "seed.json"
    as_json.write_text(seed.dumps(from_yaml.to_data(), "json"))
    from_json = seed.read(as_json)
    assert from_json.to_data() == from_yaml.to_data()
    again = tmp_path / "again.yaml"
    again.write_text(seed.dumps(from_json.to_data(), "yaml", "a header\nof two lines"))
    assert again.read_text().startswith("# a header\n# of two lines\nversion: 1\n")
    assert seed.read(again).to_data() == from_yaml.to_data()
    assert from_yaml.summary() == "2 databases, 10 fields, 1 collection, 2 profiles, 2 subprofiles"


def test_ids_are_kept_in_any_order_and_the_rest_numbered_after_the_highest():
    parsed = seed.parse({"databases": [
        {"id": 7, "name": "B", "fields": [{"name": "x"}, {"id": 3, "name": "y"}]},
        {"name": "A"}, {"id": 2, "name": "C"},
    ]})
    assert [(d.id, d.name) for d in parsed.databases] == [(7, "B"), (8, "A"), (2, "C")]
    assert [(f.id, f.name) for f in parsed.databases[0].fields] == [(4, "x"), (3, "y")]
    with Store() as store:
        seed.load(store, parsed)
        with store.transaction() as db:
            assert db.execute("SELECT id, name FROM databases ORDER BY id").fetchall() == [(2, "C"), (7, "B"), (8, "A")]
            assert db.execute("SELECT id, name FROM fields ORDER BY id").fetchall() == [(3, "y"), (4, "x")]


def test_a_seed_loads_only_into_an_empty_store(tmp_path):
    with Store() as store:
        seed.load(store, EXAMPLE)
        with pytest.raises(seed.SeedError, match=r"seed.example.yaml: a seed loads only into a new, empty mock state"):
            seed.load(store, EXAMPLE)


BAD = [
    ("seed.yaml", "databases:\n  - id: 1\n    name: N\n    fields:\n      - {name: a}\n      - {type: text}\n",
     'seed.yaml: databases[0].fields[1]: missing "name"'),
    ("seed.yaml", "databases:\n  - {name: N, fields: [{name: a, lenght: 5}]}\n",
     'seed.yaml: databases[0].fields[0]: unknown key "lenght" (known: id, name, type, value, display, '
     'ordered, length, textlines, hidden, index, specialcontent)'),
    ("seed.yaml", "databases:\n  - {id: 1, name: A}\n  - {id: 1, name: B}\n",
     "seed.yaml: databases[1].id: 1 is already the id of databases[0]"),
    ("seed.yaml", "databases:\n  - {name: A}\n  - {name: A}\n",
     'seed.yaml: databases[1].name: the database name "A" is already databases[0].name'),
    ("seed.yaml", "databases:\n  - {id: 0, name: A}\n", "seed.yaml: databases[0].id: must be between 1 and "
     "9223372036854775807, not 0"),
    ("seed.yaml", "databases:\n  - {id: '1', name: A}\n",
     "seed.yaml: databases[0].id: must be a whole number, not a string"),
    ("seed.yaml", "databases:\n  - name: N\n    fields: [{name: email}]\n    profiles: [{fields: {emial: x}}]\n",
     'seed.yaml: databases[0].profiles[0].fields.emial: database "N" has no field "emial" '
     "(add it to its fields first)"),
    ("seed.yaml", "databases:\n  - name: N\n    profiles: [{subprofiles: {Ordres: []}}]\n",
     'seed.yaml: databases[0].profiles[0].subprofiles.Ordres: database "N" has no collection "Ordres"'),
    ("seed.yaml", "databases:\n  - name: N\n    collections: [{name: Order lines, fields: [{name: n}]}]\n"
     "    profiles: [{subprofiles: {Order lines: [{fields: {m: 1}}]}}]\n",
     'seed.yaml: databases[0].profiles[0].subprofiles["Order lines"][0].fields.m: '
     'collection "Order lines" has no field "m" (add it to its fields first)'),
    ("seed.yaml", "databases:\n  - name: N\n    fields: [{name: ok}]\n    profiles: [{fields: {ok: yes}}]\n",
     'seed.yaml: databases[0].profiles[0].fields.ok: true is not a field value; quote it ("yes") or use "1"/"0"'),
    ("seed.yaml", "databases:\n  - {name: N, collections: [{name: C, fields: [{name: f, specialcontent: email}]}]}\n",
     'seed.yaml: databases[0].collections[0].fields[0]: unknown key "specialcontent" (known: id, name, type, value, '
     "display, ordered, length, textlines, hidden, index)"),
    ("seed.yaml", "databases:\n  - name: N\n    fields: [{name: a, hidden: 1}]\n",
     "seed.yaml: databases[0].fields[0].hidden: must be true or false, not a number"),
    ("seed.yaml", "version: 2\ndatabases: []\n",
     "seed.yaml: version: this copernica-migrate reads seed version 1, not 2"),
    ("seed.yaml", "databases: {name: N}\n", "seed.yaml: databases: must be a list, not a mapping"),
    ("seed.yaml", "- name: N\n", "seed.yaml: top level: must be a mapping, not a list"),
    ("seed.yaml", "datbases: []\n", 'seed.yaml: top level: unknown key "datbases" (known: version, databases)'),
    ("seed.yaml", "", 'seed.yaml: the file is empty (a seed starts with "databases:")'),
    ("seed.yaml", "databases:\n  - name: N\n   id: 1\n",
     "seed.yaml: line 3, column 4: expected <block end>, but found '<block mapping start>' (not valid YAML)"),
    ("seed.json", '{"databases": [{"name": "N",}]}', "seed.json: line 1, column 29: Expecting property name enclosed "
     "in double quotes (not valid JSON)"),
    ("seed.txt", "databases: []\n", "seed.txt: a seed file is YAML or JSON and its name ends in .yaml, .yml or .json"),
]


@pytest.mark.parametrize("name, text, message", BAD, ids=[m.split(": ", 1)[1][:40] for _, _, m in BAD])
def test_bad_seed_files_get_one_line_naming_the_file_and_the_place(name, text, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text)
    with pytest.raises(seed.SeedError) as caught:
        seed.read(name)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_aliases_work_but_a_file_that_expands_beyond_the_budget_is_refused(tmp_path, monkeypatch):
    text = ("databases:\n  - name: N\n    collections: [{name: C}]\n"
            "    profiles: &p\n" + "      - {subprofiles: {C: &s [{}, {}, {}, {}, {}]}}\n"
            + "      - {subprofiles: {C: *s}}\n" * 9)
    path = tmp_path / "aliases.yaml"
    path.write_text(text)
    assert seed.read(path).counts()["subprofiles"] == 50  # YAML anchors are fine for humans
    monkeypatch.setattr(seed, "MAX_NODES", 40)  # a few KB of aliases can stand for millions of records
    with pytest.raises(seed.SeedError, match=r"aliases.yaml: databases\[0\]\.profiles\[\d\].*more than 40 values"):
        seed.read(path)


def cli_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}


def test_cli_refuses_a_bad_seed_with_exit_2_and_one_line(tmp_path):
    bad = tmp_path / "seed.yaml"
    bad.write_text(BAD[0][1])
    run = subprocess.run([sys.executable, "-m", "migrator", "mock", "--port", "0", "--seed", str(bad)],
                         capture_output=True, text=True, timeout=60, env=cli_env())
    assert run.returncode == 2
    assert run.stderr == f'copernica-migrate: error: {bad}: databases[0].fields[1]: missing "name"\n'
    assert run.stdout == ""


def test_mock_seed_serves_the_account_to_a_program(tmp_path):
    """`copernica-migrate mock --seed` as a real process; the program finds database 1 and "Newsletter"."""
    program = tmp_path / "report.py"
    program.write_text(PROGRAM)
    env = {**cli_env(), "COPERNICA_ACCESS_TOKEN": TOKEN}
    mock = subprocess.Popen([sys.executable, "-m", "migrator", "mock", "--port", "0", "--seed", str(EXAMPLE)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        banner = _banner(mock, deadline=time.monotonic() + 30)
        summary = "2 databases, 10 fields, 1 collection, 2 profiles, 2 subprofiles"
        assert f"seeded from {EXAMPLE}: {summary}" in banner
        wsdl = re.search(r"WSDL: (\S+)", banner).group(1)
        run = subprocess.run([sys.executable, str(program), wsdl], capture_output=True, text=True, timeout=60,
                             env=env)
        assert run.returncode == 0, run.stderr
        assert run.stdout == "database 1 Newsletter fields: email,firstname,city,age,subscribed\n"
    finally:
        mock.terminate()
        mock.wait(timeout=30)
    assert TOKEN not in banner


def _banner(proc: subprocess.Popen, deadline: float) -> str:
    """The mock's start-up text, up to 'Press Ctrl-C to stop.' (read by a thread: a pipe read
    that never returns must not hang the test)."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    text = ""
    while "Press Ctrl-C" not in text:
        try:
            text += lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"the mock did not start: {text}")
    return text


def test_mock_seed_and_state_exclude_each_other(tmp_path):
    run = subprocess.run([sys.executable, "-m", "migrator", "mock", "--seed", str(EXAMPLE), "--state",
                          str(tmp_path / "s.sqlite")], capture_output=True, text=True, timeout=60, env=cli_env())
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == "copernica-migrate: error: --seed and --state both give the mock its data: use one"


def test_the_docs_embed_the_example_verbatim():
    doc = (ROOT / "docs" / "seed.md").read_text()
    block = re.search(r"```yaml\n(# A seed file:.*?)```", doc, re.S).group(1)
    assert block == EXAMPLE.read_text()
    assert json.loads(json.dumps(seed.read(EXAMPLE).to_data()))  # plain data, JSON-ready


def test_mock_server_accepts_a_parsed_seed_too():
    parsed = seed.parse({"databases": [{"id": 42, "name": "Only"}]})
    with MockServer(tokens=(TOKEN,), seed=parsed) as server:
        svc = zeep.Client(server.wsdl_url).service
        assert call(svc, "Account_database", identifier="42")["database"]["name"] == "Only"
