"""Python port of Copernica's PomSoapClient 1.4: login session, cookie file, re-login.

Kept as close to the PHP original as possible so that the behaviour matches what
the shop used for years. See the README for the history.
"""

import hashlib
import logging
import os
import tempfile
import time

import requests
import zeep
from zeep.exceptions import Fault
from zeep.transports import Transport

log = logging.getLogger(__name__)

DEFAULT_URL = "https://soap.copernica.com/"
MAX_TRIES = 2


class PomSoapClient(object):
    """Wrapper around the Copernica SOAP API that keeps a login session alive."""

    def __init__(self, email, password, account, url=DEFAULT_URL, charset="iso-8859-1"):
        self._email = email
        self._password = password
        self._account = account
        self._charset = charset
        self._session = requests.Session()
        self._client = zeep.Client(url + "?SOAPAPI=WSDL", transport=Transport(session=self._session))
        self._service = self._client.service
        self._cookie_file = os.path.join(
            tempfile.gettempdir(),
            "cookie" + hashlib.md5(
                ":".join([str(os.getuid()), url, email, password, account, "PomSoapClient"]).encode()
            ).hexdigest(),
        )
        if os.path.exists(self._cookie_file):
            self._load_cookies()
        else:
            self._login()

    # -- session handling ----------------------------------------------------------------

    def _load_cookies(self):
        with open(self._cookie_file) as fh:
            for line in fh:
                name, _, value = line.strip().partition("=")
                if name:
                    self._session.cookies.set(name, value)

    def _store_cookies(self):
        old = os.umask(0o077)
        try:
            with open(self._cookie_file, "a") as fh:
                for cookie in self._session.cookies:
                    if cookie.name.startswith("soap_"):
                        fh.write("%s=%s\n" % (cookie.name, cookie.value))
        finally:
            os.umask(old)

    def _login(self, force=False):
        if force and os.path.exists(self._cookie_file):
            os.unlink(self._cookie_file)
        self._service.login({
            "username": self._email,
            "password": self._password,
            "account": self._account,
        })
        self._store_cookies()

    # -- calls -----------------------------------------------------------------------------

    def _encode(self, value):
        if isinstance(value, bytes):
            return value.decode(self._charset)
        if isinstance(value, dict):
            return {k: self._encode(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._encode(v) for v in value]
        return value

    def _to_map(self, fields):
        return {"pair": [{"key": k, "value": v} for k, v in fields.items()]}

    def call(self, method, params=None, tries=0):
        params = self._encode(params or {})
        for key in ("fields", "interests"):
            if isinstance(params.get(key), dict):
                params[key] = self._to_map(params[key])
        try:
            return getattr(self._service, method)(params)
        except Fault as fault:
            if fault.message != "Not logged on":
                raise
            if tries >= MAX_TRIES:
                return "Login error"
            log.info("session expired, logging in again")
            self._login(force=True)
            return self.call(method, params, tries + 1)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def method(params=None):
            return self.call(name, params)

        return method

    # -- helpers used by the sync jobs -----------------------------------------------------------

    def database_id(self, name):
        result = self.call("Account_database", {"identifier": name})
        if result is None or result.database is None:
            raise LookupError("no database %r" % name)
        return result.database.id

    def search(self, database_id, requirements, start=0, length=100):
        result = self.call("Database_searchProfiles", {
            "id": database_id,
            "requirements": {"requirement": requirements},
            "start": start,
            "length": length,
            "allproperties": True,
        })
        return result

    def all_profiles(self, database_id, requirements):
        start = 0
        while True:
            page = self.search(database_id, requirements, start=start)
            items = page.items.profile if page.items else []
            for profile in items:
                yield profile
            start += len(items)
            if not items or start >= page.total:
                break

    def update_fields(self, profile_id, fields):
        return self.call("Profile_updateFields", {"id": profile_id, "fields": fields})

    def create_profile(self, database_id, fields):
        return self.call("Database_createProfile", {"id": database_id, "fields": fields})


def retry_on_session_loss(fn):
    """Decorator for jobs that talk to the API directly (without PomSoapClient.call)."""

    def wrapper(self, *args, **kwargs):
        for attempt in range(MAX_TRIES):
            try:
                return fn(self, *args, **kwargs)
            except Fault as fault:
                if "Not logged on" in str(fault) and attempt + 1 < MAX_TRIES:
                    self.api._login(force=True)
                    time.sleep(1)
                    continue
                raise

    return wrapper
