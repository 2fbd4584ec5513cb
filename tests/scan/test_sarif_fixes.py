"""`scan --format sarif` carries `rewrite`'s edits as SARIF `fixes[]`.

The promise tested here: applying every fix's replacements (per file, from the end
backwards, offsets in code points of the decoded text) turns a copy of the bundled
legacy programs into exactly what `copernica-migrate rewrite --write` makes of another
copy, byte for byte, including the generated plugin modules, CRLF + BOM and latin-1 files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlparse

import jsonschema
import pytest

from migrator.fileio import decode_source
from migrator.rewrite.finding_fixes import hunks

REPO = Path(__file__).resolve().parents[2]
LEGACY = REPO / "migrator" / "examples" / "legacy"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"
TOKEN_ENV = "SHOP_SOAP_TOKEN"  # from the project's pyproject.toml: both commands must use it
PHP_LOGIN = (
    '<?php\n$soap = new SoapClient("https://soap.copernica.com/?SOAPAPI=WSDL");\n'
    '$soap->login(array("username" => $u, "account" => $a, "password" => $p));\n'
)


def cli(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("COPERNICA_") and k not in ("NO_COLOR",)}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, input=stdin,
                          capture_output=True, env=env, timeout=600)


def make_project(root: Path) -> Path:
    """The legacy programs, plus the same code in other encodings and a plugin-module conflict."""
    shutil.copytree(LEGACY, root, ignore=shutil.ignore_patterns("__pycache__", "README.md"))
    (root / "pyproject.toml").write_text(f'[tool.copernica-migrate]\ntoken-env = "{TOKEN_ENV}"\n')
    newsletter = (LEGACY / "newsletter_script" / "newsletter.py").read_text(encoding="utf-8")
    crm = (LEGACY / "crm_service" / "crm.py").read_text(encoding="utf-8")

    (root / "crlf_bom").mkdir()
    (root / "crlf_bom" / "newsletter.py").write_bytes(
        b"\xef\xbb\xbf" + newsletter.replace("\n", "\r\n").encode("utf-8"))
    # non-ASCII before and inside the edited code: code points and bytes disagree from there on
    (root / "latin1").mkdir()
    latin = "# -*- coding: latin-1 -*-\n# Café façade, déjà vu\n" + crm.replace(
        "\n    def ", "\n    # \xe9t\xe9\n    def ", 2)
    (root / "latin1" / "crm.py").write_bytes(latin.encode("latin-1"))
    # the user's own module where the plugin would go: `rewrite` leaves this file alone
    (root / "conflict").mkdir()
    (root / "conflict" / "newsletter.py").write_text(newsletter, encoding="utf-8")
    (root / "conflict" / "copernica_access_token.py").write_text("# mine\n", encoding="utf-8")
    # two clients in one folder share one plugin module: it must be created once
    (root / "twins").mkdir()
    for name in ("a.py", "b.py"):
        (root / "twins" / name).write_text(newsletter, encoding="utf-8")
    # a wrapper whose subclass (a module with no finding of its own) passes it credentials:
    # rewrite leaves the group alone, so no fix may migrate the wrapper either
    (root / "subclassed" / "pomlib").mkdir(parents=True)
    (root / "subclassed" / "pomlib" / "__init__.py").write_text("")
    (root / "subclassed" / "pomlib" / "client.py").write_text(
        "import zeep\n\n\nclass CopernicaApi:\n    def __init__(self, username, password, account=''):\n"
        "        self._client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self._client.service.login({'username': username, 'account': account, 'password': password})\n")
    (root / "subclassed" / "pomlib" / "shop.py").write_text(
        "from .client import CopernicaApi\n\n\nclass ShopApi(CopernicaApi):\n"
        "    def __init__(self, username, password):\n        super().__init__(username, password, 'Shop')\n")
    (root / "subclassed" / "run.py").write_text(
        "import os\nfrom pomlib.shop import ShopApi\n\napi = ShopApi(os.environ['U'], os.environ['P'])\n")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def artifact_path(location: dict, run: dict) -> Path:
    base = run["originalUriBaseIds"][location["uriBaseId"]]["uri"] if "uriBaseId" in location else ""
    return Path(os.fsdecode(unquote_to_bytes(urlparse(base + location["uri"]).path)))


def edits(run: dict) -> dict[Path, list[dict]]:
    """Every fix's replacements, gathered per file."""
    out: dict[Path, list[dict]] = {}
    for result in run["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                out.setdefault(artifact_path(change["artifactLocation"], run), []).extend(change["replacements"])
    return out


def apply_fixes(run: dict) -> None:
    """What a SARIF consumer does: replacements from the end backwards, on the decoded text."""
    for path, replacements in edits(run).items():
        if path.exists():
            text, encoding, bom = decode_source(path.read_bytes(), str(path))
        else:
            text, encoding, bom = "", "utf-8", False
        replacements.sort(key=lambda r: r["deletedRegion"]["charOffset"], reverse=True)
        end = len(text)
        for r in replacements:
            start, length = r["deletedRegion"]["charOffset"], r["deletedRegion"].get("charLength", 0)
            assert start + length <= end, f"{path}: overlapping replacements"
            text = text[:start] + r.get("insertedContent", {}).get("text", "") + text[start + length:]
            end = start
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """(original tree, tree with the SARIF fixes applied, tree after rewrite --write, SARIF run)."""
    base = tmp_path_factory.mktemp("sarif_fixes")
    original = tree(make_project(base / "original"))
    fixed = make_project(base / "fixed")
    written = make_project(base / "written")
    out = base / "scan.sarif"
    scan = cli(fixed, "scan", "--format", "sarif", "-o", str(out))
    assert scan.returncode == 1 and b"Traceback" not in scan.stderr, scan.stderr
    rewrite = cli(written, "rewrite", "--write", "-q")
    assert b"Traceback" not in rewrite.stderr and b"conflict/copernica_access_token.py" in rewrite.stderr
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    apply_fixes(run)
    return original, tree(fixed), tree(written), run


def test_applying_every_fix_equals_rewrite_write_byte_for_byte(migrated):
    original, fixed, written, _ = migrated
    assert written != original  # the comparison below means something
    assert sorted(fixed) == sorted(written)  # the same plugin modules were created
    for name in written:
        assert fixed[name] == written[name], f"{name}: applying the SARIF fixes differs from rewrite --write"
    created = sorted(set(written) - set(original))
    assert "crlf_bom/copernica_access_token.py" in created
    assert "suds_export/copernica_access_token_suds.py" in created
    assert "twins/copernica_access_token.py" in created
    assert TOKEN_ENV.encode() in written["bulk_import/copernica_access_token.py"]


def test_encodings_and_newlines_survive(migrated):
    original, fixed, _, run = migrated
    crlf = fixed["crlf_bom/newsletter.py"]
    assert crlf != original["crlf_bom/newsletter.py"]
    assert crlf.startswith(b"\xef\xbb\xbf") and crlf.count(b"\n") == crlf.count(b"\r\n")
    latin = fixed["latin1/crm.py"]
    assert latin != original["latin1/crm.py"] and "Café façade".encode("latin-1") in latin
    # the non-UTF-8 file's encoding is declared for consumers that do not read coding lines
    assert run["defaultEncoding"] == "utf-8"
    assert {a["location"]["uri"]: a["encoding"] for a in run["artifacts"]} == {"latin1/crm.py": "iso-8859-1"}


def test_each_fix_belongs_to_one_fixable_finding_and_says_what_it_does(migrated):
    _, _, _, run = migrated
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    seen = set()
    with_fixes = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                  for r in run["results"] if r.get("fixes")}
    for result in run["results"]:
        for fix in result.get("fixes", []):
            assert result["properties"]["fixable"] and rules[result["ruleId"]]["properties"]["fixable"]
            assert fix["description"]["text"] == result["properties"]["fix"]
            own = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for change in fix["artifactChanges"]:
                uri = change["artifactLocation"]["uri"]
                # a fix edits its own file, or creates the plugin module next to it
                assert uri == own or uri.rsplit("/", 1)[0] == own.rsplit("/", 1)[0]
                for r in change["replacements"]:
                    key = (uri, r["deletedRegion"]["charOffset"], r["deletedRegion"]["charLength"])
                    assert key not in seen  # every hunk in exactly one fix
                    seen.add(key)
    assert {"crlf_bom/newsletter.py", "latin1/crm.py", "shop_wrapper/shop/sync.py"} <= with_fixes


