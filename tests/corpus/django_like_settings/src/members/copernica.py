"""The members app's gateway to Copernica; views and commands call these functions."""

import logging

import zeep

import settings

logger = logging.getLogger(__name__)

_client = None


def _service():
    global _client
    if _client is None:
        _client = zeep.Client(settings.COPERNICA_WSDL)
        _client.service.login({
            "username": settings.COPERNICA_USER,
            "account": settings.COPERNICA_ACCOUNT,
            "password": settings.COPERNICA_PASSWORD,
        })
        logger.info("logged in to Copernica")
    return _client.service


def _first(result, name):
    """The `name` entity of a lookup's result, or None: not found is an empty result (None)."""
    return getattr(result, name) if result is not None else None


def members_database():
    found = _first(_service().Account_database({"identifier": settings.COPERNICA_DATABASE}), "database")
    if found is None:
        found = _service().Account_createDatabase({"name": settings.COPERNICA_DATABASE}).database
        _service().Database_createField({"id": found.id, "name": "email", "type": "email"})
        _service().Database_createField({"id": found.id, "name": "plan"})
    return found


def subscribe(database, email, plan):
    fields = {"pair": [{"key": "email", "value": email}, {"key": "plan", "value": plan}]}
    return _service().Database_createProfile({"id": database.id, "fields": fields}).profile


def plan_counts(database):
    listing = _service().Database_profiles({"id": database.id, "allproperties": True})
    counts = {}
    for profile in listing.items.profile if listing.items is not None else []:
        plan = next(p.value for p in profile.fields.pair if p.key == "plan")
        counts[plan] = counts.get(plan, 0) + 1
    return counts
