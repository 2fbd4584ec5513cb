"""SOAP faults the mock raises. Copernica's own texts are not public except `Not logged on`;
the others are this project's choice (section 13 of the domain reference)."""

from __future__ import annotations

NOT_LOGGED_ON = "Not logged on"
INVALID_TOKEN = "Invalid access token"
READ_ONLY_TOKEN = "Access token is read-only"
LOGIN_UNSUPPORTED = "The login method is no longer supported: send an access_token with every call"
INVALID_LOGIN = "Invalid login"
MALFORMED = "Malformed request"


def unknown_method(name: str) -> str:
    return f"Unknown method {name}"


def missing_parameter(name: str) -> str:
    return f"Missing parameter {name}"


class Fault(Exception):
    """A SOAP 1.1 fault: the server answers HTTP 500 with this faultstring."""

    def __init__(self, text: str, code: str = "soap:Client"):
        super().__init__(text)
        self.text = text
        self.code = code
