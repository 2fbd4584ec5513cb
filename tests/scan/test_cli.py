"""`copernica-migrate scan` and `rules` as a user runs them: a real subprocess, real analyzers."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from terminal import read_all

PY_LOGIN = (
    "import os\nimport zeep\n\n"
    'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")\n'
    'client.service.login({"username": os.environ["U"], "account": "", "password": os.environ["P"]})\n'
)
PHP_LOGIN = (
    '<?php\n$soap = new SoapClient("https://soap.copernica.com/?SOAPAPI=WSDL");\n'
    '$soap->login(array("username" => $u, "account" => $a, "password" => $p));\n'
    'export($soap);  // handed on: rewrite cannot follow it, the login needs hands\n'
)


def cli(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COPERNICA_MIGRATE_DEBUG", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, input=stdin,
                          capture_output=True, env=env, timeout=120)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode()
    assert "Traceback" not in err
    return err.strip()


def test_exit_0_when_clean(tmp_path):
    write(tmp_path, {"a.py": "print('hello')\n"})
    proc = cli(tmp_path, "scan")
    assert proc.returncode == 0, proc.stderr
    assert "No findings." in proc.stdout.decode()


def test_exit_1_and_readable_report_with_findings(tmp_path):
    write(tmp_path, {"app/a.py": PY_LOGIN, "web/b.php": PHP_LOGIN})
    proc = cli(tmp_path, "scan")
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "\x1b[" not in out  # no colour in a pipe
    assert "app/a.py:5:1: COP001 " in out and "[fixable]" in out
    assert "web/b.php:3:" in out and "COP101" in out
    assert "1 fixable by `copernica-migrate rewrite`, 1 needs hands" in out
    assert "Files: 2 scanned, 2 parsed, 0 skipped, 0 errors." in out
    assert proc.stderr == b""  # no progress bar outside a terminal


def test_exit_2_on_missing_path_with_one_line(tmp_path):
    proc = cli(tmp_path, "scan", "does-not-exist")
    assert proc.returncode == 2
    err = one_line_error(proc)
    assert len(err.splitlines()) == 1 and "does-not-exist" in err


def test_exit_2_on_unknown_rule_code(tmp_path):
    write(tmp_path, {"a.py": PY_LOGIN})
    proc = cli(tmp_path, "scan", "--select", "COP999")
    assert proc.returncode == 2
    assert "COP999" in one_line_error(proc)


def test_parse_error_gives_exit_1_and_the_scan_continues(tmp_path):
    write(tmp_path, {"bad.py": "import zeep\ndef f(:\n", "ok.py": PY_LOGIN})
    proc = cli(tmp_path, "scan")
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "bad.py:2" in out and "cannot parse" in out
    assert "ok.py:5:1: COP001" in out
    only_bad = cli(tmp_path, "scan", "bad.py")
    assert only_bad.returncode == 1 and "0 findings" not in only_bad.stdout.decode()


def test_stdin_dash(tmp_path):
    proc = cli(tmp_path, "scan", "-", stdin=PY_LOGIN.encode())
    assert proc.returncode == 1
    assert "-:5:1: COP001" in proc.stdout.decode()
    proc = cli(tmp_path, "scan", "-", "--stdin-filename", "src/pay.php", stdin=PHP_LOGIN.encode())
    assert "src/pay.php:3:" in proc.stdout.decode() and "COP101" in proc.stdout.decode()
    clean = cli(tmp_path, "scan", "-", stdin=b"print(1)\n")
    assert clean.returncode == 0


def test_pyproject_settings_and_cli_override(tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.copernica-migrate]\nexclude = ["legacy/"]\nignore = ["COP101"]\n',
        "legacy/old.py": PY_LOGIN,
        "src/new.php": PHP_LOGIN,
        "src/new.py": PY_LOGIN,
    })
    out = cli(tmp_path, "scan", "--format", "json").stdout
    paths = {(f["location"]["path"], f["rule"]) for f in json.loads(out)["findings"]}
    assert ("src/new.py", "COP001") in paths
    assert not any(p.startswith("legacy/") for p, _ in paths) and not any(r == "COP101" for _, r in paths)
    # a CLI option replaces that one config list and keeps the others
    out = cli(tmp_path, "scan", "--format", "json", "--exclude", "src/").stdout
    paths = {(f["location"]["path"], f["rule"]) for f in json.loads(out)["findings"]}
    assert ("legacy/old.py", "COP001") in paths
    assert not any(p.startswith("src/") for p, _ in paths)
    out = cli(tmp_path, "scan", "--format", "json", "--ignore", "COP001").stdout
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "COP101" in rules and "COP001" not in rules


def test_bad_pyproject_is_a_one_line_error(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.copernica-migrate]\nselect = "COP0"\nfrobnicate = 1\n',
                     "a.py": PY_LOGIN})
    proc = cli(tmp_path, "scan")
    assert proc.returncode == 2
    assert "frobnicate" in one_line_error(proc)


def test_output_file_is_written_and_keeps_its_mode(tmp_path):
    write(tmp_path, {"a.py": PY_LOGIN})
    report = tmp_path / "report.json"
    report.write_text("old")
    report.chmod(0o640)
    proc = cli(tmp_path, "scan", "--format", "json", "--output", "report.json")
    assert proc.returncode == 1 and proc.stdout == b""
    assert json.loads(report.read_text())["summary"]["findings"] >= 1
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_output_into_missing_folder_is_exit_2(tmp_path):
    write(tmp_path, {"a.py": PY_LOGIN})
    proc = cli(tmp_path, "scan", "--output", "nope/report.txt")
    assert proc.returncode == 2 and "nope/report.txt" in one_line_error(proc)


@pytest.mark.parametrize("engine", ["python", "rg"])
def test_engines_give_the_same_report(tmp_path, engine):
    from migrator.scan import prefilter

    if engine == "rg" and not prefilter.find_rg():
        pytest.skip("ripgrep is not installed")
    write(tmp_path, {".gitignore": "skip/\n", "skip/a.py": PY_LOGIN, "b.py": PY_LOGIN, "c.php": PHP_LOGIN})
    a = cli(tmp_path, "scan", "--engine", engine, "--format", "json")
    b = cli(tmp_path, "scan", "--engine", "python", "--format", "json")
    assert json.loads(a.stdout)["findings"] == json.loads(b.stdout)["findings"]


def test_rules_lists_every_rule(tmp_path):
    from migrator.rules import all_rules

    proc = cli(tmp_path, "rules")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    for rule in all_rules():
        assert rule.code in out and rule.name in out
    data = json.loads(cli(tmp_path, "rules", "--format", "json").stdout)
    assert {r["code"] for r in data} == {r.code for r in all_rules()}
    assert all(set(r) >= {"code", "name", "languages", "fixable", "summary"} for r in data)


def test_rules_shows_one_rule_with_examples(tmp_path):
    from migrator.rules import get

    proc = cli(tmp_path, "rules", "cop900")
    out = proc.stdout.decode()
    assert proc.returncode == 0 and out.startswith("COP900 unused-suppression")
    for example in get("COP900").invalid["python"]:
        assert example in out
    one = json.loads(cli(tmp_path, "rules", "COP900", "--format", "json").stdout)
    assert one["code"] == "COP900" and one["invalid"]["php"]
    missing = cli(tmp_path, "rules", "COP999")
    assert missing.returncode == 2 and "COP999" in one_line_error(missing)


def test_runs_as_a_pre_commit_hook_on_named_files(tmp_path):
    yaml = pytest.importorskip("yaml")
    repo = Path(__file__).resolve().parents[2]
    (hook,) = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "copernica-migrate-scan" and hook["entry"] == "copernica-migrate scan"
    write(tmp_path, {".gitignore": "gen/\n", "gen/a.py": PY_LOGIN, "b.php": PHP_LOGIN, "README.md": "zeep\n"})
    # pre-commit passes the staged files by name: all are looked at, even ignored ones
    proc = cli(tmp_path, *hook["entry"].split()[1:], "gen/a.py", "b.php", "README.md")
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "gen/a.py:5:1: COP001" in out and "b.php:3:" in out
    assert "README.md: no analyzer for this file type" in out


def test_progress_bar_only_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    write(tmp_path, {f"m{i}.py": "import zeep  # copernica\n" for i in range(120)})
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    master, slave = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "migrator", "scan", "."], cwd=tmp_path, env=env,
                          stdout=subprocess.PIPE, stderr=slave, timeout=120)
    os.close(slave)
    shown = read_all(master)
    assert proc.returncode == 0
    assert b"scanning" in shown and b"100%" in shown
    assert b"scanning" not in proc.stdout
    piped = cli(tmp_path, "scan", ".")
    assert piped.stderr == b""


def test_unknown_code_in_pyproject_names_the_file(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.copernica-migrate]\nignore = ["COP777"]\n', "a.py": PY_LOGIN})
    proc = cli(tmp_path, "scan")
    err = one_line_error(proc)
    assert proc.returncode == 2 and "pyproject.toml" in err and "COP777" in err


def test_scan_does_not_load_the_soap_stack(tmp_path):
    # start-up time: scanning never needs zeep or lxml (they serve `mock` and `verify`)
    write(tmp_path, {"a.py": PY_LOGIN, "b.php": PHP_LOGIN})
    probe = ("import sys, runpy\nsys.argv = ['copernica-migrate', 'scan', '.']\n"
             "try:\n    runpy.run_module('migrator', run_name='__main__')\nexcept SystemExit as exc:\n"
             "    code = exc.code\n"
             "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'zeep', 'lxml'}))\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.stdout.decode().strip().splitlines()[-1] == "1 []"


def test_docs_list_every_rule():
    from migrator.rules import all_rules

    docs = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [r.code for r in all_rules() if f"| {r.code} | `{r.name}` |" not in docs]
    assert not missing, f"README.md lacks rules {missing}"


def test_report_file_for_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsdecode(b"bad\xffname.py")
    (tmp_path / name).write_text(PY_LOGIN, encoding="utf-8")
    for fmt in ("text", "json", "sarif"):
        proc = cli(tmp_path, "scan", "--format", fmt, "--output", f"out.{fmt}")
        assert proc.returncode == 1, one_line_error(proc)
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert os.fsencode(doc["findings"][0]["location"]["path"]) == b"bad\xffname.py"


def test_a_file_over_a_limit_that_mentions_copernica_fails_the_gate(tmp_path):
    # nothing analysed it, so nothing proves it clean; an unrelated big file stays a note
    (tmp_path / "other.py").write_text("x = 1\n" * 400_000)
    clean = subprocess.run([sys.executable, "-m", "migrator", "scan", "--format", "json", "."],
                           cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    (tmp_path / "huge.py").write_text("import zeep\nc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
                                      "c.service.login(U, P, 'Shop')\n" + "x = 1\n" * 400_000)
    run = subprocess.run([sys.executable, "-m", "migrator", "scan", "--format", "json", "."],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["skipped"] == [
        {"path": "huge.py", "reason": "larger than --max-file-size (2400102 > 2097152 bytes)", "unanalysed": True}]
    text = subprocess.run([sys.executable, "-m", "migrator", "scan", "."], cwd=tmp_path, capture_output=True, text=True)
    assert text.returncode == 1 and "No findings in the files that could be scanned." in text.stdout
    assert "huge.py: larger than --max-file-size" in text.stdout and "was not analysed: exit 1" in text.stdout
