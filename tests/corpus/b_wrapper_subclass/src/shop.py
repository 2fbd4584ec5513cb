"""Webshop specifics on top of the shared Copernica client."""

from base import CopernicaClient


class ShopCopernica(CopernicaClient):
    database_name = "Webshop"

    def shop_database(self):
        answer = self.Account_database({"identifier": self.database_name})
        found = answer.database if answer is not None else None
        if found is None:
            found = self.Account_createDatabase({"name": self.database_name}).database
            for name in ("email", "basket"):
                self.Database_createField({"id": found.id, "name": name})
        return found

    def abandoned_basket(self, database, email, basket_value):
        self.Database_updateProfiles(
            {
                "id": database.id,
                "requirements": {"requirement": [{"fieldname": "email", "value": email, "operator": "="}]},
                "fields": self.as_map({"email": email, "basket": basket_value}),
                "create": True,
            }
        )

    def baskets(self, database):
        listing = self.Database_profiles({"id": database.id, "allproperties": True})
        if listing.items is None:  # an empty page
            return []
        return sorted(
            tuple(pair.value for pair in profile.fields.pair) for profile in listing.items.profile
        )
