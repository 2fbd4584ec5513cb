"""Counts the databases of every brand account."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
ACCOUNTS = ["Shop", "Outlet", "Wholesale"]


def count_databases():
    client = zeep.Client(WSDL)
    counts = {}
    for account in ACCOUNTS:
        client.service.login({"username": os.environ["CP_USER"], "account": account, "password": os.environ["CP_PW"]})
        listing = client.service.Account_databases({})
        counts[account] = listing.total
    return counts
