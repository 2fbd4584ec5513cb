"""tests/cli reuses the helpers of tests/verify (verify_helpers) and tests/mock (start_cli, soap clients)."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in ("verify", "mock"):
    if str(TESTS / folder) not in sys.path:
        sys.path.append(str(TESTS / folder))
