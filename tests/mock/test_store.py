"""The mock's business logic, called the way the server calls it: Store.call(Request) on real SQLite."""

from __future__ import annotations

import re
import threading

import pytest

from migrator.catalogue import OPERATIONS
from migrator.mock.faults import Fault, missing_parameter, unknown_method
from migrator.mock.protocol import Request
from migrator.mock.store import HANDLERS, Store

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


@pytest.fixture
def store():
    with Store() as s:
        yield s


def call(store: Store, operation: str, **params):
    return store.call(Request(OPERATIONS[operation], params))


def req(fieldname, value, operator=None, casesensitive=None):
    out = {"fieldname": fieldname, "value": value}
    if operator is not None:
        out["operator"] = operator
    if casesensitive is not None:
        out["casesensitive"] = casesensitive
    return out


def ids(result, entity="profile"):
    return [item["id"] for item in result["items"][entity]]


@pytest.fixture
def news(store):
    """A database `News` with fields email (text), age (integer, default 0), city (default Delft)
    and a collection `Orders` with fields total (float) and product."""
    db = call(store, "Account_createDatabase", name="News", description="newsletter")["database"]["id"]
    call(store, "Database_createField", id=db, name="email", type="email")
    call(store, "Database_createField", id=db, name="age", type="integer", value="0")
    call(store, "Database_createField", id=db, name="city", value="Delft")
    orders = call(store, "Database_createCollection", id=db, name="Orders")["collection"]["id"]
    call(store, "Collection_createField", id=orders, name="total", type="float")
    call(store, "Collection_createField", id=orders, name="product")
    return db, orders


def make_profiles(store, db, rows):
    return [call(store, "Database_createProfile", id=db, fields=row)["profile"]["id"] for row in rows]


def test_every_catalogue_operation_but_login_has_a_handler(store):
    assert set(HANDLERS) == set(OPERATIONS) - {"login"}
    with pytest.raises(Fault) as fault:
        call(store, "login", username="u", password="p")
    assert fault.value.text == unknown_method("login")


@pytest.mark.parametrize("operation", sorted(name for name, op in OPERATIONS.items()
                                             if op.required and name != "login"))
def test_missing_required_parameter_faults_and_names_it(store, operation):
    with pytest.raises(Fault) as fault:
        call(store, operation)
    assert fault.value.text == missing_parameter(OPERATIONS[operation].required[0])


def test_missing_second_required_parameter(store, news):
    db, _ = news
    with pytest.raises(Fault) as fault:
        call(store, "Database_updateProfiles", id=db, requirements=[])
    assert fault.value.text == missing_parameter("fields")


