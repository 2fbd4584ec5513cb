"""COP108: a username or password written as a literal into a Copernica login (PHP)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rules import Rule, register
from migrator.scan.model import Finding
from migrator.scan.treesitter import php_family

if TYPE_CHECKING:  # keep `rules` listing free of tree-sitter imports
    from migrator.scan.treesitter.facts import FileAnalysis

CODE = "COP108"


def check(fa: FileAnalysis) -> Iterator[Finding]:
    from migrator.scan.treesitter.php_secrets import login_literals  # tree-sitter queries: only when scanning

    if not php_family.is_copernica(fa):
        return
    lines: dict[int, tuple[object, set[str]]] = {}  # one finding per line (the scan keeps one): what it holds
    for what, literal in login_literals(fa):
        lines.setdefault(literal.start_point[0], (literal, set()))[1].add(what)
    for literal, whats in lines.values():
        held = " and ".join(sorted(whats, reverse=True))  # "username and password"
        # never echo the literal itself: it is a secret
        yield fa.finding(CODE, literal, f"hard-coded {held} for the login session; delete it from the code, "
                         "rotate the account's password, and read an access token from the environment "
                         "instead", "error")


RULE = register(Rule(
    code=CODE,
    name="hardcoded-login-credentials",
    summary="A string literal used as the username or password of a Copernica login (PHP).",
    severity="error",
    languages=("php",),
    fixable=False,
    fix="needs a hand edit: delete the literal, rotate the password, load an access token from the environment",
    check=check,
    invalid={"php": (
        "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "$soap->login(array('username' => 'api@example.com', 'account' => 'Shop', 'password' => 'hunter2'));\n",
        # through a constant, and through a variable
        "<?php\ndefine('CP_PASSWORD', 'hunter2');\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "$soap->login(['username' => $cfg->user, 'account' => 'Shop', 'password' => CP_PASSWORD]);\n",
        "<?php\n$user = 'api@example.com';\n"
        "$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "$soap->login(['username' => $user, 'account' => 'Shop', 'password' => getenv('CP_PW')]);\n",
        # a copy of the legacy client class, built with its credentials in the code
        "<?php\nclass PomSoapClient extends SoapClient {\n"
        "    public function __construct($email, $password, $account) {\n"
        "        parent::__construct('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "        $this->login(array('username' => $email, 'account' => $account, 'password' => $password));\n"
        "    }\n}\n$api = new PomSoapClient('me@example.com', 's3cret', 'Shop');\n",
        "<?php\nclass ShopApi extends SoapClient {\n    const PASS = 's3cret';\n"
        "    public function __construct($user, $pass, $account) {\n"
        "        parent::__construct('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "        $this->login(array('username' => $user, 'account' => $account, 'password' => $pass));\n"
        "    }\n    public static function make() { return new self('me@example.com', self::PASS, 'Shop'); }\n}\n",
    )},
    valid={"php": (
        "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "$soap->login(array('username' => getenv('CP_USER'), 'account' => 'Shop', 'password' => getenv('CP_PW')));\n",
        # the account name is no secret; the access-token client is the migration's target
        "<?php\n$api = new PomSoapClient(getenv('COPERNICA_ACCESS_TOKEN'));\n$api->Account_databases(array());\n",
        # another service's password in a file that does not talk to Copernica
        "<?php\n$mail = new SmtpClient('smtp.example.com', 'mailer', 'hunter2');\n"
        "$db = array('username' => 'app', 'password' => 'hunter2', 'account' => 'erp');\n",
        # an ERP's own SoapClient login next to the Copernica client: the access token replaces none of it
        "<?php\n$erp = new SoapClient('https://erp.example.com/api?wsdl');\n"
        "$erp->login(array('username' => 'erp', 'account' => 'main', 'password' => 'hunter2'));\n"
        "$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
        "$soap->Account_databases(array('access_token' => getenv('COPERNICA_ACCESS_TOKEN')));\n",
    )},
))
