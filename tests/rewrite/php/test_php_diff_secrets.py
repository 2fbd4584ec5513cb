"""No credential literal of a changed PHP file shows in any output of `rewrite`, context lines of
its diff included (the by-name masking of changed lines alone let them through): found by a
new-user trial where a settings array and another service's client stood next to a changed line."""

from __future__ import annotations

import json

import pytest
from migrator_cli import run

CLIENT = """<?php
class ShopClient extends SoapClient
{
    private $charset;

    public function __construct($email, $password, $account, $url = 'https://soap.copernica.com/')
    {
        $this->charset = 'utf-8';
        parent::__construct($url . '?SOAPAPI=WSDL');
        $this->login(array('username' => $email, 'password' => $password, 'account' => $account));
    }

    public function __call($method, $args)
    {
        $params = count($args) > 0 ? $args[0] : array();
        return parent::__call($method, array((object) $params));
    }
}
"""
# another service's login client: its credentials are credentials too, by its constructor's signature
ERP = """<?php
/** Our ERP's SOAP client; logs in with a session, like the Copernica one used to. */
class ErpClient extends SoapClient
{
    public function __construct($username, $password, $account, $url = 'https://erp.example.com/ws/')
    {
        parent::__construct($url . '?wsdl');
        $this->login(array('username' => $username, 'password' => $password, 'account' => $account));
    }
}
"""
# every literal here is on a context line of one of the two changed constructions
APP = """<?php
require __DIR__ . '/ShopClient.php';
require __DIR__ . '/ErpClient.php';
require __DIR__ . '/vendor/CrmClient.php';
define('SHOP_SMTP_PASS', 'Pw-Ctx-Define-1');
const BACKUP_PASSWORD = 'Pw-Ctx-Const-2';
$ftpPw = "Pw-Ctx-Var-3";
$mirror = new ShopClient('mirror@trial.example', getenv('CM_PW'), 'ShopAcct');
$cfg = ['email' => 'cfg-user@trial.example', 'password' => 'Pw-Ctx-Array-5521', 'account' => 'ShopAcct'];
$erp = new ErpClient('erp-sync-user', 'Pw-Ctx-Erp-77', 'ACME-BV');
$crm = new CrmClient('crm-sync-user', 'Pw-Ctx-Crm-88', 'CRM-ACCT');
$resetUrl = 'https://shop.example/password-reset';
define('SHOP_API_PASSWORD', 'Pw-Ctx-Kept-6');
$shop = new ShopClient('api@trial.example', SHOP_API_PASSWORD, 'ShopAcct');
$shop->Account_createDatabase(array('name' => 'Named'));
$erp->Order_list(array('account' => 'ACME-BV'));
"""
# a client whose file no scan reads (nothing in it names Copernica): no signature to go by
CRM = """<?php
class CrmClient
{
    public function __construct($user, $password, $account) {}
}
"""
SECRETS = ("Pw-Ctx-Define-1", "Pw-Ctx-Const-2", "Pw-Ctx-Var-3", "Pw-Ctx-Array-5521", "Pw-Ctx-Erp-77",
           "erp-sync-user", "cfg-user@trial.example", "api@trial.example", "mirror@trial.example",
           "crm-sync-user", "Pw-Ctx-Crm-88", "Pw-Ctx-Kept-6")



def test_credential_literals_are_masked_in_context_lines_and_every_output(tmp_path):
    project = tmp_path / "shop"
    (project / "vendor").mkdir(parents=True)
    (project / "vendor/CrmClient.php").write_text(CRM)
    for name, text in (("ShopClient.php", CLIENT), ("ErpClient.php", ERP), ("app.php", APP)):
        (project / name).write_text(text)
    dry = run("rewrite", "--report", "../dry.md", ".", cwd=project)
    assert dry.returncode == 0, dry.stderr
    diff = dry.stdout
    assert "-$shop = new ShopClient('***', SHOP_API_PASSWORD, 'ShopAcct');\n" in diff
    # the credentials around it, each its own way of holding one
    assert " define('SHOP_SMTP_PASS', '***');\n" in diff
    assert " const BACKUP_PASSWORD = '***';\n" in diff
    assert ' $ftpPw = "***";\n' in diff
    assert " $cfg = ['email' => '***', 'password' => '***', 'account' => 'ShopAcct'];\n" in diff
    assert " $erp = new ErpClient('***', '***', 'ACME-BV');\n" in diff
    assert " $crm = new CrmClient('***', '***', '***');\n" in diff  # its account too: no signature
    # accounts, URLs and what only looks like a password's name stay as they are
    assert " $resetUrl = 'https://shop.example/password-reset';\n" in diff
    # the Copernica password the migration keeps (the constant): the summary says where, to remove
    # it and rotate it; the other services' credentials are no business of the access token
    assert " define('SHOP_API_PASSWORD', '***');\n" in diff
    assert "note: hard-coded credentials stay in the code (at app.php:13)" in dry.stderr
    assert "remove them and rotate the passwords" in dry.stderr
    written = run("rewrite", "--write", "--report", "../write.md", ".", cwd=project)
    assert written.returncode == 0, written.stderr
    scans = [run("scan", "--format", fmt, "-o", f"../scan.{fmt}", ".", cwd=project)
             for fmt in ("text", "json", "sarif")]
    json.loads((tmp_path / "scan.json").read_text())  # the files are there to be read
    shown = "".join(p.stdout + p.stderr for p in [dry, written, *scans])
    shown += "".join((tmp_path / n).read_text() for n in ("dry.md", "write.md", "scan.text", "scan.json",
                                                         "scan.sarif"))
    for secret in SECRETS:
        assert secret not in shown, secret


