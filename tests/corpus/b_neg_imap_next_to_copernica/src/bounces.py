"""Read bounce mails from the bounce mailbox and mark the addresses in Copernica."""

import email
import imaplib
import logging
import os
import re

import zeep

log = logging.getLogger("bounces")

COPERNICA_WSDL = os.environ.get("COPERNICA_WSDL", "https://soap.copernica.com/?SOAPAPI=WSDL")
ADDRESS = re.compile(r"Final-Recipient: rfc822;\s*(\S+@\S+)", re.I)


def bounced_addresses():
    mailbox = imaplib.IMAP4_SSL(os.environ.get("BOUNCE_IMAP_HOST", "imap.example.org"))
    mailbox.login(os.environ["BOUNCE_IMAP_USER"], os.environ["BOUNCE_IMAP_PASSWORD"])
    try:
        mailbox.select("INBOX")
        _, data = mailbox.search(None, "UNSEEN")
        found = set()
        for number in data[0].split():
            _, parts = mailbox.fetch(number, "(RFC822)")
            message = email.message_from_bytes(parts[0][1])
            found.update(m.lower() for m in ADDRESS.findall(message.as_string()))
        return sorted(found)
    finally:
        mailbox.logout()


def mark_bounced(addresses):
    token = os.environ["COPERNICA_ACCESS_TOKEN"]
    service = zeep.Client(COPERNICA_WSDL).service
    found = service.Account_database({"identifier": "Newsletter", "access_token": token})
    database = found.database if found is not None else None
    for address in addresses:
        service.Database_updateProfiles(
            {
                "id": database.id,
                "requirements": {"requirement": [{"fieldname": "email", "value": address, "operator": "="}]},
                "fields": {"pair": [{"key": "bounced", "value": "yes"}]},
                "access_token": token,
            }
        )
        log.info("marked %s as bounced", address)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    mark_bounced(bounced_addresses())
