"""The mock's SOAP codec against real clients: envelopes built by zeep, suds and PHP decode to the
expected Request; encoded results and faults parse back in those clients to the expected values."""

from __future__ import annotations

import json
import subprocess

import pytest
import zeep
import zeep.exceptions
from lxml import etree

from migrator import catalogue
from migrator.mock.codec import CONTENT_TYPE, decode_request, encode_fault, encode_result
from migrator.mock.faults import MALFORMED, Fault
from php_available import php_soap_missing
from migrator.mock.wsdl import render_wsdl

ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TOKEN = "tok-throwaway-123"


@pytest.fixture(scope="module")
def wsdl_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("wsdl") / "copernica.wsdl"
    path.write_bytes(render_wsdl("http://127.0.0.1:8765/"))
    return path


@pytest.fixture(scope="module")
def zclient(wsdl_path):
    return zeep.Client(str(wsdl_path))


@pytest.fixture(scope="module")
def sclient(wsdl_path):
    from suds.client import Client

    return Client(wsdl_path.as_uri(), cache=None, nosend=True)


def zeep_request(client, op, params) -> bytes:
    return etree.tostring(client.create_message(client.service, op, params))


def envelope(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><e:Envelope xmlns:e="{ENV}"><e:Body>{body}'
            "</e:Body></e:Envelope>").encode()


def malformed(body: bytes) -> str:
    with pytest.raises(Fault) as info:
        decode_request(body)
    return info.value.text


# --- decoding requests built by real clients -------------------------------------------


def test_zeep_scalar_call_with_access_token(zclient):
    req = decode_request(zeep_request(
        zclient, "Account_database", {"identifier": "News", "access_token": TOKEN}))
    assert req.operation is catalogue.OPERATIONS["Account_database"]
    assert req.params == {"identifier": "News"}
    assert req.access_token == TOKEN
    assert req.login is None


def test_zeep_requirements_paging_and_login_struct(zclient):
    req = decode_request(zeep_request(zclient, "Database_searchProfiles", {
        "id": 12,
        "requirements": {"requirement": [
            {"fieldname": "email", "value": "a@example.org", "operator": "=",
             "casesensitive": True},
            {"fieldname": "city", "value": "Delft"},
        ]},
        "allproperties": False, "start": 0, "length": 50,
        "login": {"username": "api", "password": "pw-test", "account": "Acme"},
    }))
    assert req.params == {
        "id": 12,
        "requirements": [
            {"fieldname": "email", "value": "a@example.org", "operator": "=",
             "casesensitive": True},
            {"fieldname": "city", "value": "Delft", "operator": "=", "casesensitive": False},
        ],
        "allproperties": False, "start": 0, "length": 50,
    }
    assert req.login == {"username": "api", "password": "pw-test", "account": "Acme"}
    assert req.access_token is None


def test_zeep_map_keeps_order_and_special_characters(zclient):
    req = decode_request(zeep_request(zclient, "Database_createProfile", {
        "id": 3,
        "fields": {"pair": [{"key": "email", "value": "x<y>&z@example.org"},
                            {"key": "naam", "value": "Zoë Ünal"},
                            {"key": "empty", "value": ""}]},
        "access_token": TOKEN,
    }))
    assert list(req.params["fields"].items()) == \
        [("email", "x<y>&z@example.org"), ("naam", "Zoë Ünal"), ("empty", "")]
    assert req.params["id"] == 3


@pytest.mark.parametrize("ref, expected", [({"id": 9}, {"id": 9}), ({"name": "orders"},
                                                                    {"name": "orders"})])
def test_zeep_collection_ref(zclient, ref, expected):
    req = decode_request(zeep_request(zclient, "Profile_createSubProfile", {
        "id": 44, "collection": ref, "fields": {"pair": [{"key": "sku", "value": "A1"}]},
    }))
    assert req.params == {"id": 44, "collection": expected, "fields": {"sku": "A1"}}


def test_zeep_login_operation(zclient):
    req = decode_request(zeep_request(
        zclient, "login", {"username": "api", "password": "pw-test", "account": "Acme"}))
    assert req.operation.name == "login"
    assert req.params == {"username": "api", "password": "pw-test", "account": "Acme"}


def test_suds_requests_decode(sclient):
    search = sclient.service.Database_searchProfiles({
        "id": 1, "requirements": {"requirement": [
            {"fieldname": "a", "value": "b", "operator": "=", "casesensitive": True}]},
        "asc": True, "access_token": TOKEN})
    req = decode_request(search.envelope)
    assert req.params == {"id": 1, "asc": True, "requirements": [
        {"fieldname": "a", "value": "b", "operator": "=", "casesensitive": True}]}
    assert req.access_token == TOKEN

    create = sclient.service.Profile_createSubProfile({
        "id": 2, "collection": {"id": 7},
        "fields": {"pair": [{"key": "k", "value": "v & w"}]},
        "login": {"username": "api", "password": "pw-test"}})
    req = decode_request(create.envelope)
    assert req.operation.name == "Profile_createSubProfile"
    assert req.params == {"id": 2, "collection": {"id": 7}, "fields": {"k": "v & w"}}
    assert req.login == {"username": "api", "password": "pw-test"}


