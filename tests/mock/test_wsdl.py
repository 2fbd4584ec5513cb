"""The mock's WSDL (section 13 of the domain reference) loads in zeep, suds and PHP's SoapClient
and describes every catalogue operation with `login` and `access_token`."""

from __future__ import annotations

import json
import subprocess

import pytest
import zeep
from lxml import etree

from migrator import catalogue
from migrator.mock.wsdl import render_wsdl
from php_available import php_soap_missing

BASE_URL = "http://127.0.0.1:8765/"
NS = {
    "w": "http://schemas.xmlsoap.org/wsdl/",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "xsd": "http://www.w3.org/2001/XMLSchema",
}


@pytest.fixture(scope="module")
def wsdl_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("wsdl") / "copernica.wsdl"
    path.write_bytes(render_wsdl(BASE_URL))
    return path


@pytest.fixture(scope="module")
def doc():
    return etree.fromstring(render_wsdl(BASE_URL))


@pytest.fixture(scope="module")
def zeep_client(wsdl_path):
    return zeep.Client(str(wsdl_path))


def test_soap_address_is_the_base_url_and_cached_per_url():
    a = render_wsdl("http://localhost:1/")
    b = render_wsdl("https://mock.test:8443/soap/")
    assert b'location="http://localhost:1/"' in a
    assert b'location="https://mock.test:8443/soap/"' in b
    assert render_wsdl("http://localhost:1/") is a


def test_base_url_is_xml_escaped():
    url = "http://127.0.0.1:9/?a=1&b=2"
    address = etree.fromstring(render_wsdl(url)).find(".//soap:address", NS)
    assert address.get("location") == url


def test_names_and_style_follow_the_wire_contract(doc):
    assert doc.get("targetNamespace") == catalogue.NAMESPACE
    service = doc.find("w:service", NS)
    assert service.get("name") == catalogue.SERVICE
    port = service.find("w:port", NS)
    assert port.get("name") == catalogue.PORT
    assert port.get("binding") == "tns:" + catalogue.BINDING
    binding = doc.find("w:binding", NS)
    assert binding.get("name") == catalogue.BINDING
    assert binding.get("type") == "tns:" + catalogue.PORT_TYPE
    assert binding.find("soap:binding", NS).get("style") == "rpc"
    assert doc.find("w:portType", NS).get("name") == catalogue.PORT_TYPE
    schema = doc.find("w:types/xsd:schema", NS)
    assert schema.get("elementFormDefault") == "unqualified"


def test_every_operation_has_messages_binding_and_input_type(doc):
    schema = doc.find("w:types/xsd:schema", NS)
    port_ops = {o.get("name") for o in doc.findall("w:portType/w:operation", NS)}
    assert port_ops == set(catalogue.OPERATIONS)
    for op in catalogue.OPERATIONS.values():
        name = op.name
        bound = doc.find(f"w:binding/w:operation[@name='{name}']", NS)
        assert bound.find("soap:operation", NS).get("soapAction") == \
            catalogue.SOAP_ACTION_PREFIX + name
        for body in bound.findall("*/soap:body", NS):
            assert (body.get("use"), body.get("namespace")) == ("literal", catalogue.NAMESPACE)
        request = doc.find(f"w:message[@name='{name}Request']/w:part", NS)
        assert (request.get("name"), request.get("type")) == ("parameters", f"tns:input_{name}")
        response = doc.find(f"w:message[@name='{name}Response']/w:part", NS)
        assert (response.get("name"), response.get("type")) == ("result", "tns:Result")

        elements = schema.findall(
            f"xsd:complexType[@name='input_{name}']/xsd:sequence/xsd:element", NS)
        names = [e.get("name") for e in elements]
        assert names == [p.name for p in op.params] + ["login", "access_token"]
        assert all(e.get("minOccurs") == "0" for e in elements)
        assert elements[-2].get("type") == "tns:Login"
        assert elements[-1].get("type") == "xsd:string"


