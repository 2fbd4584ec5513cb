"""The Python detector driven by the real `scan` command over small legacy projects."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.scan.python import PythonAnalyzer

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[3] / "migrator" / "examples" / "legacy"


def scan_json(root: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "migrator", "scan", "--format", "json", "-j", "1", "."],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_legacy_project_findings_across_modules():
    report = scan_json(DATA / "legacy_project")
    got = sorted((f["location"]["path"], f["rule"], f["location"]["line"]) for f in report["findings"])
    pom, jobs = "copernica_sync/pom.py", "copernica_sync/jobs.py"
    assert got == sorted([
        (jobs, "COP004", 18),  # PomSoapClient(...) imported with a relative import
        (jobs, "COP002", 75),  # 'login': self.login in Database_searchProfiles
        (pom, "COP003", 24),  # the wrapper class
        (pom, "COP005", 37), (pom, "COP005", 49), (pom, "COP005", 53),  # cookie file name, load, jar
        (pom, "COP005", 58), (pom, "COP005", 60),  # append to the cookie file, soap_ filter
        (pom, "COP001", 68),  # self._service.login({...})
        (pom, "COP006", 96),  # except Fault: 'Not logged on' -> self._login(force=True)
        (pom, "COP006", 157),  # retry decorator doing the same
        ("copernica_sync/settings.py", "COP008", 6),  # PASSWORD = '...'
        # a wrapper whose only evidence is its login's shape (the Copernica operation is called
        # in another module, crm/nightly.py, which is not followed): a review, nothing to rewrite
        ("crm/api.py", "COP009", 11),
    ])
    assert report["errors"] == []
    nightly = (DATA / "legacy_project" / "crm" / "nightly.py").read_bytes().lower()
    assert not any(needle in nightly for needle in PythonAnalyzer().needles(None))
    # the IMAP/FTP module mentions Copernica in a docstring, is parsed, and yields nothing
    assert not any(f["location"]["path"].endswith("mailbox.py") for f in report["findings"])


def test_report_never_contains_the_hardcoded_password():
    proc = subprocess.run([sys.executable, "-m", "migrator", "scan", "-j", "1", "."],
                          cwd=DATA / "legacy_project", capture_output=True, text=True, timeout=120)
    assert "COP008" in proc.stdout
    assert "legacy-pw-do-not-use" not in proc.stdout + proc.stderr


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no legacy examples in this checkout")
def test_every_legacy_example_program_is_flagged_as_logging_in():
    report = scan_json(EXAMPLES)
    flagged = {f["location"]["path"].split("/")[0] for f in report["findings"]
               if f["rule"] in ("COP001", "COP003", "COP004")}
    programs = {p.name for p in EXAMPLES.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert programs and flagged == programs


def test_a_login_on_a_client_from_a_project_factory_is_found_where_no_needle_is(tmp_path):
    # main.py names neither zeep nor Copernica: only the factory it imports does
    (tmp_path / "soap.py").write_text('import zeep\n\nCOPERNICA_WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"\n\n\n'
                                      "def make_client():\n    return zeep.Client(COPERNICA_WSDL)\n")
    (tmp_path / "main.py").write_text(
        "import os\n\nfrom soap import make_client\n\nclient = make_client()\n"
        'client.service.login({"username": os.environ["CM_USER"], "password": os.environ["CM_PASS"], '
        '"account": "Shop"})\nprint(client.service.Account_databases({}))\n')
    main = (tmp_path / "main.py").read_bytes().lower()
    assert not any(needle in main for needle in PythonAnalyzer().needles(None))
    report = scan_json(tmp_path)
    assert [(f["location"]["path"], f["rule"], f["location"]["line"]) for f in report["findings"]] == [
        ("main.py", "COP001", 6)]
