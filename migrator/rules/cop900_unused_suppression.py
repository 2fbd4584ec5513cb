"""COP900: a `copernica-migrate: ignore` comment that silences nothing.

Reported by the scan engine (migrator/scan/suppress.py), not by a language
analyzer, so it has no `check`; stale suppressions would otherwise hide the
next real finding on that line.
"""

from migrator.rules import Rule, register
from migrator.scan.languages import NAMES


RULE = register(Rule(
    code="COP900",
    name="unused-suppression",
    summary="A `copernica-migrate: ignore` comment silences no finding on its line; remove it.",
    severity="warning",
    languages=NAMES,
    fixable=False,
    invalid={
        "python": ("total = 1 + 2  # copernica-migrate: ignore[COP001]\n",),
        "php": ("<?php\n$x = 1; // copernica-migrate: ignore\n",),
        "javascript": ("const x = 1; /* copernica-migrate: ignore[COP101] */\n",),
    },
    valid={
        "python": (
            "import os\nimport zeep\n\n"
            "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
            "client.service.login({'username': os.environ['U'], 'account': '', "
            "'password': os.environ['P']})  # copernica-migrate: ignore[COP001]\n",
        ),
    },
))
