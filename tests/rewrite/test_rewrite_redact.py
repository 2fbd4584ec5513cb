"""Hard-coded credentials never reach the terminal through a printed diff."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from migrator.masking import mask_code_line as mask, mask_diff

MASKED = [
    ("PASSWORD = 'hunter2'", "PASSWORD = '***'"),
    ('-    "password": "hunter2",', '-    "password": "***",'),
    ('svc.login({"username": "u", "password": "hunter2"})', 'svc.login({"username": "u", "password": "***"})'),
    ('client = Pom(url, "u", "acc", password="hunter2")', 'client = Pom(url, "u", "acc", password="***")'),
    ("USER, PASSWORD = 'u', 'hunter2'", "USER, PASSWORD = '***', '***'"),
    ('if self.api_key == "hunter2":', 'if self.api_key == "***":'),
    ('SECRET = r"hun\\"ter2"', 'SECRET = "***"'),
    # an option's default: the option's name owns it
    ('     ap.add_argument("--password", default="hunter2")', '     ap.add_argument("--password", default="***")'),
    ('p.add_argument("-k", "--api-key", default="hunter2", help="x")',
     'p.add_argument("-k", "--api-key", default="***", help="x")'),
    # annotated: the annotation stands between the name and its value
    ('password: str = "hunter2"', 'password: str = "***"'),
    ('    api_key: Optional[str] = "hunter2"', '    api_key: Optional[str] = "***"'),
    ('def connect(password: str = "hunter2"):', 'def connect(password: str = "***"):'),
    # other languages' words for it, and the short forms
    ('WACHTWOORD = "hunter2"', 'WACHTWOORD = "***"'),
    ('kennwort = "hunter2"', 'kennwort = "***"'),
    ('PASSWORT = "hunter2"', 'PASSWORT = "***"'),
    ('smtp_pw = "hunter2"', 'smtp_pw = "***"'),
    ('smtpPw = "hunter2"', 'smtpPw = "***"'),
    ('CFG = {"db": "x", "pw": "hunter2"}', 'CFG = {"db": "x", "pw": "***"}'),
    ('PASS = "hunter2"', 'PASS = "***"'),
    ('cp_pass = "hunter2"', 'cp_pass = "***"'),
    # a string naming a secret owns the default given with it, and the value right after it
    ('pw = cfg.get("cp", "password", fallback="hunter2")', 'pw = cfg.get("cp", "password", fallback="***")'),
    ('os.environ.setdefault("CP_PASSWORD", "hunter2")', 'os.environ.setdefault("CP_PASSWORD", "***")'),
    ('p = os.getenv("SMTP_PASS", "hunter2")', 'p = os.getenv("SMTP_PASS", "***")'),
    # another service's basic auth, next to a changed line
    ('r = requests.get(url, auth=("crm", "hunter2"), timeout=5)',
     'r = requests.get(url, auth=("***", "***"), timeout=5)'),
    ('auth = HTTPBasicAuth("crm", "hunter2")', 'auth = HTTPBasicAuth("***", "***")'),
]
KEPT = [
    'password = os.environ["COPERNICA_PASSWORD"]',
    '"access_token": os.environ["COPERNICA_ACCESS_TOKEN"],',
    'LOGIN = {"username": "demo", "account": "Demo", "password": PASSWORD}',
    'kind = "password"',
    'city = "Amsterdam"',
    # names of where a secret lives are not secrets (the generated plugin module has this line)
    'TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"',
    '+PASSWORD_FILE = "/run/secrets/copernica"',
    'ap.add_argument("--user", default="demo")',
    'ap.add_argument("--password-env", default="COPERNICA_PASSWORD")',
    'kind: str = "password"',
    'typewriter = "hunter2"',
    'upward = "hunter2"',
    'bypass = "hunter2"',
    'author = "hunter2"',
    'x = connect(authority="hunter2")',
    'compass = "hunter2"',
    # a password that reads like a name owns nothing (the account after it stays)
    'client.service.login("api", "Pw-by-position-5531", "Newsletter")',
]


@pytest.mark.parametrize("line,expected", MASKED)
def test_literals_owned_by_a_credential_name_are_masked(line, expected):
    assert mask(line) == expected
    assert "hunter2" not in mask(line) and "hun" not in mask(line)


@pytest.mark.parametrize("line", KEPT)
def test_other_lines_stay_as_they_are(line):
    assert mask(line) == line


def test_mask_diff_keeps_line_structure():
    diff = "--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n PASSWORD = 'hunter2'\r\n-a = 1\n+a = 2\n"
    out = mask_diff(diff)
    assert out.count("\n") == diff.count("\n") and "hunter2" not in out


def test_a_login_by_position_masks_username_and_password_but_not_the_account(tmp_path):
    # the account names the account, not a secret: masked by value it starred the account's
    # name wherever it stood (a class name, a docstring, the WSDL's host), so the diff misled
    (tmp_path / "app").mkdir()
    (tmp_path / "app/nightly.py").write_text('''\
import zeep


def run():
    """Sync the Newsletter database."""
    client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
    client.service.login("api-user@example.com", "Pw-by-position-5531", "Newsletter")
    return client.service.Account_databases()
''')
    run = subprocess.run([sys.executable, "-m", "migrator", "rewrite", "app"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Pw-by-position-5531" not in run.stdout and "api-user@example.com" not in run.stdout
    assert '-    client.service.login("***", "***", "Newsletter")\n' in run.stdout
    assert '     """Sync the Newsletter database."""\n' in run.stdout
    assert run.stdout.count("***") == 2


def test_the_password_of_another_services_login_is_masked_too(tmp_path):
    # the CRM client is not Copernica's and stays as it is, but its lines show in the diff's context
    (tmp_path / "app").mkdir()
    (tmp_path / "app/bridge.py").write_text('''\
import os
import zeep

crm = zeep.Client("https://crm.example.com/soap?wsdl")
crm.service.login("crm-bot", "Crm-Secret-2024")
copernica = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
copernica.service.login(os.environ["CM_USER"], os.environ["CM_PASS"], "Shop")
crm.service.Authenticate({"user": "crm-bot", "pass": "Crm-Secret-2024"})
''')
    run = subprocess.run([sys.executable, "-m", "migrator", "rewrite", "app"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert ' crm.service.login("***", "***")\n' in run.stdout
    assert ' crm.service.Authenticate({"user": "***", "pass": "***"})\n' in run.stdout
    assert "Crm-Secret-2024" not in run.stdout + run.stderr


def test_a_password_passed_to_a_login_function_of_another_module_is_found_and_masked(tmp_path):
    # `connect` logs in with its parameters; the caller's literal is a hard-coded credential
    # (COP008 where it is written), and a diff of the caller that shows its line masks it
    (tmp_path / "app").mkdir()
    (tmp_path / "app/cop.py").write_text('''\
import zeep


def connect(user, secret, account="Shop"):
    client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
    client.service.login(username=user, account=account, password=secret)
    return client
''')
    (tmp_path / "app/job.py").write_text('''\
import zeep
from cop import connect

reports = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
reports.service.login({"username": "reporter", "account": "Shop", "password": "Pw-reports-4410"})
client = connect("api-user@example.com", secret="Pw-by-function-9923")
''')
    scan = subprocess.run([sys.executable, "-m", "migrator", "scan", "--format", "json", "-j", "1", "app"],
                          cwd=tmp_path, capture_output=True, text=True)
    found = sorted((f["location"]["path"], f["location"]["line"], f["location"]["column"], f["rule"])
                   for f in json.loads(scan.stdout)["findings"] if f["rule"] == "COP008")
    assert found == [("app/job.py", 5, 36, "COP008"), ("app/job.py", 5, 79, "COP008"),
                     ("app/job.py", 6, 18, "COP008"), ("app/job.py", 6, 49, "COP008")]
    run = subprocess.run([sys.executable, "-m", "migrator", "rewrite", "app"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert ' client = connect("***", secret="***")\n' in run.stdout
    # connect's parameters now feed nothing: said in the summary, not only in a --report
    assert "credential(s) the migrated code no longer uses: remove them, and rotate" in run.stderr
    assert "Pw-by-function-9923" not in run.stdout + run.stderr + scan.stdout + scan.stderr


def test_a_secret_shared_by_many_files_is_masked_in_each_diff_and_kept_once(tmp_path):
    from migrator.rewrite import RewriteOptions, rewrite

    (tmp_path / "app").mkdir()
    for n in range(3):
        (tmp_path / "app" / f"job{n}.py").write_text(
            "import zeep\n\n"
            "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
            "client.service.login({'username': 'ops', 'account': 'Shop', 'password': 'Kw3rty-shared-9'})\n"
            f"client.service.Account_database({{'id': {n}}})\n")
    result = rewrite(["app"], RewriteOptions(jobs=1), cwd=str(tmp_path))
    assert len(result.changed) == 3
    assert result.secrets.count("Kw3rty-shared-9") == 1  # not once per file: each diff is masked with all
    for file in result.changed:
        assert "Kw3rty-shared-9" in file.diff and "Kw3rty-shared-9" not in mask_diff(file.diff, result.secrets)


def test_a_one_letter_secret_never_breaks_the_patchs_file_names():
    diff = "--- a/b.py\n+++ b/b.py\n@@ -1 +1 @@\n-login('b', pw)\n+pass\n"
    out = mask_diff(diff, ["b"])
    assert out.startswith("--- a/b.py\n+++ b/b.py\n") and "-login('***', pw)\n" in out
