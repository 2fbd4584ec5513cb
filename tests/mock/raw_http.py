"""Hand-made HTTP requests for what SOAP libraries will not send (bombs, bad bodies, odd headers)."""

from __future__ import annotations

import gzip
import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


def envelope(op: str, token: str | None = None, **params: object) -> bytes:
    """An rpc/literal request like zeep sends it, with scalar parameters only."""
    if token is not None:
        params["access_token"] = token
    inner = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in params.items())
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<soap-env:Envelope xmlns:soap-env="{SOAP_ENV}"><soap-env:Body>'
        f'<ns0:{op} xmlns:ns0="urn:copernica-migrate:soap"><parameters>{inner}</parameters></ns0:{op}>'
        f"</soap-env:Body></soap-env:Envelope>"
    ).encode("utf-8")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # as sent (still gzipped if the server gzipped it)

    def text(self) -> bytes:
        if self.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(self.body)
        return self.body

    @property
    def fault(self) -> str | None:
        root = etree.fromstring(self.text())
        node = root.find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault/faultstring")
        return None if node is None else node.text


def connect(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def request(url: str, method: str = "POST", body: bytes | None = None, path: str = "/",
            headers: dict[str, str] | None = None,
            conn: http.client.HTTPConnection | None = None) -> Response:
    own = conn is None
    conn = conn or connect(url)
    try:
        hdrs = {"Content-Type": "text/xml; charset=utf-8", **(headers or {})}
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        if own:
            conn.close()


def call(url: str, op: str, token: str | None = None, headers: dict[str, str] | None = None,
         **params: object) -> Response:
    return request(url, body=envelope(op, token, **params), headers=headers)
