"""Nightly job: nothing here names the API or a SOAP library, only the wrapper."""

import os

from crm.api import ShopApi


def run():
    api = ShopApi(os.environ["USER"], "Shop", os.environ["PASSWORD"])
    return api.Account_databases({})
