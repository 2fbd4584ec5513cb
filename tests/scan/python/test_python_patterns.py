"""The legacy login patterns the Python detector must find, and the look-alikes it must leave alone."""

import textwrap

import pytest


def rules_of(findings):
    return sorted(f.rule for f in findings)


def src(text):
    return textwrap.dedent(text).lstrip("\n")


WSDL = "WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL'\n"


# --- clients however imported ---------------------------------------------------------

@pytest.mark.parametrize("header,factory", [
    ("import zeep\n", "zeep.Client"),
    ("import zeep as z\n", "z.Client"),
    ("from zeep import Client as SoapClient\n", "SoapClient"),
    ("from zeep import CachingClient\n", "CachingClient"),
    ("import zeep.client\n", "zeep.client.Client"),
    ("from suds.client import Client\n", "Client"),
    ("import suds.client as sc\n", "sc.Client"),
])
def test_login_found_however_the_client_is_imported(scan, header, factory):
    code = header + WSDL + f"c = {factory}(WSDL)\nc.service.login({{'username': u, 'account': a, 'password': p}})\n"
    assert rules_of(scan(code)) == ["COP001"]


def test_async_client_login_is_found(scan):
    code = src("""
        import zeep
        async def main(creds):
            async with zeep.AsyncClient('https://soap.copernica.com/?SOAPAPI=WSDL') as client:
                await client.service.login(creds)
        """)
    assert rules_of(scan(code)) == ["COP001"]


def test_a_client_class_named_like_zeeps_but_not_imported_is_ignored(scan):
    # Copernica's REST API in the same module is no reason to flag a non-SOAP client's login
    code = src("""
        from myrpc import Client
        c = Client('https://api.copernica.com/v3')
        c.login({'username': u, 'account': a, 'password': p})
        """)
    assert scan(code) == []


# --- service proxies kept in variables and attributes ------------------------------------

def test_service_proxy_in_a_variable(scan):
    code = src("""
        import zeep
        client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')
        svc = client.service
        svc.login(parameters=creds)
        """)
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP001", 4)


def test_service_proxy_on_self_assigned_in_another_method(scan):
    code = src("""
        import zeep

        class Sync:
            def connect(self):
                self.svc.login(self.creds)

            def __init__(self, url):
                self.client = zeep.Client(url + '?SOAPAPI=WSDL')
                self.svc = self.client.service
        """)
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP001", 5)


def test_self_client_service_login(scan):
    code = src("""
        from suds.client import Client

        class Job:
            def __init__(self):
                self.client = Client(COPERNICA_WSDL)

            def run(self):
                self.client.service.login(LOGIN)
        """)
    assert rules_of(scan(code)) == ["COP001"]


# --- the forms a login call takes ---------------------------------------------------------

@pytest.mark.parametrize("call", [
    "svc.login({'username': u, 'account': a, 'password': p})",
    "svc.login(parameters={'username': u, 'account': a, 'password': p})",
    "svc.login(creds)",
    "svc.login(**creds)",
    "svc.login(**{'username': u, 'account': a, 'password': p})",
    "svc.login(dict(username=u, account=a, password=p))",
    "getattr(svc, 'login')(creds)",
])
def test_login_call_forms(scan, call):
    code = "import zeep\n" + WSDL + "svc = zeep.Client(WSDL).service\n" + call + "\n"
    findings = scan(code)
    assert rules_of(findings) == ["COP001"]
    assert findings[0].location.line == 4


def test_getattr_login_bound_then_called_is_one_finding(scan):
    code = "import zeep\n" + WSDL + "svc = zeep.Client(WSDL).service\nfn = getattr(svc, 'login')\nfn(creds)\n"
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP001", 5)


def test_getattr_login_passed_on_is_flagged(scan):
    code = "import zeep\n" + WSDL + "svc = zeep.Client(WSDL).service\nretry(getattr(svc, 'login'), creds)\n"
    [f] = scan(code)
    assert (f.rule, f.location.line, f.location.column) == ("COP001", 4, 7)


