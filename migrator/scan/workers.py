"""Worker processes for the risky part of a run: parsing, analysing and rewriting one file.

A parser is native code: a hostile file can crash it (signal 11) or keep it busy forever, and
no Python `try` or timer stops either. So every file is handled in a worker process, one file
at a time, and the parent always knows which file each worker is on:

- a worker that dies costs only the file it was on ("the parser crashed on this file
  (signal 11)"); a fresh worker takes its place and the run goes on;
- a file that runs past its time budget gets its worker killed (SIGKILL stops native code too),
  the same way;
- an exception escaping the task becomes that file's failure, not the run's.

Why not concurrent.futures.ProcessPoolExecutor: one dead worker breaks the whole pool
(BrokenProcessPool) without saying which file did it, and a future cannot be timed out in a way
that stops the code running it.

Workers run their tasks on a thread with a large stack and a raised recursion limit, so libcst's
recursive visitors get through files that are deep but within migrator.scan.limits. On Linux
they are forked (cheap: the parent's imports come along), elsewhere spawned.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing import connection, get_context
from typing import Any, Callable, Sequence

# The stack is reserved, not committed: only the pages a deep file touches are used.
WORKER_STACK = 512 * 1024 * 1024
WORKER_RECURSION = 100_000
START_FAILURES = 3  # workers that die before their first task in a row: give up (broken set-up)


class WorkerError(RuntimeError):
    """Worker processes cannot be started at all (not a problem of any one file)."""


@dataclass(frozen=True)
class Failure:
    """Why a task has no result: `kind` is "crash", "timeout" or "error"; `message` is one line."""

    kind: str
    message: str


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _crash_message(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"the parser crashed on this file (signal {-exitcode}, {_signal_name(-exitcode)})"
    return f"the worker process ended on this file (exit status {exitcode})"


# ---- the worker side ------------------------------------------------------------------------

def _worker_main(conn, initializer: Callable | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    sys.setrecursionlimit(WORKER_RECURSION)
    threading.stack_size(WORKER_STACK)
    worker = threading.Thread(target=_serve, args=(conn, initializer, initargs), name="worker")
    worker.start()
    worker.join()


def _serve(conn, initializer: Callable | None, initargs: tuple) -> None:
    try:
        if initializer is not None:
            initializer(*initargs)
    except Exception as exc:  # noqa: BLE001 - a broken set-up is the run's problem, not a file's
        conn.send(("fatal", None, f"{type(exc).__name__}: {_one_line(exc)}"))
        return
    conn.send(("ready", None, None))
    fn: Callable | None = None
    shared: Any = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a function this process cannot import
            conn.send(("fatal", None, f"{type(exc).__name__}: {_one_line(exc)}"))
            return
        if message[0] == "run":
            _, fn, shared = message
            continue
        if message[0] != "task":
            return
        _, index, task = message
        try:
            reply = ("ok", index, fn(shared, task))
        except Exception as exc:  # noqa: BLE001 - reported as this task's failure
            reply = ("error", index, f"{type(exc).__name__}: {_one_line(exc)}")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send(("error", index, f"result not returned: {type(exc).__name__}: {_one_line(exc)}"))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---- the parent side --------------------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, initializer: Callable | None, initargs: tuple):
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, initializer, initargs),
                                   daemon=True, name="copernica-migrate-worker")
        self.process.start()
        child.close()
        self.conn = parent
        self.run_id: int | None = None  # which run's function and shared data it holds
        self.task: int | None = None  # index of the task it is on
        self.started = 0.0
        self.ready = False  # its set-up finished: from now on a death is its task's doing

    def send(self, message) -> bool:
        try:
            self.conn.send(message)
            return True
        except (OSError, EOFError, ValueError):
            return False

    def stop(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


FORKS = sys.platform.startswith("linux")  # workers are forked: they inherit the parent's imports


ONE_WORKER_BELOW = 16  # fewer files than this: one worker (more would each import the parsers)


def count(jobs: int, files: int) -> int:
    """Workers for a run over `files` files: `jobs`, 0 meaning every core; one for a few files."""
    if files < ONE_WORKER_BELOW:
        return 1
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _context():
    return get_context("fork" if FORKS else "spawn")


class Pool:
    """`jobs` supervised worker processes, started on first use and kept until close()."""

    def __init__(self, jobs: int, initializer: Callable | None = None, initargs: tuple = ()):
        self.jobs = max(1, jobs)
        self._initializer = initializer
        self._initargs = initargs
        self._ctx = _context()
        self._workers: list[_Worker | None] = []
        self._runs = 0
        self._start_failures = 0

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            if worker is not None:
                worker.stop()
        self._workers = []

    def _spawn(self, slot: int) -> _Worker:
        worker = _Worker(self._ctx, self._initializer, self._initargs)
        self._workers[slot] = worker
        return worker

    def run(self, fn: Callable[[Any, Any], Any], tasks: Sequence, budgets: Sequence[float],
            shared: Any = None, on_result: Callable[[int, Any], None] | None = None,
            affinity: Sequence[int | None] | None = None) -> tuple[list, list[int]]:
        """`fn(shared, task)` for every task, in the workers; returns (results, slots).

        results[i] is fn's return value or a Failure; budgets[i] is task i's time limit in
        seconds. `fn` must be a module-level function (workers may be spawned). `on_result(i,
        result)` hears of each result as it arrives. slots[i] is the worker slot that produced
        result i; passing them back as `affinity` sends each task to the same slot again when
        it is free (workers may cache per task between runs)."""
        count = len(tasks)
        results: list = [None] * count
        slots: list[int] = [-1] * count
        if not count:
            return results, slots
        self._runs += 1
        run_id = self._runs
        wanted = min(self.jobs, count)
        while len(self._workers) < wanted:
            self._workers.append(None)
        general: deque[int] = deque()
        preferred: dict[int, deque[int]] = {}
        for index in range(count):
            slot = affinity[index] if affinity is not None else None
            if slot is not None and 0 <= slot < wanted:
                preferred.setdefault(slot, deque()).append(index)
            else:
                general.append(index)
        remaining = count

        def next_task(slot: int) -> int | None:
            own = preferred.get(slot)
            if own:
                return own.popleft()
            if general:
                return general.popleft()
            for queue in preferred.values():  # steal: better a cache miss than an idle worker
                if queue:
                    return queue.pop()
            return None

        def requeue(index: int) -> None:
            general.appendleft(index)

        def finish(slot: int, index: int, result: Any) -> None:
            nonlocal remaining
            results[index] = result
            slots[index] = slot
            remaining -= 1
            if on_result is not None:
                on_result(index, result)

        def retire(slot: int, worker: _Worker, failure: Failure | None) -> None:
            """The worker is gone (died, killed, or unreachable): settle its task, free the slot."""
            index = worker.task
            worker.task = None
            worker.stop()
            self._workers[slot] = None
            if index is None:
                return
            if failure is None and not worker.ready:
                # it died while starting: not this file's doing; try again a few times
                self._start_failures += 1
                if self._start_failures >= START_FAILURES:
                    raise WorkerError("worker processes die while starting "
                                      f"({_crash_message(worker.process.exitcode)})")
                requeue(index)
                return
            if failure is None:  # died on a task: that task is the one that killed it
                failure = Failure("crash", _crash_message(worker.process.exitcode))
            finish(slot, index, failure)

        def feed(slot: int) -> None:
            worker = self._workers[slot]
            while worker is None or worker.task is None:
                index = next_task(slot)
                if index is None:
                    return
                if worker is None:
                    worker = self._spawn(slot)
                ok = True
                if worker.run_id != run_id:
                    ok = worker.send(("run", fn, shared))
                    worker.run_id = run_id
                ok = ok and worker.send(("task", index, tasks[index]))
                worker.task, worker.started = index, time.monotonic()
                if not ok:  # it died between tasks: not this task's fault
                    worker.task = None
                    requeue(index)
                    worker.stop()
                    self._workers[slot] = worker = None

        try:
            for slot in range(wanted):
                feed(slot)
            while remaining:
                busy = [(slot, w) for slot, w in enumerate(self._workers) if w is not None and w.task is not None]
                if not busy:  # every worker died between tasks; start over
                    for slot in range(wanted):
                        feed(slot)
                    continue
                now = time.monotonic()
                deadline = min(w.started + budgets[w.task] for _, w in busy)
                waitables = [w.conn for _, w in busy] + [w.process.sentinel for _, w in busy]
                ready = set(connection.wait(waitables, timeout=max(0.0, deadline - now)))
                for slot, worker in busy:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        self._collect(slot, worker, finish, retire)
                    elif time.monotonic() >= worker.started + budgets[worker.task]:
                        limit = budgets[worker.task]
                        worker.process.kill()
                        retire(slot, worker, Failure("timeout", f"took longer than {limit:.0f} s"))
                    if self._workers[slot] is None or self._workers[slot].task is None:
                        feed(slot)
        except BaseException:
            self.close()  # Ctrl-C or a broken set-up: no worker outlives the run
            raise
        return results, slots

    def _collect(self, slot: int, worker: _Worker, finish, retire) -> None:
        """Read what a worker sent; if it is gone, settle the task it was on."""
        try:
            while worker.conn.poll():
                tag, index, value = worker.conn.recv()
                if tag == "ready":
                    worker.ready = True
                    self._start_failures = 0
                    continue
                if tag == "fatal":
                    raise WorkerError(f"a worker process cannot work: {value}")
                worker.task = None
                finish(slot, index, value if tag == "ok" else Failure("error", value))
                return
        except (EOFError, OSError):
            pass
        else:
            if worker.process.is_alive():
                return  # only "ready" so far; keep waiting
        worker.process.join()
        retire(slot, worker, None)
