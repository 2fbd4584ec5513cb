"""Settings for the partner feed import (Django-style module of constants)."""

import os

PARTNER_FTP_HOST = os.environ.get("PARTNER_FTP_HOST", "ftp.partner.example")
PARTNER_FTP_USER = os.environ.get("PARTNER_FTP_USER", "feed")
PARTNER_FTP_PASSWORD = os.environ.get("PARTNER_FTP_PASSWORD", "")
PARTNER_FEED = "/outgoing/contacts.csv"

COPERNICA_WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
COPERNICA_TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"
COPERNICA_DATABASE = "Partners"
