"""Reading what a child process wrote to a pseudo-terminal (tests of terminal-only output)."""

from __future__ import annotations

import os


def read_all(master: int) -> bytes:
    """Everything until the terminal closes; closes `master`."""
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return shown
