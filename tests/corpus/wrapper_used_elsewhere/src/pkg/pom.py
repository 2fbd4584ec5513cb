"""A small Python take on Copernica's PomSoapClient: log in once, then forward every call."""

import logging

import zeep

log = logging.getLogger(__name__)

DEFAULT_URL = "https://soap.copernica.com/"


class PomSoapClient:
    """Forwards `client.Any_method(params)` to the SOAP service of a logged-in session."""

    def __init__(self, user, account, password, url=DEFAULT_URL):
        self._client = zeep.Client(url.rstrip("/") + "/?SOAPAPI=WSDL")
        self._client.service.login({"username": user, "account": account, "password": password})
        log.debug("PomSoapClient: logged in at %s", url)

    def __getattr__(self, name):
        # Account_databases, Database_createProfile, ... are all operations of the service
        return getattr(self._client.service, name)
