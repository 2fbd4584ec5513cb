"""`copernica-migrate rewrite` as a user runs it: a subprocess, exit codes, output, report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from throwaway_credentials import LOGIN, TOKEN

LEGACY = (
    "import os\nimport zeep\n"
    "PASSWORD = os.environ['COPERNICA_PASSWORD']\n"
    "svc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL').service\n"
    'svc.Account_database({"identifier": "News", '
    '"login": {"username": os.environ["COPERNICA_USER"], "account": "Demo", "password": PASSWORD}})\n'
)
# a login struct built apart from any call: the tool cannot tell which call gets it, so the
# module is left as it was (all or nothing) and the reason listed
UNSETTLED = (
    "import os\n"
    "PASSWORD = os.environ['COPERNICA_PASSWORD']\n"
    "params = {'id': 1, 'login': {'username': 'u', 'account': 'a', 'password': PASSWORD}}\n"
    "COPERNICA = 'https://soap.copernica.com/?SOAPAPI=WSDL'\n"
)


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", "rewrite", *args], cwd=cwd,
                          env={**os.environ, "COPERNICA_ACCESS_TOKEN": TOKEN, **(env or {})},
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/client.py").write_text(LEGACY)
    (tmp_path / "app/jobs.py").write_text(UNSETTLED)
    (tmp_path / "app/broken.py").write_text("import zeep\ndef f(:\n")
    return tmp_path


def test_dry_run_prints_a_patch_and_writes_nothing(project):
    proc = cli("--style", "inline", "app", cwd=project)
    assert proc.returncode == 1  # broken.py could not be rewritten
    assert proc.stdout.startswith("--- a/app/client.py\n+++ b/app/client.py\n")
    assert "\x1b[" not in proc.stdout  # no colour when stdout is not a terminal
    assert "error: app/broken.py:2:7: syntax error" in proc.stderr
    assert "would rewrite 1 of 3 files; 1 place(s) need hands; 1 error(s)" in proc.stderr
    assert ("needs hands: app/jobs.py:3: per-call `login` struct outside a call the tool recognises"
            in proc.stderr)
    assert "app/jobs.py" not in proc.stdout  # all or nothing: its group is left as it was
    assert (project / "app/client.py").read_text() == LEGACY
    # the patch applies as is
    patch = subprocess.run(["patch", "-p1", "--dry-run"], input=proc.stdout, cwd=project,
                           capture_output=True, text=True)
    assert patch.returncode == 0, patch.stdout + patch.stderr


def test_check_and_write_exit_codes(project):
    (project / "app/broken.py").unlink()
    # something needs hands: every mode exits 1 and names it, and jobs.py is never written
    written = cli("--write", "app", cwd=project)
    assert written.returncode == 1 and "needs hands: app/jobs.py:3:" in written.stderr
    assert (project / "app/jobs.py").read_text() == UNSETTLED
    (project / "app/jobs.py").unlink()
    (project / "app/client.py").write_text(LEGACY)
    assert cli("--check", "-q", "app", cwd=project).returncode == 1
    assert (project / "app/client.py").read_text() == LEGACY
    written = cli("--write", "app", cwd=project)
    assert written.returncode == 0, written.stderr
    assert "rewrote 1 of 1 files" in written.stderr and written.stdout == ""
    assert "access_token" in (project / "app/client.py").read_text()
    # nothing left to do: check passes, dry run exits 0
    assert cli("--check", "app", cwd=project).returncode == 0
    assert cli("app", cwd=project).returncode == 0


@pytest.mark.parametrize("args,message", [
    (["--token-env", "1BAD-NAME", "app"], "not a valid environment variable name"),
    (["--style", "magic", "app"], "Invalid value for '--style'"),
    (["--write", "--check", "app"], "exclude each other"),
    (["missing/"], "missing/: no such file or directory"),
    (["--jobs", "-1", "app"], "--jobs"),
])
def test_usage_errors_exit_2_in_one_line(project, args, message):
    proc = cli(*args, cwd=project)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_bad_config_exits_2(project):
    (project / "pyproject.toml").write_text("[tool.copernica-migrate]\nexclude = 3\n")
    proc = cli("app", cwd=project)
    assert proc.returncode == 2 and "exclude must be a list" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_and_option_excludes(project):
    (project / "pyproject.toml").write_text(
        '[tool.copernica-migrate]\nexclude = ["broken.py"]\ntoken-env = "SHOP_TOKEN"\n')
    proc = cli("--check", "app", cwd=project)
    assert proc.returncode == 1 and "error" not in proc.stderr.replace("0 error(s)", "")
    assert 'os.environ["SHOP_TOKEN"]' in proc.stdout
    assert cli("--check", "--exclude", "client.py", "--exclude", "jobs.py", "app", cwd=project).returncode == 0


def test_report_lists_changes_todos_credentials_and_next_step_without_secrets(project):
    proc = cli("--style", "inline", "--report", "migration.md", "app", cwd=project,
               env={"COPERNICA_PASSWORD": LOGIN["password"]})
    report = (project / "migration.md").read_text()
    assert "### `app/client.py`" in report
    assert "line 5: Account_database: per-call `login` struct replaced by `access_token`" in report
    assert "- `app/jobs.py:3`: per-call `login` struct outside a call" in report
    assert "export COPERNICA_ACCESS_TOKEN=<your access token>" in report
    assert "copernica-migrate verify -- <command that runs your program>" in report
    assert "app/broken.py:2:7: syntax error" in report
    for secret in (TOKEN, LOGIN["password"]):
        assert secret not in report
        assert secret not in proc.stderr
    assert TOKEN not in proc.stdout  # the diff shows the user's code, never the token


def test_hard_coded_passwords_are_masked_in_the_printed_diff(project):
    (project / "app/client.py").write_text(
        LEGACY.replace("os.environ['COPERNICA_PASSWORD']", repr(LOGIN["password"])))
    proc = cli("app/client.py", cwd=project)
    assert "-PASSWORD" not in proc.stdout  # the assignment is not part of the change...
    assert " PASSWORD = '***'" in proc.stdout  # ...but it is context, and masked
    assert LOGIN["password"] not in proc.stdout + proc.stderr
    assert cli("--write", "app/client.py", cwd=project).returncode == 0
    assert f"PASSWORD = {LOGIN['password']!r}" in (project / "app/client.py").read_text()


def test_credentials_passed_by_position_to_a_wrapper_of_another_module_are_masked(tmp_path):
    """The caller's module alone does not say which argument is the password; the diff still hides it."""
    planted_user, planted_password = "planted-user-51be", "PLANTED-positional-51be"
    (tmp_path / "api.py").write_text(
        "import zeep\n\n\nclass Api:\n"
        "    def __init__(self, username, password, account=''):\n"
        "        self.client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self.client.service.login({'username': username, 'account': account, 'password': password})\n\n"
        "    def fields(self):\n        return self.client.service.Database_fields({'id': 1})\n")
    (tmp_path / "run.py").write_text(
        "import os\n\nfrom api import Api\n\n"
        f"api = Api(os.environ.get('SHOP_USER', {planted_user!r}), {planted_password!r}, account='acme')\n"
        "print(api.fields())\n")
    proc = cli(".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "-api = Api(os.environ.get('SHOP_USER', '***'), '***', account='acme')" in proc.stdout
    assert planted_password not in proc.stdout + proc.stderr and planted_user not in proc.stdout


def test_plugin_style_names_the_env_var_and_token_env_option(project):
    proc = cli("--token-env", "SHOP_TOKEN", "--check", "app", cwd=project)
    assert 'os.environ["SHOP_TOKEN"]' in proc.stdout
    assert "set SHOP_TOKEN to your access token" in proc.stderr


@pytest.mark.parametrize("tool", [["git", "apply"], ["patch", "-p1", "--quiet"]])
def test_the_printed_diff_applies_as_a_patch_to_crlf_and_form_feed_files(tmp_path, tool):
    """`rewrite > migration.patch` then git apply / patch -p1 gives what --write gives."""
    import shutil

    if shutil.which(tool[0]) is None:
        pytest.skip(f"{tool[0]} is not installed")
    source = tmp_path / "source"
    (source / "app").mkdir(parents=True)
    (source / "app/crlf.py").write_bytes(LEGACY.replace("\n", "\r\n").encode())
    # a form feed (a page break in old code) is no line end for patch tools
    (source / "app/paged.py").write_bytes(("# page one\x0c more\n" + LEGACY + "\x0c\nx = 1").encode())
    patched, written = tmp_path / "patched", tmp_path / "written"
    shutil.copytree(source, patched)
    shutil.copytree(source, written)
    dry = subprocess.run([sys.executable, "-m", "migrator", "rewrite", "--color", "never", "app"], cwd=source,
                         env={**os.environ, "COPERNICA_ACCESS_TOKEN": TOKEN}, capture_output=True, timeout=120)
    assert dry.returncode == 0 and b"\r\n" in dry.stdout, dry.stderr
    (tmp_path / "migration.patch").write_bytes(dry.stdout)
    applied = subprocess.run([*tool, str(tmp_path / "migration.patch")] if tool[0] == "git" else
                             [*tool, "-i", str(tmp_path / "migration.patch")], cwd=patched,
                             capture_output=True, text=True, timeout=60)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert cli("--write", "app", cwd=written).returncode == 0
    files = sorted(p.relative_to(written) for p in written.rglob("*") if p.is_file())
    assert len(files) == 3  # the two modules and the generated plugin
    for rel in files:
        assert (patched / rel).read_bytes() == (written / rel).read_bytes(), rel


def test_a_module_outside_the_paths_that_builds_a_rewritten_wrapper_keeps_both_as_they_were(project):
    """`rewrite app/api.py` alone would change the wrapper's constructor under app/run.py's feet."""
    (project / "app/api.py").write_text(
        "import zeep\n\n\nclass Api:\n"
        "    def __init__(self, username, password, account=''):\n"
        "        self.client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self.client.service.login({'username': username, 'account': account, 'password': password})\n\n"
        "    def fields(self):\n        return self.client.service.Database_fields({'id': 1})\n")
    (project / "app/run.py").write_text(
        "import os\n\nfrom api import Api\n\n"
        "print(Api(os.environ['SHOP_USER'], os.environ['SHOP_PASSWORD']).fields())\n")
    before = {p.name: p.read_bytes() for p in (project / "app").iterdir() if p.is_file()}
    alone = cli("--write", "app/api.py", cwd=project)
    assert alone.returncode == 1
    assert ("needs hands: app/run.py: shares imports with what this rewrite changes (app/api.py) but is not "
            "under the paths given") in alone.stderr
    assert {p.name: p.read_bytes() for p in (project / "app").iterdir() if p.is_file()} == before
    # an unrelated module outside the paths (app/jobs.py, with a finding of its own) stops nothing
    assert cli("--write", "app/client.py", cwd=project).returncode == 0
    together = cli("--write", "app/api.py", "app/run.py", cwd=project)
    assert together.returncode == 0, together.stderr
    assert "Api()" in (project / "app/run.py").read_text()


WRAPPER_CONNECT = '''\
import zeep


class Api:
    WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"

    def __init__(self, username, password, account=""):
        self.username = username
        self.password = password
        self.account = account
        self.client = None

    def connect(self, wsdl=None):
        self.client = zeep.Client(wsdl or self.WSDL)
        self.client.service.login({"username": self.username, "account": self.account,
                                   "password": self.password})
        return self

    def database(self, name):
        return self.client.service.Account_database({"identifier": name})
'''


@pytest.mark.parametrize("style", ["inline", "plugin"])
def test_a_wrapper_that_makes_its_client_in_connect_uses_the_token_its_constructor_takes(
        tmp_path, mock_server, style):
    """`Api(access_token=T).connect()` with no token variable set: T must reach every call."""
    (tmp_path / "api.py").write_text(WRAPPER_CONNECT)
    proc = cli("--write", "--style", style, ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    mock = mock_server(auth="token")
    script = ("import api\n"
              f"client = api.Api(access_token={TOKEN!r}).connect({mock.wsdl_url!r})\n"
              "client.client.service.Account_createDatabase({'name': 'Shop'})\n"
              "print(client.database('Shop').database.name)\n")
    if style == "inline":  # the inline client sends the token in each call's parameters
        script = script.replace("{'name': 'Shop'}", "{'name': 'Shop', 'access_token': " + repr(TOKEN) + "}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-600:]
    assert run.stdout.strip() == "Shop"


def test_a_login_added_to_the_parameters_later_is_found_and_left_to_a_person(tmp_path):
    """`params["login"] = LOGIN` would keep sending the password next to the token."""
    import json

    (tmp_path / "job.py").write_text(
        "import os\n\nimport zeep\n\n"
        "LOGIN = {'username': 'api', 'account': 'Shop', 'password': os.environ['SHOP_PASSWORD']}\n"
        "svc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL').service\n\n\n"
        "def databases():\n    params = {'allproperties': True}\n    params['login'] = LOGIN\n"
        "    return svc.Account_databases(params)\n")
    scan = subprocess.run([sys.executable, "-m", "migrator", "scan", "--format", "json", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    found = [f for f in json.loads(scan.stdout)["findings"] if f["rule"] == "COP002"]
    assert [(f["location"]["line"], f["fixable"]) for f in found] == [(11, False)]
    proc = cli("--write", ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert "needs hands: job.py:11: a per-call login struct is left" in proc.stderr
    assert "params['login'] = LOGIN" in (tmp_path / "job.py").read_text()


def test_a_wrapper_in_a_folder_without_init_is_found_where_it_is_built_and_both_migrate(tmp_path):
    """`from app.api import Api` in a namespace package names the wrapper by its folders."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app/api.py").write_text(
        "import zeep\n\n\nclass Api:\n"
        "    def __init__(self, username, password, account=''):\n"
        "        self.client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self.client.service.login({'username': username, 'account': account, 'password': password})\n")
    (tmp_path / "app/run.py").write_text(
        "import os\n\nfrom app.api import Api\n\nApi(os.environ['SHOP_USER'], os.environ['SHOP_PASSWORD'])\n")
    scan = subprocess.run([sys.executable, "-m", "migrator", "scan", "app"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert "app/run.py:5:1: COP004" in scan.stdout, scan.stdout
    proc = cli("--write", "app", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Api()" in (tmp_path / "app/run.py").read_text()
    assert "def __init__(self, access_token=None)" in (tmp_path / "app/api.py").read_text()


def test_a_sibling_project_with_the_same_package_names_does_not_hold_one_back(tmp_path):
    """`one/app/api.py` and `two/app/api.py` are both `app.api`: naming `one` migrates `one`."""
    for name in ("one", "two"):
        (tmp_path / name / "app").mkdir(parents=True)
        (tmp_path / name / "app/__init__.py").write_text("")
        (tmp_path / name / "app/api.py").write_text(
            "import zeep\n\n\nclass Api:\n"
            "    def __init__(self, username, password, account=''):\n"
            "        self.client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
            "        self.client.service.login({'username': username, 'account': account, 'password': password})\n")
        (tmp_path / name / "app/run.py").write_text(
            "import os\n\nfrom app.api import Api\n\nApi(os.environ['SHOP_USER'], os.environ['SHOP_PASSWORD'])\n")
    proc = cli("--write", "one", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "two/" not in proc.stderr
    assert "Api()" in (tmp_path / "one/app/run.py").read_text()
    assert "Api()" not in (tmp_path / "two/app/run.py").read_text()


def test_the_next_step_names_the_token_variable_the_code_reads_when_it_is_not_the_configured_one(tmp_path):
    # a half-migrated project reads CM_API_TOKEN: so does the migrated code, and verify must be told
    (tmp_path / "new.py").write_text(
        "import os\nimport zeep\nsvc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL').service\n"
        "svc.Account_databases({'access_token': os.environ['CM_API_TOKEN']})\n")
    (tmp_path / "old.py").write_text(LEGACY)
    run = cli("old.py", "new.py", cwd=tmp_path)
    assert "then run: copernica-migrate verify --token-env CM_API_TOKEN -- <command>" in run.stderr, run.stderr
    (tmp_path / "new.py").unlink()
    plain = cli("old.py", cwd=tmp_path)
    assert "then run: copernica-migrate verify -- <command>" in plain.stderr, plain.stderr


def test_hard_coded_credentials_the_migration_keeps_are_named_in_the_summary(tmp_path):
    # the scan calls them COP008 (needs hands); the rewrite removed the login, not the literals
    (tmp_path / "leak.py").write_text(
        "import sys\nimport zeep\n\nUSER = 'leak@example.com'\nPASSWORD = 'Pw-kept-4321'\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "client.service.login({'username': USER, 'account': 'Shop', 'password': PASSWORD})\n"
        "sys.stderr.write(PASSWORD)\nprint(client.service.Account_databases({}))\n")
    run = cli("-q", ".", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert ("note: hard-coded credentials stay in the code (at leak.py:4, leak.py:5): remove them and "
            "rotate the passwords") in run.stderr
    assert "Pw-kept-4321" not in run.stdout + run.stderr
