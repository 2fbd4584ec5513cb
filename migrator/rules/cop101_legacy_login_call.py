"""COP101: a call of Copernica's `login` operation (PHP, Java, C#, JavaScript/TypeScript)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rules import Rule, register
from migrator.scan.languages import TREE_SITTER
from migrator.scan.model import Finding
from migrator.scan.treesitter import php_family
from migrator.scan.treesitter.php_scripts import login_verdicts
from migrator.scan.treesitter.syntax import text

if TYPE_CHECKING:  # keep `rules` listing free of tree-sitter imports
    from migrator.scan.treesitter.facts import FileAnalysis

CODE = "COP101"
MESSAGE = ("Copernica `login` call: this starts a login session; remove it and send an access "
           "token with every call instead")
STRUCT_MESSAGE = ("Per-call `login` struct (username/account/password): credentials in every call "
                  "are the login session model; send an access token instead")
_SELF = frozenset({"parent", "self", "static"})
# Web frameworks' login calls that share a file with a Copernica client: passport `req.login`,
# servlet `request.login`, Laravel `auth()->login` / `$this->guard()->login`.
_WEB_RECEIVERS = frozenset({"req", "request", "auth", "guard", "passport"})
_SOAPY = ("soap", "client", "port", "service", "copernica", "pom", "proxy", "stub")


def _web_login(call) -> bool:
    receiver = call.receiver
    raw = text(receiver).lower()
    if receiver.type.endswith(("call_expression", "invocation")) and not any(s in raw for s in _SOAPY):
        return True  # auth()->login($user), this.getAuth().login(..): not a SOAP client object
    last = raw.lstrip("$@").rsplit("->", 1)[-1].rsplit(".", 1)[-1]
    return last in _WEB_RECEIVERS


def check(fa: FileAnalysis) -> Iterator[Finding]:
    # `login` is a common name (Laravel, Spring, passport.js): only Copernica files count
    # (PHP: or a class of the login-client family, which may not say Copernica in its own file)
    if not php_family.is_copernica(fa):
        return
    scripts: dict[int, str | None] | None = None  # PHP script clients' logins, read when first needed
    for call in fa.calls:
        # the cheap tests on the call first; whether its class reports here resolves names
        named = fa.dynamic_login_name(call)
        if named is not None:
            if php_family.reports_here(fa, call.node, login=True):
                # no fix removes a call_user_func login: never fixable, so its family stays as it was
                fixable = call.receiver is not None and php_family.in_family(fa, call.node)
                yield fa.finding(CODE, named, MESSAGE, "error", fixable)
            continue
        if not fa.is_login_name(call.name) or call.receiver is None:
            continue  # a bare login() is the program's own function, not the SOAP client's
        if call.static and text(call.receiver).lower() not in _SELF:
            continue  # Auth::login($user) and other static facades
        if fa.syntax.login_arity is not None and len(call.args) not in fa.syntax.login_arity:
            continue  # request.login(user, password): a servlet, not a generated SOAP port
        if _web_login(call) or not php_family.reports_here(fa, call.node):
            continue
        if php_family.in_family(fa, call.node):
            yield fa.finding(CODE, call.name_node, MESSAGE, "error", True)
            continue
        # a script's own SoapClient (PHP): rewrite migrates it where php_scripts proves it can
        if scripts is None:
            scripts = login_verdicts(fa.tree.root_node) if fa.language == "php" else {}
        problem = scripts.get(call.node.start_byte, "?")
        if problem is None:
            continue  # a SoapClient of another service (its WSDL literal says so)
        message = f"{MESSAGE} (rewrite leaves it: {problem})" if problem not in ("", "?") else MESSAGE
        yield fa.finding(CODE, call.name_node, message, "error", problem == "")
    # the optional `login` parameter every operation accepts (section 4: "soon deprecated")
    op_calls = [c for c in fa.calls if fa.is_operation_name(c.name)]
    if not op_calls:
        return
    for keyset in fa.keysets_mentioning(b"login"):
        login_key = keyset.keys.get("login")
        if login_key is not None and any(fa.inside(keyset.node, c.node) for c in op_calls):
            yield fa.finding(CODE, login_key, STRUCT_MESSAGE, "error")


RULE = register(Rule(
    code=CODE,
    name="legacy-login-call",
    summary="A call of Copernica's SOAP `login` operation (login session); use an access token instead.",
    severity="error",
    languages=TREE_SITTER,
    fixable=False,
    fixed_by={"php": ("migrator.rewrite.php.remove_session", "migrator.rewrite.php.vendor_copy",
                      "migrator.rewrite.php.script_token")},
    invalid={
        "php": (
            "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "$soap->login(array('username' => $user, 'account' => $account, 'password' => $password));\n",
            "<?php\n$soap = new PomSoapClient('user@example.com', 'secret', 'Account');\n$soap->Login(array());\n",
            "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "$soap->__soapCall('login', array($credentials));\n",
            # the operation named in a callable: a login all the same
            "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "call_user_func(array($soap, 'login'), $credentials);\n",
            "<?php\n$soap = new PomSoapClient('user@example.com', 'secret', 'Account');\n"
            "\\call_user_func_array([$soap, 'Login'], [$credentials]);\n",
            "<?php\n$soap->Database_searchProfiles(array('id' => 7,\n"
            "    'login' => array('username' => 'u', 'account' => 'a', 'password' => 'p')));\n",
            # a renamed copy whose only mark is Copernica's WSDL suffix in its code (a comment
            # saying "Copernica" would prove nothing: see valid)
            "<?php\nclass ShopMailer extends SoapClient {\n"
            "    public function connect($url, $user, $secret, $account) {\n"
            "        parent::__construct($url . '/?SOAPAPI=WSDL');\n"
            "        $this->login(array('username' => $user, 'password' => $secret, 'account' => $account));\n"
            "    }\n}\n",
        ),
        "java": (
            "class A {\n  void run(POM_SOAP_APIStub stub, Login login) throws Exception {\n"
            "    stub.login(login);\n  }\n}\n",
            "class A {\n  void run(POMPortType service, String user, String pw) {\n"
            "    InputLogin input = new InputLogin();\n    input.setUsername(user);\n"
            "    input.setAccount(\"Account\");\n    input.setPassword(pw);\n    service.login(input);\n  }\n}\n",
        ),
        "csharp": (
            "class A {\n  void Run(POM_SOAP_API soap) {\n"
            "    soap.login(new input_login { username = \"u\", account = \"a\", password = \"p\" });\n  }\n}\n",
        ),
        "javascript": (
            "const soap = require('soap');\n"
            "soap.createClient('https://soap.copernica.com/?SOAPAPI=WSDL', (err, client) => {\n"
            "  client.login({ parameters: { username: 'u', account: 'a', password: 'p' } }, done);\n});\n",
        ),
        "typescript": (
            "import * as soap from 'soap';\n"
            "const client = await soap.createClientAsync('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "await client.loginAsync({ parameters: { username, account, password } });\n",
        ),
    },
    valid={
        "php": (
            "<?php\n$soap = new PomSoapClient(getenv('COPERNICA_ACCESS_TOKEN'));\n"
            "Auth::login($user);\n$this->guard()->login($user, true);\nauth()->login($user);\n"
            "call_user_func([Auth::class, 'login'], $user);\ncall_user_func('Auth::login', $user);\n",
            "<?php\n$soap = new PomSoapClient(getenv('COPERNICA_ACCESS_TOKEN'));\n$soap->Account_databases(array());\n",
            # another vendor's SoapClient with its own login, in a file that talks to Copernica
            "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "class WeatherClient extends SoapClient {\n    public function __construct($user, $password, $account) {\n"
            "        parent::__construct('https://weather.example.org/?wsdl');\n"
            "        $this->login(array('username' => $user, 'password' => $password, 'account' => $account));\n"
            "    }\n}\n",
            # a CRM's client whose doc comment names Copernica: a comment is no evidence
            "<?php\n/** CRM SOAP client. Unlike Copernica's SOAP API, the CRM still uses logins. */\n"
            "class CrmClient extends SoapClient {\n    public function __construct($wsdl, $user, $password, $account) {\n"
            "        parent::__construct($wsdl);\n"
            "        $this->login(array('username' => $user, 'password' => $password, 'account' => $account));\n"
            "    }\n}\n",
        ),
        "java": (
            "class A {\n  void run(HttpServletRequest request) throws Exception {\n"
            "    request.login(\"user\", \"secret\");\n  }\n}\n",
            "class A {\n  POMPortType port = new POMSOAPAPI().getPOMPort();\n"
            "  void run(HttpServletRequest request) throws Exception {\n"
            "    request.login(\"user\", \"secret\");\n  }\n}\n",
        ),
        "csharp": (
            "class A {\n  async Task Run() {\n"
            "    await _signInManager.PasswordSignInAsync(model.Email, model.Password, false, false);\n  }\n}\n",
        ),
        "javascript": (
            "const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
            "app.post('/login', passport.authenticate('local'), (req, res) => {\n"
            "  req.login(req.user, () => res.redirect('/'));\n});\n",
        ),
        "typescript": (
            "const client = await soap.createClientAsync('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "await client.Account_databasesAsync({ parameters: { access_token: token } });\n",
        ),
    },
    check=check,
))
