"""Options every command shares: --color with NO_COLOR, -q/--quiet, sizes with units, and the old
option names kept as hidden aliases."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from terminal import read_all
from cli_helpers import SHOP_PROGRAM, TOKEN, TOKEN_ENV, clean_env, legacy_project, one_error_line, pyproject, run
from test_server import start_cli, stop_cli
from verify_helpers import base_env, cli

from migrator.settings import parse_size

COMMANDS = ["scan", "rewrite", "verify", "check-token", "mock", "snapshot", "demo", "rules"]
ESC = "\x1b["


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_color_and_quiet(command, tmp_path):
    text = run(command, "--help", cwd=tmp_path).stdout
    assert "--color [auto|always|never]" in text
    assert "-q, --quiet" in text


def test_color_option_and_no_color_in_scan_and_rewrite(tmp_path):
    legacy_project(tmp_path)
    for command in ("scan", "rewrite"):
        piped = run(command, cwd=tmp_path)  # auto, and stdout is a pipe
        assert piped.stdout and ESC not in piped.stdout
        # an explicit --color always colours, even over NO_COLOR (https://no-color.org)
        assert ESC in run(command, "--color", "always", cwd=tmp_path, env=clean_env(NO_COLOR="1")).stdout
        assert ESC not in run(command, "--color", "never", cwd=tmp_path).stdout


@pytest.mark.parametrize("command", ["scan"])  # rewrite decides colour the same way (settings.use_color)
def test_on_a_terminal_auto_colours_unless_no_color(command, tmp_path):
    pty = pytest.importorskip("pty")
    legacy_project(tmp_path)

    def on_a_terminal(env: dict) -> bytes:
        master, slave = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "migrator", command], cwd=tmp_path, env=env,
                                stdout=slave, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        os.close(slave)
        shown = read_all(master)
        proc.wait(timeout=120)
        return shown

    assert ESC.encode() in on_a_terminal(clean_env())
    shown = on_a_terminal(clean_env(NO_COLOR="1"))
    assert shown and ESC.encode() not in shown


def test_quiet_scan_prints_only_the_summary(tmp_path):
    legacy_project(tmp_path)
    full = run("scan", cwd=tmp_path)
    quiet = run("scan", "-q", cwd=tmp_path)
    assert quiet.returncode == full.returncode == 1
    lines = quiet.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("Found ") and lines[1].startswith("Files: ")
    assert full.stdout.endswith(lines[1] + "\n") and "newsletter.py:" in full.stdout


def test_quiet_rewrite_prints_no_diff(tmp_path):
    legacy_project(tmp_path)
    proc = run("rewrite", "--quiet", cwd=tmp_path)
    assert proc.stdout == "" and "would rewrite 1 of 1 files" in proc.stderr


def test_quiet_verify_prints_only_the_verdict_line(tmp_path):
    pyproject(tmp_path)
    (tmp_path / "shop.py").write_text(SHOP_PROGRAM)
    proc = cli("verify", "-q", "--", sys.executable, "shop.py", cwd=tmp_path, env=base_env())
    assert proc.returncode == 0, proc.output
    assert proc.stdout.startswith("copernica-migrate verify: PASS (") and proc.stdout.count("\n") == 1


def test_quiet_check_token_prints_nothing_on_success_only(mock_server, tmp_path):
    server = mock_server()
    ok = cli("check-token", "-q", "--url", server.wsdl_url, cwd=tmp_path,
             env=base_env(COPERNICA_ACCESS_TOKEN=TOKEN))
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "")
    bad = cli("check-token", "-q", "--url", server.wsdl_url, cwd=tmp_path,
              env=base_env(COPERNICA_ACCESS_TOKEN="tok-not-valid-0000"))
    assert bad.returncode == 3 and bad.stdout.startswith("check-token: invalid:")


def test_quiet_snapshot_prints_no_summary(mock_server, tmp_path):
    server = mock_server()
    proc = cli("snapshot", "-q", "--url", server.url, cwd=tmp_path, env=base_env(COPERNICA_ACCESS_TOKEN=TOKEN))
    assert proc.returncode == 0 and proc.stderr == "" and proc.stdout


def test_quiet_rules_lists_the_codes(tmp_path):
    proc = run("rules", "-q", cwd=tmp_path)
    assert proc.returncode == 0
    codes = proc.stdout.split()
    assert "COP001" in codes and all(re.fullmatch(r"COP\d{3}", c) for c in codes)


def test_quiet_mock_prints_only_where_it_listens(tmp_path):
    proc, banner = start_cli("-q", env={"COPERNICA_ACCESS_TOKEN": TOKEN}, cwd=tmp_path, last="Copernica SOAP")
    try:
        assert len(banner) == 1 and banner[0].startswith("Copernica SOAP mock listening on http://127.0.0.1:")
    finally:
        out, err = stop_cli(proc)
    assert out == "" and err == ""  # no rest of the banner, no "mock stopped."


@pytest.mark.parametrize("text,size", [
    ("1048576", 1048576), ("512k", 512 * 1024), ("512K", 512 * 1024), ("512KiB", 512 * 1024),
    ("1M", 1024 ** 2), ("2MiB", 2 * 1024 ** 2), ("2 MiB", 2 * 1024 ** 2), ("2mb", 2 * 1024 ** 2),
    ("1G", 1024 ** 3), ("100B", 100),
])
def test_sizes_take_units(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "k", "2XB", "-1", "1.5M", "0", "2 M i B"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_scan_max_file_size_with_a_unit(tmp_path):
    legacy_project(tmp_path)
    small = run("scan", "--max-file-size", "1k", cwd=tmp_path)
    assert "newsletter.py: " in small.stdout and "Skipped files:" in small.stdout
    assert small.returncode == 1  # Copernica code nothing analysed: the gate does not pass
    # the other spellings: test_sizes_take_units
    assert run("scan", "-q", "--max-file-size", "512k", cwd=tmp_path).returncode == 1
    assert "is not a size" in one_error_line(run("scan", "--max-file-size", "1.5M", cwd=tmp_path))


def test_mock_max_body_with_a_unit(tmp_path):
    proc, banner = start_cli("--max-body", "1k", env={"COPERNICA_ACCESS_TOKEN": TOKEN}, cwd=tmp_path)
    try:
        url = re.search(r"listening on (\S+)", banner[0]).group(1)
        request = urllib.request.Request(url, data=b"x" * 2048, method="POST",
                                         headers={"Content-Type": "text/xml"})
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        assert caught.value.code == 413
    finally:
        stop_cli(proc)


def test_old_option_names_still_work_but_are_not_shown(tmp_path):
    mock_help = run("mock", "--help", cwd=tmp_path).stdout
    verify_help = run("verify", "--help", cwd=tmp_path).stdout
    for old in ("--login-user", "--login-password-env", "--login-account"):
        assert old not in mock_help and old not in verify_help
    for new in ("--login USER", "--password-env VAR", "--account NAME"):
        assert new in mock_help and new in verify_help
    assert "--redirect-host NAME" in verify_help and "--host " not in verify_help
    assert "--host TEXT" in mock_help  # the mock's listening address

    proc, banner = start_cli("--auth", "legacy", "--login-user", "shop", "--login-password-env", "SHOP_PW",
                             "--login-account", "Shop", env={"SHOP_PW": "pw-1234"}, cwd=tmp_path)
    try:
        assert any("login: username 'shop', account 'Shop', password from $SHOP_PW" in line for line in banner)
    finally:
        stop_cli(proc)
    # verify: the old --host still adds a host to redirect
    (tmp_path / "shop.py").write_text(SHOP_PROGRAM.replace("soap.copernica.com", "copernica.shop.test"))
    for flag in ("--redirect-host", "--host"):
        run_ = cli("verify", "--token-env", TOKEN_ENV, flag, "copernica.shop.test", "--", sys.executable, "shop.py",
                   cwd=tmp_path, env=base_env())
        assert run_.returncode == 0, (flag, run_.output)
