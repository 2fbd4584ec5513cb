"""Export approved timesheets from the planning service (SOAP) to CSV for payroll."""

import csv
import os
import sys

from zeep import Client

FIELDS = ["employee", "week", "hours"]


class PlanningService:
    def __init__(self):
        # Which planning environment (test/prod) is decided by the deploy, not here.
        self._soap = Client(os.environ["SERVICE_WSDL"]).service
        self._sid = None

    def login(self):
        self._sid = self._soap.login(
            {
                "username": os.environ["SERVICE_USER"],
                "password": os.environ["SERVICE_PASSWORD"],
                "account": os.environ["SERVICE_ACCOUNT"],
            }
        )
        return self._sid

    def approved(self, week):
        return self._soap.ListTimesheets(session=self._sid, week=week, state="approved")

    def hours(self, timesheet_id):
        return self._soap.GetTimesheetHours(session=self._sid, timesheetId=timesheet_id)


def main(week):
    planning = PlanningService()
    planning.login()
    writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS)
    writer.writeheader()
    for sheet in sorted(planning.approved(week), key=lambda s: s.employee):
        writer.writerow({"employee": sheet.employee, "week": week, "hours": planning.hours(sheet.id)})


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "2024-W10")
