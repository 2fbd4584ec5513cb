"""Sync module indented with tabs."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}


def sync(client=None):
	client = client or zeep.Client(WSDL)
	service = client.service
	service.login(LOGIN)
	results = []
	for database_id in (0, 1):
		results.append(service.Database_fields({"id": database_id, "login": {"username": "u", "account": "Shop", "password": "p"}}))
	return results
