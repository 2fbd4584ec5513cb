"""Keep secrets out of everything verify and check-token print or write."""

from __future__ import annotations

from typing import Iterable

MASK = "***"


def mask(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each secret (longest first, so overlaps cannot leak a tail)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
