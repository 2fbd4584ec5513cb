"""Settings for the Copernica sync (legacy: a password in the repository)."""

import os

EMAIL = os.environ.get("COPERNICA_EMAIL", "api@shop.example")
PASSWORD = "legacy-pw-do-not-use"
ACCOUNT = "Shop"
DATABASE = "Customers"
