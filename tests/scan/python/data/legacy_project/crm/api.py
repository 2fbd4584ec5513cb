"""Thin client for the marketing API, configured from the environment."""

import os

from suds.client import Client


class ShopApi:
    def __init__(self, user, account, password):
        self._client = Client(os.environ["MARKETING_WSDL"])
        self._client.service.login({"username": user, "account": account, "password": password})

    def __getattr__(self, name):
        return getattr(self._client.service, name)
