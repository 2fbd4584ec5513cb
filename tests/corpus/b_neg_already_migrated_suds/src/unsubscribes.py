"""Process the unsubscribe list from the help desk (suds, access token)."""

import os

from suds.client import Client

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
TOKEN = os.environ["COPERNICA_ACCESS_TOKEN"]

REQUESTS = ["tess@example.com", "ugo@example.com"]
KNOWN = ["tess@example.com", "ugo@example.com", "vera@example.com"]

client = Client(WSDL)
api = client.service


def with_token(params):
    return dict(params, access_token=TOKEN)


result = api.Account_createDatabase(with_token({"name": "HelpDesk"}))
database = result.database
api.Database_createField(with_token({"id": database.id, "name": "email", "type": "email"}))
api.Database_createField(with_token({"id": database.id, "name": "newsletter"}))
for email in KNOWN:
    api.Database_createProfile(
        with_token({"id": database.id, "fields": {"pair": [{"key": "email", "value": email},
                                                          {"key": "newsletter", "value": "yes"}]}})
    )
for email in REQUESTS:
    api.Database_updateProfiles(
        with_token({
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "email", "value": email, "operator": "="}]},
            "fields": {"pair": [{"key": "newsletter", "value": "no"}]},
        })
    )
still = api.Database_searchProfiles(
    {
        "id": database.id,
        "requirements": {"requirement": [{"fieldname": "newsletter", "value": "yes", "operator": "="}]},
        "allproperties": True,
        "access_token": TOKEN,
    }
)
subscribed = still.items.profile if still.items else []
print("still subscribed:", ", ".join(sorted(
    pair.value for profile in subscribed for pair in profile.fields.pair if pair.key == "email")))
