"""Package module-level."""
import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
client = zeep.Client(WSDL)
client.service.login(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
