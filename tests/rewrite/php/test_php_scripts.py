"""A PHP script that logs in with PHP's own SoapClient: migrated where every use of the client can
be followed (its login goes, every call carries the token), left exactly as it was otherwise."""

from __future__ import annotations

import pytest
from migrator_cli import run as cli

from migrator.rewrite.php.runner import _grammar
from migrator.rewrite.php.script_token import unfinished

SECRET = "Scr1pt-Planted-Pw"
WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
SCRIPT = f"""<?php
// nightly export
$soap = new SoapClient('{WSDL}', array('trace' => 1));
$soap->login(array('username' => 'api@shop.example', 'account' => 'Shop', 'password' => '{SECRET}'));

$dbs = $soap->Account_databases(array('allproperties' => true));
$soap->Account_database(['identifier' => 'Newsletter',]);
$soap->Account_databases();
$soap->Account_databases(array());
echo $dbs->total . " databases\\n";
"""
T = "getenv('COPERNICA_ACCESS_TOKEN')"
MIGRATED = f"""<?php
// nightly export
$soap = new SoapClient('{WSDL}', array('trace' => 1));

$dbs = $soap->Account_databases(array('allproperties' => true, 'access_token' => {T}));
$soap->Account_database(['identifier' => 'Newsletter', 'access_token' => {T},]);
$soap->Account_databases(array('access_token' => {T}));
$soap->Account_databases(array('access_token' => {T}));
echo $dbs->total . " databases\\n";
"""
# inside a function: its variables are its own
IN_FUNCTION = f"""<?php
function export()
{{
    $client = new \\SoapClient('{WSDL}');
    $client->login(array('username' => getenv('CP_USER'), 'account' => 'Shop', 'password' => getenv('CP_PW')));
    return $client->Account_databases(array());
}}
$soap = 'not the client';
echo $soap;
"""



