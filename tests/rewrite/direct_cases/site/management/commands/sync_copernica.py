"""Django command."""
import os

import zeep
from django.core.management.base import BaseCommand

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class Command(BaseCommand):
    help = "Sync"

    def handle(self, *args, **options):
        client = zeep.Client(WSDL)
        client.service.login(os.environ["CP_USER"], "Shop", os.environ["CP_PW"])
        self.stdout.write(str(client.service.Account_databases({})))
