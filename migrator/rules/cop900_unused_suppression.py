"""COP900: a `copernica-migrate: ignore` comment that silences nothing.

Reported by the scan engine (migrator/scan/suppress.py), not by a language
analyzer, so it has no `check`; stale suppressions would otherwise hide the
next real finding on that line.
"""

from migrator.rules import Rule, register

LANGUAGES = ("python", "php", "java", "csharp", "javascript", "typescript")

RULE = register(Rule(
    code="COP900",
    name="unused-suppression",
    summary="A `copernica-migrate: ignore` comment silences no finding on its line; remove it.",
    severity="warning",
    languages=LANGUAGES,
    fixable=False,
    invalid={
        "python": ("total = 1 + 2  # copernica-migrate: ignore[COP001]",),
        "php": ("$x = 1; // copernica-migrate: ignore",),
        "javascript": ("const x = 1; /* copernica-migrate: ignore[COP101] */",),
    },
    valid={
        "python": ('client.service.login("user", "acct", "pw")  # copernica-migrate: ignore[COP001]',),
    },
))
