"""Run the user's command as a child process, in a session and process group of its own.

Its stdin and stdout are the user's. Its stderr reaches the user's stderr unchanged through a pipe:
a thread copies it and keeps its last lines, which the report shows when the program fails.

Whatever ends the run ends the program's whole process group (the program and the processes it
started, unless they left the group): the time limit, a signal to verify (SIGINT, SIGTERM, SIGHUP),
or the program's own exit (what it left running). The group first gets the signal (SIGTERM for
the time limit and for leftovers, the signal verify got otherwise), then SIGKILL after GRACE s.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

GRACE = 5.0  # seconds between the first signal and SIGKILL
TAIL_BYTES = 16384  # of stderr kept
TAIL_LINES = 6  # shown in the report
LINE_CHARS = 300
HANDLED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class ChildStartError(Exception):
    """The command could not be started at all (one line, for the user)."""


class Interrupted(BaseException):
    """verify itself got SIGINT, SIGTERM or SIGHUP: the run is abandoned, exit status 128 + N.

    A BaseException, so no `except Exception` on the way swallows it.
    """

    def __init__(self, signum: int, started: bool = True):
        super().__init__(signum)
        self.signum = signum
        self.started = started  # a program was running (and has been stopped)

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@dataclass
class Finished:
    exit_code: int  # negative -N: ended by signal N
    timed_out: bool = False
    stderr_tail: list[str] = field(default_factory=list)


# -- signals to verify ------------------------------------------------------------------
# The handler only notes the signal and wakes the main thread: an exception raised from a handler
# can be lost (C code that clears errors, e.g. compile() during an import). The run checks for it
# while it waits for the program and between its steps (check()), and raises Interrupted there.
# Only the first signal counts: a second Ctrl-C while the group is being ended changes nothing.

_received: int | None = None
_raised = False
_started = 0
_children: list["Child"] = []
_wake = threading.Event()  # a signal came, or a program exited


def _handler(signum, frame) -> None:
    global _received
    if _received is None:
        _received = signum
    _wake.set()


def check() -> None:
    """Raise Interrupted once, if verify got one of the HANDLED signals."""
    global _raised
    if _received is not None and not _raised:
        _raised = True
        raise Interrupted(_received, started=_started > 0)


@contextmanager
def signals() -> Iterator[None]:
    """For the length of a run: SIGINT, SIGTERM and SIGHUP to verify end it with Interrupted."""
    global _received, _raised, _started
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; callers elsewhere keep the default ones
        return
    _received, _raised, _started = None, False, 0
    previous = {signum: signal.signal(signum, _handler) for signum in HANDLED}
    try:
        try:
            yield
        except Exception:
            check()  # stopped by a signal: that is the news, not what failed on the way
            raise
        check()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def stop_all() -> None:
    """End every program still running: after an error or a signal (then with that signal first)."""
    for child in list(_children):
        child.stop(_received or signal.SIGTERM)


# -- the child ----------------------------------------------------------------------------


def start(command: list[str], env: dict[str, str]) -> "Child":
    global _started
    _become_subreaper()
    try:
        popen = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, start_new_session=True)
    except FileNotFoundError:
        raise ChildStartError(f"command not found: {command[0]}") from None
    except PermissionError:
        raise ChildStartError(f"permission denied: {command[0]}") from None
    except OSError as exc:
        raise ChildStartError(f"cannot start {command[0]}: {exc.strerror or exc}") from None
    _started += 1
    return Child(popen)


def wait(child: "Child", timeout: float | None = None) -> Finished:
    """Wait for the program; after `timeout` seconds (None or 0: no limit) end its group.

    Raises Interrupted (after ending the group) when verify gets a signal meanwhile.
    """
    deadline = time.monotonic() + timeout if timeout else None
    timed_out = False
    while not child.exited:
        if _received is not None:
            child.stop(_received)
            check()
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            timed_out = True
            break
        _wake.wait(remaining)
        _wake.clear()  # the loop looks at what woke it
    child.stop(signal.SIGTERM)  # on a normal exit: whatever it left running in its group
    return Finished(child.popen.returncode, timed_out, child.stderr_tail())


class Child:
    """The running program: its Popen, the thread that reaps it, the stderr copier, and its
    process group (id = its pid)."""

    def __init__(self, popen: subprocess.Popen):
        self.popen = popen
        self.pid = popen.pid
        self.exited = False
        self._tee = _Tee(popen.stderr)
        self._tee.start()
        # A blocking wait in a thread: the main thread learns of the exit at once (no polling).
        self._waiter = threading.Thread(target=self._wait, name="copernica-verify-wait", daemon=True)
        self._waiter.start()
        _children.append(self)

    def _wait(self) -> None:
        self.popen.wait()
        self.exited = True
        _wake.set()

    def stop(self, first: int = signal.SIGTERM, grace: float = GRACE) -> None:
        """End the whole process group (`first`, SIGKILL after `grace` s), reap it, finish stderr."""
        _end_group(self, first, grace)
        self._waiter.join(timeout=grace)  # the leader is dead: its status comes at once
        if self.exited:
            _reap_orphans(self.pid)
        self._tee.join(timeout=1.0)  # EOF unless a process that left the group holds the pipe
        if not self._tee.is_alive():
            self.popen.stderr.close()
        if self in _children:
            _children.remove(self)

    def stderr_tail(self) -> list[str]:
        return self._tee.lines()


def _end_group(child: Child, first: int, grace: float) -> None:
    pgid = child.pid
    if not _group_alive(child):
        return
    _killpg(pgid, first)
    deadline = time.monotonic() + grace
    while _group_alive(child):
        if time.monotonic() >= deadline:
            _killpg(pgid, signal.SIGKILL)
            end = time.monotonic() + 2.0
            while _group_alive(child) and time.monotonic() < end:
                time.sleep(0.02)
            break
        time.sleep(0.02)


def _group_alive(child: Child) -> bool:
    """Is any process of the group still running? Once the leader is reaped, also reaps the
    group's orphans that were handed to verify (see _become_subreaper)."""
    pgid = child.pid
    if child.exited:
        _reap_orphans(pgid)
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a member verify may not signal (setuid): it cannot end it either
    if _live_member(pgid):
        return True
    # Only zombies left: those whose parent died were handed to verify meanwhile; reap them.
    if child.exited:
        _reap_orphans(pgid)
    return False