def test_a_latin1_password_is_masked_as_the_diff_shows_it(tmp_path):
    (tmp_path / "ShopClient.php").write_text(CLIENT)
    (tmp_path / "app.php").write_bytes(
        "<?php\nrequire __DIR__ . '/ShopClient.php';\n"
        "$smtp = array('user' => 'mailer', 'password' => 'Geh\xe9im-Pw-Latin-9');\n"
        "$shop = new ShopClient('api@trial.example', getenv('CM_PW'), 'Shop');\n".encode("latin-1"))
    dry = run("rewrite", ".", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert " $smtp = array('user' => '***', 'password' => '***');\n" in dry.stdout
    assert "Pw-Latin-9" not in dry.stdout + dry.stderr


# found by new-user trials: each of these printed a password or login name in the dry-run diff
MASKED_AROUND_A_SCRIPT = [
    # a username held in a variable, a password as getenv()'s fallback
    ("<?php\n$user = 'ctx-user-44';\n$password = getenv('COPERNICA_PASSWORD') ?: 'Pw-Fallback-34';\n"
     "$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
     "$soap->login(array('username' => $user, 'account' => 'Shop', 'password' => $password));\n"
     "$soap->Account_databases(array());\n",
     (" $user = '***';\n", " $password = getenv('COPERNICA_PASSWORD') ?: '***';\n"),
     ("ctx-user-44", "Pw-Fallback-34")),
    # Dutch names, a URL's own credentials, a heredoc, a `??` fallback
    ("<?php\n$instellingen = array('gebruiker' => 'koppeling-nl', 'wachtwoord' => 'Pw-Dutch-15', 'account' => 'Shop');\n"
     "$dsn = parse_url('soap://cron-user:Pw-Dsn-14@Shop');\n"
     "$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
     "$soap->login(array('username' => 'api-user-13', 'account' => 'Shop',\n"
     "    'password' => <<<PW\nPw-Heredoc-13\nPW));\n"
     "$other = array('user' => 'x', 'password' => $_ENV['CM_PW'] ?? 'Pw-Coalesce-14');\n"
     "$soap->Account_databases(array());\n",
     (),
     ("koppeling-nl", "Pw-Dutch-15", "Pw-Dsn-14", "cron-user", "api-user-13", "Pw-Heredoc-13", "Pw-Coalesce-14")),
]


@pytest.mark.parametrize("source,shown,secrets", MASKED_AROUND_A_SCRIPT)
def test_credentials_around_a_scripts_removed_login_are_masked(tmp_path, source, shown, secrets):
    (tmp_path / "s.php").write_text(source)
    dry = run("rewrite", ".", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert all(line in dry.stdout for line in shown)
    for secret in secrets:
        assert secret not in dry.stdout + dry.stderr, secret


def test_a_login_given_its_credentials_by_position_has_them_masked(tmp_path):
    # found by a new-user trial: which argument is the password the order does not say
    (tmp_path / "s.php").write_text(
        "<?php\ndefine('CM_KEY', 'Pw-Positional-13b');\n"
        "$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "$soap->login('api-user-13b', CM_KEY, 'Shop');\n$soap->Account_databases(array());\n")
    dry = run("rewrite", ".", cwd=tmp_path)
    assert "Pw-Positional-13b" not in dry.stdout + dry.stderr and "api-user-13b" not in dry.stdout + dry.stderr
