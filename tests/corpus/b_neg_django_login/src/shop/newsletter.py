"""Newsletter opt-in in Copernica (access token, migrated last year)."""

import os

import zeep

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

_service = None


def service():
    global _service
    if _service is None:
        _service = zeep.Client(WSDL).service
    return _service


def opt_in(email):
    token = os.environ["COPERNICA_ACCESS_TOKEN"]
    found = service().Account_database({"identifier": "Newsletter", "access_token": token})
    database = found.database if found is not None else None
    service().Database_updateProfiles(
        {
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "email", "value": email, "operator": "="}]},
            "fields": {"pair": [{"key": "email", "value": email}, {"key": "optin", "value": "yes"}]},
            "create": True,
            "access_token": token,
        }
    )
