"""Django command 2."""
from django.core.management.base import BaseCommand
from suds.client import Client

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


class Command(BaseCommand):
    def handle(self, *args, **options):
        client = Client(WSDL)
        self.stdout.write(str(client.service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}})))
