"""Download the partner's contact feed over FTP and load it into Copernica."""

import csv
import ftplib
import io
import os

from suds.client import Client

import settings


def download_feed():
    buffer = io.BytesIO()
    with ftplib.FTP(settings.PARTNER_FTP_HOST, timeout=60) as ftp:
        ftp.login(user=settings.PARTNER_FTP_USER, passwd=settings.PARTNER_FTP_PASSWORD)
        ftp.retrbinary(f"RETR {settings.PARTNER_FEED}", buffer.write)
    return list(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8"))))


def load(rows):
    token = os.environ[settings.COPERNICA_TOKEN_ENV]
    service = Client(settings.COPERNICA_WSDL).service
    found = service.Account_database({"identifier": settings.COPERNICA_DATABASE, "access_token": token})
    database = found.database if found else None  # suds: not found is an empty string
    for row in rows:
        service.Database_createProfile(
            {
                "id": database.id,
                "fields": {"pair": [{"key": key, "value": value} for key, value in sorted(row.items())]},
                "access_token": token,
            }
        )
    return len(rows)


if __name__ == "__main__":
    print("imported:", load(download_feed()))
