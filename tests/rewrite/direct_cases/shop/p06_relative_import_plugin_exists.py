"""Plugin already imported relatively."""
import os

import zeep

from .copernica_access_token import AccessTokenPlugin

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def run():
    client = zeep.Client(WSDL)
    client.service.login(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
    return client, AccessTokenPlugin