# --- decoding: leniency --------------------------------------------------------------


def test_operation_name_is_case_insensitive_and_namespace_optional():
    req = decode_request(envelope(
        "<database_SEARCHprofiles><parameters><id>4</id></parameters></database_SEARCHprofiles>"))
    assert req.operation.name == "Database_searchProfiles"
    assert req.params == {"id": 4}


def test_parameters_directly_under_the_operation_and_qualified_names():
    req = decode_request(envelope(
        '<n:Account_databases xmlns:n="urn:any"><n:start>5</n:start>'
        "<length> 10 </length><n:access_token>t-1</n:access_token></n:Account_databases>"))
    assert req.params == {"start": 5, "length": 10}
    assert req.access_token == "t-1"


def test_nil_unknown_and_header_are_ignored():
    body = (
        f'<e:Envelope xmlns:e="{ENV}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<e:Header><x>1</x></e:Header><e:Body><Account_databases><parameters>"
        '<!-- a comment --><start xsi:nil="true"/><bogus>1</bogus><allproperties>1</allproperties>'
        '<access_token xsi:nil="true"/></parameters></Account_databases></e:Body></e:Envelope>')
    req = decode_request(body.encode())
    assert req.params == {"allproperties": True}
    assert req.access_token is None


def test_empty_string_parameter_is_kept():
    req = decode_request(envelope(
        "<Account_database><parameters><identifier/><access_token></access_token>"
        "</parameters></Account_database>"))
    assert req.params == {"identifier": ""}
    assert req.access_token == ""


# --- decoding: rejected input --------------------------------------------------------


def test_unknown_operation():
    assert malformed(envelope("<Account_explode><parameters/></Account_explode>")) == \
        "Unknown method Account_explode"


@pytest.mark.parametrize("param, value, text", [
    ("id", "twelve", "id is not an int"),
    ("id", "", "id is not an int"),
    ("allproperties", "yes", "allproperties is not a boolean"),
])
def test_bad_scalar_names_the_parameter(param, value, text):
    body = envelope(f"<Database_fields><parameters><{param}>{value}</{param}>"
                    "</parameters></Database_fields>")
    assert malformed(body) == f"{MALFORMED}: {text}"


def test_map_pair_without_key():
    body = envelope("<Database_createProfile><parameters><id>1</id><fields><pair><value>v</value>"
                    "</pair></fields></parameters></Database_createProfile>")
    assert malformed(body).startswith(MALFORMED)


XXE = (b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<s:Envelope xmlns:s="' + ENV.encode() + b'"><s:Body><Account_database><parameters>'
       b"<identifier>&x;</identifier></parameters></Account_database></s:Body></s:Envelope>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                     * 10) for i in range(1, 10))
          + b']><s:Envelope xmlns:s="' + ENV.encode() + b'"><s:Body><Account_database>'
          b"<identifier>&lol9;</identifier></Account_database></s:Body></s:Envelope>")


@pytest.mark.parametrize("body", [
    XXE,
    LAUGHS,
    b'<?xml version="1.0"?><!DOCTYPE s:Envelope><s:Envelope xmlns:s="' + ENV.encode()
    + b'"><s:Body><Account_databases/></s:Body></s:Envelope>',  # any DTD, even a harmless one
    b"",
    b"this is not xml",
    b"<Envelope><Body><Account_databases/></Body></Envelope>",  # not the SOAP namespace
    b'<x:Envelope xmlns:x="http://www.w3.org/2003/05/soap-envelope"><x:Body>'
    b"<Account_databases/></x:Body></x:Envelope>",  # SOAP 1.2
    b"<html><body>hi</body></html>",
    f'<s:Envelope xmlns:s="{ENV}"><s:Body/></s:Envelope>'.encode(),
    f'<s:Envelope xmlns:s="{ENV}"><s:Body><Account_databases>'.encode(),  # truncated
], ids=["xxe", "billion-laughs", "doctype", "empty", "not-xml", "no-namespace", "soap12", "html",
        "empty-body", "truncated"])
def test_malformed_requests(body):
    assert malformed(body) == MALFORMED


# --- encoding results, parsed back by the clients -------------------------------------


def zeep_reply(client, op, result):
    operation = client.service._binding.get(op)
    return operation.process_reply(etree.fromstring(encode_result(op, result)))


