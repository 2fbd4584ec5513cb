"""Factories for the external services this repository talks to."""

import logging
import os

import zeep

log = logging.getLogger(__name__)


def make_client():
    """A Copernica SOAP client with an open login session."""
    wsdl = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
    client = zeep.Client(wsdl)
    client.service.login({
        "username": os.environ["COPERNICA_USER"],
        "account": os.environ.get("COPERNICA_ACCOUNT", ""),
        "password": os.environ["COPERNICA_PASSWORD"],
    })
    log.debug("Copernica client ready")
    return client
