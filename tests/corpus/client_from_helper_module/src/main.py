"""Course enrolments: students, and the courses they follow as a collection."""

import logging

from clients import make_client

ENROLMENTS = {"nina@example.com": ["python", "sql"], "olaf@example.com": ["sql"]}


def main():
    logging.basicConfig(level=logging.WARNING)
    copernica = make_client()
    service = copernica.service

    database = service.Account_createDatabase({"name": "Students"}).database
    service.Database_createField({"id": database.id, "name": "email", "type": "email"})
    courses = service.Database_createCollection({"id": database.id, "name": "Courses"}).collection
    service.Collection_createField({"id": courses.id, "name": "course"})

    for email, names in sorted(ENROLMENTS.items()):
        student = service.Database_createProfile(
            {"id": database.id, "fields": {"pair": [{"key": "email", "value": email}]}}
        ).profile
        for name in names:
            service.Profile_createSubProfile({
                "id": student.id,
                "collection": {"id": courses.id},
                "fields": {"pair": [{"key": "course", "value": name}]},
            })

    sql = service.Collection_searchSubProfiles({
        "id": courses.id,
        "requirements": {"requirement": [{"fieldname": "course", "value": "sql"}]},
    })
    print("students:", len(ENROLMENTS))
    print("sql enrolments:", sql.total)


if __name__ == "__main__":
    main()
