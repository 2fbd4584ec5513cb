"""The PHP project model: classes across files, names as PHP resolves them, the Copernica family."""

from __future__ import annotations

import pickle

from migrator.scan.treesitter.php_project import build

# A renamed, namespaced copy of a login client; its own file.
VENDOR = b"""<?php
/** Client for the Copernica SOAP API (login session). */
namespace Acme\\Mail;

use SoapClient as BaseSoap;

class MailerSoap extends BaseSoap
{
    protected $user;
    private $pass, $account = null;

    public function __construct($user, $pass, $account = null, $url = 'https://soap.copernica.com/')
    {
        parent::__construct($url . '?SOAPAPI=WSDL', array('trace' => true));
        $this->user = $user;
        $this->Connect();
    }

    protected function connect($force = false)
    {
        $this->login(array('username' => $this->user, 'password' => $this->pass,
                           'account' => $this->account));
    }

    public function restore($name, $value)
    {
        $this->__setCookie($name, $value);
    }
}
"""

# A subclass in another namespace and file, through a `use ... as` alias; no constructor of its own.
ASYNC = b"""<?php
namespace Shop\\Transport;

use Acme\\Mail\\MailerSoap as Sync;

final class AsyncMailer extends Sync
{
    public function __doRequest($request, $location, $action, $version, $oneWay = false)
    {
        curl_setopt($this->curl, CURLOPT_COOKIEJAR, $this->jar);
        return parent::__doRequest($request, $location, $action, $version, $oneWay);
    }
}
"""

# Callers in any letter case and through callables.
CALLER = b"""<?php
use Shop\\Transport\\AsyncMailer;

$client = new ASYNCMAILER('user@example.com', $secret, 'Shop');
$client->CONNECT(true);
$client?->restore('soap_1', 'x');
register_shutdown_function([$client, 'Restore']);
call_user_func(array($client, 'reStore'), 'a', 'b');
if (method_exists($client, 'shutdown')) { Acme\\Mail\\MailerSoap::Boot(); }
$client->$operation($params);
"""

TOKEN = b"""<?php
class PomSoapClient extends SoapClient
{
    public function __construct($token, $url = 'https://soap.copernica.com', $charset = null)
    {
        $this->token = $token;
        parent::__construct($url . '?SOAPAPI=WSDL');
    }
    public function __call($method, $params)
    {
        $params = $params ? $params[0] : array();
        $params['access_token'] = $this->token;
        return parent::__call($method, array((object) $params));
    }
    protected function setCookie($name, $value) { $this->__setCookie($name, $value); }
}
"""

WEATHER = b"""<?php
class WeatherClient extends \\SoapClient
{
    public function __construct($user, $password, $account)
    {
        parent::__construct('https://weather.example.org/service?wsdl');
        $this->login(array('user' => $user, 'password' => $password, 'account' => $account));
    }
}
"""


def project(**extra: bytes):
    files = {"src/Vendor/MailerSoap.php": VENDOR, "src/Shop/AsyncMailer.php": ASYNC, "app/run.php": CALLER}
    files.update({f"extra/{name}.php": data for name, data in extra.items()})
    return build(files)


def test_classes_are_keyed_by_lower_case_fully_qualified_name():
    p = project()
    mailer = p.classes["acme\\mail\\mailersoap"]
    assert (mailer.name, mailer.namespace, mailer.path) == ("MailerSoap", "acme\\mail", "src/Vendor/MailerSoap.php")
    assert mailer.base == "soapclient"  # through `use SoapClient as BaseSoap`
    assert p.classes["shop\\transport\\asyncmailer"].base == "acme\\mail\\mailersoap"


def test_methods_properties_and_defaults_are_read():
    mailer = project().classes["acme\\mail\\mailersoap"]
    ctor = mailer.methods["__construct"]
    assert ctor.params == ("user", "pass", "account", "url")
    assert ctor.defaults == (None, None, "null", "'https://soap.copernica.com/'")
    assert VENDOR[ctor.start_byte:ctor.end_byte].startswith(b"public function __construct(")
    assert VENDOR[ctor.end_byte - 1:ctor.end_byte] == b"}"
    assert set(mailer.methods) == {"__construct", "connect", "restore"}
    assert mailer.properties == ("user", "pass", "account")
    assert VENDOR[mailer.start_byte:].startswith(b"class MailerSoap")


