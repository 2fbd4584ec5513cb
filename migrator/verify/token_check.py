"""check-token: is the access token in the environment valid, read-only, invalid, or is the API
unreachable? Two calls, neither of which can change data:

1. `Account_databases` with `length` 1: a cheap read every valid token may make.
2. the write probe, `Profile_updateFields` on profile id 0 with an empty field map: ids start at 1,
   so no profile changes, but the API must still decide whether the token may write. A read-only
   token is refused; a read-write one gets "nothing updated" (or a not-found fault).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from migrator.masking import mask, variants

DEFAULT_URL = "https://soap.copernica.com/?SOAPAPI=WSDL"
VALID, READ_ONLY, INVALID, UNREACHABLE, UNKNOWN = "valid", "read-only", "invalid", "unreachable", "unknown"
EXIT_CODES = {VALID: 0, INVALID: 3, READ_ONLY: 4, UNREACHABLE: 5, UNKNOWN: 6}
# Copernica's fault texts are not public: the read-only fault is the one the domain reference
# fixes (section 13). Any other fault on the write probe says nothing certain about the token:
# "unknown", never "valid".
READ_ONLY_FAULT = "Access token is read-only"


@dataclass
class Result:
    status: str
    detail: str
    write_probe: bool

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]


def secret_forms(token: str) -> list[str]:
    """The token as it may come back in an error: raw, URL-quoted, XML-escaped."""
    return variants([token])


def check(url: str, token: str, *, ca_bundle: str | None = None, write_probe: bool = True,
          timeout: float = 30.0) -> Result:
    secrets = secret_forms(token)
    try:
        return _check(url, token, ca_bundle, write_probe, timeout)
    except Exception as exc:  # noqa: BLE001 - every failure to talk to the API is "unreachable"
        text = mask(describe(exc), secrets)
        return Result(UNREACHABLE, text, write_probe)


def _check(url: str, token: str, ca_bundle: str | None, write_probe: bool, timeout: float) -> Result:
    from zeep.exceptions import Fault

    secrets = secret_forms(token)
    service = connect(url, ca_bundle=ca_bundle, timeout=timeout)
    try:
        service.Account_databases(parameters={"length": 1, "access_token": token})
    except Fault as fault:
        return Result(INVALID, mask(f'the API refused the token: "{fault.message}"', secrets), write_probe)
    if not write_probe:
        return Result(VALID, "the token may read (write access not probed)", False)
    try:
        service.Profile_updateFields(parameters={"id": 0, "fields": {"pair": []}, "access_token": token})
    except Fault as fault:
        text = (fault.message or "").strip()
        if text == READ_ONLY_FAULT:
            return Result(READ_ONLY, mask(f'the token may read but not write: "{text}"', secrets), True)
        return Result(UNKNOWN, mask(f'the token may read; the write probe got an unexpected fault: "{text}"',
                                    secrets), True)
    return Result(VALID, "the token may read and write", True)


def plain_http_allowed(url: str) -> bool:
    """http:// sends the token in clear text: only to this machine (loopback)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(url: str, *, ca_bundle: str | None = None, timeout: float = 30.0):
    """A zeep service for the SOAP API whose WSDL is at `url`, for calls that carry a token.

    Certificates are always verified (`ca_bundle` wins over $REQUESTS_CA_BUNDLE/$CURL_CA_BUNDLE).
    The endpoint is pinned: calls go to `url` itself (without its query), not to the WSDL's
    soap:address, so a WSDL that names another host or plain http never receives the token.
    """
    import requests
    import zeep
    from zeep.transports import Transport

    class Session(requests.Session):
        def merge_environment_settings(self, *args, **kwargs):
            settings = super().merge_environment_settings(*args, **kwargs)
            if ca_bundle:  # the explicit --ca-bundle wins over $REQUESTS_CA_BUNDLE / $CURL_CA_BUNDLE
                settings["verify"] = ca_bundle
            return settings

    session = Session()  # certificate verification stays on: verify is never False
    client = zeep.Client(url, transport=Transport(session=session, timeout=timeout,
                                                  operation_timeout=timeout))
    ports = [port for service in client.wsdl.services.values() for port in service.ports.values()]
    if not ports:
        raise WsdlError("the WSDL describes no SOAP service")
    pinned = urlsplit(url)._replace(query="", fragment="").geturl()
    return client.create_service(ports[0].binding.name, pinned)


class WsdlError(Exception):
    """The URL answered, but not with a WSDL of the Copernica SOAP API."""


def describe(exc: BaseException) -> str:
    """One line for a failure to talk to the API (connection, TLS, timeout, not a Copernica WSDL).
    It may quote the URL: mask the token in it before showing it."""
    import requests

    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS certificate verification failed ({_root(exc)}); use --ca-bundle for a private CA"
    if isinstance(exc, requests.exceptions.Timeout):
        return "the API did not answer in time"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"cannot connect ({_root(exc)})"
    if isinstance(exc, AttributeError):
        return "the WSDL does not describe the Copernica SOAP API (no Account_databases)"
    if isinstance(exc, WsdlError):
        return f"the WSDL does not describe the Copernica SOAP API ({exc})"
    return f"{type(exc).__name__}: {exc}"


def _root(exc: BaseException) -> str:
    """The innermost cause: the readable part of requests' long wrapped messages."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc)
    match = re.search(r"\] (.+?)(?: \(_ssl.c:\d+\))?'?\)*$", text)
    return match.group(1) if match else text
