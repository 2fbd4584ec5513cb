"""PHP, Java, C#, JavaScript and TypeScript files with a syntax error are scanned where they parse.

The error itself is one COP190 note (it never fails a scan by itself); facts an error could
have bent give no finding; a file that is mostly error stays a "cannot parse" error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.rules.checking import Checker
from migrator.scan.contract import ProjectContext
from migrator.scan.engine import ScanRequest, scan
from migrator.scan.model import ParseError
from migrator.scan.treesitter import analyzers

FILENAME = {"php": "legacy.php", "java": "Sync.java", "csharp": "Sync.cs", "javascript": "sync.js",
            "typescript": "sync.ts"}

# Per language: a syntax error, and a legacy login elsewhere in the same file.
BROKEN_WITH_LOGIN = {
    "php": ("<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "$initial = $name{0};\n"  # PHP 5 string offset: no longer PHP syntax
            "$soap->login(array('username' => $user, 'account' => $account, 'password' => $password));\n",
            3, 4),
    "java": ("class Sync {\n  void run(POM_SOAP_APIStub stub, Login login) throws Exception {\n"
             "    stub.login(login);\n  }\n  int total() {\n    int total = ;\n  }\n}\n", 6, 3),
    "csharp": ("class Sync {\n  void Run(POM_SOAP_API soap) {\n"
               "    soap.login(new input_login { username = \"u\", account = \"a\", password = \"p\" });\n"
               "  }\n  void Total() {\n    var total = 1 +;\n  }\n}\n", 6, 3),
    "javascript": ("const soap = require('soap');\n"
                   "soap.createClient('https://soap.copernica.com/?SOAPAPI=WSDL', (err, client) => {\n"
                   "  client.login({ parameters: { username: 'u', account: 'a', password: 'p' } }, done);\n"
                   "});\nfunction total() {\n  let total = ;\n}\n", 6, 3),
    "typescript": ("import * as soap from 'soap';\nfunction total(a: string {\n}\n"
                   "const client = await soap.createClientAsync('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
                   "await client.loginAsync({ parameters: { username, account, password } });\n", 2, 5),
}
DISPLAY = {"php": "PHP", "java": "Java", "csharp": "C#", "javascript": "JavaScript", "typescript": "TypeScript"}


def checker(path: str) -> Checker:
    suffix = path[path.rfind("."):]
    return Checker(next(a for a in analyzers() if suffix in a.extensions))


def findings(path: str, source: str | bytes):
    data = source.encode("utf-8") if isinstance(source, str) else source
    return checker(path).analyze(path, data, None, ProjectContext(root=Path(".")))


def analysis(path: str, source: str):
    return checker(path).analyzer.analysis(path, source.encode("utf-8"), None, ProjectContext(root=Path(".")))


@pytest.mark.parametrize("language", sorted(BROKEN_WITH_LOGIN))
def test_login_is_found_next_to_a_syntax_error(language):
    source, error_line, login_line = BROKEN_WITH_LOGIN[language]
    found = findings(FILENAME[language], source)
    assert sorted((f.rule, f.location.line, f.severity) for f in found) == [
        ("COP101", login_line, "error"), ("COP190", error_line, "note")]
    (note,) = [f for f in found if f.rule == "COP190"]
    assert note.message.startswith(f"invalid {DISPLAY[language]} syntax: ") and note.language == language


@pytest.mark.parametrize("source,message,column", [
    ("<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n}\n", "unexpected '}'", 1),
    ("<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\necho $name{0};\n",
     "missing ';'", 11),
])
def test_the_note_names_the_error_and_points_at_it(source, message, column):
    (note,) = findings("legacy.php", source)
    assert note.message == f"invalid PHP syntax: {message}; only the parts of the file that parse were scanned"
    assert (note.location.line, note.location.column) == (3, column)


def test_a_call_the_error_runs_through_gives_no_finding():
    """A login call missing its `)`: its arguments (and so what it is) are a guess."""
    source = ("<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
              "$soap->login(array('username' => $u, 'account' => $a, 'password' => $p);\n"
              "$soap->Account_databases(array());\n")
    assert [(f.rule, f.location.line) for f in findings("legacy.php", source)] == [("COP190", 3)]


def test_a_call_recovery_glued_together_gives_no_finding():
    """A missing `;`: Java's recovery reads line 4's `.login(login)` as called on line 3's call."""
    source = ("class Sync {\n  void run(POM_SOAP_APIStub stub, Login login) throws Exception {\n"
              "    stub.accountDatabases(null) stub\n      .login(login);\n  }\n}\n")
    assert [(f.rule, f.location.line) for f in findings("Sync.java", source)] == [("COP190", 3)]


def test_code_inside_an_error_node_gives_no_finding():
    """Recovery wrapped line 5's login call in an ERROR node: dropped; line 7's still counts."""
    source = ("<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
              "$soap->Account_databases(array('id' => 1));\n$soap->Account_databases(array('id' => 2));\n"
              "$soap->login(array('username' => $u, 'account' => $a, 'password' => $p)) $oops;\n"
              "$soap->Account_databases(array('id' => 4));\n"
              "$soap->login(array('username' => $u, 'account' => $a, 'password' => $p));\n")
    assert [(f.rule, f.location.line) for f in findings("legacy.php", source)] == [("COP190", 5), ("COP101", 7)]


