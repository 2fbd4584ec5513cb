"""Fetch this week's leads from the CRM (SOAP, multi-tenant) for the sales digest."""

import configparser
import os
from pathlib import Path

from suds.client import Client

config = configparser.ConfigParser()
config.read(Path(__file__).with_name("crm.ini"))
crm = config["crm"]


def open_crm():
    client = Client(crm["wsdl"])
    # The CRM keeps the session on its side; login picks the tenant.
    client.service.login(crm["username"], os.environ[crm["password_env"]], crm["tenant"])
    return client


def weekly_leads(client):
    leads = client.service.searchLeads(createdWithinDays=7, status="open")
    return sorted((lead.company, lead.owner) for lead in leads)


def main():
    client = open_crm()
    for company, owner in weekly_leads(client):
        print(f"{company} ({owner})")


if __name__ == "__main__":
    main()
