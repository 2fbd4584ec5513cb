"""Nightly sync between the shop database and Copernica (legacy login-session client)."""