def test_example_workflow(store, news):
    db, orders = news
    database = call(store, "Account_database", identifier="News")["database"]
    assert database["id"] == db and database["description"] == "newsletter"
    assert TIMESTAMP.match(database["created"])
    fields = call(store, "Database_fields", id=db)
    assert [f["name"] for f in fields["items"]["field"]] == ["email", "age", "city"]
    assert fields["items"]["field"][1]["type"] == "integer"
    assert call(store, "Database_collection", id=db, identifier="Orders")["collection"]["id"] == orders
    assert [f["name"] for f in call(store, "Collection_fields", id=orders)["items"]["collectionfield"]] \
        == ["total", "product"]

    profile = call(store, "Database_createProfile", id=db,
                   fields={"email": "ann@example.com", "age": 31, "shoe": "42"})["profile"]
    assert re.fullmatch(r"[0-9a-f]{32}", profile["code"])
    assert TIMESTAMP.match(profile["created"]) and TIMESTAMP.match(profile["modified"])
    # values become strings, unknown fields are dropped, defaults fill the rest
    assert profile["fields"] == {"email": "ann@example.com", "age": "31", "city": "Delft"}
    bob = make_profiles(store, db, [{"email": "bob@example.com", "age": "17", "city": "Gouda"}])[0]

    sub = call(store, "Profile_createSubProfile", id=profile["id"], collection={"name": "Orders"},
               fields={"total": "9.95", "product": "pen"})["subprofile"]
    assert sub["fields"] == {"total": "9.95", "product": "pen"}
    assert call(store, "Collection_subProfile", id=orders, identifier=sub["id"])["subprofile"]["id"] == sub["id"]
    assert call(store, "Database_collection", id=db, identifier="Orders")["collection"]["countsubprofiles"] == 1

    # requirements are ANDed; one on an unknown field is ignored, so the search widens
    found = call(store, "Database_searchProfiles", id=db,
                 requirements=[req("city", "delft"), req("nosuchfield", "x")])
    assert ids(found) == [profile["id"]] and found["total"] == 1
    widened = call(store, "Database_searchProfiles", id=db, requirements=[req("nosuchfield", "x")])
    assert ids(widened) == [profile["id"], bob]

    assert call(store, "Profile_updateFields", id=bob, fields={"city": "Delft"}) == {"value": "1"}
    assert call(store, "Profile_fields", id=bob) == {"map": {"email": "bob@example.com", "age": "17",
                                                              "city": "Delft"}}
    assert call(store, "SubProfile_updateFields", id=sub["id"], fields={"total": "12"}) == {"value": "1"}
    assert call(store, "SubProfile_fields", id=sub["id"])["map"]["total"] == "12"

    created = call(store, "Database_updateProfiles", id=db, requirements=[req("email", "cy@example.com")],
                   fields={"email": "cy@example.com"}, create=True, allproperties=True)
    assert created["total"] == 1
    assert created["items"]["profile"][0]["fields"] == {"email": "cy@example.com", "age": "0", "city": "Delft"}
    assert call(store, "Account_database", identifier=str(db))["database"]["countprofiles"] == 3

    assert call(store, "Database_remove", id=db) == {"value": "1"}
    assert call(store, "Account_database", identifier="News") == {}
    assert call(store, "Profile_updateFields", id=bob, fields={"age": "1"}) == {"value": "0"}
    assert call(store, "SubProfile_updateFields", id=sub["id"], fields={"total": "1"}) == {"value": "0"}
    with pytest.raises(Fault, match=f"No collection with id {orders}"):
        call(store, "Collection_fields", id=orders)
    counts = [store._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("databases", "collections", "fields", "records", "vals")]
    assert counts == [0, 0, 0, 0, 0]


def test_paging_and_total(store, news):
    db, _ = news
    made = make_profiles(store, db, [{"age": n} for n in range(25)])
    page = call(store, "Database_searchProfiles", id=db, requirements=[], start=20, length=10)
    assert (page["start"], page["length"], page["total"]) == (20, 5, 25)
    assert ids(page) == made[20:]
    first = call(store, "Database_profiles", id=db, length=3)
    assert ids(first) == made[:3] and first["total"] == 25
    assert call(store, "Database_profiles", id=db, start=-4, length=-1)["length"] == 0
    beyond = call(store, "Database_profiles", id=db, start=100)
    assert beyond["items"]["profile"] == [] and beyond["total"] == 25


def test_default_length_is_100_and_cap_is_1000(store, news):
    db, _ = news
    make_profiles(store, db, [{}] * 1005)
    assert call(store, "Database_profiles", id=db)["length"] == 100
    capped = call(store, "Database_profiles", id=db, length=5000)
    assert (capped["length"], capped["total"]) == (1000, 1005)


def test_allproperties_controls_profile_fields_but_not_databases(store, news):
    db, orders = news
    pid = make_profiles(store, db, [{"email": "a@b.c"}])[0]
    call(store, "Profile_createSubProfile", id=pid, collection={"id": orders}, fields={"product": "ink"})
    bare = call(store, "Database_profiles", id=db)["items"]["profile"][0]
    assert "fields" not in bare and "interests" not in bare and bare["id"] == pid
    full = call(store, "Database_profiles", id=db, allproperties=True)["items"]["profile"][0]
    assert full["fields"]["email"] == "a@b.c" and full["interests"] == {}
    sub = call(store, "Collection_searchSubProfiles", id=orders, requirements=[])["items"]["subprofile"][0]
    assert "fields" not in sub
    sub = call(store, "Profile_searchSubProfiles", id=pid, collection={"name": "Orders"}, requirements=[],
               allproperties=True)["items"]["subprofile"][0]
    assert sub["fields"] == {"total": "", "product": "ink"}
    for flag in (False, True):
        database = call(store, "Account_databases", allproperties=flag)["items"]["database"][0]
        assert database["name"] == "News" and database["countprofiles"] == 1
        collection = call(store, "Database_collections", id=db, allproperties=flag)["items"]["collection"][0]
        assert collection["name"] == "Orders" and collection["countsubprofiles"] == 1


