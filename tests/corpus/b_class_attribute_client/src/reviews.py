"""Store product reviews as profiles, one per reviewer, and report the average rating."""

import os

from copernica_api import Copernica

REVIEWS = [("eva@example.com", 4), ("frank@example.com", 5), ("gijs@example.com", 3)]


def main():
    Copernica.connect(
        os.environ["COPERNICA_USER"],
        os.environ["COPERNICA_PASSWORD"],
        os.environ.get("COPERNICA_ACCOUNT", ""),
    )
    database = Copernica.database("Reviews", fields=("email", "rating"))
    for email, rating in REVIEWS:
        Copernica.service.Database_createProfile(
            {"id": database.id, "fields": {"pair": [{"key": "email", "value": email},
                                                   {"key": "rating", "value": str(rating)}]}}
        )
    listing = Copernica.service.Database_profiles({"id": database.id, "allproperties": True})
    profiles = listing.items.profile if listing.items is not None else []
    ratings = [int(p.value) for prof in profiles for p in prof.fields.pair if p.key == "rating"]
    print("reviews:", len(ratings))
    print("average rating:", round(sum(ratings) / len(ratings), 2))


if __name__ == "__main__":
    main()
