"""Mail the weekly Copernica database report to marketing."""

import json
import smtplib
import sys
from email.message import EmailMessage

from reporting import config


def build_report(counts):
    lines = [f"Copernica account {config.COPERNICA_ACCOUNT}", ""]
    for name in config.COPERNICA_DATABASES:
        lines.append(f"{name:<12} {counts.get(name, 0):>8} profiles")
    return "\n".join(lines)


def send(body):
    message = EmailMessage()
    message["Subject"] = "Weekly Copernica report"
    message["From"] = config.SMTP_USERNAME
    message["To"] = ", ".join(config.REPORT_TO)
    message.set_content(body)
    with smtplib.SMTP(config.SMTP_HOST, config.SMTP_PORT, timeout=30) as smtp:
        smtp.starttls()
        smtp.login(config.SMTP_USERNAME, config.SMTP_PASSWORD)
        smtp.send_message(message)


if __name__ == "__main__":
    with open(sys.argv[1]) as handle:
        send(build_report(json.load(handle)))
