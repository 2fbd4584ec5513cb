"""Keep secrets out of everything verify and check-token print or write."""

from __future__ import annotations

import re
from typing import Iterable, Mapping
from urllib.parse import quote, quote_plus

MASK = "***"


def mask(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each secret (longest first, so overlaps cannot leak a tail)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


# Environment variables whose value is a secret by their name (COPERNICA_PASSWORD, API_TOKEN, ...).
_SECRET_NAME = re.compile(r"(?:TOKEN|PASSWORD|PASSWD|PASSPHRASE|SECRET|API_?KEY|PRIVATE_?KEY|CREDENTIALS?"
                          r"|AUTH|(?:^|_)PASS)(?:_|$)", re.IGNORECASE)
MIN_ENV_SECRET = 6  # shorter values would mask ordinary words


def env_secrets(environ: Mapping[str, str]) -> list[str]:
    """Values of the variables named like secrets: what a program's own error text may show."""
    return [value for name, value in environ.items()
            if _SECRET_NAME.search(name) and len(value) >= MIN_ENV_SECRET]


def variants(secrets: Iterable[str | None]) -> list[str]:
    """Each secret as written and URL-encoded (an error text may quote a URL holding it)."""
    found: list[str] = []
    for secret in secrets:
        if secret:
            for form in (secret, quote(secret, safe=""), quote_plus(secret)):
                if form not in found:
                    found.append(form)
    return found
