"""Run the user's command as a child process; its stdin, stdout and stderr are the user's."""

from __future__ import annotations

import signal
import subprocess


class ChildStartError(Exception):
    """The command could not be started at all (one line, for the user)."""


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    try:
        return subprocess.Popen(command, env=env)
    except FileNotFoundError:
        raise ChildStartError(f"command not found: {command[0]}") from None
    except PermissionError:
        raise ChildStartError(f"permission denied: {command[0]}") from None
    except OSError as exc:
        raise ChildStartError(f"cannot start {command[0]}: {exc.strerror or exc}") from None


def wait(child: subprocess.Popen) -> int:
    """Exit status of the command; negative -N when a signal N ended it."""
    try:
        return child.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached the child too (same process group); give it the chance to stop cleanly.
        try:
            return child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
            raise


def run(command: list[str], env: dict[str, str]) -> int:
    return wait(start(command, env))