def test_copernica_evidence_from_operation_names_alone(scan):
    # WSDL from configuration: the Object_method calls prove it is Copernica
    code = src("""
        import zeep
        client = zeep.Client(settings.WSDL)
        client.service.login(creds)
        client.service.Database_searchProfiles({'id': 3})
        """)
    assert rules_of(scan(code)) == ["COP001"]


def test_the_login_shape_alone_is_only_a_review_finding(scan):
    code = src("""
        import zeep
        client = zeep.Client(settings.WSDL)
        client.service.login({'username': u, 'account': a, 'password': p})
        """)
    [f] = scan(code)
    assert (f.rule, f.fixable) == ("COP009", False)
    assert f.evidence == ("shape: its login takes username, account and password",)


def test_credentials_named_after_copernica_prove_the_client(scan):
    code = src("""
        import os, zeep
        client = zeep.Client(settings.WSDL)
        client.service.login({'username': os.environ['COPERNICA_USER'], 'account': a, 'password': p})
        """)
    [f] = scan(code)
    assert (f.rule, f.fixable) == ("COP001", True)
    assert "credentials: its login credentials are named after Copernica" in f.evidence


def test_a_file_that_mentions_copernica_elsewhere_proves_nothing_about_another_client(scan):
    code = src("""
        import zeep
        COPERNICA_WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL'
        copernica = zeep.Client(COPERNICA_WSDL)
        copernica.service.Account_databases({'access_token': token})
        erp = zeep.Client(settings.ERP_WSDL)
        erp.service.login({'username': u, 'account': a, 'password': p})
        """)
    assert rules_of(scan(code)) == ["COP009"]


@pytest.mark.parametrize("counter", [
    "sid = erp.service.login({'username': u, 'account': a, 'password': p})\nerp.service.Orders({'sid': sid})\n",
    "erp.service.login({'username': u, 'account': a, 'password': p})\nerp.service.logout()\n",
    "erp.service.login({'username': u, 'account': a, 'password': p, 'tenant': t})\n",
])
def test_counter_evidence_silences_a_login_shaped_like_copernicas(scan, counter):
    assert scan("import zeep\nerp = zeep.Client(settings.WSDL)\n" + counter) == []


def test_counter_evidence_next_to_proof_asks_for_a_review(scan):
    code = src("""
        import zeep
        c = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')
        c.service.login({'username': u, 'account': a, 'password': p})
        c.service.logout()
        """)
    [f] = scan(code)
    assert f.rule == "COP009"
    assert {e.split(":")[0] for e in f.evidence} == {"endpoint", "shape", "logout"}


# --- per-call login struct -------------------------------------------------------------------

def test_login_struct_in_the_parameters_dict(scan):
    code = "svc.Database_searchProfiles({'id': 1, 'login': {'username': u, 'account': a, 'password': p}})\n"
    [f] = scan(code)
    assert f.rule == "COP002"
    assert (f.location.line, f.location.column) == (1, 39)


def test_login_struct_merged_with_unpacking(scan):
    code = "auth = {'login': LOGIN}\nsvc.Profile_fields({'id': 1, **auth})\n"
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP002", 1)


# --- wrapper classes and their construction ---------------------------------------------------

POM = src("""
    import zeep

    class PomSoapClient:
        def __init__(self, email, password, account, url='https://soap.copernica.com/'):
            self.soap = zeep.Client(url + '?SOAPAPI=WSDL')
            self._login(email, password, account)

        def _login(self, email, password, account):
            self.soap.service.login({'username': email, 'password': password, 'account': account})

        def __getattr__(self, name):
            return getattr(self.soap.service, name)
    """)