def test_a_script_client_loses_its_login_and_every_call_carries_the_token(tmp_path):
    (tmp_path / "export.php").write_text(SCRIPT)
    dry = cli("rewrite", ".", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert SECRET not in dry.stdout + dry.stderr  # the removed login's password is masked in the diff
    assert cli("rewrite", "--write", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "export.php").read_text() == MIGRATED
    check = cli("rewrite", "--check", ".", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert cli("scan", ".", cwd=tmp_path).returncode == 0  # no login left


def test_a_client_in_a_function_is_migrated_and_a_same_named_global_is_not_touched(tmp_path):
    (tmp_path / "f.php").write_text(IN_FUNCTION)
    assert cli("rewrite", "--write", ".", cwd=tmp_path).returncode == 0
    new = (tmp_path / "f.php").read_text()
    assert "->login(" not in new and f"$client->Account_databases(array('access_token' => {T}))" in new
    assert "$soap = 'not the client';" in new


def test_crlf_and_latin1_stay_as_they_were(tmp_path):
    data = SCRIPT.replace("nightly export", "Export f\u00fcr M\u00fcnchen").replace("\n", "\r\n").encode("latin-1")
    (tmp_path / "export.php").write_bytes(data)
    assert cli("rewrite", "--write", ".", cwd=tmp_path).returncode == 0
    new = (tmp_path / "export.php").read_bytes()
    assert b"\r\n" in new and b"\n" not in new.replace(b"\r\n", b"")
    assert "f\u00fcr M\u00fcnchen".encode("latin-1") in new and T.encode() in new


# (what follows the client, why rewrite leaves it): one project, one file each, one run
CANNOT_FOLLOW = [
    ("report($soap);\n", "$soap is used for more than its calls (line 5)"),
    ("$soap->Account_databases($params);\n",
     "the parameters of $soap->Account_databases() are not an array literal (line 5)"),
    ("$soap->__soapCall('Account_databases', array());\n",
     "$soap->__soapCall() is not one of Copernica's operations (line 5)"),
    ("$soap->__setCookie('soap_x', 'y');\n", "$soap->__setCookie() is not one of Copernica's operations (line 5)"),
    ("$soap = null;\n", "$soap is assigned again (line 5)"),
    ("$get = function () use ($soap) { return $soap->Account_databases(array()); };\n",
     "a closure captures $soap (line 5)"),
    ("function f() { global $soap; return $soap->Account_databases(array()); }\n",
     "a function reads it with `global` (line 5)"),
    ("$soap->login(array('username' => 'u', 'account' => 'a', 'password' => 'p'));\n",
     "it logs in more than once"),
    ("$soap->Database_fields(array('id' => 1, 'login' => $creds));\n",
     "$soap->Database_fields() also passes a per-call login (line 5)"),
    # found by a new-user trial: each of these lost the token or changed what runs
    ("sync_profiles(compact('soap', 'db'));\n", "compact() reaches variables by name (line 5)"),
    ("export_profiles(get_defined_vars());\n", "get_defined_vars() reaches variables by name (line 5)"),
    ("$name = 'soap';\n$$name->Account_databases(array());\n", "a variable variable may be $soap (line 6)"),
    ("$ok = $soap->login(array());\n", "its login's result is used (line 5)"),
]


def test_a_client_the_migration_cannot_follow_keeps_its_login_and_says_why(tmp_path):
    sources = {}
    for index, (tail, _why) in enumerate(CANNOT_FOLLOW):
        sources[f"s{index:02}.php"] = (
            f"<?php\n$soap = new SoapClient('{WSDL}');\n"
            "$soap->login(array('username' => getenv('U'), 'account' => 'Shop', 'password' => getenv('P')));\n"
            f"$soap->Account_databases(array());\n{tail}")
        (tmp_path / f"s{index:02}.php").write_text(sources[f"s{index:02}.php"])
    proc = cli("rewrite", "--write", ".", cwd=tmp_path)
    scan = cli("scan", ".", cwd=tmp_path)
    assert proc.returncode == 1 and "[fixable]" not in scan.stdout
    for index, (_tail, why) in enumerate(CANNOT_FOLLOW):
        name = f"s{index:02}.php"
        assert (tmp_path / name).read_text() == sources[name]
        assert f"needs hands: {name}:3: COP101 is not migrated: {why}: migrate it by hand" in proc.stderr
        assert f"(rewrite leaves it: {why})" in scan.stdout


@pytest.mark.parametrize("other,reader", [
    ("report.php", "<?php\nrequire 'connect.php';\n$soap->Account_database(array('identifier' => 'x'));\n"),
    # any kind of file, in any folder (build/ is no folder the scan reads), by $GLOBALS
    ("build/acme.module", "<?php\nrequire_once __DIR__ . '/../connect.php';\n"
                          "function acme_cron() { $c = $GLOBALS['soap']; return $c->Account_databases(array()); }\n"),
])
def test_another_file_that_may_use_the_global_client_holds_the_script_back(tmp_path, other, reader):
    (tmp_path / "connect.php").write_text(
        f"<?php\n$soap = new SoapClient('{WSDL}');\n"
        "$soap->login(array('username' => getenv('U'), 'account' => 'Shop', 'password' => getenv('P')));\n"
        "$soap->Account_databases(array());\n")
    (tmp_path / other).parent.mkdir(exist_ok=True)
    (tmp_path / other).write_text(reader)
    before = (tmp_path / "connect.php").read_bytes()
    proc = cli("rewrite", "--write", ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert (tmp_path / "connect.php").read_bytes() == before
    assert f"needs hands: connect.php: {other} " in proc.stderr
    assert "it may include this script and call its client $soap without the access token" in proc.stderr


def test_a_global_client_that_makes_no_call_of_its_own_is_left(tmp_path):
    source = (f"<?php\n$soap = new SoapClient('{WSDL}');\n"
              "$soap->login(array('username' => getenv('U'), 'account' => 'Shop', 'password' => getenv('P')));\n")
    (tmp_path / "connect.php").write_text(source)
    proc = cli("rewrite", "--write", ".", cwd=tmp_path)
    assert proc.returncode == 1 and (tmp_path / "connect.php").read_text() == source
    assert "COP101 is not migrated: it makes no call here: other code must use it" in proc.stderr


def test_another_services_soapclient_is_not_touched(tmp_path):
    source = ("<?php\n$crm = new SoapClient('https://crm.example.com/api?wsdl');\n"
              "$crm->login(array('username' => 'u', 'account' => 'a', 'password' => 'p'));\n"
              "$crm->Account_databases(array());\n")
    (tmp_path / "crm.php").write_text(source)
    cli("rewrite", "--write", ".", cwd=tmp_path)
    assert (tmp_path / "crm.php").read_text() == source


def test_the_runner_proves_the_result_a_call_left_without_token_is_caught():
    parse = _grammar("s.php").parser().parse
    old = parse(SCRIPT.encode())
    assert unfinished(old.root_node, parse(MIGRATED.encode()).root_node) == []
    one_missed = MIGRATED.replace(f"array('access_token' => {T})", "array()", 1)
    assert unfinished(old.root_node, parse(one_missed.encode()).root_node) == [
        (7, "$soap's call would go without the access token")]
    login_kept = MIGRATED.replace("\n\n$dbs", "\n$soap->login(array());\n$dbs", 1)
    assert unfinished(old.root_node, parse(login_kept.encode()).root_node)[0][1].startswith("$soap would still log in")


@pytest.mark.php
def test_the_migrated_script_passes_verify_with_php_soapclient(tmp_path):
    from php_available import php_soap_missing

    if php_soap_missing():
        pytest.skip(php_soap_missing())
    (tmp_path / "export.php").write_text(SCRIPT)
    assert cli("rewrite", "--write", ".", cwd=tmp_path).returncode == 0
    run = cli("verify", "--", "php", "export.php", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "verify: PASS" in run.stdout and "0 databases" in run.stdout
    assert run.stdout.count("token   -") == 4  # four calls, each with the token, no fault


def _refused(tmp_path, name: str, source: str, why: str) -> None:
    (tmp_path / name).write_text(source)
    proc = cli("rewrite", "--write", ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert (tmp_path / name).read_text() == source
    assert why in proc.stderr


LOGIN = "->login(array('username' => getenv('U'), 'account' => {account}, 'password' => getenv('P')));\n"


def test_a_login_without_braces_under_an_if_is_left(tmp_path):
    # removing it would make the next statement the body of the `if`
    _refused(tmp_path, "s.php", f"<?php\n$soap = new SoapClient('{WSDL}');\nif ($password)\n"
             f"    $soap{LOGIN.format(account=repr('Shop'))}$soap->Account_databases(array());\n",
             "its login is the whole body of a statement without braces (line 4)")


def test_a_login_in_a_loop_is_left(tmp_path):
    _refused(tmp_path, "s.php", f"<?php\n$soap = new SoapClient('{WSDL}');\nforeach ($accounts as $account) {{\n"
             f"    $soap{LOGIN.format(account='$account')}    $soap->Account_databases(array());\n}}\n",
             "it logs in inside a loop (line 4)")


def test_an_include_inside_the_function_after_the_client_is_left(tmp_path):
    _refused(tmp_path, "s.php", f"<?php\nfunction run_job($job)\n{{\n    $soap = new SoapClient('{WSDL}');\n"
             f"    $soap{LOGIN.format(account=repr('Shop'))}    $soap->Account_databases(array());\n"
             "    include __DIR__ . '/jobs/' . $job . '.php';\n}\n",
             "a file included where it lives is not named as __DIR__ . '/file' (line 7)")


def test_two_accounts_share_no_token_in_one_program(tmp_path):
    two = (f"<?php\n$shop = new SoapClient('{WSDL}');\n$shop{LOGIN.format(account=repr('ShopNL'))}"
           f"$outlet = new SoapClient('{WSDL}');\n$outlet{LOGIN.format(account=repr('OutletBE'))}"
           "$shop->Account_databases(array());\n$outlet->Account_databases(array());\n")
    _refused(tmp_path, "two.php", two, "logins to different accounts (OutletBE, ShopNL)")
    # two scripts are two programs: each runs with its own value of the token variable
    other = tmp_path / "other"
    other.mkdir()
    for name, account in (("nl.php", "ShopNL"), ("be.php", "OutletBE")):
        (other / name).write_text(f"<?php\n$soap = new SoapClient('{WSDL}');\n$soap{LOGIN.format(account=repr(account))}"
                                  "$soap->Account_databases(array());\n")
    proc = cli("rewrite", "--write", ".", cwd=other)
    assert proc.returncode == 0, proc.stderr
    assert all("->login(" not in p.read_text() for p in other.iterdir())


def test_a_wsdl_on_another_host_is_no_proof_and_another_services_login_no_finding(tmp_path):
    # `?SOAPAPI=WSDL` on another host may be a white-label Copernica, or not: never the token
    for url in ("https://soap.partner.example/?SOAPAPI=WSDL", "https://evil.example/copernica/?SOAPAPI=WSDL"):
        _refused(tmp_path, "partner.php", f"<?php\n$p = new SoapClient('{url}');\n"
                 f"$p{LOGIN.format(account=repr('x'))}$p->Account_databases(array());\n",
                 "its WSDL is not a literal naming Copernica's host")
    # an ERP's own SoapClient and login beside the Copernica client: not Copernica's, and no blocker
    (tmp_path / "partner.php").unlink()
    (tmp_path / "sync.php").write_text(
        f"<?php\n$erp = new SoapClient('https://erp.example.com/api?wsdl');\n$erp->login('erp-user', 'erp-pw');\n"
        f"$soap = new SoapClient('{WSDL}');\n$soap{LOGIN.format(account=repr('Shop'))}"
        "$soap->Account_databases(array());\n$erp->Orders_list();\n")
    scan = cli("scan", ".", "--format", "json", cwd=tmp_path)
    import json

    assert [(f["rule"], f["location"]["line"]) for f in json.loads(scan.stdout)["findings"]
            if f["rule"] == "COP101"] == [("COP101", 5)]
    assert cli("rewrite", "--write", ".", cwd=tmp_path).returncode == 0
    new = (tmp_path / "sync.php").read_text()
    assert "$erp->login('erp-user', 'erp-pw');" in new and "$erp->Orders_list();" in new
    assert "$soap->login" not in new and f"$soap->Account_databases(array('access_token' => {T}))" in new


def test_a_same_named_client_in_another_method_does_not_block_and_a_comment_in_the_call_stays(tmp_path):
    (tmp_path / "Exporter.php").write_text(
        f"<?php\nclass Exporter\n{{\n    public static function run()\n    {{\n"
        f"        $soap = new SoapClient('{WSDL}');\n        $soap{LOGIN.format(account=repr('Shop'))}"
        "        return $soap->Account_databases( /* everything */ );\n    }\n\n"
        f"    private static function helper()\n    {{\n        $soap = new SoapClient('{WSDL}');\n"
        "        return $soap;\n    }\n}\n")
    proc = cli("rewrite", "--write", ".", cwd=tmp_path)
    assert "the migrated script is not complete" not in proc.stderr
    new = (tmp_path / "Exporter.php").read_text()
    assert f"$soap->Account_databases(array('access_token' => {T}) /* everything */ );" in new


@pytest.mark.parametrize("included,why", [
    (None, "more.php, included where $soap lives, cannot be read: it may use $soap"),
    ("<?php\nfunction after() { global $soap; $soap->Account_databases(array()); }\n",
     "more.php, included where $soap lives, may use it"),
    ("<?php\n$hook = function () use (&$client) { return 1; };\nregister_shutdown_function(fn() => $GLOBALS['x']);\n",
     "more.php, included where $soap lives, may use it"),
])
def test_a_file_the_script_includes_may_reach_the_client(tmp_path, included, why):
    # found by new-user trials: an include before the client, in a function too, runs in its scope
    if included is not None:
        (tmp_path / "more.php").write_text(included)
    source = (f"<?php\nrequire __DIR__ . '/more.php';\n$soap = new SoapClient('{WSDL}');\n"
              f"$soap{LOGIN.format(account=repr('Shop'))}$soap->Account_databases(array());\n")
    _refused(tmp_path, "s.php", source, why.replace("more.php", "./more.php"))


def test_a_harmless_included_configuration_does_not_hold_the_script_back(tmp_path):
    (tmp_path / "config.php").write_text("<?php\ndefine('CP_ACCOUNT', 'Shop');\n")
    (tmp_path / "s.php").write_text(f"<?php\nrequire __DIR__ . '/config.php';\n$soap = new SoapClient('{WSDL}');\n"
                                    f"$soap{LOGIN.format(account='CP_ACCOUNT')}$soap->Account_databases(array());\n")
    proc = cli("rewrite", "--write", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "->login(" not in (tmp_path / "s.php").read_text()


def test_a_file_that_includes_the_script_by_name_holds_it_back(tmp_path):
    # it may find the client without naming it: get_defined_vars(), $$name
    (tmp_path / "s.php").write_text(f"<?php\n$soap = new SoapClient('{WSDL}');\n"
                                    f"$soap{LOGIN.format(account=repr('Shop'))}$soap->Account_databases(array());\n")
    (tmp_path / "report.php").write_text("<?php\nrequire 's.php';\nforeach (get_defined_vars() as $v) {\n"
                                         "    if ($v instanceof SoapClient) $v->Account_databases(array());\n}\n")
    _refused(tmp_path, "s.php", (tmp_path / "s.php").read_text(), "report.php names s.php: it may include this script")


def test_goto_a_parameter_account_and_a_namespaced_soapclient_are_left(tmp_path):
    base = f"$soap = new SoapClient('{WSDL}');\n"
    _refused(tmp_path, "g.php", f"<?php\n$i = 0;\nnext_account:\n{base}$soap{LOGIN.format(account='$accounts[$i]')}"
             "$soap->Account_databases(array());\nif (++$i < 2) goto next_account;\n",
             "a goto may run its login again (line 7)")
    (tmp_path / "g.php").unlink()
    _refused(tmp_path, "f.php", f"<?php\nfunction report($account)\n{{\n    {base}    $soap{LOGIN.format(account='$account')}"
             "    return $soap->Account_databases(array());\n}\nreport('ShopNL');\nreport('OutletBE');\n",
             "its account comes from the parameter $account (line 5): one token serves one account")
    (tmp_path / "f.php").unlink()
    # `namespace Acme\Mail; new SoapClient(...)` builds Acme\Mail\SoapClient, whatever it is
    source = (f"<?php\nnamespace Acme\\Mail;\n{base}$soap{LOGIN.format(account=repr('Shop'))}"
              "$soap->Account_databases(array());\n")
    (tmp_path / "n.php").write_text(source)
    cli("rewrite", "--write", ".", cwd=tmp_path)
    assert (tmp_path / "n.php").read_text() == source


def test_two_token_variables_already_in_the_project_are_named_not_guessed(tmp_path):
    for name, env in (("nl.php", "SHOPNL_ACCESS_TOKEN"), ("be.php", "OUTLETBE_ACCESS_TOKEN")):
        (tmp_path / name).write_text(f"<?php\n$c = new SoapClient('{WSDL}');\n"
                                     f"$c->Account_databases(array('access_token' => getenv('{env}')));\n")
    (tmp_path / "legacy.php").write_text(f"<?php\n$soap = new SoapClient('{WSDL}');\n"
                                         f"$soap{LOGIN.format(account=repr('Shop'))}$soap->Account_databases(array());\n")
    proc = cli("rewrite", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert ("note: the project already reads access tokens from OUTLETBE_ACCESS_TOKEN, SHOPNL_ACCESS_TOKEN: the "
            "migrated code reads COPERNICA_ACCESS_TOKEN (choose one with --token-env)") in proc.stderr


def _refused_all(tmp_path, cases: list[tuple[str, str]]) -> None:
    """Each (source, why) as a file of one project; one rewrite --write leaves each, saying why."""
    for index, (source, _why) in enumerate(cases):
        (tmp_path / f"c{index:02}.php").write_text(source)
    proc = cli("rewrite", "--write", ".", cwd=tmp_path)
    assert proc.returncode == 1
    for index, (source, why) in enumerate(cases):
        assert (tmp_path / f"c{index:02}.php").read_text() == source
        assert f"c{index:02}.php" in proc.stderr and why in proc.stderr, why


def test_a_client_whose_calls_may_go_elsewhere_is_left(tmp_path):
    # found by a third trial: each sent the token somewhere else
    constructions = ["new SoapClient(getenv('CM_WSDL') ?: 'https://soap.copernica.com/?SOAPAPI=WSDL')",
                     "new SoapClient($base . 'soap.copernica.com')",
                     "new SoapClient('http://soap.copernica.com/?SOAPAPI=WSDL')",
                     f"new SoapClient('{WSDL}', array('location' => 'https://relay.example/copernica'))"]
    _refused_all(tmp_path, [(f"<?php\n$soap = {c};\n$soap{LOGIN.format(account=repr('Shop'))}"
                             "$soap->Account_databases(array());\n", "its WSDL is not a literal naming Copernica's host")
                            for c in constructions])


def test_a_soapclient_alias_of_another_class_is_no_client_of_ours(tmp_path):
    source = (f"<?php\nuse Acme\\Legacy\\CopernicaShim as SoapClient;\n$soap = new SoapClient('{WSDL}');\n"
              f"$soap{LOGIN.format(account=repr('Shop'))}$soap->Account_databases(array());\n")
    (tmp_path / "s.php").write_text(source)
    cli("rewrite", "--write", ".", cwd=tmp_path)
    assert (tmp_path / "s.php").read_text() == source


def test_an_account_that_may_vary_or_a_login_that_assigns_is_left(tmp_path):
    cases = [("$argv[1]", "its account comes from $argv[1], which may name another account on another run"),
             ("trim(' ShopFR ')", "its account comes from trim(' ShopFR ')"),
             ("$account = 'Shop'", "its login's arguments assign variables")]
    _refused_all(tmp_path, [(f"<?php\n$soap = new SoapClient('{WSDL}');\n$soap{LOGIN.format(account=account)}"
                             "$soap->Account_databases(array());\n", why) for account, why in cases])


def test_an_includer_through_a_link_or_with_a_nul_byte_holds_the_script_back(tmp_path):
    # found by a third trial: the link's name and a file read as "not text" were not looked at
    script = (f"<?php\n$soap = new SoapClient('{WSDL}');\n$soap{LOGIN.format(account=repr('Shop'))}"
              "$soap->Account_databases(array());\n")
    for case, runner in (("link", "<?php\nrequire __DIR__ . '/current.php';\n${'so' . 'ap'}->Account_databases(array());\n"),
                         ("nul", "<?php\n// build marker: \0\nrequire __DIR__ . '/sync.php';\n")):
        root = tmp_path / case
        root.mkdir()
        (root / "sync.php").write_text(script)
        if case == "link":
            (root / "current.php").symlink_to("sync.php")
        (root / "runner.php").write_text(runner)
        proc = cli("rewrite", "--write", ".", cwd=root)
        assert proc.returncode == 1 and (root / "sync.php").read_text() == script, case
        assert "needs hands: sync.php: runner.php names " in proc.stderr, case
