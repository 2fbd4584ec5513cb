"""Tiny session auth for the shop (Django-like API, no Django)."""

import hashlib
import hmac

USERS = {}  # username -> (user, password hash); filled by the account module


class User:
    def __init__(self, user_id, username, email):
        self.id = user_id
        self.username = username
        self.email = email


def _hash(password):
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def authenticate(request, username=None, password=None):
    entry = USERS.get(username)
    if entry and hmac.compare_digest(entry[1], _hash(password or "")):
        return entry[0]
    return None


def login(request, user):
    request.session["user_id"] = user.id
    request.user = user


def logout(request):
    request.session.pop("user_id", None)