def test_names_resolve_through_namespace_aliases_and_absolute_names():
    p = project()
    assert p.resolve("AsyncMailer", "app/run.php") == "shop\\transport\\asyncmailer"
    assert p.resolve("asyncmailer", "app/run.php") == "shop\\transport\\asyncmailer"
    assert p.resolve("Sync", "src/Shop/AsyncMailer.php") == "acme\\mail\\mailersoap"
    assert p.resolve("Sync\\Inner", "src/Shop/AsyncMailer.php") == "acme\\mail\\mailersoap\\inner"
    assert p.resolve("\\Acme\\Mail\\MailerSoap", "app/run.php") == "acme\\mail\\mailersoap"
    assert p.resolve("Other", "src/Shop/AsyncMailer.php") == "shop\\transport\\other"
    assert p.resolve("namespace\\Other", "src/Shop/AsyncMailer.php") == "shop\\transport\\other"


def test_block_namespaces_and_group_uses():
    p = build({"a.php": b"""<?php
namespace One { use Lib\\{Base as B, Other}; class X extends B {} class Y extends Other {} }
namespace Two { class X extends \\One\\X {} }
"""})
    assert p.classes["one\\x"].base == "lib\\base"
    assert p.classes["one\\y"].base == "lib\\other"
    assert p.classes["two\\x"].base == "one\\x"
    assert p.ancestors("two\\x") == ["one\\x", "lib\\base"]


def test_inherited_constructor_and_ancestors_across_files():
    p = project()
    assert p.ancestors("shop\\transport\\asyncmailer") == ["acme\\mail\\mailersoap", "soapclient"]
    assert p.ctor_params("shop\\transport\\asyncmailer") == ("user", "pass", "account", "url")
    assert p.ctor_params("nosuch\\class") == ()


def test_the_family_is_the_login_root_and_its_subclasses_in_any_file():
    p = project(token=TOKEN, weather=WEATHER)
    assert p.roots() == {"acme\\mail\\mailersoap"}
    assert p.family() == {"acme\\mail\\mailersoap", "shop\\transport\\asyncmailer"}
    # logs in through a helper called in another case (`$this->Connect()`)
    assert {"__construct", "connect"} <= p.logs_in("acme\\mail\\mailersoap")
    # the access-token client is not family, and is recognised as the token client
    assert "pomsoapclient" not in p.family() and p.is_token_client("pomsoapclient")
    assert not p.is_token_client("acme\\mail\\mailersoap")
    # a SoapClient subclass logging in to someone else's service is not Copernica's
    assert "weatherclient" not in p.family()


def test_a_comment_or_a_name_shaped_like_an_operation_is_no_evidence():
    # a comment proves nothing about where the client connects: migrated on its word, the
    # ERP's (or weather service's) client would send the Copernica token to that host
    for doc in (b"Client for our ERP's SOAP web service (not Copernica).",
                b"CRM SOAP client. Unlike Copernica's SOAP API, the CRM still uses session logins.",
                b"Modelled on the PomSoapClient we use for Copernica.",
                b"Copernica SOAP API gateway"):
        other = WEATHER.replace(b"class WeatherClient", b"/**\n * " + doc + b"\n */\nclass WeatherClient")
        assert "weatherclient" not in project(other=other).family(), doc
        inside = WEATHER.replace(b"    {\n        parent::", b"    {\n        // " + doc + b"\n        parent::")
        assert "weatherclient" not in project(other=inside).family(), doc
    # a method named like a Copernica operation is no proof either; one of its API's operations is
    erp = WEATHER.replace(b"    }\n}\n", b"    }\n    public function balance() { return $this->Account_balance(array()); }\n}\n")
    assert b"Account_balance" in erp and "weatherclient" not in project(erp=erp).family()
    assert "weatherclient" in project(erp=erp.replace(b"Account_balance", b"Account_databases")).family()
    # the same text in the class's code is evidence: Copernica's WSDL suffix in its URL
    copy = WEATHER.replace(b"https://weather.example.org/service?wsdl", b"https://soap.example.org/?SOAPAPI=WSDL")
    assert "weatherclient" in project(copy=copy).family()