def test_result_and_entity_types(doc):
    schema = doc.find("w:types/xsd:schema", NS)

    def members(type_name):
        return [(e.get("name"), e.get("type"), e.get("maxOccurs"))
                for e in schema.findall(f"xsd:complexType[@name='{type_name}']//xsd:element", NS)]

    result = [m[0] for m in members("Result")]
    assert result == ["value", "array", "map", "start", "length", "total", "items",
                      *catalogue.ENTITIES]
    assert [m[0] for m in members("Items")] == list(catalogue.ENTITIES)
    assert all(m[2] == "unbounded" for m in members("Items"))
    assert members("Map") == [("pair", "tns:Pair", "unbounded")]
    assert members("Requirements") == [("requirement", "tns:Requirement", "unbounded")]
    assert members("Array") == [("item", "xsd:string", "unbounded")]
    assert [m[0] for m in members("Requirement")] == \
        ["fieldname", "value", "operator", "casesensitive"]
    assert [m[0] for m in members("CollectionRef")] == ["id", "name"]
    assert [m[0] for m in members("Login")] == ["username", "password", "account"]
    profile = dict((m[0], m[1]) for m in members("Profile"))
    assert profile["fields"] == "tns:Map" and profile["id"] == "xsd:int"


def test_zeep_loads_it_with_every_operation(zeep_client):
    service = zeep_client.service
    assert service._binding_options["address"] == BASE_URL
    for name, op in catalogue.OPERATIONS.items():
        operation = service._binding.get(name)
        assert operation.soapaction == catalogue.SOAP_ACTION_PREFIX + name
        assert operation.input.signature() == f"parameters: ns0:input_{name}"
        input_type = zeep_client.get_type(f"{{{catalogue.NAMESPACE}}}input_{name}")
        assert [n for n, _ in input_type.elements] == \
            [p.name for p in op.params] + ["login", "access_token"]


@pytest.mark.parametrize("style", ["positional", "keyword"])
def test_zeep_signature_accepts_both_call_styles(zeep_client, style):
    params = {"identifier": "News", "access_token": "tok-test"}
    if style == "positional":
        envelope = zeep_client.create_message(zeep_client.service, "Account_database", params)
    else:
        envelope = zeep_client.create_message(
            zeep_client.service, "Account_database", parameters=params)
    call = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")[0]
    assert call.tag == "{%s}Account_database" % catalogue.NAMESPACE
    (parameters,) = call
    assert parameters.tag == "parameters"
    assert [(c.tag, c.text) for c in parameters] == \
        [("identifier", "News"), ("access_token", "tok-test")]


def test_suds_loads_it_with_every_operation(wsdl_path):
    from suds.client import Client

    client = Client(wsdl_path.as_uri(), cache=None)
    port = client.wsdl.services[0].ports[0]
    assert client.wsdl.services[0].name == catalogue.SERVICE
    assert port.location == BASE_URL
    assert set(port.methods) == set(catalogue.OPERATIONS)
    token_param = client.factory.create("input_Database_searchProfiles")
    assert "access_token" in token_param and "login" in token_param


PHP_SKIP = php_soap_missing()


@pytest.mark.php
@pytest.mark.skipif(PHP_SKIP is not None, reason=PHP_SKIP or "")
def test_php_soapclient_loads_it(wsdl_path):
    script = """
    $c = new SoapClient($argv[1], ['cache_wsdl' => WSDL_CACHE_NONE, 'soap_version' => SOAP_1_1]);
    echo json_encode(['functions' => $c->__getFunctions(), 'types' => $c->__getTypes()]);
    """
    out = subprocess.run(["php", "-r", script, str(wsdl_path)], capture_output=True, text=True,
                         check=True)
    described = json.loads(out.stdout)
    functions = set(described["functions"])
    for name in catalogue.OPERATIONS:
        assert f"Result {name}(input_{name} $parameters)" in functions
    types = {t.split()[1]: t for t in described["types"] if t.startswith("struct ")}
    for name, op in catalogue.OPERATIONS.items():
        members = types[f"input_{name}"]
        assert members.index("Login login;") < members.index("string access_token;")
        for param in op.params:
            assert f" {param.name};" in members
    assert "int identifier;" in types["input_Collection_subProfile"]
    assert "Map fields;" in types["Profile"] and "Pair pair;" in types["Map"]