def test_not_found_is_an_empty_result(store, news):
    db, orders = news
    other = call(store, "Account_createDatabase", name="Other")["database"]["id"]
    foreign = call(store, "Database_createCollection", id=other, name="Elsewhere")["collection"]["id"]
    assert call(store, "Account_database", identifier="Nope") == {}
    assert call(store, "Account_database", identifier="999") == {}
    assert call(store, "Account_database", identifier=str(other))["database"]["name"] == "Other"
    assert call(store, "Database_collection", id=db, identifier="Nope") == {}
    assert call(store, "Database_collection", id=db, identifier=str(foreign)) == {}
    assert call(store, "Database_collection", id=db, identifier=str(orders))["collection"]["name"] == "Orders"
    assert call(store, "Collection_subProfile", id=orders, identifier=12345) == {}
    assert call(store, "Profile_remove", id=12345) == {"value": "0"}
    with pytest.raises(Fault, match="No database with id 777"):
        call(store, "Database_createProfile", id=777, fields={})
    with pytest.raises(Fault, match="No profile with id 12345"):
        call(store, "Profile_fields", id=12345)


def test_duplicate_names_fault_but_names_are_per_database(store, news):
    db, orders = news
    cases = [("Account_createDatabase", {"name": "News"}, "A database named 'News' already exists"),
             ("Database_createCollection", {"id": db, "name": "Orders"}, "A collection named 'Orders'"),
             ("Database_createField", {"id": db, "name": "email"}, "A field named 'email'"),
             ("Collection_createField", {"id": orders, "name": "total"}, "A field named 'total'")]
    for operation, params, text in cases:
        with pytest.raises(Fault) as fault:
            call(store, operation, **params)
        assert fault.value.text.startswith(text)
    other = call(store, "Account_createDatabase", name="Other")["database"]["id"]
    assert call(store, "Database_createCollection", id=other, name="Orders")["collection"]["id"] != orders
    assert call(store, "Database_createField", id=other, name="email")["field"]["name"] == "email"


def test_field_options_are_stored(store, news):
    db, orders = news
    field = call(store, "Database_createField", id=db, name="bio", type="big", value="-", display=True,
                 length=200, textlines=5, hidden=True, index=True, specialcontent="email")["field"]
    assert {k: field[k] for k in ("type", "value", "display", "ordered", "length", "textlines",
                                  "hidden", "index", "specialcontent")} == \
        {"type": "big", "value": "-", "display": True, "ordered": False, "length": 200,
         "textlines": 5, "hidden": True, "index": True, "specialcontent": "email"}
    plain = call(store, "Collection_createField", id=orders, name="note")["collectionfield"]
    assert plain["type"] == "text" and plain["value"] == ""


@pytest.mark.parametrize("requirement, expected", [
    (req("age", "17", "!="), ["ann", "cy", "dee"]),
    (req("age", "17", "<>"), ["ann", "cy", "dee"]),
    (req("age", "9", ">"), ["ann", "bob"]),          # numeric: "17" > "9"
    (req("age", "17", ">="), ["ann", "bob"]),
    (req("age", "17", "<"), ["cy", "dee"]),
    (req("age", "4", "<="), ["cy", "dee"]),
    (req("email", "%@example.com", "like"), ["ann", "bob", "dee"]),
    (req("email", "ANN@%", "LIKE"), ["ann"]),
    (req("email", "ANN@%", "LIKE", casesensitive=True), []),
    (req("email", "C_@test.org", "LIKE"), ["cy"]),
    (req("city", "GOUDA"), ["bob"]),
    (req("city", "GOUDA", casesensitive=True), []),
    (req("city", "Delft"), ["ann", "dee"]),   # dee never set city: the default matches
    (req("city", "ÉCLUSE"), ["cy"]),               # case-insensitive beyond ASCII
])
def test_search_operators(store, news, requirement, expected):
    db, _ = news
    names = ["ann", "bob", "cy", "dee"]
    rows = [{"email": "ann@example.com", "age": "31", "city": "Delft"},
            {"email": "bob@example.com", "age": "17", "city": "Gouda"},
            {"email": "cy@test.org", "age": "4", "city": "écluse"},
            {"email": "dee@example.com", "age": "0"}]
    by_id = dict(zip(make_profiles(store, db, rows), names))
    result = call(store, "Database_searchProfiles", id=db, requirements=[requirement])
    assert [by_id[i] for i in ids(result)] == expected