def test_wrapper_class_is_reported_once_on_its_name(scan):
    findings = scan(POM, module="vendor.pom", path="vendor/pom.py")
    wrappers = [f for f in findings if f.rule == "COP003"]
    assert len(wrappers) == 1
    assert (wrappers[0].location.line, wrappers[0].location.column) == (3, 7)
    assert wrappers[0].location.end_column == 7 + len("PomSoapClient")


def test_collect_returns_wrapper_by_qualified_module_name(analyzer):
    assert analyzer.collect("vendor/pom.py", POM.encode(), "vendor.pom") == {"vendor.pom.PomSoapClient": "vendor/pom.py"}


def test_collect_ignores_token_clients(analyzer):
    token_client = POM.replace("self._login(email, password, account)", "pass").replace(
        "self.soap.service.login(", "print(")
    assert analyzer.collect("vendor/pom.py", token_client.encode(), "vendor.pom") == {}


@pytest.mark.parametrize("module,path,code,line", [
    ("app.sync", "app/sync.py", "from vendor.pom import PomSoapClient\napi = PomSoapClient(e, p, a)\n", 2),
    ("app.sync", "app/sync.py", "from vendor.pom import PomSoapClient as Pom\n\ndef f():\n    return Pom(e, p, a)\n", 4),
    ("app.sync", "app/sync.py", "import vendor.pom as vp\napi = vp.PomSoapClient(e, p, a)\n", 2),
    ("vendor.jobs", "vendor/jobs.py", "from .pom import PomSoapClient\nPomSoapClient(e, p, a)\n", 2),
    ("vendor", "vendor/__init__.py", "from . import pom\nx = pom.PomSoapClient(e, p, a)\n", 2),
])
def test_wrapper_construction_in_another_module(analyzer, scan, tmp_path, module, path, code, line):
    from migrator.scan.contract import ProjectContext

    ctx = ProjectContext(root=tmp_path)
    ctx.wrapper_classes.update(analyzer.collect("vendor/pom.py", POM.encode(), "vendor.pom"))
    findings = scan(code, module=module, path=path, context=ctx)
    assert [(f.rule, f.location.line) for f in findings] == [("COP004", line)]
    # without pass 1 the other module has no evidence at all
    assert scan(code, module=module, path=path) == []


def test_pass_two_needles_add_wrapper_names(analyzer, tmp_path):
    from migrator.scan.contract import ProjectContext

    ctx = ProjectContext(root=tmp_path, wrapper_classes={"vendor.api.CopApi": "vendor/api.py"})
    assert b"copapi" in analyzer.needles(ctx)
    assert b"copapi" not in analyzer.needles(None)


def test_login_through_a_wrapper_instance(scan):
    code = POM + "\napi = PomSoapClient(e, p, a)\napi.login(force=True)\n"
    findings = [(f.rule, f.location.line) for f in scan(code)]
    assert ("COP004", 14) in findings and ("COP001", 15) in findings


# --- raw envelopes ---------------------------------------------------------------------------

def test_raw_envelope_posted_to_copernica(scan):
    code = src('''
        import requests
        ENVELOPE = """<?xml version="1.0"?>
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:x">
          <SOAP-ENV:Body><ns1:login><parameters>
            <username>{user}</username><password>{password}</password>
          </parameters></ns1:login></SOAP-ENV:Body></SOAP-ENV:Envelope>"""
        requests.post("https://soap.copernica.com/", data=ENVELOPE.format(user=u, password=p))
        ''')
    template, request = scan(code)
    assert (template.rule, template.location.line, template.location.column) == ("COP007", 2, 12)
    assert (request.rule, request.location.line) == ("COP007", 7)  # the call that sends it
    assert not template.fixable and not request.fixable


def test_envelope_for_a_token_call_is_fine(scan):
    code = "BODY = '<ns1:Account_databases><parameters><access_token>%s</access_token></parameters></ns1:Account_databases>'\n"
    assert scan(code) == []


# --- session cookies -------------------------------------------------------------------------

