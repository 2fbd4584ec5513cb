"""Half-migrated module: some calls use a token, others still the session."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
TOKEN = os.environ.get("COPERNICA_ACCESS_TOKEN", "")
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def new_style(database_id):
    # migrated in sprint 14
    service = zeep.Client(WSDL).service
    return service.Database_fields({"id": database_id, "access_token": TOKEN})


def old_style(database_id):
    # still on the session; migrate together with the export job
    service = zeep.Client(WSDL).service
    service.login(LOGIN)
    collections = service.Database_collections({"id": database_id})
    searches = service.Database_searchProfiles(
        {"id": database_id, "requirements": {"requirement": []}, "login": LOGIN}
    )
    return collections, searches


def both(database_id):
    return new_style(database_id), old_style(database_id)
