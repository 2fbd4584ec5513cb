import logging
import os
import sys

import zeep

log = logging.getLogger(__name__)
client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
try:
    password = os.environ["CP_PASSWORD"]
    client.service.login(username="sync", account="Shop", password=password)
except KeyError:
    sys.exit("set CP_PASSWORD")
else:
    log.info("logged in")
print(client.service.Account_databases({}))
