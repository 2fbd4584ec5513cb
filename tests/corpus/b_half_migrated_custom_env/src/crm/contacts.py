"""Contacts in Copernica, already on an access token.

The platform team issues the token as CM_API_TOKEN in every environment (see the
deploy repo); do not introduce another variable for the same account.
"""

import logging
import os

from zeep import Client

log = logging.getLogger(__name__)

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")


class ContactBook:
    def __init__(self, wsdl=WSDL):
        self._service = Client(wsdl).service
        self._token = os.environ["CM_API_TOKEN"]

    def _call(self, operation, **params):
        params["access_token"] = self._token
        return getattr(self._service, operation)(params)

    def database(self, name):
        result = self._call("Account_database", identifier=name)
        found = result.database if result is not None else None
        if found is None:
            log.info("creating database %s", name)
            found = self._call("Account_createDatabase", name=name).database
            self._call("Database_createField", id=found.id, name="email", type="email")
        return found

    def add(self, database, email):
        return self._call("Database_createProfile", id=database.id,
                          fields={"pair": [{"key": "email", "value": email}]}).profile
