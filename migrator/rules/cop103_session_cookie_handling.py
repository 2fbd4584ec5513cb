"""COP103: keeping or forwarding the login session cookie (`soap_*`, cookie files, cookie jars)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rules import Rule, register
from migrator.scan.languages import TREE_SITTER
from migrator.scan.model import Finding
from migrator.scan.treesitter import php_family

if TYPE_CHECKING:  # keep `rules` listing free of tree-sitter imports
    from tree_sitter import Node

    from migrator.scan.treesitter.facts import FileAnalysis

CODE = "COP103"
MESSAGE = ("Session cookie handling for the login session; with an access token on every call "
           "there is no session cookie to keep, so remove it")


def _cookie_string(value: str) -> bool:
    v = value.lower().lstrip("^")
    if v.startswith("soap_"):
        return v != "soap_version"  # PHP SoapClient option, not a cookie
    return "set-cookie" in v or v == "cookie" or v.startswith("cookie:")


# Calls that write the web app's own response cookies, not the SOAP client's session.
_RESPONSE_WRITERS = frozenset({"header", "setheader", "writehead", "setcookie", "cookie"})


def check(fa: FileAnalysis) -> Iterator[Finding]:
    # cookie code is everywhere; only a Copernica client's cookie is the session (PHP: in a
    # Copernica file or a login-client family class; never in the access-token client)
    if not php_family.is_copernica(fa):
        return
    for finding_node in _cookie_nodes(fa):
        if php_family.reports_here(fa, finding_node):
            yield fa.finding(CODE, finding_node, MESSAGE, "warning", php_family.in_family(fa, finding_node))


def _cookie_nodes(fa: FileAnalysis) -> Iterator[Node]:
    syntax = fa.syntax
    cookie_calls = {fa.norm(n) for n in syntax.cookie_calls}
    tempdir_calls = {fa.norm(n) for n in syntax.tempdir_calls}
    cookie_idents = {fa.norm(n) for n in syntax.cookie_idents}
    for call in fa.calls:
        name = fa.norm(call.name)
        if name in cookie_calls:
            yield call.name_node
        elif name in tempdir_calls:
            # a cookie file: temp dir and "cookie" in one statement
            statement = fa.statement_of(call.node)
            if any("cookie" in s.value.lower() and fa.inside(s.node, statement) for s in fa.strings):
                yield call.node
    for ident in fa.idents:
        if fa.norm(ident.value) in cookie_idents:
            yield ident.node
    for literal in fa.strings:
        if _cookie_string(literal.value):
            call = fa.call_taking(literal.node)
            if call is None or call.name.lower() not in _RESPONSE_WRITERS:
                yield literal.node
    for keyset in fa.keysets_mentioning(b"cookie"):
        key = keyset.keys.get("cookie")
        if key is not None:  # { Cookie: session } extra headers
            yield key


RULE = register(Rule(
    code=CODE,
    name="session-cookie-handling",
    summary="Stores or forwards the login session cookie (soap_* cookies, cookie files, cookie jars).",
    severity="warning",
    languages=TREE_SITTER,
    fixable=False,
    fixed_by={"php": ("migrator.rewrite.php.remove_session", "migrator.rewrite.php.vendor_copy")},
    invalid={
        "php": (
            "<?php\nclass PomSoapClient extends SoapClient {\n  function restore($name, $value) {\n"
            "    $this->__setCookie($name, $value);\n  }\n}\n",
            "<?php\n$wsdl = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
            "$file = sys_get_temp_dir() . '/cookie' . md5($wsdl);\n",
            # a curl cookie jar in a subclass of a login client
            "<?php\nclass Mailer extends SoapClient {\n"
            "    const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
            "    protected function connect() { $this->__soapCall('login', array($this->credentials)); }\n}\n"
            "class AsyncMailer extends Mailer {\n"
            "    public function __doRequest($request, $location, $action, $version, $oneWay = 0) {\n"
            "        curl_setopt_array($this->curl, array(CURLOPT_COOKIEJAR => $this->jar));\n"
            "        return curl_exec($this->curl);\n    }\n}\n",
        ),
        "java": (
            "class A {\n  void run(POMPortType port) {\n    ((BindingProvider) port).getRequestContext()\n"
            "        .put(BindingProvider.SESSION_MAINTAIN_PROPERTY, true);\n  }\n}\n",
            "class A {\n  static final String WSDL = \"https://soap.copernica.com/?SOAPAPI=WSDL\";\n"
            "  static { CookieHandler.setDefault(new CookieManager()); }\n}\n",
        ),
        "csharp": (
            "class A {\n  void Run() {\n    var soap = new POM_SOAP_API();\n"
            "    soap.CookieContainer = new CookieContainer();\n  }\n}\n",
        ),
        "javascript": (
            "const url = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
            "const session = headers['set-cookie'].find((c) => c.startsWith('soap_'));\n",
        ),
        "typescript": (
            "const url = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
            "client.addHttpHeader('Cookie', session);\n",
        ),
    },
    valid={
        "php": (
            "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL', array('soap_version' => SOAP_1_1));\n",
            "<?php\nsetcookie('soap_theme', 'dark');\n$file = sys_get_temp_dir() . '/cookie.txt';\n",
            # the access-token client still carries a cookie helper that nothing needs
            "<?php\nclass PomSoapClient extends SoapClient {\n"
            "    public function __construct($token, $url = 'https://soap.copernica.com') {\n"
            "        $this->token = $token;\n        parent::__construct($url . '?SOAPAPI=WSDL');\n    }\n"
            "    public function __call($method, $params) {\n        $params = $params ? $params[0] : array();\n"
            "        $params['access_token'] = $this->token;\n        return parent::__call($method, array($params));\n"
            "    }\n    protected function setCookie($name, $value) { $this->__setCookie($name, $value); }\n}\n",
        ),
        "java": (
            "class A {\n  void run(BindingProvider port) {\n"
            "    port.getRequestContext().put(BindingProvider.SESSION_MAINTAIN_PROPERTY, true);\n  }\n}\n",
        ),
        "csharp": (
            "class A {\n  void Run() {\n    var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };\n  }\n}\n",
        ),
        "javascript": (
            "const url = 'https://api.copernica.com/v3/databases?access_token=' + token;\n"
            "res.setHeader('Set-Cookie', 'sid=1');\n",
        ),
        "typescript": (
            "const url = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
            "await client.Account_databasesAsync({ parameters: { access_token: token } });\n",
        ),
    },
    check=check,
))
