"""Configuration for the marketing reports."""

import os

# Copernica (the report reads counts exported by the nightly job; no API calls here)
COPERNICA_ACCOUNT = os.environ.get("COPERNICA_ACCOUNT", "Marketing")
COPERNICA_WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
COPERNICA_DATABASES = ["Newsletter", "Shop", "Events"]

# Outgoing mail
SMTP_HOST = os.environ.get("SMTP_HOST", "smtp.example.org")
SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "reports@example.org")
SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
REPORT_TO = ["marketing@example.org"]
