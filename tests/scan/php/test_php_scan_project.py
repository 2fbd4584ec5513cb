"""PHP end to end through the scan engine: wrappers renamed, namespaced and subclassed across
files are found where they are defined, subclassed and built; the token client stays clean."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from migrator.scan.engine import ScanRequest, scan
from migrator.scan.treesitter.base import NEEDLES

SHOP = Path(__file__).parent / "fixtures" / "shop"
EXAMPLES = Path("/tmp/copernica-examples")
_MARK = re.compile(r"expect: (COP\d{3}(?: COP\d{3})*)")


def marked(root: Path) -> set[tuple[str, str, int]]:
    """(path, rule, line) of every `expect: COP1xx` comment under root."""
    out = set()
    for path in sorted(root.rglob("*.php")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in _MARK.finditer(line):
                out |= {(path.relative_to(root).as_posix(), code, n) for code in m.group(1).split()}
    return out


def run(root: Path, **options):
    return scan(ScanRequest(paths=(".",), cwd=str(root), **options))


@pytest.fixture(scope="module")
def shop():
    return run(SHOP)


def test_the_shop_gives_exactly_the_marked_findings(shop):
    got = {(f.location.path, f.rule, f.location.line) for f in shop.findings}
    assert got == marked(SHOP)
    assert shop.errors == []


def test_the_python_prefilter_finds_the_same(tmp_path):
    """Family names become needles for either prefilter engine (rg when installed)."""
    tree = tmp_path / "shop"
    shutil.copytree(SHOP, tree)
    got = {(f.location.path, f.rule, f.location.line) for f in run(tree, engine="python").findings}
    assert got == marked(SHOP)


def test_a_construction_found_only_through_the_family_names(shop):
    """Neither the subclass nor the file building it says Copernica: pass 1 finds the root,
    its name finds the subclass, the subclass's name finds the construction."""
    for name in ("async/QueueingClient.php", "app/bootstrap.php"):
        data = (SHOP / name).read_bytes().lower()
        assert not any(needle in data for needle in NEEDLES), name
    new = next(f for f in shop.findings if f.location.path == "app/bootstrap.php" and f.rule == "COP102")
    assert new.message.startswith("new QueueingClient(...) binds $host, $user, $account, $pass: ")
    assert "login session" in new.message and "access token" in new.message


def test_named_arguments_and_aliases_bind_to_the_declared_parameters(shop):
    messages = {f.location.line: f.message for f in shop.findings if f.location.path == "app/services.php"}
    assert messages[16].startswith("new settings(...) binds $settings: ")  # `use ... as Settings`, any case
    assert messages[24].startswith("new NEWSLETTERSOAP(...) binds $password, $email: ")
    assert messages[25].startswith("new LegacyGateway(...) binds $url, $login, $account, $password: ")


def test_other_soap_clients_and_the_token_client_stay_clean(shop):
    flagged = {f.location.path for f in shop.findings}
    assert "token/TokenClient.php" not in flagged  # its setCookie helper is harmless
    assert "other/WeatherOnly.php" not in flagged
    # WeatherClient logs in, in a file that also builds Copernica clients
    assert {f.location.line for f in shop.findings if f.location.path == "app/services.php"} == {16, 24, 25}


def test_the_project_model_is_in_the_scan_result(shop):
    php = shop.project.php
    assert php.roots() == {"legacygateway", "acme\\newsletter\\newslettersoap", "vendor\\settingsclient"}
    assert php.family() == php.roots() | {"shop\\soap\\queueingclient", "shop\\soap\\retryingclient"}
    assert php.is_token_client("tokenclient")
    assert php.resolve("QueueingClient", "app/bootstrap.php") == "shop\\soap\\queueingclient"
    assert php.ctor_params("shop\\soap\\retryingclient") == ("host", "user", "account", "pass")
    assert php.dynamic_callers() == [("app/bootstrap.php", 11)]


def test_a_python_only_tree_has_no_php_model(tmp_path):
    (tmp_path / "client.py").write_text("from zeep import Client\nClient('https://soap.copernica.com/?SOAPAPI=WSDL')\n")
    assert run(tmp_path).project.php is None


@pytest.mark.skipif(not (EXAMPLES / "soaptest_php_1-6").is_dir(), reason="Copernica's examples are not extracted")
def test_copernica_login_client_reports_its_session_code():
    result = run(EXAMPLES / "soaptest_php_1-6")
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, set()).add(f.location.path)
    assert by_rule == {"COP101": {"soapclient.php"}, "COP102": {"soapclient.php", "soaptest.php"},
                       "COP103": {"soapclient.php"}, "COP104": {"soapclient.php"}}
    new = next(f for f in result.findings if f.location.path == "soaptest.php")
    assert "binds $email, $password, $account" in new.message


@pytest.mark.skipif(not (EXAMPLES / "soaptest_php_2-0").is_dir(), reason="Copernica's examples are not extracted")
def test_copernica_token_client_is_clean():
    result = run(EXAMPLES / "soaptest_php_2-0")
    assert result.findings == [] and result.files_parsed == 2
