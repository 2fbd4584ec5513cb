# -*- coding: utf-8 -*-
#
# sync_profiles.py -- written for the 2016 webshop migration.
# Maintainer: the data team. Do not run during office hours.
#
"""Sync the webshop customers into Copernica."""

import os  # credentials come from the environment

import zeep  # SOAP client

# Copernica SOAP endpoint (the WSDL)
WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"

# Login struct; the account is the webshop account.
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(customers, client=None):
    """Create a profile for every customer dict."""
    client = client or zeep.Client(WSDL)
    service = client.service

    # ------------------------------------------------------------------
    # Step 1: log in (session cookie is kept on the transport).
    # ------------------------------------------------------------------
    service.login(LOGIN)  # NB: throws a Fault on a wrong password

    # Step 2: create the profiles, one call per customer.
    created = []
    for customer in customers:
        pairs = [{"key": k, "value": v} for k, v in customer.items()]
        created.append(service.Database_createProfile({"id": 1, "fields": {"pair": pairs}}))

    # Step 3: done; the caller prints the count.
    return created
