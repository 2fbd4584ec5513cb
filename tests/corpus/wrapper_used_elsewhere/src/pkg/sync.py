"""Push this week's event registrations to Copernica (`python -m pkg.sync`)."""

import os

from pkg.pom import PomSoapClient

REGISTRATIONS = [
    {"email": "noor@example.com", "event": "meetup"},
    {"email": "otto@example.com", "event": "conference"},
    {"email": "pim@example.com", "event": "meetup"},
]


def fields(values):
    return {"pair": [{"key": k, "value": v} for k, v in sorted(values.items())]}


def ensure_database(api):
    found = api.Account_database({"identifier": "Events"})
    if found is not None:  # not found is an empty result: None
        return found.database
    created = api.Account_createDatabase({"name": "Events"}).database
    api.Database_createField({"id": created.id, "name": "email", "type": "email"})
    api.Database_createField({"id": created.id, "name": "event"})
    return created


def main():
    api = PomSoapClient(
        user=os.environ["COPERNICA_USER"],
        account=os.environ.get("COPERNICA_ACCOUNT", ""),
        password=os.environ["COPERNICA_PASSWORD"],
    )
    database = ensure_database(api)
    for registration in REGISTRATIONS:
        api.Database_updateProfiles({
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "email", "value": registration["email"]}]},
            "fields": fields(registration),
            "create": True,
        })
    everyone = api.Database_profiles({"id": database.id, "allproperties": True})
    per_event = {}
    for profile in [] if everyone.items is None else everyone.items.profile:
        values = {p.key: p.value for p in profile.fields.pair}
        per_event.setdefault(values["event"], []).append(values["email"])
    for event in sorted(per_event):
        print(f"{event}: {', '.join(sorted(per_event[event]))}")


if __name__ == "__main__":
    main()
