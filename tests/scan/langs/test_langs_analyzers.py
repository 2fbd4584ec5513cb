"""The analyzers as the scan engine sees them: contract, prefilter needles, encodings,
PHP case-insensitivity, and a real `copernica-migrate scan` over the samples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from migrator.scan.treesitter import analyzers

SAMPLES = Path(__file__).parent / "samples"
OTHER_LOGIN = ["php/LoginController.php", "php/other_soap.php", "java/SecurityConfig.java",
               "csharp/AccountController.cs", "javascript/passport_login.jsx", "typescript/LoginPage.tsx"]


def test_one_analyzer_per_language_with_its_extensions():
    table = {a.language: set(a.extensions) for a in analyzers()}
    assert table == {
        "php": {".php", ".phtml", ".inc"},
        "java": {".java"},
        "csharp": {".cs"},
        "javascript": {".js", ".mjs", ".cjs", ".jsx"},
        "typescript": {".ts", ".tsx", ".mts", ".cts"},
    }
    for analyzer in analyzers():
        found = analyzer.collect("x" + analyzer.extensions[0], b"", None)
        if analyzer.language == "php":  # the file's classes for the project model (none here)
            assert found.classes == () and found.calls == ()
        else:
            assert found == {}
        needles = analyzer.needles(None)
        assert needles and all(n == n.lower() for n in needles)


@pytest.mark.parametrize("name", OTHER_LOGIN)
def test_other_login_code_is_never_parsed(name):
    """The prefilter needles keep everyday login code away from the parsers."""
    data = (SAMPLES / name).read_bytes().lower()
    assert not any(n in data for a in analyzers() for n in a.needles(None))


@pytest.mark.parametrize("name", ["php/PomSoapClient.php", "java/LegacyCopernicaExample.java",
                                  "csharp/LegacyCopernicaExample.cs", "javascript/legacy_async.mjs",
                                  "typescript/copernicaSession.ts"])
def test_legacy_code_passes_the_prefilter(name):
    data = (SAMPLES / name).read_bytes().lower()
    assert any(n in data for a in analyzers() for n in a.needles(None))


def test_php_names_are_case_insensitive_and_others_are_not(scan_source):
    php = ("<?php\n$c = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
           "$c->Login(array());\n$c->LOGIN(array());\n$c->login(array());\n")
    assert [f.location.line for f in scan_source("php", php) if f.rule == "COP101"] == [3, 4, 5]
    js = ("const url = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
          "client.Login(args);\nclient.LOGIN(args);\nclient.login(args);\n")
    assert [f.location.line for f in scan_source("javascript", js) if f.rule == "COP101"] == [4]


def test_columns_count_characters_and_survive_bom_crlf_and_latin1(scan_source):
    # A legacy PHP file as saved on Windows in ISO-8859-1: BOM, CRLF, an accented comment.
    source = ("\ufeff<?php\r\n$wsdl = 'https://soap.copernica.com/?SOAPAPI=WSDL';\r\n"
              "/* café */ $soap->login($creds);\r\n")
    latin1 = source.encode("utf-8").replace("é".encode("utf-8"), "é".encode("latin-1"))
    for data in (source.encode("utf-8"), latin1):
        (finding,) = [f for f in scan_source("legacy.php", data) if f.rule == "COP101"]
        assert (finding.location.line, finding.location.column, finding.location.end_column) == (3, 19, 24)
    utf8 = source.replace("café", "☕☕☕☕").encode("utf-8")
    (finding,) = [f for f in scan_source("legacy.php", utf8) if f.rule == "COP101"]
    assert finding.location.column == 19  # four 3-byte characters count as four columns


def test_tsx_and_jsx_files_parse_with_their_grammar(scan_source):
    tsx = ("const url = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
           "export const App = () => <button onClick={() => client.login(creds)}>Go</button>;\n")
    assert [f.rule for f in scan_source("App.tsx", tsx)] == ["COP101"]
    assert [f.rule for f in scan_source("App.jsx", tsx)] == ["COP101"]


def test_scan_command_reports_the_samples(marked):
    """End to end: the real CLI, the engine's prefilter and workers, and these analyzers."""
    proc = subprocess.run(
        [sys.executable, "-m", "migrator", "scan", ".", "--format", "json", "--select", "COP1", "-j", "1"],
        cwd=SAMPLES, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # findings and an unparsable file
    report = json.loads(proc.stdout)
    got = {(f["location"]["path"], f["rule"], f["location"]["line"]) for f in report["findings"]}
    expected = {(path.relative_to(SAMPLES).as_posix(), rule, line)
                for path in SAMPLES.rglob("*") if path.is_file() for rule, line in marked(path)}
    assert got == expected
    errors = {(e["path"], e["line"], e["column"]) for e in report["errors"]}
    # the other broken samples are scanned around their error (COP190 notes, marked like findings)
    assert errors == {("java/Broken.java", 3, 22)}
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("name,source,line", [
    ("legacy.php", "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
                   "$greeting = 'Grüße';\n$soap->login(array());\n", 4),
    ("Legacy.java", 'class A {\n  String s = "Grüße";\n  void f(POMPortType p, InputLogin i) {\n    p.login(i);\n  }\n}\n', 4),
    ("Legacy.cs", 'class A {\n  string s = "Grüße";\n  void F() {\n    var soap = new POM_SOAP_API();\n'
                  '    soap.login(new input_login());\n  }\n}\n', 5),
    ("legacy.js", "const u = 'https://soap.copernica.com/?SOAPAPI=WSDL';\nconst s = 'Grüße';\nclient.login(x);\n", 3),
])
def test_latin1_sources_parse(scan_source, name, source, line):
    """Legacy clients default to ISO-8859-1, so their callers' files often are too."""
    findings = scan_source(name, source.encode("latin-1"))
    assert [(f.rule, f.location.line) for f in findings] == [("COP101", line)]


@pytest.mark.parametrize("name", ["empty.php", "Empty.java", "Empty.cs", "empty.js", "empty.ts", "empty.tsx"])
def test_empty_file_is_clean(scan_source, name):
    assert scan_source(name, b"") == []


def test_phtml_template_is_php(scan_source):
    page = ("<html><body>\n<?php $soap = new PomSoapClient('user@example.com', 'secret', 'Account'); ?>\n"
            "<p><?= htmlspecialchars($soap->Account_database(array('identifier' => 'News'))->name) ?></p>\n"
            "</body></html>\n")
    # the construction, and the literal username and password it is given
    assert [(f.rule, f.location.line) for f in scan_source("page.phtml", page)] == [("COP102", 2), ("COP108", 2)]
