#!/usr/bin/env python
"""Management commands of the members site: `python manage.py sync_members`."""

import logging
import sys

from members import copernica

SIGNUPS = [("quinn@example.com", "basic"), ("rosa@example.com", "pro"), ("sem@example.com", "basic")]


def sync_members():
    database = copernica.members_database()
    for email, plan in SIGNUPS:
        copernica.subscribe(database, email, plan)
    for plan, count in sorted(copernica.plan_counts(database).items()):
        print(f"{plan}: {count}")


COMMANDS = {"sync_members": sync_members}


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    COMMANDS[sys.argv[1]]()
