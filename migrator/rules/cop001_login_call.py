"""COP001: a `login` call on a Copernica SOAP client, service proxy or legacy wrapper."""

from migrator.rules import Rule, register


# Found by _find_login_calls and _decide_login in migrator/scan/python/queries.py, the same code over either tree:
# the scan's ast analysis, or the libcst one (rewrite, and the files the ast one leaves to it).
def check(analysis):
    for call in analysis.login_calls:
        via = "a legacy wrapper" if call.receiver.origin in analysis.known_wrappers else "the SOAP service"
        if analysis.attr_name(call.node) == "login":  # not called here: handed on (pool.submit(svc.login))
            yield analysis.finding(
                RULE, call.node, f"`login` of {via} passed on as a callable, to be called elsewhere: a login "
                "session; remove it by hand and send an access token in every call's parameters", call.clues,
                fixable=False)
            continue
        yield analysis.finding(
            RULE, call.node,
            f"`login` on {via} opens a login session; send an access token in every call's parameters instead",
            call.clues)


RULE = register(Rule(
    code="COP001",
    name="login-call",
    summary="A `login` call on a Copernica SOAP client (direct, through getattr or a wrapper) starts a login session.",
    severity="error",
    languages=("python",),
    fixable=True,
    codemod="codemods.remove_login",
    fix="remove the login call and add access_token to every call's parameters",
    check=check,
    fixes={"python": ((
        # before
        "import os\n"
        "import zeep\n"
        "\n"
        'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")\n'
        'client.service.login({"username": "api", "account": "Shop", "password": os.environ["COPERNICA_PASSWORD"]})\n'
        "print(client.service.Account_databases({}))\n",
        # after `rewrite`
        "import zeep\n"
        "from copernica_access_token import AccessTokenPlugin\n"
        "\n"
        'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL", plugins=[AccessTokenPlugin()])\n'
        "print(client.service.Account_databases({}))\n",
    ),)},
    invalid={"python": (
        "import zeep\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "client.service.login({'username': 'u', 'account': 'a', 'password': 'p'})\n",
        # handed on, called elsewhere: found, left to a person
        "import functools, threading, zeep\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "threading.Thread(target=client.service.login, args=(CREDS,)).start()\n"
        "relogin = functools.partial(client.service.login, CREDS)\n",
        # a client handed in; credentials by position (the WSDL's order) whose names say Copernica
        "import os\n"
        "def authenticate(client):\n"
        "    client.service.login(os.environ['COPERNICA_USER'], os.environ['COPERNICA_PASSWORD'], 'Acme')\n",
        "from zeep import Client as SoapClient\n"
        "svc = SoapClient(WSDL).service\n"
        "svc.Account_databases({})\n"
        "svc.login(parameters=CREDS)\n",
        "import zeep as z\n"
        "class Api:\n"
        "    def __init__(self, creds):\n"
        "        self.client = z.CachingClient('https://soap.copernica.com?SOAPAPI=WSDL')\n"
        "        self.svc = self.client.service\n"
        "        getattr(self.svc, 'login')(**creds)\n",
        "from suds.client import Client\n"
        "c = Client(url)\n"
        "c.service.login({'username': os.environ['COPERNICA_USER'], 'account': acc, 'password': pw})\n",
    )},
    valid={"python": (
        "import zeep\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "client.service.Account_databases({'access_token': token})\n",
        # an ERP's client: its operations are only named like Copernica's (COP009 at most)
        "import os, zeep\n"
        "erp = zeep.Client(os.environ['ERP_WSDL'])\n"
        "erp.service.login({'username': os.environ['ERP_USER'], 'account': 'main', 'password': pw})\n"
        "erp.service.Account_balance({'id': 7})\n",
        "import zeep\n"  # only the login's shape: COP009 (review), never COP001
        "client = zeep.Client(settings.WSDL)\n"
        "client.service.login({'username': u, 'account': a, 'password': p})\n",
        "import zeep\n"
        "client = zeep.Client('https://erp.example.com/service?wsdl')\n"
        "client.service.login({'username': 'u', 'password': 'p'})\n",
        "import imaplib\n"
        "imap = imaplib.IMAP4_SSL('mail.example.com')\n"
        "imap.login('user', 'secret')\n",
        "from django.contrib.auth import login\n"
        "def view(request, user):\n"
        "    login(request, user)\n",
    )},
))