def test_an_error_in_a_constructor_body_leaves_its_parameters_readable():
    source = ("<?php\nclass Newsletter extends SoapClient {\n"
              "    public function __construct($email, $password, $account) {\n"
              "        $this->initial = $email{0};\n"
              "        parent::__construct('https://soap.copernica.com/?SOAPAPI=WSDL');\n    }\n}\n")
    assert [(f.rule, f.location.line) for f in findings("legacy.php", source)] == [("COP102", 3), ("COP190", 4)]


def test_error_spans_are_the_outermost_error_nodes():
    source = ("<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n}\n"
              "echo $name{0};\n")
    fa = analysis("legacy.php", source)
    data = source.encode()
    brace = data.index(b"}\n")
    semicolon = data.index(b"{0}")  # the parser assumed a `;` before `{0}`, whose `0` is an ERROR
    assert fa.error_spans == ((brace, brace + 1), (semicolon, semicolon), (semicolon + 1, semicolon + 2))
    assert analysis("legacy.php", "<?php\n$a = 1;\n").error_spans == ()


@pytest.mark.parametrize("name,source", [
    # Java's recovery wraps the whole class in one ERROR node: nothing left to scan
    ("Broken.java", "public class Broken {\n    void run() {\n        service.login(input\n    }\n}\n"),
    ("legacy.php", "<?php\nfunction connect() {\n"
                   "    $soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
                   "    $soap->login(array());\n"),
    ("garbage.js", bytes(range(1, 256)) * 4),  # binary without a NUL byte
])
def test_a_file_that_is_mostly_error_is_a_parse_error(name, source):
    with pytest.raises(ParseError) as info:
        findings(name, source)
    assert str(info.value).startswith("invalid ") and info.value.line is not None


@pytest.mark.parametrize("language", sorted(BROKEN_WITH_LOGIN))
def test_an_intact_file_has_no_error_spans_and_no_note(language):
    source = {"php": "<?php\n$soap->login(array());\n", "java": "class A { void f() { port.login(in); } }\n",
              "csharp": "class A { void F() { soap.login(input); } }\n",
              "javascript": "client.login(args);\n", "typescript": "client.login(args);\n"}[language]
    assert analysis(FILENAME[language], source).error_spans == ()
    assert [f for f in findings(FILENAME[language], source) if f.rule == "COP190"] == []


# ---- the CLI ------------------------------------------------------------------------------------

ONLY_ERROR = ("<?php\n// talks to Copernica with an access token\n$token = getenv('COPERNICA_ACCESS_TOKEN');\n"
              "$initial = $name{0};\n")


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COPERNICA_MIGRATE_DEBUG", "NO_COLOR", "CI")}
    return subprocess.run([sys.executable, "-m", "migrator", "scan", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_scan_reports_the_login_and_the_note_and_fails_on_the_login(tmp_path):
    (tmp_path / "legacy.php").write_text(BROKEN_WITH_LOGIN["php"][0])
    (tmp_path / "only_error.php").write_text(ONLY_ERROR)
    proc = cli(tmp_path, ".", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    assert sorted((f["location"]["path"], f["rule"], f["severity"], f["location"]["line"])
                  for f in report["findings"]) == [
        ("legacy.php", "COP101", "error", 4), ("legacy.php", "COP190", "note", 3),
        ("only_error.php", "COP190", "note", 4)]


def test_a_syntax_error_alone_is_a_note_that_does_not_fail_the_scan(tmp_path):
    (tmp_path / "only_error.php").write_text(ONLY_ERROR)
    text = cli(tmp_path, "only_error.php")
    assert text.returncode == 0, text.stderr
    assert ("only_error.php:4:17: COP190 invalid PHP syntax: missing ';'; only the parts of the file "
            "that parse were scanned") in text.stdout
    sarif = cli(tmp_path, "only_error.php", "--format", "sarif")
    assert sarif.returncode == 0, sarif.stderr
    (result,) = json.loads(sarif.stdout)["runs"][0]["results"]
    assert (result["ruleId"], result["level"]) == ("COP190", "note")
    # the note is a rule like any other: --ignore drops it
    assert "COP190" not in cli(tmp_path, "only_error.php", "--ignore", "COP190").stdout


def test_the_summary_counts_a_syntax_error_note_as_a_note_not_as_needing_hands(tmp_path):
    from migrator.scan.output.counts import summary

    (tmp_path / "broken.php").write_text(
        "<?php\n// Copernica SOAP\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "$soap->login(array('username' => 'u', 'password' => 'p', 'account' => 'a'));\n"
        "function f() { $s = 'x'; return $s{0}; }\n")
    counts = summary(scan(ScanRequest(paths=(".",), cwd=str(tmp_path))))
    assert counts["by_rule"] == {"COP101": 1, "COP108": 1, "COP190": 1}  # COP108: the literal 'u' and 'p'
    assert (counts["needs_hands"], counts["notes"]) == (2, 1)
