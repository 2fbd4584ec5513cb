"""Webshop to Copernica synchronisation."""