def test_entity_fields_are_written_in_schema_order(zclient):
    # Keys deliberately out of order: zeep parses a sequence strictly in order.
    res = zeep_reply(zclient, "Account_database", {"database": {
        "lastbuilt": "2024-01-02 03:04:05", "archived": False, "name": "News & <Co>",
        "id": 7, "countprofiles": 0, "description": "Zoë"}})
    db = res.database
    assert (db.id, db.name, db.archived, db.countprofiles, db.description, db.lastbuilt) == \
        (7, "News & <Co>", False, 0, "Zoë", "2024-01-02 03:04:05")
    assert db.created is None
    assert res.collection is None and res.items is None


def pairs(value) -> dict:
    """A Map as zeep reads it under the literal binding: an empty map is None."""
    return {} if value is None else {pair.key: pair.value for pair in value.pair}


def test_not_found_is_an_empty_result_that_zeep_reads_as_none(zclient):
    body = encode_result("Account_database", {})
    assert etree.fromstring(body).find(f"{{{ENV}}}Body")[0][0].tag == "result"
    assert b"<result/>" in body
    assert zeep_reply(zclient, "Account_database", {}) is None


@pytest.mark.parametrize("profiles", [
    [{"id": 1, "code": "c1", "fields": {"email": "a@example.org"}, "interests": {}}],
    [{"id": 1, "fields": {}}, {"id": 2, "fields": {"a": "1", "b": "2"}}],
], ids=["single", "two"])
def test_collection_result(zclient, profiles):
    res = zeep_reply(zclient, "Database_searchProfiles", {
        "start": 0, "length": 100, "total": len(profiles), "items": {"profile": profiles}})
    assert (res.start, res.length, res.total) == (0, 100, len(profiles))
    assert res.items.database == []
    got = [(p.id, pairs(p.fields)) for p in res.items.profile]
    assert got == [(p["id"], p["fields"]) for p in profiles]
    # An empty map is an empty element, which zeep reads as None.
    assert [p.fields is None for p in res.items.profile] == [not p["fields"] for p in profiles]


@pytest.mark.parametrize("items", [{"profile": []}, {}], ids=["no-profiles", "no-items-key"])
def test_empty_page_has_an_empty_items_element_that_zeep_reads_as_none(zclient, items):
    body = encode_result("Database_searchProfiles", {"start": 0, "length": 0, "total": 0, "items": items})
    assert b"<items/>" in body
    res = zeep_reply(zclient, "Database_searchProfiles", {"start": 0, "length": 0, "total": 0,
                                                          "items": items})
    assert (res.start, res.length, res.total) == (0, 0, 0)
    assert res.items is None


def test_entity_booleans_and_ints(zclient):
    res = zeep_reply(zclient, "Database_createField", {"field": {
        "id": 3, "name": "email", "type": "email", "display": True, "hidden": False,
        "length": 255}})
    assert (res.field.display, res.field.hidden, res.field.length) == (True, False, 255)


@pytest.mark.parametrize("mapping", [{}, {"email": "x@y"}, {"a": "1", "b": "<&>"}])
def test_map_result(zclient, mapping):
    res = zeep_reply(zclient, "Profile_fields", {"map": mapping})
    assert pairs(res.map) == mapping
    assert (res.map is None) == (not mapping)  # an empty <map/> reads as None


@pytest.mark.parametrize("items", [[], ["only"], ["a", "b & c"]])
def test_array_result(zclient, items):
    res = zeep_reply(zclient, "Profile_fields", {"array": items})
    if items:
        assert res.array.item == items
    else:
        assert res.array is None  # an empty <array/> reads as None


@pytest.mark.parametrize("value, text", [("1", "1"), ("DONE", "DONE"), (True, "true"),
                                         (False, "false")])
def test_value_result(zclient, value, text):
    assert zeep_reply(zclient, "Profile_updateFields", {"value": value}).value == text


def test_suds_parses_entity_and_single_item_collection(sclient):
    ctx = sclient.service.Account_database({"identifier": "News"})
    res = ctx.process_reply(encode_result("Account_database", {"database": {"id": 5, "name": "N"}}))
    assert (res.database.id, res.database.name) == (5, "N")

    ctx = sclient.service.Database_searchProfiles({"id": 5})
    res = ctx.process_reply(encode_result("Database_searchProfiles", {
        "start": 0, "length": 1, "total": 1, "items": {"profile": [{"id": 8}]}}))
    assert res.total == 1
    assert res.items.profile[0].id == 8

    # suds turns an empty <result> into an empty text (suds.sax.text.Text, a str): falsy, not None,
    # and without a .database attribute.
    ctx = sclient.service.Account_database({"identifier": "nope"})
    missing = ctx.process_reply(encode_result("Account_database", {}))
    assert missing is not None and isinstance(missing, str) and missing == ""
    assert not hasattr(missing, "database")

    # An empty page: the <items/> element is an empty text too.
    ctx = sclient.service.Database_searchProfiles({"id": 5})
    res = ctx.process_reply(encode_result("Database_searchProfiles", {
        "start": 0, "length": 0, "total": 0, "items": {}}))
    assert res.total == 0 and res.items == "" and not hasattr(res.items, "profile")


