"""PomSoapClient: a Python port of Copernica's PHP example client (login session model).

Logs in on construction unless a saved session cookie exists, keeps the cookie in a
file in the temp dir, and logs in again when a call fails with `Not logged on`.
"""

import hashlib
import os
import tempfile

import zeep
from zeep.exceptions import Fault


class PomSoapClient:
    def __init__(self, url, login, account, password, charset="iso-8859-1"):
        self._wsdl = url.rstrip("/") + "/?SOAPAPI=WSDL"
        self._login_name = login
        self._account = account
        self._password = password
        self._charset = charset
        self._client = zeep.Client(self._wsdl)
        key = f"{os.getuid()}:{self._wsdl}:{login}:{password}:{account}:PomSoapClient"
        self._cookie_file = os.path.join(
            tempfile.gettempdir(), "cookie" + hashlib.md5(key.encode()).hexdigest()
        )
        if os.path.exists(self._cookie_file):
            with open(self._cookie_file) as handle:
                for line in handle:
                    name, _, value = line.strip().partition("=")
                    if name:
                        self._client.transport.session.cookies.set(name, value)
        else:
            self._login()

    def _login(self):
        self._client.service.login(
            {"username": self._login_name, "account": self._account, "password": self._password}
        )
        old_mask = os.umask(0o077)
        try:
            with open(self._cookie_file, "a") as handle:
                for cookie in self._client.transport.session.cookies:
                    if cookie.name.startswith("soap_"):
                        handle.write(f"{cookie.name}={cookie.value}\n")
        finally:
            os.umask(old_mask)

    def __getattr__(self, method):
        def call(parameters=None):
            operation = getattr(self._client.service, method)
            try:
                return operation(parameters or {})
            except Fault as fault:
                if fault.message != "Not logged on":
                    raise
                self._login()
                return operation(parameters or {})

        return call
