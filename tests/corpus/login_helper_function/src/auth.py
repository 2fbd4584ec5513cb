"""Shared Copernica authentication for our scripts."""

import os


def connect(service):
    """Open a login session on `service` (the zeep service proxy of a Copernica client)."""
    service.login({
        "username": os.environ["COPERNICA_USER"],
        "account": os.environ.get("COPERNICA_ACCOUNT", ""),
        "password": os.environ["COPERNICA_PASSWORD"],
    })
