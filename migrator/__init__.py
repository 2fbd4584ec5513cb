"""copernica-migrate: move Copernica SOAP integrations from login sessions to access tokens."""

__version__ = "0.1.0"
