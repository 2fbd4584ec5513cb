"""Bounce handling: reads the bounce mailbox over IMAP (nothing to do with Copernica's login)."""

import ftplib
import imaplib


def fetch_bounces(host, user, password):
    box = imaplib.IMAP4_SSL(host)
    box.login(user, password)
    box.select("INBOX")
    typ, data = box.search(None, "UNSEEN")
    return data


def upload_report(host, user, password, path):
    ftp = ftplib.FTP(host)
    ftp.login(user=user, passwd=password)
    with open(path, "rb") as fh:
        ftp.storbinary("STOR report.csv", fh)
