import os
import zeep

client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")


def connect():
    try:
        user = os.environ["F3_USER"]
        client.service.login(username=user, account="Shop", password="fake-pass-10")
    except KeyError:
        print("F3_USER missing")
    finally:
        print("connect done")


def connect2():
    try:
        creds = {"username": "u", "account": "Shop", "password": os.environ["F3_PASSWORD"]}
        client.service.login(creds)
    except KeyError:
        print("F3_PASSWORD missing")
    else:
        print("logged in")
