"""COP005: code that stores or reuses the login session cookie (soap_ cookies, cookie files, jars)."""

from migrator.rules import Rule, register


# Found by _find_cookie_sites in migrator/scan/python/queries.py, the same code over either tree:
# the scan's ast analysis, or the libcst one (rewrite, and the files the ast one leaves to it).
def check(analysis):
    for site in analysis.cookie_sites:
        yield analysis.finding(
            RULE, site.node,
            f"{site.what}: keeps the login session cookie; with an access token there is no session to keep")


RULE = register(Rule(
    code="COP005",
    name="session-cookie-persistence",
    summary="Storing, loading or forwarding the SOAP login session cookie next to a Copernica client.",
    severity="warning",
    languages=("python",),
    fixable=True,
    codemod="codemods.remove_cookie_persistence",
    fix="remove the cookie handling; the access token makes every call self-contained",
    check=check,
    fixes={"python": ((
        # before
        "import os\n"
        "import pickle\n"
        "\n"
        "import requests\n"
        "import zeep\n"
        "from zeep.transports import Transport\n"
        "\n"
        "session = requests.Session()\n"
        'if os.path.exists("cookies.pickle"):\n'
        '    with open("cookies.pickle", "rb") as f:\n'
        "        session.cookies.update(pickle.load(f))\n"
        'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL", transport=Transport(session=session))\n'
        'client.service.login({"username": "api", "account": "Shop", "password": os.environ["COPERNICA_PASSWORD"]})\n'
        'with open("cookies.pickle", "wb") as f:\n'
        "    pickle.dump(session.cookies, f)\n"
        "print(client.service.Account_databases({}))\n",
        # after `rewrite`
        "import requests\n"
        "import zeep\n"
        "from zeep.transports import Transport\n"
        "from copernica_access_token import AccessTokenPlugin\n"
        "\n"
        "session = requests.Session()\n"
        'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL", transport=Transport(session=session), plugins=[AccessTokenPlugin()])\n'
        "print(client.service.Account_databases({}))\n",
    ),)},
    invalid={"python": (
        "import pickle, requests, zeep\n"
        "from zeep.transports import Transport\n"
        "session = requests.Session()\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL', transport=Transport(session=session))\n"
        "with open(COOKIE_FILE, 'wb') as f:\n"
        "    pickle.dump(session.cookies, f)\n",
        "from http.cookiejar import LWPCookieJar\n"
        "import zeep\n"
        "jar = LWPCookieJar('/tmp/copernica.cookies')\n"
        "client = zeep.Client(WSDL)\n"
        "client.service.Account_databases({})\n",
        "import suds.client\n"
        "client = suds.client.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "sid = [c for c in client.options.transport.cookiejar if c.name.startswith('soap_')]\n",
    )},
    valid={"python": (
        "import requests, zeep\n"
        "from zeep.transports import Transport\n"
        "session = requests.Session()\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL', transport=Transport(session=session))\n"
        "client.service.Account_databases({'access_token': token})\n",
        "import pickle, requests\n"
        "s = requests.Session()\n"
        "pickle.dump(s.cookies, open('cookies.bin', 'wb'))\n",
        # an environment variable's name, not the session cookie's
        "import os, zeep\n"
        "client = zeep.Client(os.environ.get('SOAP_WSDL', 'https://soap.copernica.com/?SOAPAPI=WSDL'))\n"
        "client.service.Account_databases({'access_token': os.environ['COPERNICA_ACCESS_TOKEN']})\n",
    )},
))