@pytest.mark.parametrize("snippet", [
    "jar = http.cookiejar.MozillaCookieJar(COOKIE_PATH)\njar.load()\n",
    "session.cookies = pickle.load(open(cookie_file, 'rb'))\n",
    "session.cookies.update(json.load(fh))\n",
    "saved = requests.utils.dict_from_cookiejar(session.cookies)\n",
    "with open(self.cookie_path, 'a') as fh:\n    fh.write(line)\n",
    "headers = {'Cookie': sid}\n",
    "sid = resp.cookies.get('soap_session')\n",
])
def test_session_cookie_persistence(scan, snippet):
    code = ("import http.cookiejar, json, pickle, requests, zeep\n"
            "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n" + snippet)
    findings = scan(code)
    assert rules_of(findings) == ["COP005"]
    assert findings[0].location.line == 3


def test_cookie_handling_without_copernica_is_ignored(scan):
    code = "import http.cookiejar\njar = http.cookiejar.MozillaCookieJar('c.txt')\njar.load()\n"
    assert scan(code) == []  # (not even parsed by the engine: no needle matches)


# --- re-login on `Not logged on` -------------------------------------------------------------

def test_relogin_in_except_fault(scan):
    code = src("""
        from zeep.exceptions import Fault

        def call(svc, name, params):
            try:
                return getattr(svc, name)(params)
            except Fault as fault:
                if fault.message == 'Not logged on':
                    relogin()
                    return getattr(svc, name)(params)
                raise
        """)
    [f] = scan(code)
    assert (f.rule, f.location.line, f.location.column) == ("COP006", 6, 5)


def test_retry_decorator_on_not_logged_on(scan):
    code = src("""
        import backoff

        @backoff.on_exception(backoff.expo, Fault, giveup=lambda e: 'not logged on' not in str(e).lower())
        def sync(svc):
            svc.Account_databases({})
        """)
    assert rules_of(scan(code)) == ["COP006"]


def test_handler_that_only_reports_not_logged_on_is_fine(scan):
    code = src("""
        try:
            svc.Account_databases({'access_token': t})
        except Fault as fault:
            if 'Not logged on' in str(fault):
                raise SystemExit('the token was rejected')
        """)
    assert scan(code) == []


# --- hard-coded credentials --------------------------------------------------------------------

def test_hardcoded_credentials_are_located_but_never_echoed(scan):
    code = ("import zeep\nc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
            "c.service.login({'username': 'ops@example.com', 'account': 'Shop', 'password': 'Tr0ub4dor&3'})\n")
    findings = [f for f in scan(code) if f.rule == "COP008"]
    assert [(f.location.line, f.location.column) for f in findings] == [(3, 30), (3, 80)]
    for f in findings:
        assert "Tr0ub4dor" not in f.message and "ops@example.com" not in f.message
        assert not f.fixable


def test_a_password_split_over_an_implicit_concatenation_is_one_finding(scan):
    code = ("import zeep\nPASSWORD = 'Tr0ub' 'ador&3'\nc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
            "c.service.login({'username': USER, 'account': 'Shop', 'password': PASSWORD})\n")
    findings = [f for f in scan(code) if f.rule == "COP008"]
    assert [(f.location.line, f.location.column) for f in findings] == [(2, 12)]


# --- look-alikes that must never be flagged ------------------------------------------------------