def test_unsupported_operator_faults(store, news):
    db, _ = news
    with pytest.raises(Fault, match="Unsupported operator '~' in requirement on 'age'"):
        call(store, "Database_searchProfiles", id=db, requirements=[req("age", "1", "~")])


def test_order_by_field_and_direction(store, news):
    db, _ = news
    made = make_profiles(store, db, [{"age": "9"}, {"age": "100"}, {"age": "25"}])
    by_age = call(store, "Database_searchProfiles", id=db, requirements=[], order="age")
    assert ids(by_age) == [made[0], made[2], made[1]]  # numeric, not "100" < "25" < "9"
    desc = call(store, "Database_searchProfiles", id=db, requirements=[], order="age", asc=False)
    assert ids(desc) == [made[1], made[2], made[0]]
    by_id_desc = call(store, "Database_searchProfiles", id=db, requirements=[], order="nonsense", asc=False)
    assert ids(by_id_desc) == made[::-1]


def test_field_created_later_reads_its_default(store, news):
    db, _ = news
    pid = make_profiles(store, db, [{"email": "x@y.z"}])[0]
    call(store, "Database_createField", id=db, name="tier", value="bronze")
    assert call(store, "Profile_fields", id=pid)["map"]["tier"] == "bronze"
    found = call(store, "Database_searchProfiles", id=db, requirements=[req("tier", "bronze")])
    assert ids(found) == [pid]


def test_update_profiles_returns_updated_records_and_creates_only_when_asked(store, news):
    db, _ = news
    made = make_profiles(store, db, [{"city": "Gouda", "age": "1"}, {"city": "Gouda", "age": "2"},
                                     {"city": "Delft"}])
    updated = call(store, "Database_updateProfiles", id=db, requirements=[req("city", "Gouda")],
                   fields={"city": "Leiden", "bogus": "1"}, interests={"sport": "1"}, allproperties=True)
    assert ids(updated) == made[:2] and updated["total"] == 2  # no longer match, still returned
    assert [p["fields"]["city"] for p in updated["items"]["profile"]] == ["Leiden", "Leiden"]
    assert updated["items"]["profile"][0]["interests"] == {"sport": "1"}
    assert call(store, "Profile_fields", id=made[2])["map"]["city"] == "Delft"
    none = call(store, "Database_updateProfiles", id=db, requirements=[req("city", "Gouda")],
                fields={"age": "5"})
    assert none["total"] == 0 and none["items"]["profile"] == []
    assert call(store, "Database_profiles", id=db)["total"] == 3


def test_subprofile_updates(store, news):
    db, orders = news
    ann, bob = make_profiles(store, db, [{"email": "ann"}, {"email": "bob"}])
    for pid, product in ((ann, "pen"), (ann, "ink"), (bob, "pen")):
        call(store, "Profile_createSubProfile", id=pid, collection={"id": orders}, fields={"product": product})
    pens = call(store, "Collection_updateSubProfiles", id=orders, requirements=[req("product", "pen")],
                fields={"total": "3"}, allproperties=True)
    assert pens["total"] == 2 and {s["fields"]["total"] for s in pens["items"]["subprofile"]} == {"3"}
    mine = call(store, "Profile_updateSubProfiles", id=bob, collection={"name": "Orders"},
                requirements=[req("product", "ink")], fields={"product": "ink"}, create=True)
    assert mine["total"] == 1
    bobs = call(store, "Profile_searchSubProfiles", id=bob, collection={"id": orders}, requirements=[],
                allproperties=True)
    assert sorted(s["fields"]["product"] for s in bobs["items"]["subprofile"]) == ["ink", "pen"]
    assert call(store, "Collection_searchSubProfiles", id=orders, requirements=[])["total"] == 4


