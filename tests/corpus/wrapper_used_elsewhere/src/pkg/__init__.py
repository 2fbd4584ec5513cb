"""Event registrations to Copernica."""