@pytest.mark.parametrize("code", [
    "import imaplib\nm = imaplib.IMAP4_SSL('imap.example.com')\nm.login('user', 'password')\n",
    "from ftplib import FTP\nftp = FTP('ftp.example.com')\nftp.login(user='u', passwd='p', acct='a')\n",
    "import smtplib\nwith smtplib.SMTP_SSL('smtp.example.com') as s:\n    s.login('u', 'p')\n",
    "from django.contrib.auth import login\ndef v(request):\n    login(request, request.user, backend=None)\n",
    "from flask_login import login_user\ndef v(user):\n    login_user(user, remember=True)\n",
    # a zeep client for another SOAP service that has a login operation
    "import zeep\nc = zeep.Client('https://erp.example.com/ws?wsdl')\nc.service.login({'username': 'u', 'password': 'p'})\n",
    "import zeep\nc = zeep.Client('https://crm.example.com/api.wsdl')\nsvc = c.service\nsvc.login(username='u', account='a', password='p')\n",
])
def test_look_alikes(scan, code):
    assert scan(code) == []


def test_already_migrated_module_has_no_login_findings(scan):
    code = src("""
        import os
        import zeep
        from zeep.transports import Transport

        TOKEN = os.environ['COPERNICA_ACCESS_TOKEN']

        class PomSoapClient:
            def __init__(self, token, url='https://soap.copernica.com'):
                self.token = token
                self.soap = zeep.Client(url + '?SOAPAPI=WSDL', transport=Transport(timeout=10))

            def __getattr__(self, name):
                op = getattr(self.soap.service, name)
                return lambda params=None: op(dict(params or {}, access_token=self.token))

        api = PomSoapClient(TOKEN)
        api.Database_searchProfiles({'id': 1, 'requirements': []})
        """)
    assert scan(code) == []


# --- source decoding and errors ---------------------------------------------------------------------

def test_syntax_error_raises_parse_error_with_line(analyzer, tmp_path):
    from migrator.scan.contract import ProjectContext
    from migrator.scan.model import ParseError

    with pytest.raises(ParseError) as info:
        analyzer.analyze("bad.py", b"import zeep\n\ndef f(:\n    pass\n", "bad", ProjectContext(root=tmp_path))
    assert info.value.line == 3
    assert "\n" not in str(info.value)


def test_undecodable_source_raises_parse_error(analyzer, tmp_path):
    from migrator.scan.contract import ProjectContext
    from migrator.scan.model import ParseError

    with pytest.raises(ParseError):
        analyzer.analyze("bad.py", b"# zeep\nx = '\xff\xfe'\n", "bad", ProjectContext(root=tmp_path))


def test_latin1_module_with_coding_line(scan):
    code = ("# -*- coding: latin-1 -*-\n"
            "# Copernica koppeling, café\n"
            "import zeep\n"
            "c = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
            "naam = 'Ünïcode'; c.service.login(creds)\n").encode("latin-1")
    [f] = scan(code)
    # columns count characters, not bytes
    assert (f.rule, f.location.line, f.location.column) == ("COP001", 5, 19)


def test_utf8_bom_module(scan):
    code = "\ufeffimport zeep\nc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\nc.service.login(x)\n"
    [f] = scan(code.encode("utf-8"))
    assert (f.location.line, f.location.column) == (3, 1)


# --- prefilter ---------------------------------------------------------------------------------------

def test_pass_one_needles_let_no_standard_library_module_through(analyzer):
    import re
    import sysconfig
    from pathlib import Path

    root = Path(sysconfig.get_paths()["stdlib"])
    pattern = re.compile(b"|".join(re.escape(n) for n in analyzer.needles(None)), re.IGNORECASE)
    files = [p for p in root.glob("*.py")] + [p for p in (root / "email").rglob("*.py")] + \
            [p for p in (root / "http").rglob("*.py")] + [p for p in (root / "xml").rglob("*.py")]
    assert len(files) > 200
    assert [p.name for p in files if pattern.search(p.read_bytes())] == []
    # ...while every legacy pattern above would pass it
    assert pattern.search(POM.encode()) and pattern.search(b"x = 'Not logged on'")


def test_collect_skips_files_that_cannot_hold_a_wrapper(analyzer):
    # no `login` anywhere: not even parsed (a syntax error would otherwise raise)
    assert analyzer.collect("m.py", b"import zeep\ndef f(:\n", "m") == {}


