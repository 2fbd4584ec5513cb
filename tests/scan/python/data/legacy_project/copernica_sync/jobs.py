"""The sync jobs: push changed shop customers to Copernica, pull unsubscribes back."""

import datetime
import logging
import os

from zeep.exceptions import Fault

from .pom import PomSoapClient, retry_on_session_loss
from . import settings

log = logging.getLogger(__name__)


class CustomerSync(object):
    def __init__(self, shop_db):
        self.shop_db = shop_db
        self.api = PomSoapClient(settings.EMAIL, settings.PASSWORD, settings.ACCOUNT)
        self.database_id = self.api.database_id(settings.DATABASE)

    def changed_customers(self, since):
        cursor = self.shop_db.cursor()
        cursor.execute("SELECT id, email, firstname, lastname, newsletter FROM customers WHERE modified > %s",
                       (since,))
        for row in cursor.fetchall():
            yield dict(zip(("id", "email", "firstname", "lastname", "newsletter"), row))

    @retry_on_session_loss
    def push(self, customer):
        fields = {
            "customer_id": str(customer["id"]),
            "email": customer["email"],
            "firstname": customer["firstname"] or "",
            "lastname": customer["lastname"] or "",
            "newsletter": "yes" if customer["newsletter"] else "no",
        }
        found = self.api.search(self.database_id, [
            {"fieldname": "customer_id", "value": fields["customer_id"], "operator": "=",
             "casesensitive": False},
        ], length=1)
        if found.items and found.items.profile:
            self.api.update_fields(found.items.profile[0].id, fields)
            return "updated"
        self.api.create_profile(self.database_id, fields)
        return "created"

    def run(self, since):
        counts = {"updated": 0, "created": 0, "failed": 0}
        for customer in self.changed_customers(since):
            try:
                counts[self.push(customer)] += 1
            except Fault as fault:
                counts["failed"] += 1
                log.warning("customer %s: %s", customer["id"], fault.message)
        return counts


class UnsubscribePull(object):
    """Reads unsubscribes with the per-call login struct (no session needed, said the old docs)."""

    def __init__(self, client):
        self.client = client
        self.login = {
            "username": settings.EMAIL,
            "account": settings.ACCOUNT,
            "password": settings.PASSWORD,
        }

    def unsubscribed_since(self, database_id, since):
        result = self.client.service.Database_searchProfiles({
            "id": database_id,
            "requirements": {"requirement": [
                {"fieldname": "newsletter", "value": "no", "operator": "=", "casesensitive": False},
            ]},
            "login": self.login,
        })
        for profile in (result.items.profile if result.items else []):
            if profile.modified >= since.strftime("%Y-%m-%d %H:%M:%S"):
                yield profile


def main():
    logging.basicConfig(level=logging.INFO)
    since = datetime.datetime.now() - datetime.timedelta(days=1)
    sync = CustomerSync(shop_db=None)
    log.info("sync: %s", sync.run(since))
    if os.environ.get("SYNC_DRY_RUN"):
        return


if __name__ == "__main__":
    main()