def test_the_login_fix_sits_on_the_login_finding(migrated):
    _, _, _, run = migrated
    login = next(r for r in run["results"] if r["ruleId"] == "COP001"
                 and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "crm_service/crm.py")
    text = (LEGACY / "crm_service" / "crm.py").read_text(encoding="utf-8")
    (change,) = [c for f in login["fixes"] for c in f["artifactChanges"]]
    line = login["locations"][0]["physicalLocation"]["region"]["startLine"]
    for r in change["replacements"]:
        start = r["deletedRegion"]["charOffset"]
        end = start + r["deletedRegion"]["charLength"]
        assert text[:start].count("\n") + 1 <= line <= text[:end].count("\n") + 1
        assert "login" in text[start:end]


def test_a_file_rewrite_refuses_gets_no_fix_and_the_scan_still_reports_it(migrated):
    _, fixed, written, run = migrated
    conflict = [r for r in run["results"]
                if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "conflict/newsletter.py"]
    assert conflict and all("fixes" not in r and r["properties"]["fix"] for r in conflict)
    assert fixed["conflict/copernica_access_token.py"] == b"# mine\n"
    held_back = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 in ("subclassed/pomlib/client.py", "subclassed/run.py")]
    assert len(held_back) == 3 and not any("fixes" in r for r in held_back)
    assert fixed["subclassed/pomlib/client.py"] == written["subclassed/pomlib/client.py"]