SHAPES = {
    "not-found": ("Account_database", {}),
    "entity": ("Account_database", {"database": {"id": 5, "name": "N", "archived": False}}),
    "empty-page": ("Database_profiles", {"start": 0, "length": 0, "total": 0, "items": {}}),
    "page": ("Database_profiles", {"start": 0, "length": 2, "total": 2, "items": {"profile": [
        {"id": 1, "fields": {}, "interests": {}}, {"id": 2, "fields": {"email": "a@b"}}]}}),
    "empty-map": ("Profile_fields", {"map": {}}),
    "map": ("Profile_fields", {"map": {"email": "a@b"}}),
    "empty-array": ("Profile_fields", {"array": []}),
    "array": ("Profile_fields", {"array": ["x"]}),
    "value": ("Profile_updateFields", {"value": True}),
}


@pytest.mark.parametrize("op, result", SHAPES.values(), ids=SHAPES.keys())
def test_results_are_literal_without_xsi_type(op, result):
    body = encode_result(op, result)
    assert b"xsi:" not in body and b"XMLSchema-instance" not in body
    root = etree.fromstring(body)
    assert not [el for el in root.iter() if any("XMLSchema-instance" in name for name in el.attrib)]


def test_fault_parses_in_zeep(zclient):
    binding = zclient.service._binding
    doc = etree.fromstring(encode_fault(Fault("Unknown method <Foo & bar>")))
    with pytest.raises(zeep.exceptions.Fault) as info:
        binding.process_error(doc, binding.get("Account_database"))
    assert info.value.message == "Unknown method <Foo & bar>"
    assert info.value.code == "soap:Client"


def test_response_is_utf8_with_non_ascii_text():
    assert CONTENT_TYPE == "text/xml; charset=utf-8"
    body = encode_result("login", {"value": "Zoë ✓"})
    assert "Zoë ✓".encode("utf-8") in body
    assert etree.fromstring(body).getroottree().docinfo.encoding == "UTF-8"


def test_text_xml_cannot_carry_becomes_a_server_fault():
    with pytest.raises(Fault) as info:
        encode_result("Profile_fields", {"map": {"bad": "a\x00b"}})
    assert info.value.code == "soap:Server"


# --- PHP's SoapClient: builds a request we decode, parses a response we encode ---------

PHP_SCRIPT = r"""
class Capture extends SoapClient {
    public $reply = '';
    public $sent = '';
    public function __doRequest($request, $location, $action, $version, $oneWay = false): ?string {
        $this->sent = $request;
        return $this->reply;
    }
}
$c = new Capture($argv[1], ['cache_wsdl' => WSDL_CACHE_NONE]);
$c->reply = file_get_contents($argv[2]);
$r = $c->Database_searchProfiles(['id' => 5, 'requirements' => ['requirement' => [
    ['fieldname' => 'email', 'value' => 'a@b', 'operator' => '=', 'casesensitive' => false]]],
    'allproperties' => true, 'access_token' => $argv[3]]);
file_put_contents($argv[4], $c->sent);
echo json_encode($r);
"""


PHP_SKIP = php_soap_missing()


@pytest.mark.php
@pytest.mark.skipif(PHP_SKIP is not None, reason=PHP_SKIP or "")
def test_php_request_decodes_and_response_parses(wsdl_path, tmp_path):
    reply = tmp_path / "reply.xml"
    reply.write_bytes(encode_result("Database_searchProfiles", {
        "start": 0, "length": 1, "total": 1,
        "items": {"profile": [{"id": 7, "code": "c&d", "fields": {"email": "a@b"}}]}}))
    sent = tmp_path / "sent.xml"
    out = subprocess.run(["php", "-r", PHP_SCRIPT, str(wsdl_path), str(reply), TOKEN, str(sent)],
                         capture_output=True, text=True, check=True)

    req = decode_request(sent.read_bytes())
    assert req.operation.name == "Database_searchProfiles"
    assert req.params == {"id": 5, "allproperties": True, "requirements": [
        {"fieldname": "email", "value": "a@b", "operator": "=", "casesensitive": False}]}
    assert req.access_token == TOKEN

    # PHP unwraps a single repeated element into an object: the "single item" trap of section 8.
    res = json.loads(out.stdout)
    assert res["total"] == 1
    assert res["items"]["profile"]["code"] == "c&d"
    assert res["items"]["profile"]["fields"]["pair"] == {"key": "email", "value": "a@b"}
