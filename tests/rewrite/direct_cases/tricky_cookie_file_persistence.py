"""Reuses the Copernica session cookie between cron runs."""
import os

import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
COOKIE_FILE = os.path.expanduser("~/.copernica_session")


def get_service():
    client = zeep.Client(WSDL)
    cookies = client.transport.session.cookies
    if os.path.exists(COOKIE_FILE):
        with open(COOKIE_FILE) as handle:
            for line in handle:
                name, _, value = line.strip().partition("=")
                cookies.set(name, value)
    else:
        client.service.login(LOGIN)
        with open(COOKIE_FILE, "w") as handle:
            for cookie in cookies:
                if cookie.name.startswith("soap_"):
                    handle.write(f"{cookie.name}={cookie.value}\n")
    return client.service


def run():
    service = get_service()
    return service.Account_databases({})
