"""A faithful local mock of Copernica's SOAP API (wire contract: shared/copernica-soap-api.md section 13)."""
