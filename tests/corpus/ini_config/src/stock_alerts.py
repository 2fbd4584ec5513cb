"""Subscribe customers to back-in-stock alerts (configuration in settings.ini)."""

import configparser
import logging
import pathlib

from zeep import Client

log = logging.getLogger("stock_alerts")

CONFIG_FILE = pathlib.Path(__file__).with_name("settings.ini")

WAITING = {"sku-1001": ["tess@example.com", "uri@example.com"], "sku-2002": ["vera@example.com"]}


def load_config(path=CONFIG_FILE):
    parser = configparser.ConfigParser()
    if not parser.read(path):
        raise SystemExit(f"missing configuration file {path}")
    return parser


def connect(config):
    section = config["copernica"]
    client = Client(section.get("wsdl", "https://soap.copernica.com/?SOAPAPI=WSDL"))
    client.service.login({
        "username": section["username"],
        "account": section.get("account", ""),
        "password": section["password"],
    })
    log.info("connected to Copernica as %s", section["username"])
    return client


def run(config):
    client = connect(config)
    name = config.get("alerts", "database")
    found = client.service.Account_database({"identifier": name})
    database = found.database if found else None
    if database is None:
        database = client.service.Account_createDatabase({"name": name}).database
        client.service.Database_createField({"id": database.id, "name": "email", "type": "email"})
        client.service.Database_createField({"id": database.id, "name": "sku"})
    for sku, emails in sorted(WAITING.items()):
        for email in emails:
            client.service.Database_createProfile({
                "id": database.id,
                "fields": {"pair": [{"key": "email", "value": email}, {"key": "sku", "value": sku}]},
            })
    for sku in sorted(WAITING):
        found = client.service.Database_searchProfiles({
            "id": database.id,
            "requirements": {"requirement": [{"fieldname": "sku", "value": sku, "operator": "="}]},
        })
        print(f"{sku}: {found.total} waiting")


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    run(load_config())
