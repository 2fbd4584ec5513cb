"""COP102: a legacy Copernica client built with email/username, password and account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rules import Rule, register
from migrator.scan.languages import TREE_SITTER
from migrator.scan.model import Finding
from migrator.scan.treesitter import php_family
from migrator.scan.treesitter.shapes import (legacy_client_args, legacy_ctor_params, names_credentials,
                                             passes_token)

if TYPE_CHECKING:  # keep `rules` listing free of tree-sitter imports
    from migrator.scan.treesitter.facts import FileAnalysis

CODE = "COP102"
CTOR_MESSAGE = ("Legacy client constructor takes a password and account to open a login session; "
                "take an access token instead")
NEW_MESSAGE = ("Legacy client built with email, password and account (login session); "
               "build it with an access token instead")


def check(fa: FileAnalysis) -> Iterator[Finding]:
    wrappers = {fa.norm("PomSoapClient")}  # norm(): class names are case-insensitive in PHP only
    for ctor in fa.ctors:
        if legacy_ctor_params(ctor.params) and php_family.reports_here(fa, ctor.node):
            wrappers.add(fa.norm(ctor.class_name))
            yield fa.finding(CODE, ctor.name_node, CTOR_MESSAGE, "error", php_family.in_family(fa, ctor.node))
    family = fa.php.family() if fa.php is not None else frozenset()
    for new in fa.news:
        key = php_family.constructed_key(fa, new)
        # PHP: any class of the login-client family, defined in any file (unless this call
        # already passes a token: the caller is migrated, the class is not yet)
        if key in family and not passes_token(new.args):
            yield fa.finding(CODE, new.node, _binds(fa, key, new), "error", True)  # construction_sites
            continue
        if key is not None and fa.php.is_token_client(key):
            continue  # Copernica's access-token client: the migration's target
        if fa.norm(new.type_name) in wrappers:
            legacy = legacy_client_args(new.args)
        else:
            # a wrapper defined in another file: its name and visible credentials must both say so
            legacy = ("copernica" in new.type_name.lower() and legacy_client_args(new.args)
                      and names_credentials(new.args))
        if legacy:
            yield fa.finding(CODE, new.node, NEW_MESSAGE, "error")


def _binds(fa: FileAnalysis, key: str, new) -> str:
    """`new ShopClient(...) binds $login, $apiPass, $accountName: ...`: where the credentials go."""
    params = php_family.bound_params(fa, key, new)
    if not params:
        return NEW_MESSAGE
    names = ", ".join("$" + p for p in params)
    return f"new {new.type_name}(...) binds {names}: {NEW_MESSAGE[0].lower()}{NEW_MESSAGE[1:]}"


RULE = register(Rule(
    code=CODE,
    name="legacy-client-construction",
    summary="A Copernica client or wrapper built with email/username, password and account (login session).",
    severity="error",
    languages=TREE_SITTER,
    fixable=False,
    fixed_by={"php": ("migrator.rewrite.php.construction_sites", "migrator.rewrite.php.constructor_token",
                      "migrator.rewrite.php.inject_token", "migrator.rewrite.php.vendor_copy")},
    invalid={
        "php": (
            "<?php\n$soap = new PomSoapClient('user@example.com', 'secret', 'Account');\n",
            "<?php\n$soap = new \\Vendor\\POMSOAPCLIENT($email, $password, $account, 'https://soap.copernica.com');\n",
            "<?php\nclass PomSoapClient extends SoapClient {\n"
            "    public function __construct($email, $password, $account, $url = 'https://soap.copernica.com') {}\n}\n",
            "<?php\nclass ShopClient extends \\Vendor\\PomSoapClient {\n"
            "    public function __construct($login, $apiPass, $accountName) {\n"
            "        parent::__construct($login, $apiPass, $accountName);\n    }\n}\n",
            # any class of the family, any case, whatever it is given (a settings array here)
            "<?php\nclass Mailer extends SoapClient {\n    public function __construct(array $settings) {\n"
            "        parent::__construct('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "        $this->login(array('username' => $settings['user'], 'password' => $settings['pass'],"
            " 'account' => $settings['account']));\n    }\n}\n"
            "class AsyncMailer extends Mailer {}\n$mailer = new asyncmailer($config['copernica']);\n",
        ),
        "java": (
            "class CopernicaSession {\n  CopernicaSession(String apiUser, String apiPassword, String apiAccount) {\n"
            "    InputLogin input = new InputLogin();\n  }\n}\n",
        ),
        "csharp": (
            "class Session {\n  public Session(string username, string password, string account) {\n"
            "    var soap = new POM_SOAP_API();\n  }\n}\n",
        ),
        "javascript": (
            "const client = new PomSoapClient('user@example.com', 'secret', 'Account');\n",
            "const { CopernicaSession } = require('./copernica');\n"
            "const session = new CopernicaSession(cfg.user, cfg.password, cfg.account);\n",
        ),
        "typescript": (
            "class CopernicaSoap {\n  constructor(private username: string, private password: string, "
            "private account: string) {}\n  url = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n}\n"
            "const c = new CopernicaSoap('user@example.com', 'secret', 'Account');\n",
        ),
    },
    valid={
        "php": (
            "<?php\n$soap = new PomSoapClient(getenv('COPERNICA_ACCESS_TOKEN'));\n",
            "<?php\n$soap = new PomSoapClient($token, 'https://soap.copernica.com', 'utf-8');\n",
            "<?php\n$user = new User('user@example.com', 'secret', 'Account');\n",
            # the access-token client, defined here: three arguments are no login
            "<?php\nclass PomSoapClient extends SoapClient {\n"
            "    public function __construct($key, $base = 'https://soap.copernica.com', $charset = null) {}\n"
            "    public function __call($method, $params) {\n        $params = $params ? $params[0] : array();\n"
            "        $params['access_token'] = $this->key;\n        return parent::__call($method, array($params));\n"
            "    }\n}\n$soap = new PomSoapClient($key, $base, $charset);\n",
        ),
        "java": (
            "class Repo {\n  Repo(String username, String password, String account) {}\n}\n",
        ),
        "csharp": (
            "class Session {\n  public Session(string accessToken) {\n    var soap = new POM_SOAP_API();\n  }\n}\n",
        ),
        "javascript": (
            "const client = new PomSoapClient(process.env.COPERNICA_ACCESS_TOKEN);\n",
            "const rest = new CopernicaRestClient(cfg.apiUrl, cfg.database, cfg.profileId);\n",
        ),
        "typescript": (
            "class Db {\n  constructor(private user: string, private password: string, private account: string) {}\n}\n",
        ),
    },
    check=check,
))