# --- clients reached through functions, class attributes, ports -------------------------------------

def test_client_returned_by_a_cached_factory(scan):
    code = src("""
        import functools, zeep

        @functools.lru_cache(maxsize=None)
        def get_client():
            return zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')

        def main(creds):
            get_client().service.login(creds)
        """)
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP001", 8)


def test_service_returned_by_a_method_and_client_as_class_attribute(scan):
    code = src("""
        from suds.client import Client

        class Exporter:
            client = Client(COPERNICA_WSDL)

            def _svc(self):
                return self.client.service['POMPort']

            def start(self, creds):
                self._svc().login(creds)
        """)
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP001", 10)


def test_proxy_handed_in_is_flagged_on_the_login_shape(scan):
    code = "import zeep\n\ndef connect(svc, u, a, p):\n    svc.login({'username': u, 'account': a, 'password': p})\n"
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP009", 4)  # only the shape: a review
    named = code.replace("'username': u", "'username': os.environ['COPERNICA_USER']")
    [f] = scan(named)
    assert (f.rule, f.location.line) == ("COP001", 4)  # credentials named after Copernica prove it
    # the same shape without any SOAP or Copernica evidence in the module is someone else's login
    assert scan(code.replace("import zeep", "import myauth")) == []


def test_wrapper_forwarding_with_dunder_call(analyzer):
    code = src("""
        import zeep

        class SoapApi:
            def __init__(self, user, account, password):
                self.svc = zeep.Client(COPERNICA_WSDL).service
                self.svc.login({'username': user, 'account': account, 'password': password})

            def __call__(self, method, params):
                return getattr(self.svc, method)(params)
        """)
    assert analyzer.collect("api.py", code.encode(), "api") == {"api.SoapApi": "api.py"}
    # the same class for an unnamed service proves nothing: no wrapper to follow into other modules
    unproven = code.replace("COPERNICA_WSDL", "wsdl")
    assert analyzer.collect("api.py", unproven.encode(), "api") == {}


def test_subclass_of_an_imported_wrapper_is_a_legacy_construction(scan, analyzer, tmp_path):
    from migrator.scan.contract import ProjectContext

    ctx = ProjectContext(root=tmp_path)
    ctx.wrapper_classes.update(analyzer.collect("vendor/pom.py", POM.encode(), "vendor.pom"))
    code = src("""
        from vendor.pom import PomSoapClient

        class ShopClient(PomSoapClient):
            def shop_db(self):
                return self.database_id('Shop')

        api = ShopClient(EMAIL, password='hunter2', account='Shop')
        """)
    findings = [(f.rule, f.location.line) for f in scan(code, module="app.shop", path="app/shop.py", context=ctx)]
    assert findings == [("COP004", 7), ("COP008", 7)]


def test_login_struct_through_a_wrapper_call_method(scan):
    code = "api.call('Database_searchProfiles', {'id': 1, 'login': {'username': u, 'account': a, 'password': p}})\n"
    [f] = scan(code)
    assert (f.rule, f.location.line, f.location.column) == ("COP002", 1, 47)


def test_operation_names_alone_do_not_make_a_login_finding(scan):
    # token-era code that happens to have an unrelated `login` helper
    code = src("""
        import zeep
        client = zeep.Client(WSDL)
        client.service.Account_databases({'access_token': TOKEN})

        def login(request):
            return render(request, 'login.html')

        login(req)
        """)
    assert scan(code) == []


def test_deeply_nested_generated_module_is_still_analysed(scan):
    # thousands of implicitly concatenated strings nest thousands of levels deep in libcst
    parts = "".join(f"    'part {i} '\n" for i in range(1500))
    code = ("import zeep\nc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
            f"DOC = (\n{parts})\nc.service.login(creds)\n")
    [f] = scan(code)
    assert (f.rule, f.location.line) == ("COP001", 1505)


