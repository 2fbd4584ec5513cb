"""A PHP finding says [fixable] only where `rewrite` migrates it: inside a login-client family
(the class, its subclasses, its constructions), and on a bare SoapClient a script logs in with
only where every use of it can be followed (php_scripts.py)."""

from __future__ import annotations

from migrator.scan.engine import ScanRequest, scan

WRAPPER = """<?php
/** Copernica SOAP client for the shop */
class ShopSoap extends SoapClient
{
    public function __construct($email, $password, $account)
    {
        parent::__construct('https://soap.copernica.com/?SOAPAPI=WSDL');
        $this->login(array('username' => $email, 'password' => $password, 'account' => $account));
    }
}
"""
CALLER = "<?php\n$shop = new ShopSoap($user, $pass, 'Shop');\n$shop->Account_databases(array());\n"
SCRIPT = """<?php
$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');
$soap->login(array('username' => $user, 'password' => $pass, 'account' => 'Shop'));
$soap->Account_databases(array());
"""
HANDED_ON = SCRIPT + "report($soap);\n"


def fixable_by_file(tmp_path) -> dict[str, set[tuple[str, bool]]]:
    for name, source in {"ShopSoap.php": WRAPPER, "caller.php": CALLER, "script.php": SCRIPT,
                         "handed_on.php": HANDED_ON}.items():
        (tmp_path / name).write_text(source)
    found: dict[str, set[tuple[str, bool]]] = {}
    for f in scan(ScanRequest(paths=(".",), cwd=str(tmp_path))).findings:
        found.setdefault(f.location.path, set()).add((f.rule, f.fixable))
    return found


def test_family_sites_are_fixable_and_a_bare_soapclient_login_only_where_it_can_be_followed(tmp_path):
    assert fixable_by_file(tmp_path) == {
        "ShopSoap.php": {("COP101", True), ("COP102", True)},
        "caller.php": {("COP102", True)},
        "script.php": {("COP101", True)},
        "handed_on.php": {("COP101", False)},
    }