def test_sarif_with_fixes_is_valid_2_1_0(migrated):
    _, _, _, run = migrated
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, errors[0]
    assert any(r.get("fixes") for r in run["results"])


def test_with_select_the_first_shown_finding_carries_the_rest(tmp_path):
    # only COP005 is reported: the login and wrapper edits still have to go somewhere
    for name in ("fixed", "written"):
        shutil.copytree(LEGACY / "shop_wrapper", tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "elsewhere").mkdir()
    # a file outside the working directory: absolute file:// URIs
    target = tmp_path / "fixed" / "shop" / "pom.py"
    proc = cli(tmp_path / "elsewhere", "scan", "--select", "COP005", "--format", "sarif", str(target))
    assert proc.returncode == 1, proc.stderr
    run = json.loads(proc.stdout)["runs"][0]
    assert {r["ruleId"] for r in run["results"]} == {"COP005"}
    assert run["results"][0]["fixes"][0]["artifactChanges"][0]["artifactLocation"] == {"uri": target.as_uri()}
    apply_fixes(run)
    # the same run of rewrite: from the folder outside (rewrite run inside the project would see that
    # shop/sync.py builds the wrapper and refuse to change pom.py alone)
    written = tmp_path / "written" / "shop" / "pom.py"
    assert cli(tmp_path / "elsewhere", "rewrite", "--write", "-q", str(written)).returncode == 0
    assert tree(tmp_path / "fixed") == tree(tmp_path / "written")
    shutil.copytree(LEGACY / "shop_wrapper", tmp_path / "legacy", ignore=shutil.ignore_patterns("__pycache__"))
    inside = cli(tmp_path / "legacy", "rewrite", "--check", "shop/pom.py")
    assert b"shop/sync.py: shares imports with what this rewrite changes" in inside.stderr, inside.stderr


