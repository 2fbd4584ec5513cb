"""Course enrolments from the LMS export into Copernica.

Ops asked for the API user in the log lines, so a failed night can be traced to
the right credentials in the Copernica dashboard.
"""

import logging
import os

import zeep

log = logging.getLogger("courses")

ENROLMENTS = [
    ("hugo@example.com", "python-101"),
    ("ilse@example.com", "sql-201"),
    ("hugo@example.com", "sql-201"),
]


class EnrolmentSync:
    def __init__(self, username, password, account="",
                 wsdl="https://soap.copernica.com/?SOAPAPI=WSDL"):
        self.username = username
        self.account = account
        self.client = zeep.Client(wsdl)
        self.client.service.login({"username": username, "account": account, "password": password})

    def run(self, enrolments):
        service = self.client.service
        database = service.Account_createDatabase({"name": "Courses"}).database
        service.Database_createField({"id": database.id, "name": "email", "type": "email"})
        courses = service.Database_createCollection({"id": database.id, "name": "Enrolments"}).collection
        service.Collection_createField({"id": courses.id, "name": "course"})
        students = {}
        for email, course in enrolments:
            if email not in students:
                students[email] = service.Database_createProfile(
                    {"id": database.id, "fields": {"pair": [{"key": "email", "value": email}]}}
                ).profile
            service.Profile_createSubProfile(
                {"id": students[email].id, "collection": {"id": courses.id},
                 "fields": {"pair": [{"key": "course", "value": course}]}}
            )
        log.warning("synced %d enrolments for %d students as API user %s (account %r)",
                    len(enrolments), len(students), self.username, self.account)
        return students


def main():
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sync = EnrolmentSync(os.environ["COPERNICA_USER"], os.environ["COPERNICA_PASSWORD"],
                         os.environ.get("COPERNICA_ACCOUNT", ""))
    students = sync.run(ENROLMENTS)
    print("students:", ", ".join(sorted(students)))


if __name__ == "__main__":
    main()
