"""Weekly housekeeping for the Copernica account, driven by a table of jobs.

Each job names a SOAP operation and builds its parameters from what earlier jobs
returned, so operations can be added to the table without touching the runner.
"""

import logging
import os

import zeep

log = logging.getLogger("housekeeping")

WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")

# (label, operation, parameter builder, what to keep from the result)
JOBS = [
    ("archive", "Account_createDatabase", lambda ctx: {"name": "Archive"}, "database"),
    ("email field", "Database_createField",
     lambda ctx: {"id": ctx["archive"].id, "name": "email", "type": "email"}, None),
    ("status field", "Database_createField",
     lambda ctx: {"id": ctx["archive"].id, "name": "status"}, None),
    ("old lead", "Database_createProfile",
     lambda ctx: {"id": ctx["archive"].id,
                  "fields": {"pair": [{"key": "email", "value": "rik@example.com"},
                                      {"key": "status", "value": "stale"}]}}, "profile"),
    ("new lead", "Database_createProfile",
     lambda ctx: {"id": ctx["archive"].id,
                  "fields": {"pair": [{"key": "email", "value": "sara@example.com"},
                                      {"key": "status", "value": "active"}]}}, "profile"),
    ("drop stale", "Profile_remove", lambda ctx: {"id": ctx["old lead"].id}, None),
    ("count", "Database_profiles", lambda ctx: {"id": ctx["archive"].id}, "total"),
]


def connect():
    client = zeep.Client(WSDL)
    service = client.service
    service.login(
        {
            "username": os.environ["COPERNICA_USER"],
            "account": os.environ.get("COPERNICA_ACCOUNT", ""),
            "password": os.environ["COPERNICA_PASSWORD"],
        }
    )
    return service


def run_jobs(service, jobs):
    context = {}
    for label, op_name, build, keep in jobs:
        log.info("job %s: %s", label, op_name)
        result = getattr(service, op_name)(build(context))
        if keep is not None:
            context[label] = getattr(result, keep)
    return context


def main():
    logging.basicConfig(level=logging.WARNING)
    context = run_jobs(connect(), JOBS)
    print("profiles left in Archive:", context["count"])
    print("jobs run:", len(JOBS))


if __name__ == "__main__":
    main()
