"""One CLI voice: every usage error of every command, click's own included, is one line
`copernica-migrate: error: <message>` on stderr and exit status 2: no `Usage:` block, no traceback."""

from __future__ import annotations

import json

import pytest
from cli_helpers import one_error_line, run

COMMANDS = ["scan", "rewrite", "verify", "check-token", "mock", "snapshot", "demo", "rules"]

# (command, arguments, a piece of the message); the runs happen in a folder holding `afile`
# (a regular file) and `full/` (a folder that is not empty), with no COPERNICA_* variable set.
CASES = [
    # an unknown option
    *[(c, ["--bogus"], "No such option '--bogus'") for c in COMMANDS],
    # a bad value for an option (type, range or choice)
    ("scan", ["--jobs", "many"], "Invalid value for '-j' / '--jobs'"),
    ("scan", ["--format", "xml"], "Invalid value for '--format'"),
    ("scan", ["--max-file-size", "2XB"], "is not a size"),
    ("rewrite", ["--jobs", "-1"], "Invalid value for '-j' / '--jobs'"),
    ("rewrite", ["--style", "fancy"], "Invalid value for '--style'"),
    ("verify", ["--timeout", "soon", "--", "true"], "Invalid value for '--timeout'"),
    ("verify", ["--auth", "none", "--", "true"], "Invalid value for '--auth'"),
    ("check-token", ["--timeout", "0"], "Invalid value for '--timeout'"),
    ("check-token", ["--format", "xml"], "Invalid value for '--format'"),
    ("mock", ["--port", "70000"], "Invalid value for '--port'"),
    ("mock", ["--max-body", "ten"], "is not a size"),
    ("snapshot", ["--profiles", "-1"], "Invalid value for '--profiles'"),
    ("snapshot", ["--token-env", "NOT-A-NAME"], "not a valid environment variable name"),
    ("demo", ["--style", "fancy"], "Invalid value for '--style'"),
    ("rules", ["--format", "xml"], "Invalid value for '--format'"),
    # an option without its value
    ("scan", ["--select"], "Option '--select' requires an argument"),
    ("verify", ["--trace"], "Option '--trace' requires an argument"),
    # missing or nonexistent paths, a missing argument
    ("scan", ["no/such/dir"], "no/such/dir: no such file or directory"),
    ("rewrite", ["no/such/dir"], "no/such/dir: no such file or directory"),
    ("verify", [], "Missing argument 'COMMAND...'"),
    ("verify", ["--seed", "no-such.yaml", "--", "true"], "'no-such.yaml' does not exist"),
    ("verify", ["--", "no-such-program-xyz"], "command not found: no-such-program-xyz"),
    ("check-token", ["--ca-bundle", "no-such.pem"], "'no-such.pem' does not exist"),
    ("mock", ["--seed", "no-such.yaml"], "'no-such.yaml' does not exist"),
    ("snapshot", ["--ca-bundle", "no-such.pem"], "'no-such.pem' does not exist"),
    ("demo", ["--dir", "afile"], "is a file"),
    ("rules", ["COP999"], "unknown rule 'COP999'"),
    # the commands' own checks
    ("scan", ["--select", "XX1"], "--select: unknown rule code or prefix 'XX1'"),
    ("rewrite", ["--write", "--check"], "--write and --check exclude each other"),
    ("verify", ["--url", "https://x.test/", "--", "true"], "--url needs --live"),
    ("check-token", [], "$COPERNICA_ACCESS_TOKEN is not set or empty"),
    ("mock", ["--password-env", "COPERNICA_TEST_UNSET_VAR"], "$COPERNICA_TEST_UNSET_VAR is not set"),
    ("snapshot", [], "$COPERNICA_ACCESS_TOKEN is not set or empty"),
    ("demo", ["--dir", "full"], "the folder is not empty"),
    # unknown subcommand
    ("bogus", [], "No such command 'bogus'"),
]


@pytest.mark.parametrize("command,args,message", CASES,
                         ids=[f"{c}-{'-'.join(a) or 'none'}" for c, a, _ in CASES])
def test_every_usage_error_is_one_line_and_exit_2(command, args, message, tmp_path):
    (tmp_path / "afile").write_text("x\n")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x\n")
    text = one_error_line(run(command, *args, cwd=tmp_path, timeout=60))
    assert message in text


def test_a_bad_pyproject_is_one_line_for_every_command_that_reads_it(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.copernica-migrate]\ntoken-env = "not a name"\n')
    for args in (["scan"], ["rewrite"], ["verify", "--", "true"], ["check-token"], ["snapshot"], ["mock"]):
        text = one_error_line(run(*args, cwd=tmp_path, timeout=60))
        assert "pyproject.toml: [tool.copernica-migrate] token-env must be" in text, args


def test_check_token_json_keeps_its_json_error(tmp_path):
    proc = run("check-token", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr == ""
    data = json.loads(proc.stdout)
    assert data["status"] == "error" and "$COPERNICA_ACCESS_TOKEN is not set" in data["detail"]


def test_verify_refuses_an_unknown_option_before_the_command(tmp_path):
    # not taken as the program to run: verify does not know --bogus, and says so
    text = one_error_line(run("verify", "--bogus", "python", "-c", "pass", cwd=tmp_path))
    assert text == "No such option '--bogus'."
    # after --, everything is the program's (here a program that does not exist)
    text = one_error_line(run("verify", "--", "--bogus", cwd=tmp_path))
    assert "command not found: --bogus" in text


def test_verify_refuses_its_own_option_after_the_command(tmp_path):
    text = one_error_line(run("verify", "python", "x.py", "--trace", "t.json", cwd=tmp_path))
    assert text.startswith("--trace after the command goes to the program")


def test_did_you_mean_never_suggests_an_old_option_name(tmp_path):
    text = one_error_line(run("verify", "--hots", "--", "true", cwd=tmp_path))
    assert "--host'" not in text


def test_internal_errors_stay_one_line_with_the_debug_hint(tmp_path):
    # an internal error: a command module that raises; run through the real main()
    code = ("import sys, click, migrator.cli as c\n"
            "@click.command()\ndef boom():\n    raise RuntimeError('kaboom')\n"
            "c.COMMANDS['boom'] = 'boom'\nimport types; m = types.ModuleType('migrator.commands.boom');"
            " m.command = boom; sys.modules['migrator.commands.boom'] = m\n"
            "sys.argv = ['copernica-migrate', 'boom']\nc.main()\n")
    import subprocess
    import sys

    from cli_helpers import clean_env

    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=clean_env(), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "copernica-migrate: internal error: RuntimeError: kaboom (set COPERNICA_MIGRATE_DEBUG=1 for details)"]


def test_group_help_lists_each_command_once(tmp_path):
    proc = run("--help", cwd=tmp_path)
    assert proc.returncode == 0
    for name in COMMANDS:
        assert sum(line.split()[0] == name for line in proc.stdout.splitlines() if line.strip()) == 1, name
