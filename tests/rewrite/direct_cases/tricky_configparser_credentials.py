"""Reads the credentials from an ini file next to the script."""
import configparser
from pathlib import Path

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
config = configparser.ConfigParser()
config.read(Path(__file__).with_name("copernica.ini"))
section = config["copernica"]


def sync():
    service = zeep.Client(WSDL).service
    service.login({
        "username": section["username"],
        "account": section.get("account", "Shop"),
        "password": section["password"],
    })
    return service.Database_collections({"id": section.getint("database", 1)})
