"""A distinctive secret planted in every credential form (planted_secrets.py), run through every
command in every output format: it shows in no output and in no file a command writes.

Files a command writes are found by comparing the whole work folder (and the TMPDIR the command
was given) before and after: a new file holds no secret; a rewritten source holds no secret it did
not hold before, and no mask ("***") either: masking is for output, never for the user's code.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from planted_secrets import (ENV_FORM, FORMS, PROGRAM_SAYS, REJECTED_FORM, SECRETS, TOKEN_FORM,
                             build, leaks)

PY = sys.executable
RUN_ALL = [PY, "run_all.py", "--password", SECRETS["password on the program's command line"]]

# case -> the command lines it runs, in order, in one copy of the tree; {url} is a running mock's
# base URL (cases that use it start one with the planted access token)
CASES: dict[str, list[list[str]]] = {
    # -o writes what stdout would show: one of each per format is enough
    "scan text": [["scan", "app"]],
    "scan json": [["scan", "--format", "json", "app", "-o", "scan.json"]],
    "scan sarif": [["scan", "--format", "sarif", "app", "-o", "scan.sarif"]],
    "scan stdin": [["scan", "--stdin-filename", "app/context_line.py", "-"]],
    # --check shows the plugin style's diff; --write shows no diff
    "rewrite diff (inline)": [["rewrite", "--style", "inline", "app"]],
    "rewrite --check": [["rewrite", "--check", "app"]],
    # plugin style's --write: in "verify after rewrite"
    "rewrite --write --quiet --report (inline)": [["rewrite", "--write", "-q", "--report", "migration.md",
                                                  "--style", "inline", "app"]],
    "verify text (legacy)": [["verify", "--auth", "legacy", "--trace", "trace.json", "--", *RUN_ALL]],
    "verify json (legacy)": [["verify", "--auth", "legacy", "--format", "json", "-o", "verify.json",
                              "--", *RUN_ALL]],
    "verify after rewrite (token)": [["rewrite", "--write", "app"],
                                     ["verify", "--trace", "trace.json", "--", *RUN_ALL],
                                     ["verify", "--format", "json", "--", *RUN_ALL]],
    "check-token text": [["check-token", "--url", "{url}?SOAPAPI=WSDL"],
                         ["check-token", "--url", "{url}?SOAPAPI=WSDL", "--token-env", "REJECTED_TOKEN"]],
    "check-token json": [["check-token", "--format", "json", "--url", "{url}?SOAPAPI=WSDL"],
                         ["check-token", "--format", "json", "--url", "{url}?SOAPAPI=WSDL",
                          "--token-env", "REJECTED_TOKEN"]],
    "snapshot yaml and json": [["snapshot", "--url", "{url}", "--profiles", "2"],
                               ["snapshot", "--url", "{url}", "--keep-values", "-o", "seed.json"],
                               ["snapshot", "--url", "{url}", "--token-env", "REJECTED_TOKEN"]],
}


# what each case must show, so a run that did nothing cannot pass
SHOWN = {
    "scan": "COP008", "rewrite diff": '"password": "***"', "rewrite --check": "+++ b/app/",
    "rewrite --write": "needs hands",
    "verify text": "giving up: the password ***", "verify json": '"operation": "login"',
    "verify after": "giving up: the password", "check-token": "valid", "snapshot": "databases",
}

# What verify cannot know: after the migration the program no longer sends its hard-coded password,
# yet prints it when it fails (docs/verify.md says so).
BEYOND_REACH = {"verify after rewrite (token)": {"printed by the program when it fails"}}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("planted"))


def test_every_form_is_planted_once(tree):
    """Guard for the test itself: each form's secret is in the tree (or handed over at run time)."""
    text = "".join(p.read_text() for p in sorted(tree.rglob("*.py")))
    for form in FORMS:
        assert SECRETS[form] in text, form
    assert len(set(SECRETS.values())) == len(SECRETS)