def test_no_fixes_without_fixable_python_findings(tmp_path):
    (tmp_path / "client.php").write_text(PHP_LOGIN, encoding="utf-8")
    (tmp_path / "app.py").write_text("print('no copernica here')\n", encoding="utf-8")
    proc = cli(tmp_path, "scan", "--format", "sarif")
    assert proc.returncode == 1 and not proc.stderr, proc.stderr
    run = json.loads(proc.stdout)["runs"][0]
    assert run["results"] and all("fixes" not in r for r in run["results"])
    assert "defaultEncoding" not in run and "artifacts" not in run


def test_nothing_fixable_means_the_rewrite_engine_is_not_even_loaded(tmp_path):
    # the promise behind "fixes cost nothing without fixable findings", checked without a clock
    (tmp_path / "client.php").write_text(PHP_LOGIN, encoding="utf-8")
    probe = ("import atexit, sys\n"
             "atexit.register(lambda: print('LOADED', 'migrator.rewrite.engine' in sys.modules,\n"
             "                              'libcst.codemod' in sys.modules, file=sys.stderr))\n"
             "sys.argv = ['copernica-migrate', 'scan', '--format', 'sarif', '.']\n"
             "from migrator.cli import main\nmain()\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.returncode == 1 and json.loads(proc.stdout)["runs"][0]["results"]
    assert proc.stderr.decode().split() == ["LOADED", "False", "False"]


def test_code_from_stdin_gets_no_fix_for_the_file_of_that_name(tmp_path):
    # the file on disk is not what was scanned: a fix computed from it would be wrong
    shutil.copy(LEGACY / "newsletter_script" / "newsletter.py", tmp_path / "newsletter.py")
    source = (LEGACY / "suds_export" / "export.py").read_bytes()
    proc = cli(tmp_path, "scan", "-", "--stdin-filename", "newsletter.py", "--format", "sarif", stdin=source)
    assert proc.returncode == 1, proc.stderr
    run = json.loads(proc.stdout)["runs"][0]
    assert run["results"] and all("fixes" not in r for r in run["results"])


def test_a_token_env_that_is_no_variable_name_is_a_usage_error(tmp_path):
    # scan checks --token-env as rewrite does (it names the variable the fixes read): one line, exit 2
    shutil.copy(LEGACY / "newsletter_script" / "newsletter.py", tmp_path / "newsletter.py")
    proc = cli(tmp_path, "scan", "--format", "sarif", "--token-env", "NOT-A-NAME")
    assert proc.returncode == 2
    assert proc.stdout == b""
    (line,) = proc.stderr.decode().splitlines()
    assert line.startswith("copernica-migrate: error: Invalid value for '--token-env'")
    # the value is not repeated: what stands where a variable's name belongs is often the token itself
    assert "not a valid environment variable name" in line and "NOT-A-NAME" not in line


@pytest.mark.parametrize("old,new", [
    ("a\nb\nc\n", "a\nB\nc\n"),
    ("a\r\nb\r\nc", "x\r\na\r\nc\r\nd"),  # CRLF, no newline at the end
    ("a\rb\rc\r", "a\rc\r"),  # old Mac newlines
    ("", "import os\n"),
    ("a\x0cb\u2028c\nd\n", "a\x0cb\u2028c\nD\n"),  # not line breaks for Python
])
def test_hunks_rebuild_the_new_text(old, new):
    text = old
    for h in sorted(hunks(old, new), key=lambda h: h.offset, reverse=True):
        text = text[:h.offset] + h.text + text[h.offset + h.length:]
    assert text == new


def test_hunk_lines_count_like_python():
    # \x0c and \u2028 do not start a line for the interpreter, so the edit is on line 2
    (hunk,) = hunks("a\x0cb\u2028c\nd\n", "a\x0cb\u2028c\nD\n")
    assert (hunk.first, hunk.last) == (2, 2)
    (insert,) = hunks("a\nb\n", "a\nnew\nb\n")
    assert (insert.first, insert.last, insert.length) == (2, 1, 0)
