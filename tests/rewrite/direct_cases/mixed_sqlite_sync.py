"""Mirror Copernica profiles into a local SQLite table."""
import os
import sqlite3

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
USERNAME = os.environ["CP_USER"]
PASSWORD = os.environ["CP_PW"]
SCHEMA = "CREATE TABLE IF NOT EXISTS profiles (id INTEGER PRIMARY KEY, email TEXT, city TEXT)"


def open_db(path="mirror.sqlite"):
    conn = sqlite3.connect(path)
    conn.execute(SCHEMA)
    return conn


def fetch_profiles(database_id):
    service = zeep.Client(WSDL).service
    service.login({"username": USERNAME, "account": "Shop", "password": PASSWORD})
    page = service.Database_searchProfiles(
        {"id": database_id, "requirements": {"requirement": []}, "allproperties": True}
    )
    for profile in page.items.profile if page.items else []:
        values = {pair.key: pair.value for pair in profile.fields.pair}
        yield int(profile.id), values.get("email"), values.get("city")


def mirror(database_id, path="mirror.sqlite"):
    conn = open_db(path)
    with conn:
        conn.executemany("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?)", fetch_profiles(database_id))
    total = conn.execute("SELECT COUNT(*) FROM profiles").fetchone()[0]
    conn.close()
    return total


if __name__ == "__main__":
    print("mirrored", mirror(1), "profiles")
