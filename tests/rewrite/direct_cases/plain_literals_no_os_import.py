"""Quick test script for the staging account (literals, no environment)."""
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": "staging-bot", "account": "Staging", "password": "not-a-real-password"}


def sync(client=None):
    client = client or zeep.Client(WSDL)
    service = client.service
    service.login(LOGIN)
    results = []
    results.append(service.Account_database({"id": 0}))
    results.append(service.Database_fields({"id": 1}))
    return results