def _reap_orphans(pgid: int) -> None:
    """Only once the leader is reaped (by its Popen): waitpid(-pgid) could take its status."""
    while True:
        try:
            pid, _ = os.waitpid(-pgid, os.WNOHANG)
        except (ChildProcessError, OSError):
            return
        if pid == 0:
            return


def _live_member(pgid: int) -> bool:
    """False when /proc shows only zombies in the group (their parent, e.g. a container's init,
    does not reap them); True without /proc."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return True
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            return True
    return False


def _killpg(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


_subreaper = False


def _become_subreaper() -> None:
    """Linux: orphans of the program are handed to verify (not to init, which in a container may
    never reap them), so verify can reap what it ended. Elsewhere: nothing."""
    global _subreaper
    if _subreaper or not sys.platform.startswith("linux"):
        return
    _subreaper = True
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


# -- stderr: passed through, its tail kept --------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _Tee(threading.Thread):
    def __init__(self, pipe):
        super().__init__(name="copernica-verify-stderr", daemon=True)
        self._fd = pipe.fileno()
        self._tail = bytearray()
        self._cut = False  # the tail lost its beginning
        self._out = True  # verify's stderr still takes writes

    def run(self) -> None:
        while True:
            try:
                data = os.read(self._fd, 65536)
            except OSError:
                return
            if not data:
                return
            self._write(data)
            self._tail += data
            if len(self._tail) > TAIL_BYTES:
                del self._tail[:-TAIL_BYTES]
                self._cut = True

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view and self._out:
            try:
                view = view[os.write(2, view):]
            except OSError:
                self._out = False  # the user's stderr is gone: keep draining, so the program runs on

    def lines(self) -> list[str]:
        """The last lines of stderr, as plain text (no colours, no control characters), uncut."""
        text = bytes(self._tail).decode("utf-8", "replace")
        lines = text.split("\n")
        if self._cut:
            lines = lines[1:]
        shown = []
        for line in lines:
            line = line.rstrip("\r").rsplit("\r", 1)[-1]  # a progress line: what stayed on screen
            shown.append(_CONTROL.sub("?", _ANSI.sub("", line)).rstrip())
        while shown and not shown[-1]:
            shown.pop()
        return shown[-TAIL_LINES:]


def clip(line: str) -> str:
    """A stderr line as the report shows it. Only after masking: a cut could split a secret."""
    return line if len(line) <= LINE_CHARS else line[:LINE_CHARS - 3] + "..."
