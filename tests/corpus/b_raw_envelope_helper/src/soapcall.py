"""Minimal SOAP calls to Copernica without a SOAP library (the build box has no zeep).

We write the envelopes by hand and post them with requests; the session cookie
from the login answer is sent back on every later call.
"""

import logging
import os
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import requests

log = logging.getLogger("soapcall")

ENDPOINT = os.environ.get("COPERNICA_URL", "https://soap.copernica.com/")

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:PomSoapApi">
<SOAP-ENV:Body><ns1:{op}><parameters>{params}</parameters></ns1:{op}></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""

LOGIN_ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:PomSoapApi">
<SOAP-ENV:Body><ns1:login><parameters><username>%s</username><account>%s</account>
<password>%s</password></parameters></ns1:login></SOAP-ENV:Body></SOAP-ENV:Envelope>"""

_session_cookie = None


def post_envelope(xml, op):
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": op}
    if _session_cookie:
        headers["Cookie"] = _session_cookie
    response = requests.post(ENDPOINT, data=xml.encode("utf-8"), headers=headers, timeout=30)
    root = ET.fromstring(response.content)
    fault = root.find(".//faultstring")
    if fault is not None:
        raise RuntimeError(f"{op}: {fault.text}")
    response.raise_for_status()
    return response, root.find(".//result")


def login():
    global _session_cookie
    xml = LOGIN_ENVELOPE % (
        escape(os.environ["COPERNICA_USER"]),
        escape(os.environ.get("COPERNICA_ACCOUNT", "")),
        escape(os.environ["COPERNICA_PASSWORD"]),
    )
    response, _ = post_envelope(xml, "login")
    cookies = [part.split(";")[0] for part in response.headers.get("Set-Cookie", "").split(",")]
    _session_cookie = "; ".join(c.strip() for c in cookies if c.strip().startswith("soap_"))
    log.info("logged in, session cookie kept")


def call(op, **params):
    body = "".join(f"<{key}>{escape(str(value))}</{key}>" for key, value in params.items())
    _, result = post_envelope(ENVELOPE.format(op=op, params=body), op)
    return result


def main():
    login()
    created = call("Account_createDatabase", name="Suppliers")
    database_id = created.findtext("database/id")
    call("Database_createField", id=database_id, name="supplier")
    for name in ("Tulpen BV", "Kaasmakers", "Fietsen & Co"):
        body = f"<id>{database_id}</id><fields><pair><key>supplier</key><value>{escape(name)}</value></pair></fields>"
        post_envelope(ENVELOPE.format(op="Database_createProfile", params=body), "Database_createProfile")
    listing = call("Database_profiles", id=database_id, allproperties="true")
    names = sorted(p.findtext("fields/pair/value") for p in listing.findall("items/profile"))
    print("suppliers:", ", ".join(names))
    print("total:", listing.findtext("total"))


if __name__ == "__main__":
    main()
