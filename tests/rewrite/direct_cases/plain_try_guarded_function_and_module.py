import os
import sys
import zeep


def connect():
    # log in first
    try:
        zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service.login(os.environ["U"], "Shop", os.environ["P"])
    except Exception as exc:  # noqa
        print("cannot log in:", exc, file=sys.stderr)
        raise SystemExit(2)


service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
try:
    service.login(os.environ["U"], "Shop", os.environ["P"])
    print("logged in")
except Exception:
    print("failed")
print(service.Account_databases({}))