def test_a_credentials_wrapper_holding_its_client_is_a_root():
    p = build({"w.php": b"""<?php
class CopernicaGateway {
    public function __construct($email, $password, $account) {
        $this->soap = new PomSoapClient($email, $password, $account);
    }
    public function databases() { return $this->soap->Account_databases(array()); }
}
class Repo { public function __construct($email, $password, $account) {} }
"""})
    assert p.roots() == {"copernicagateway"}


def test_subclass_of_an_unknown_vendored_pomsoapclient_that_logs_in_is_a_root():
    p = build({"s.php": b"""<?php
class ShopClient extends \\Vendor\\PomSoapClient {
    public function __construct($login, $apiPass, $accountName) {
        parent::__construct($login, $apiPass, $accountName);
        $this->__soapCall('login', array(array('username' => $login)));
    }
}
"""})
    assert p.roots() == {"shopclient"}


def test_callers_in_any_case_and_through_callables():
    p = project()
    assert p.callers("connect") == [("src/Vendor/MailerSoap.php", 16), ("app/run.php", 5)]
    assert sorted(p.callers("RESTORE")) == [("app/run.php", 6), ("app/run.php", 7), ("app/run.php", 8)]
    assert p.callers("shutdown") == [("app/run.php", 9)]  # method_exists
    assert p.callers("boot") == [("app/run.php", 9)]  # static call
    assert p.callers("login") == [("src/Vendor/MailerSoap.php", 21)]
    assert p.callers("neverCalled") == []
    assert p.dynamic_callers() == [("app/run.php", 10)]


def test_is_called_can_ignore_a_span():
    p = project()
    mailer = p.classes["acme\\mail\\mailersoap"]
    connect = mailer.methods["connect"]
    login_span = (connect.start_byte, connect.end_byte)
    assert p.is_called("login")
    assert not p.is_called("login", outside=login_span, path=mailer.path)
    # the span is about that file only: the same bytes elsewhere still count
    assert p.is_called("connect", outside=(0, len(VENDOR)), path=mailer.path)
    assert not p.is_called("connect", outside=(0, 10**6))  # no path: the span applies to every file
    ctor = mailer.methods["__construct"]
    only_caller = build({"v.php": VENDOR})
    assert not only_caller.is_called("connect", outside=(ctor.start_byte, ctor.end_byte), path="v.php")


def test_a_file_with_a_syntax_error_still_gives_its_parsable_classes():
    p = build({"broken.php": b"""<?php
class Good extends SoapClient {
    public function __construct($token) {}
}
class Bad extends SoapClient {
    public function __construct($a {
"""})
    assert "good" in p.classes and p.ctor_params("good") == ("token",)
    assert "bad" not in p.classes
    assert p.files["broken.php"].has_error


def test_first_definition_wins_and_the_project_pickles():
    twice = build({"a.php": b"<?php class Dup { function a() {} }",
                   "b.php": b"<?php class DUP { function b() {} }"})
    assert set(twice.classes["dup"].methods) == {"a"}
    p = pickle.loads(pickle.dumps(project(token=TOKEN)))
    assert p.family() == {"acme\\mail\\mailersoap", "shop\\transport\\asyncmailer"}
    assert p.resolve("AsyncMailer", "app/run.php") == "shop\\transport\\asyncmailer"


def test_resolve_at_a_byte_picks_that_namespace_block():
    source = b"<?php\nnamespace One { use Lib\\Base; }\nnamespace Two { use Other\\Base; }\n"
    p = build({"m.php": source})
    assert p.resolve("Base", "m.php", source.index(b"One")) == "lib\\base"
    assert p.resolve("Base", "m.php", source.index(b"Two")) == "other\\base"


def test_parent_and_self_calls_are_callers_and_class_at_finds_the_class():
    p = project()
    assert ("src/Vendor/MailerSoap.php", 14) in p.callers("__construct")  # parent::__construct(
    selfish = build({"s.php": b"<?php\nclass S {\n  function a() { self::B(); static::c(); }\n}\n"})
    assert selfish.callers("b") == [("s.php", 3)] and selfish.callers("C") == [("s.php", 3)]
    mailer = p.classes["acme\\mail\\mailersoap"]
    inside = mailer.methods["connect"].start_byte
    assert p.class_at(mailer.path, inside) is mailer
    assert p.class_at(mailer.path, 0) is None
