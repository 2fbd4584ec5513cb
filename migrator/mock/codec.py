"""SOAP 1.1 codec of the mock: request envelopes in, result and fault envelopes out.

decode_request() parses untrusted bytes, so the parser never resolves entities, never
loads a DTD or touches the network, and any document with a DOCTYPE is refused (SOAP 1.1
forbids DTDs): XXE and entity-expansion payloads end as Fault("Malformed request").

Fault texts: everything structurally wrong is `Malformed request`. A value that does not
convert to its XSD type says which parameter, e.g. `Malformed request: id is not an int`,
so a user can fix the call. An unknown operation is `Unknown method <name>`.

Lenient on what clients really send (section 3 and 13 of the domain reference): any
envelope prefix, operation element in any or no namespace and in any letter case,
parameters wrapped in <parameters> (rpc/literal) or directly under the operation
element, qualified or unqualified parameter names, unknown children ignored, xsi:nil
elements treated as absent.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from lxml import etree

from migrator import catalogue
from migrator.mock.faults import MALFORMED, Fault, unknown_method
from migrator.mock.protocol import Request
from migrator.templating import environment

CONTENT_TYPE = "text/xml; charset=utf-8"

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_ENVELOPE = "{%s}Envelope" % SOAP_ENV
_BODY = "{%s}Body" % SOAP_ENV
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

# Shared by the server's threads: lxml guards a parser's context with a lock, so calls from
# several threads take turns (a parse is ~10-20 us) instead of corrupting each other.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
    remove_comments=True, remove_pis=True,
)


# --- decoding -------------------------------------------------------------------------


def decode_request(body: bytes) -> Request:
    """Parse a SOAP 1.1 request envelope into a Request; raise Fault on anything unusable."""
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        raise Fault(MALFORMED) from None
    if root.getroottree().docinfo.doctype or root.tag != _ENVELOPE:
        raise Fault(MALFORMED)
    body_el = next((el for el in root if el.tag == _BODY), None)
    call = _first_element(body_el) if body_el is not None else None
    if call is None:
        raise Fault(MALFORMED)

    name = etree.QName(call).localname
    op = catalogue.lookup(name)
    if op is None:
        raise Fault(unknown_method(name))

    children = _elements(call)
    if len(children) == 1 and _local(children[0]) == "parameters":
        children = _elements(children[0])

    request = Request(operation=op)
    for child in children:
        key = _local(child)
        if _is_nil(child):
            continue
        if key == "access_token":
            request.access_token = _text(child)
        elif key == "login":
            request.login = _struct(child, _LOGIN_FIELDS)
        else:
            param = op.param(key)
            if param is not None:
                request.params[key] = _convert(param.type, key, child)
    return request


def _elements(el: etree._Element) -> list[etree._Element]:
    # Comments and processing instructions are removed by the parser; only elements remain.
    return [c for c in el if isinstance(c.tag, str)]


def _first_element(el: etree._Element) -> etree._Element | None:
    return next((c for c in el if isinstance(c.tag, str)), None)


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag[tag.index("}") + 1:] if tag[0] == "{" else tag


def _is_nil(el: etree._Element) -> bool:
    return el.get(_XSI_NIL) in ("true", "1")


def _text(el: etree._Element) -> str:
    return el.text or ""


_INT_MIN, _INT_MAX = -2**63, 2**63 - 1  # what the store (SQLite INTEGER) holds


def _int(name: str, el: etree._Element) -> int:
    text = _text(el).strip()
    try:
        if len(text) > 24:  # longer than any 64-bit number: no need to parse 10,000 digits
            raise OverflowError
        value = int(text)
        if not _INT_MIN <= value <= _INT_MAX:
            raise OverflowError
        return value
    except ValueError:
        raise Fault(f"{MALFORMED}: {name} is not an int") from None
    except OverflowError:
        raise Fault(f"{MALFORMED}: {name} is out of range for an int") from None


def _bool(name: str, el: etree._Element) -> bool:
    value = _text(el).strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise Fault(f"{MALFORMED}: {name} is not a boolean")


def _map(name: str, el: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in _elements(el):
        if _local(pair) != "pair" or _is_nil(pair):
            continue
        parts = {_local(c): c for c in _elements(pair) if not _is_nil(c)}
        if "key" not in parts:
            raise Fault(f"{MALFORMED}: {name} has a pair without a key")
        value = parts.get("value")
        out[_text(parts["key"])] = _text(value) if value is not None else ""
    return out


def _requirements(name: str, el: etree._Element) -> list[dict[str, Any]]:
    # Every requirement dict has all four keys, so the store need not guess;
    # the defaults are Copernica's: operator "=", case-insensitive.
    out = []
    for req in _elements(el):
        if _local(req) != "requirement" or _is_nil(req):
            continue
        fields = _struct(req, _REQUIREMENT_FIELDS)
        out.append({"fieldname": "", "value": "", "operator": "=", "casesensitive": False,
                    **fields})
    return out


def _struct(el: etree._Element, types: dict[str, str]) -> dict[str, Any]:
    """A flat struct of scalars: only known members, converted; absent ones left out."""
    out: dict[str, Any] = {}
    for child in _elements(el):
        key = _local(child)
        type_ = types.get(key)
        if type_ is not None and not _is_nil(child):
            out[key] = _SCALARS[type_](key, child)
    return out


_SCALARS: dict[str, Callable[[str, etree._Element], Any]] = {
    "string": lambda name, el: _text(el),
    "int": _int,
    "boolean": _bool,
}
_LOGIN_FIELDS = {"username": "string", "password": "string", "account": "string"}
_REQUIREMENT_FIELDS = {"fieldname": "string", "value": "string", "operator": "string",
                       "casesensitive": "boolean"}
_COLLECTION_REF_FIELDS = {"id": "int", "name": "string"}
_CONVERTERS: dict[str, Callable[[str, etree._Element], Any]] = {
    **_SCALARS,
    "Map": _map,
    "Requirements": _requirements,
    "CollectionRef": lambda name, el: _struct(el, _COLLECTION_REF_FIELDS),
}


def _convert(type_: str, name: str, el: etree._Element) -> Any:
    return _CONVERTERS[type_](name, el)


# --- encoding -------------------------------------------------------------------------
#
# Results are built with lxml rather than from a jinja2 template: measured on this
# project's 2-core machine, lxml takes 8/19/142 us for a value/entity/10-profile page
# against 30/65/490 us for the equivalent template, and this runs on every mock call.
# Faults are rare and come from templates/soap/fault.xml.j2.

_TNS = catalogue.NAMESPACE
_NSMAP = {"soap": SOAP_ENV, "tns": _TNS}
_SUB = etree.SubElement
# Entities in Result/Items sequence order, with their fields in schema order.
_ENTITY_FIELDS = tuple((name, fields) for name, (_, fields) in catalogue.ENTITIES.items())


def _scalar(value: Any) -> str:
    """XSD lexical form: booleans as true/false (str(True) would be 'True')."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _pairs(parent: etree._Element, mapping: dict[str, Any]) -> None:
    for key, value in mapping.items():
        pair = _SUB(parent, "pair")
        _SUB(pair, "key").text = key
        _SUB(pair, "value").text = _scalar(value)


