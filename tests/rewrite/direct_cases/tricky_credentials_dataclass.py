"""Credentials kept in a small dataclass."""
import os
from dataclasses import dataclass

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


@dataclass(frozen=True)
class CopernicaCredentials:
    username: str
    account: str
    password: str

    @classmethod
    def from_env(cls):
        return cls(os.environ["CP_USER"], os.environ.get("CP_ACCOUNT", "Shop"), os.environ["CP_PW"])


def sync(creds: CopernicaCredentials):
    service = zeep.Client(WSDL).service
    service.login({"username": creds.username, "account": creds.account, "password": creds.password})
    return service.Database_searchProfiles({"id": 1, "requirements": {"requirement": []}})
