"""The example workflow end to end: real mock on loopback, real SOAP clients (zeep, suds, PHP),
in access-token mode and in legacy login + cookie mode. Checks the business results and the
call log (operations in order, how each call authenticated, no credentials recorded)."""

from __future__ import annotations

import json

import pytest
from throwaway_credentials import LOGIN, TOKEN
from soap_clients import PhpAdapter, SoapFault, SudsAdapter, ZeepAdapter, as_map, php_soap_missing

from migrator.mock.auth import fingerprint

PHP_MISSING = php_soap_missing()


def requirement(field: str, value: str) -> dict:
    return {"requirement": [{"fieldname": field, "value": value, "operator": "=",
                             "casesensitive": False}]}


def fields(**values: str) -> dict:
    return {"pair": [{"key": k, "value": v} for k, v in values.items()]}


def run_workflow(client) -> list[str]:
    """Build a small Copernica account, query and change it, tear it down. Returns the operations
    called, in order, for the call-log check."""
    ops: list[str] = []

    def call(op: str, **params):
        ops.append(op)
        return client.call(op, **params)

    db = call("Account_createDatabase", name=f"Newsletter {client.name}", description="workflow")
    db_id = db["database"]["id"]
    assert db["database"]["name"] == f"Newsletter {client.name}"

    call("Database_createField", id=db_id, name="email", type="email")
    call("Database_createField", id=db_id, name="city", type="text", value="Unknown")
    listed = call("Database_fields", id=db_id)
    assert listed["total"] == 2
    assert [f["name"] for f in listed["items"]["field"]] == ["email", "city"]

    coll = call("Database_createCollection", id=db_id, name="Orders")["collection"]
    assert coll["name"] == "Orders"
    cfield = call("Collection_createField", id=coll["id"], name="product")
    assert cfield["collectionfield"]["name"] == "product"

    ann = call("Database_createProfile", id=db_id,
               fields=fields(email="ann@example.com", city="Amsterdam"))["profile"]
    bob = call("Database_createProfile", id=db_id,
               fields=fields(email="bob@example.com", city="Rotterdam"))["profile"]
    assert ann["id"] != bob["id"]
    sub = call("Profile_createSubProfile", id=ann["id"], collection={"id": coll["id"]},
               fields=fields(product="Atlas"))["subprofile"]
    assert as_map(sub["fields"]) == {"product": "Atlas"}

    found = call("Database_searchProfiles", id=db_id, requirements=requirement("city", "Amsterdam"),
                 allproperties=True)
    assert found["total"] == 1
    assert [p["id"] for p in found["items"]["profile"]] == [ann["id"]]
    assert as_map(found["items"]["profile"][0]["fields"])["email"] == "ann@example.com"

    moved = call("Database_updateProfiles", id=db_id, requirements=requirement("city", "Rotterdam"),
                 fields=fields(city="Utrecht"))
    assert [p["id"] for p in moved["items"]["profile"]] == [bob["id"]]
    nobody = call("Database_searchProfiles", id=db_id, requirements=requirement("city", "Rotterdam"))
    assert nobody["total"] == 0

    assert call("Profile_updateFields", id=ann["id"], fields=fields(email="ann@new.example"))["value"] == "1"
    assert as_map(call("Profile_fields", id=bob["id"])["map"]) == {
        "email": "bob@example.com", "city": "Utrecht"}
    assert as_map(call("Profile_fields", id=ann["id"])["map"]) == {
        "email": "ann@new.example", "city": "Amsterdam"}

    subs = call("Collection_searchSubProfiles", id=coll["id"], requirements=requirement("product", "Atlas"))
    assert [s["id"] for s in subs["items"]["subprofile"]] == [sub["id"]]
    own = call("Profile_searchSubProfiles", id=bob["id"], collection={"name": "Orders"},
               requirements=requirement("product", "Atlas"))
    assert own["total"] == 0  # the subprofile belongs to Ann

    # Removing the database cascades to its fields, collections, profiles and subprofiles.
    assert call("Database_remove", id=db_id)["value"] == "1"
    assert call("Account_database", identifier=f"Newsletter {client.name}") == {}
    assert call("Profile_remove", id=bob["id"])["value"] == "0"  # nothing left to remove
    with pytest.raises(SoapFault) as gone:
        call("Profile_fields", id=ann["id"])
    assert gone.value.text == f"No profile with id {ann['id']}"
    with pytest.raises(SoapFault) as gone:
        call("Collection_subProfile", id=coll["id"], identifier=sub["id"])
    assert gone.value.text == f"No collection with id {coll['id']}"
    return ops


def expected_faults(calls: list[dict]) -> bool:
    """Only the two lookups after the removal fault."""
    faulted = [(c["operation"], c["fault"].split(" with id")[0]) for c in calls if c["fault"]]
    return faulted == [("Profile_fields", "No profile"), ("Collection_subProfile", "No collection")]


def make_client(kind: str, url: str, token: str | None, tmp_path):
    if kind == "php":
        if PHP_MISSING:
            pytest.skip(f"PHP SoapClient workflow skipped: {PHP_MISSING}")
        return PhpAdapter(url, token, tmp_path)
    return {"zeep": ZeepAdapter, "suds": SudsAdapter}[kind](url, token)


def assert_no_credentials(calls: list[dict]) -> None:
    dump = json.dumps(calls)
    for secret in (TOKEN, LOGIN["password"], LOGIN["username"]):
        assert secret not in dump
    for rec in calls:
        assert not {"access_token", "login", "username", "password"} & set(rec["params"])


CLIENTS = ["zeep", "suds", "php"]


@pytest.mark.parametrize("kind", CLIENTS)
def test_workflow_with_access_token(kind, mock_server, tmp_path):
    mock = mock_server(auth="token")
    client = make_client(kind, mock.wsdl_url, TOKEN, tmp_path)
    try:
        ops = run_workflow(client)
    finally:
        client.close()

    calls = mock.calls
    assert [c["operation"] for c in calls] == ops
    assert {c["auth"] for c in calls} == {"token"}
    assert {c["token"] for c in calls} == {fingerprint(TOKEN)}
    assert expected_faults(calls)
    assert calls[0]["params"] == {"name": f"Newsletter {kind}", "description": "workflow"}
    assert_no_credentials(calls)


@pytest.mark.parametrize("kind", CLIENTS)
def test_workflow_with_legacy_login_and_cookie(kind, mock_server, tmp_path):
    mock = mock_server(auth="legacy")
    client = make_client(kind, mock.wsdl_url, None, tmp_path)
    try:
        assert client.call("login", **LOGIN) == {"value": "DONE"}
        ops = run_workflow(client)
    finally:
        client.close()

    calls = mock.calls
    assert [c["operation"] for c in calls] == ["login", *ops]
    assert calls[0]["auth"] == "none"
    assert expected_faults(calls)
    assert calls[0]["params"] == {"account": LOGIN["account"]}
    assert {c["auth"] for c in calls[1:]} == {"cookie"}
    assert {c["token"] for c in calls} == {None}
    assert_no_credentials(calls)
