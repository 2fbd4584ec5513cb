"""COP108: credentials written into a PHP Copernica login are found, never shown, and named by rewrite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SECRET = "Plant3d-Secret-9x"
LOGIN_NAME = "api@planted-shop.example"

CLIENT = """<?php
class ShopClient extends SoapClient
{
    private $credentials;

    public function __construct($email, $password, $account)
    {
        parent::__construct('https://soap.copernica.com/?SOAPAPI=WSDL');
        $this->credentials = array('username' => $email, 'account' => $account, 'password' => $password);
        parent::__call('login', array($this->credentials));
    }

    public function __call($method, $arguments)
    {
        return parent::__call($method, array(isset($arguments[0]) ? $arguments[0] : array()));
    }
}
"""
APP = f"""<?php
require_once 'ShopClient.php';
define('SHOP_PASSWORD', '{SECRET}');
$api = new ShopClient('{LOGIN_NAME}', SHOP_PASSWORD, 'Shop');
$dbs = $api->Account_databases(array());
"""
# a script that logs in with a plain SoapClient it hands on: rewrite cannot follow it
SCRIPT = f"""<?php
$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');
$soap->login(array('username' => '{LOGIN_NAME}', 'account' => 'Shop',
                   'password' => '{SECRET}'));
export_all($soap);
"""


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def project(tmp_path: Path) -> Path:
    (tmp_path / "ShopClient.php").write_text(CLIENT)
    (tmp_path / "app.php").write_text(APP)
    (tmp_path / "script.php").write_text(SCRIPT)
    return tmp_path


def test_every_literal_credential_of_a_login_is_found_and_never_shown(tmp_path):
    root = project(tmp_path)
    proc = cli(root, "scan", ".", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    found = {(f["location"]["path"], f["location"]["line"], f["message"].split(" for ")[0])
             for f in json.loads(proc.stdout)["findings"] if f["rule"] == "COP108"}
    assert found == {
        ("app.php", 3, "hard-coded password"),  # through the constant the construction reads
        ("app.php", 4, "hard-coded username"),  # bound to the class's $email, in another file
        ("script.php", 3, "hard-coded username"),
        ("script.php", 4, "hard-coded password"),
    }
    for fmt in ("text", "json", "sarif"):
        out = cli(root, "scan", ".", "--format", fmt)
        assert out.returncode == 1, out.stderr
        for secret in (SECRET, LOGIN_NAME):
            assert secret not in out.stdout + out.stderr, fmt


def test_the_account_name_and_environment_reads_are_no_finding(tmp_path):
    (tmp_path / "ShopClient.php").write_text(CLIENT)
    (tmp_path / "app.php").write_text(
        "<?php\nrequire_once 'ShopClient.php';\n"
        "$api = new ShopClient(getenv('SHOP_USER'), getenv('SHOP_PASSWORD'), 'Shop');\n")
    proc = cli(tmp_path, "scan", ".", "--format", "json")
    assert [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "COP108"] == []


def test_rewrite_names_the_literals_that_stay_and_not_those_the_migration_removes(tmp_path):
    root = project(tmp_path)
    proc = cli(root, "rewrite", ".")
    assert proc.returncode == 1, proc.stderr  # the script needs hands
    note = next(line for line in proc.stderr.splitlines() if "hard-coded credentials stay" in line)
    # the constant stays; the login name given to the migrated construction goes with it;
    # the script's login is not migrated, so both of its literals stay
    assert "app.php:3" in note and "app.php:4" not in note
    assert "script.php:3" in note and "script.php:4" in note
    assert SECRET not in proc.stdout + proc.stderr and LOGIN_NAME not in proc.stdout + proc.stderr
