"""Process-wide Copernica access: one zeep client shared by every caller.

Call Copernica.connect(...) once at start-up, then use Copernica.service anywhere.
"""

import os

import zeep


class Copernica:
    client = zeep.Client(os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL"))
    service = client.service
    connected = False

    @classmethod
    def connect(cls, username, password, account=""):
        if cls.connected:
            return
        cls.service.login({"username": username, "account": account, "password": password})
        cls.connected = True

    @classmethod
    def database(cls, name, fields=()):
        answer = cls.service.Account_database({"identifier": name})
        found = answer.database if answer is not None else None
        if found is None:
            found = cls.service.Account_createDatabase({"name": name}).database
            for field in fields:
                cls.service.Database_createField({"id": found.id, "name": field})
        return found
