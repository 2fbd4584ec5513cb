"""Settings for the members site (Django style: one module of UPPER_CASE names)."""

import os

DEBUG = os.environ.get("DEBUG", "") == "1"
TIME_ZONE = "Europe/Amsterdam"
INSTALLED_APPS = ["members"]

# Copernica Marketing Software (SOAP API)
COPERNICA_WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
COPERNICA_USER = os.environ.get("COPERNICA_USER", "")
COPERNICA_PASSWORD = os.environ.get("COPERNICA_PASSWORD", "")
COPERNICA_ACCOUNT = os.environ.get("COPERNICA_ACCOUNT", "")
COPERNICA_DATABASE = "Members"