@pytest.mark.parametrize("case", CASES)
def test_no_planted_secret_in_any_output_or_file(case, tree, tmp_path):
    work = tmp_path / "work"
    subprocess.run(["cp", "-a", str(tree), str(work)], check=True)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = _env(scratch)
    before = _files(tmp_path)
    mock = _start_mock(tmp_path / "mock", env) if any("{url}" in " ".join(c) for c in CASES[case]) else None
    outputs: list[tuple[str, str]] = []
    try:
        for argv in CASES[case]:
            argv = [a.replace("{url}", mock.url) if mock else a for a in argv]
            stdin = (work / "app/context_line.py").read_text() if argv[-1] == "-" else None
            proc = subprocess.run([PY, "-m", "migrator", *argv], cwd=work, env=env, input=stdin,
                                  capture_output=True, text=True, timeout=180)
            assert "Traceback" not in proc.stderr.replace(PROGRAM_SAYS + "Traceback", ""), proc.stderr
            outputs += [(f"{argv[0]} stdout", proc.stdout), (f"{argv[0]} stderr", _ours(proc.stderr))]
    finally:
        if mock:
            outputs += mock.stop()
    everything = "".join(text for _, text in outputs) + "".join(
        p.read_text(errors="replace") for p in work.glob("*.*") if p.is_file())
    assert next(shown for prefix, shown in SHOWN.items() if case.startswith(prefix)) in everything
    for name, text in outputs:
        leaked = set(leaks(text)) - BEYOND_REACH.get(case, set())
        assert not leaked, f"{case}: {name} shows the secret of {leaked}"
    after = _files(tmp_path)
    for path, data in after.items():
        if path.is_relative_to(tmp_path / "mock") and path.suffix != ".jsonl":
            continue  # the token file the test gave the mock
        text = data.decode("utf-8", "replace")
        if path not in before:
            assert not leaks(text), f"{case}: new file {path.name} holds the secret of {leaks(text)}"
        elif data != before[path]:
            old = before[path].decode("utf-8", "replace")
            for form, secret in SECRETS.items():
                assert text.count(secret) <= old.count(secret), f"{case}: {path.name} gained {form}"
            assert text.count("***") <= old.count("***"), f"{case}: a mask was written into {path.name}"
    if case.startswith("rewrite --write"):
        assert any(after[p] != before[p] for p in before if p in after), "nothing was rewritten"


def test_the_mock_keeps_no_credential_in_its_output_or_log(tree, tmp_path):
    """`mock` itself: a legacy login with the planted password and calls with the planted token."""
    env = _env(tmp_path)
    mock = _start_mock(tmp_path / "mock", env, "--auth", "both", "--any-login")
    try:
        program = tree / "app" / "context_line.py"
        source = program.read_text().replace("https://soap.copernica.com/", mock.url)
        run = subprocess.run([PY, "-c", source], env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        checked = subprocess.run([PY, "-m", "migrator", "check-token", "--url", mock.url + "?SOAPAPI=WSDL"],
                                 env=env, capture_output=True, text=True, timeout=120)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        outputs = mock.stop()
    log = (tmp_path / "mock" / "calls.jsonl").read_text()
    assert '"operation": "login"' in log and '"operation": "Account_databases"' in log
    for name, text in outputs:
        assert not leaks(text), f"mock {name} shows the secret of {leaks(text)}"


# -- helpers -----------------------------------------------------------------------------------


def _env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    env.update(TMPDIR=str(scratch), COPERNICA_ACCESS_TOKEN=SECRETS[TOKEN_FORM],
               REJECTED_TOKEN=SECRETS[REJECTED_FORM], COPERNICA_PASSWORD=SECRETS[ENV_FORM])
    return env


def _ours(stderr: str) -> str:
    """verify passes the program's own stderr through untouched: leave those lines out."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not line.startswith(PROGRAM_SAYS))


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


class _Mock:
    def __init__(self, proc: subprocess.Popen, url: str, lines: "queue.Queue[str]", log: Path):
        self.proc, self.url, self._lines, self.log = proc, url, lines, log

    def stop(self) -> list[tuple[str, str]]:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        time.sleep(0.1)  # let the reader thread take the last lines
        text = "".join(iter_queue(self._lines))
        return [("mock output", text), ("mock log", self.log.read_text() if self.log.exists() else "")]


def iter_queue(q: "queue.Queue[str]"):
    while True:
        try:
            yield q.get_nowait()
        except queue.Empty:
            return


def _start_mock(folder: Path, env: dict[str, str], *args: str) -> _Mock:
    """`copernica-migrate mock` with the planted token in a 0600 file and a call log."""
    folder.mkdir()
    token_file = folder / "token"
    token_file.write_text(SECRETS[TOKEN_FORM] + "\n")
    token_file.chmod(0o600)
    log = folder / "calls.jsonl"
    seedless = {k: v for k, v in env.items() if k != "COPERNICA_ACCESS_TOKEN"}
    proc = subprocess.Popen([PY, "-m", "migrator", "mock", "--port", "0", "--token-file", str(token_file),
                             "--log", str(log), *args], env=seedless,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    banner, deadline = "", time.monotonic() + 30
    while "Press Ctrl-C" not in banner:
        try:
            banner += lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            proc.kill()
            pytest.fail(f"the mock did not start: {banner}")
    for line in banner.splitlines(keepends=True):
        lines.put(line)  # the banner is output too
    url = re.search(r"listening on (\S+)", banner).group(1)
    return _Mock(proc, url, lines, log)