def test_subprofile_collection_must_belong_to_the_profiles_database(store, news):
    db, _ = news
    pid = make_profiles(store, db, [{}])[0]
    other = call(store, "Account_createDatabase", name="Other")["database"]["id"]
    foreign = call(store, "Database_createCollection", id=other, name="Foreign")["collection"]["id"]
    with pytest.raises(Fault, match=f"No collection {foreign} in database {db}"):
        call(store, "Profile_createSubProfile", id=pid, collection={"id": foreign}, fields={})
    with pytest.raises(Fault, match=f"No collection 'Foreign' in database {db}"):
        call(store, "Profile_searchSubProfiles", id=pid, collection={"name": "Foreign"}, requirements=[])


def test_remove_cascades_and_ids_are_not_reused(store, news):
    db, orders = news
    ann, bob = make_profiles(store, db, [{"email": "ann"}, {"email": "bob"}])
    subs = [call(store, "Profile_createSubProfile", id=pid, collection={"id": orders},
                 fields={})["subprofile"]["id"] for pid in (ann, ann, bob)]
    assert call(store, "Profile_remove", id=ann) == {"value": "1"}
    left = call(store, "Collection_searchSubProfiles", id=orders, requirements=[])
    assert ids(left, "subprofile") == [subs[2]]
    assert call(store, "SubProfile_remove", id=subs[2]) == {"value": "1"}
    assert call(store, "SubProfile_remove", id=subs[2]) == {"value": "0"}
    assert call(store, "Collection_remove", id=orders) == {"value": "1"}
    assert call(store, "Database_collections", id=db)["total"] == 0
    assert call(store, "Database_fields", id=db)["total"] == 3
    newest = make_profiles(store, db, [{}])[0]
    assert newest > max(subs)


def test_file_state_survives_reopen_and_save_copies_it(tmp_path, news, store):
    path = str(tmp_path / "state.sqlite")
    with Store(path) as first:
        db = call(first, "Account_createDatabase", name="Kept")["database"]["id"]
        call(first, "Database_createField", id=db, name="email")
        pid = make_profiles(first, db, [{"email": "kept@example.com"}])[0]
    with Store(path) as again:
        assert call(again, "Profile_fields", id=pid) == {"map": {"email": "kept@example.com"}}
        assert call(again, "Account_database", identifier="Kept")["database"]["countprofiles"] == 1
    copy = tmp_path / "copy.sqlite"
    db, _ = news
    make_profiles(store, db, [{"email": "mem@example.com"}])
    store.save(str(copy))
    with Store(str(copy)) as loaded:
        found = call(loaded, "Database_searchProfiles", id=db, requirements=[req("email", "mem@example.com")])
        assert found["total"] == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".store-")) == []


def test_state_file_that_is_not_a_database_is_a_one_line_error(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database, just text\n" * 100)
    with pytest.raises(ValueError, match="cannot use .*notes.txt as mock state: file is not a database"):
        Store(junk)
    assert junk.read_text().startswith("not a database")  # left as it was


def test_concurrent_calls_get_distinct_ids(store, news):
    db, _ = news
    got: list[list[int]] = [[] for _ in range(8)]
    errors: list[BaseException] = []

    def work(slot: int) -> None:
        try:
            for n in range(200):
                got[slot].append(call(store, "Database_createProfile", id=db,
                                      fields={"email": f"{slot}-{n}@example.com"})["profile"]["id"])
                if n % 50 == 0:
                    call(store, "Database_searchProfiles", id=db, requirements=[req("age", "0")], length=1)
        except BaseException as exc:  # surfaced below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    all_ids = [i for chunk in got for i in chunk]
    assert len(all_ids) == 1600 and len(set(all_ids)) == 1600
    assert call(store, "Account_database", identifier="News")["database"]["countprofiles"] == 1600