def test_two_clients_in_one_module_only_the_copernica_one_is_flagged(scan):
    code = src("""
        import os
        import zeep
        crm = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')
        erp = zeep.Client(os.environ['ERP_WSDL'])
        erp.service.login(os.environ['ERP_USER'], os.environ['ERP_PASSWORD'])
        crm.service.login(creds)
        """)
    assert [(f.rule, f.location.line) for f in scan(code)] == [("COP001", 6)]


def test_relogin_through_a_helper_that_holds_the_login_call(scan):
    code = src("""
        import zeep
        from zeep.exceptions import Fault

        class Crm:
            def __init__(self):
                self.svc = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL').service

            def connect(self):
                self.svc.login(CREDS)

            def call(self, name, params):
                try:
                    return getattr(self.svc, name)(params)
                except Fault as fault:
                    if str(fault) == 'Not logged on':
                        self.connect()
                        return getattr(self.svc, name)(params)
                    raise
        """)
    # a class with call() that logs in is a legacy wrapper too
    assert [(f.rule, f.location.line) for f in scan(code)] == [("COP003", 4), ("COP001", 9), ("COP006", 14)]


def test_raw_envelope_sent_through_a_helper_flags_the_request_too(scan):
    code = src("""
        import requests
        LOGIN = '''<soap:Envelope><soap:Body><login><username>%s</username><account>%s</account>
        <password>%s</password></login></soap:Body></soap:Envelope>'''

        def post(xml):
            return requests.post('https://soap.copernica.com/', data=xml)

        def login(u, a, p):
            xml = LOGIN % (u, a, p)
            print("sending", xml[:10])
            return post(xml)
        """)
    found = [(f.rule, f.location.line) for f in scan(code)]
    # the template and the call that sends it; not the print, not the helper's own post
    assert found == [("COP007", 2), ("COP007", 11)]


def test_a_login_handed_on_as_a_callable_is_found_and_left_to_a_person(scan):
    # the session starts where it is called (an executor, a thread, a partial): still a login
    found = scan(src("""
        import asyncio, functools, threading, zeep
        client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')
        threading.Thread(target=client.service.login, args=(CREDS,)).start()
        relogin = functools.partial(client.service.login, CREDS)
        asyncio.get_event_loop().run_in_executor(None, client.service.login, CREDS)
        client.service.Account_databases({})
    """))
    logins = [(f.location.line, f.fixable, f.message.split(":")[0]) for f in found if f.rule == "COP001"]
    assert logins == [(n, False, "`login` of the SOAP service passed on as a callable, to be called elsewhere")
                      for n in (3, 4, 5)]


def test_a_review_finding_says_what_to_do_next(scan):
    # its rule's own advice, not the "needs a hand edit" of a fixable rule's site left to a person
    from migrator.rules import get

    [review] = [f for f in scan(src("""
        import zeep
        client = zeep.Client(settings.WSDL)
        client.service.login({'username': u, 'account': a, 'password': p})
    """)) if f.rule == "COP009"]
    assert review.fix == get("COP009").fix and "COPERNICA_WSDL" in review.fix


@pytest.mark.parametrize("source,needed", [
    ("def connect(user, secret):\n    svc.login({'username': user, 'password': secret})\n", True),
    ("def connect(\n    user,\n    password=None,\n):\n    client.service.login(user, password, 'Shop')\n", True),
    ("async def connect(*, pw):\n    await svc.Login(username='u', password=pw)\n", True),
    # the login reads no parameter: no login function here, pass 1 need not analyse the file
    ("def sync(client=None):\n    client.service.login(LOGIN)\n", False),
    ("def helper(self):\n    self.svc.login(self.creds)\n", False),
])
def test_pass_1_analyses_a_file_only_where_a_login_may_read_a_parameter(source, needed):
    from migrator.scan.python.detector import may_define_login_function

    assert may_define_login_function(source.encode()) is needed
