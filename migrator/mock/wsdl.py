"""The mock's WSDL, rendered from templates/wsdl/copernica.wsdl.j2 and the operation catalogue."""

from __future__ import annotations

import functools

from migrator import catalogue
from migrator.templating import render

# Catalogue parameter types that are XSD built-ins; the rest are complex types in our namespace.
_BUILTIN = {"string": "xsd:string", "int": "xsd:int", "boolean": "xsd:boolean"}


def xsd_type(type_: str) -> str:
    return _BUILTIN.get(type_, "tns:" + type_)


@functools.lru_cache(maxsize=32)
def render_wsdl(base_url: str) -> bytes:
    """The WSDL whose soap:address is `base_url` (the URL the client fetched it from).

    Cached per base_url: clients fetch the WSDL once per run, but tests start many clients.
    """
    return render(
        "wsdl/copernica.wsdl.j2",
        base_url=base_url,
        operations=list(catalogue.OPERATIONS.values()),
        entities=catalogue.ENTITIES,
        xsd_type=xsd_type,
        namespace=catalogue.NAMESPACE,
        service=catalogue.SERVICE,
        port=catalogue.PORT,
        port_type=catalogue.PORT_TYPE,
        binding=catalogue.BINDING,
        soap_action_prefix=catalogue.SOAP_ACTION_PREFIX,
    ).encode("utf-8")