def _entity(parent: etree._Element, name: str, fields: tuple, data: dict[str, Any]) -> None:
    el = _SUB(parent, name)
    for field_name, type_ in fields:  # schema order: zeep and suds parse sequences in order
        value = data.get(field_name)
        if value is None:
            continue
        child = _SUB(el, field_name)
        if type_ == "Map":
            _pairs(child, value)
        else:
            child.text = _scalar(value)


def encode_result(op: str, result: dict[str, Any]) -> bytes:
    """The response envelope for operation `op` (its canonical name) carrying `result`.

    Members are written in the Result sequence order; None values are left out. The binding
    is literal: no xsi:type anywhere, so what clients read is what the schema says. An entity
    that is not found is an empty `<result/>` (measured: zeep None; suds an empty string, falsy;
    PHP an empty stdClass), an empty page an empty `<items/>` (zeep: `res.items` is None), an
    empty map an empty element. A string XML 1.0 cannot carry (control characters) becomes a
    soap:Server fault instead of a broken response.
    """
    envelope = etree.Element("{%s}Envelope" % SOAP_ENV, nsmap=_NSMAP)
    call = _SUB(_SUB(envelope, _BODY), "{%s}%sResponse" % (_TNS, op))
    out = _SUB(call, "result")
    try:
        if result.get("value") is not None:
            _SUB(out, "value").text = _scalar(result["value"])
        if result.get("array") is not None:
            array = _SUB(out, "array")
            for item in result["array"]:
                _SUB(array, "item").text = _scalar(item)
        if result.get("map") is not None:
            _pairs(_SUB(out, "map"), result["map"])
        for key in ("start", "length", "total"):
            if result.get(key) is not None:
                _SUB(out, key).text = str(result[key])
        items = result.get("items")
        if items is not None:
            wrapper = _SUB(out, "items")
            for name, fields in _ENTITY_FIELDS:
                for data in items.get(name, ()):
                    _entity(wrapper, name, fields, data)
        for name, fields in _ENTITY_FIELDS:
            if result.get(name) is not None:
                _entity(out, name, fields, result[name])
    except ValueError:  # lxml refuses control characters and NUL
        raise Fault("Result contains characters that XML cannot carry", "soap:Server") from None
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


@functools.lru_cache(maxsize=None)
def _template(name: str):
    # Fetched once: get_template() would stat the file on every call.
    return environment(True).get_template(name)


def encode_fault(fault: Fault) -> bytes:
    """A SOAP 1.1 fault envelope (the server sends it with HTTP 500)."""
    return _template("soap/fault.xml.j2").render(code=fault.code, text=fault.text).encode("utf-8")
