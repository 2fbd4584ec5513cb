"""check-token: is the access token in the environment valid, read-only, invalid, or is the API
unreachable? Two calls, neither of which can change data:

1. `Account_databases` with `length` 1: a cheap read every valid token may make.
2. the write probe, `Profile_updateFields` on profile id 0 with an empty field map: ids start at 1,
   so no profile changes, but the API must still decide whether the token may write. A read-only
   token is refused; a read-write one gets "nothing updated" (or a not-found fault).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from migrator.verify.masking import mask

DEFAULT_URL = "https://soap.copernica.com/?SOAPAPI=WSDL"
VALID, READ_ONLY, INVALID, UNREACHABLE = "valid", "read-only", "invalid", "unreachable"
EXIT_CODES = {VALID: 0, INVALID: 3, READ_ONLY: 4, UNREACHABLE: 5}
# Copernica's fault texts are not public: the mock says "Access token is read-only"; these
# wordings cover it and the usual variants a live API may use.
_READ_ONLY = re.compile(r"read[- ]?only|not allowed to write|no write (access|permission)", re.I)


@dataclass
class Result:
    status: str
    detail: str
    write_probe: bool

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]


def check(url: str, token: str, *, ca_bundle: str | None = None, write_probe: bool = True,
          timeout: float = 30.0) -> Result:
    secrets = [token, quote(token, safe=""), quote_plus(token)]
    try:
        return _check(url, token, ca_bundle, write_probe, timeout)
    except Exception as exc:  # noqa: BLE001 - every failure to talk to the API is "unreachable"
        text = mask(_describe(exc), secrets)
        return Result(UNREACHABLE, text, write_probe)


def _check(url: str, token: str, ca_bundle: str | None, write_probe: bool, timeout: float) -> Result:
    import requests
    import zeep
    from zeep.exceptions import Fault
    from zeep.transports import Transport

    class Session(requests.Session):
        def merge_environment_settings(self, *args, **kwargs):
            settings = super().merge_environment_settings(*args, **kwargs)
            if ca_bundle:  # the explicit --ca-bundle wins over $REQUESTS_CA_BUNDLE / $CURL_CA_BUNDLE
                settings["verify"] = ca_bundle
            return settings

    secrets = [token, quote(token, safe=""), quote_plus(token)]
    session = Session()  # certificate verification stays on: verify is never False
    client = zeep.Client(url, transport=Transport(session=session, timeout=timeout,
                                                  operation_timeout=timeout))
    service = client.service
    try:
        service.Account_databases(parameters={"length": 1, "access_token": token})
    except Fault as fault:
        return Result(INVALID, mask(f'the API refused the token: "{fault.message}"', secrets), write_probe)
    if not write_probe:
        return Result(VALID, "the token may read (write access not probed)", False)
    try:
        service.Profile_updateFields(parameters={"id": 0, "fields": {"pair": []}, "access_token": token})
    except Fault as fault:
        if _READ_ONLY.search(fault.message or ""):
            return Result(READ_ONLY, mask(f'the token may read but not write: "{fault.message}"', secrets),
                          True)
    return Result(VALID, "the token may read and write", True)


def _describe(exc: BaseException) -> str:
    import requests

    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS certificate verification failed ({_root(exc)}); use --ca-bundle for a private CA"
    if isinstance(exc, requests.exceptions.Timeout):
        return "the API did not answer in time"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"cannot connect ({_root(exc)})"
    if isinstance(exc, AttributeError):
        return "the WSDL does not describe the Copernica SOAP API (no Account_databases)"
    return f"{type(exc).__name__}: {exc}"


def _root(exc: BaseException) -> str:
    """The innermost cause: the readable part of requests' long wrapped messages."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc)
    match = re.search(r"\] (.+?)(?: \(_ssl.c:\d+\))?'?\)*$", text)
    return match.group(1) if match else text
