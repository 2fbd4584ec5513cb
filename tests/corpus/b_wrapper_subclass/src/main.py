"""Abandoned-basket reminders: push today's baskets to Copernica."""

import os

from shop import ShopCopernica

BASKETS = [("wim@example.com", 84), ("xandra@example.com", 19), ("wim@example.com", 97)]


def main():
    copernica = ShopCopernica(
        os.environ["COPERNICA_USER"],
        os.environ["COPERNICA_PASSWORD"],
        account=os.environ.get("COPERNICA_ACCOUNT", ""),
    )
    database = copernica.shop_database()
    for email, value in BASKETS:
        copernica.abandoned_basket(database, email, value)
    for email, value in copernica.baskets(database):
        print(f"{email}: basket {value}")


if __name__ == "__main__":
    main()
