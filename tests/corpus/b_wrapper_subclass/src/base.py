"""Shared Copernica client for our integrations."""

import logging

import zeep

log = logging.getLogger(__name__)

COPERNICA_WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class CopernicaClient:
    """Logs in once and forwards every other attribute to the SOAP service."""

    def __init__(self, username, password, account="", wsdl=COPERNICA_WSDL):
        self._client = zeep.Client(wsdl)
        self._client.service.login({"username": username, "account": account, "password": password})
        log.debug("Copernica session for account %r", account)

    def __getattr__(self, operation):
        return getattr(self._client.service, operation)

    @staticmethod
    def as_map(values):
        return {"pair": [{"key": key, "value": str(value)} for key, value in values.items()]}
