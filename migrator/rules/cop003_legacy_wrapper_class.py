"""COP003: a PomSoapClient-style class that logs in with username/account/password."""

from migrator.rules import Rule, register


# Found by _find_wrappers in migrator/scan/python/queries.py, the same code over either tree:
# the scan's ast analysis, or the libcst one (rewrite, and the files the ast one leaves to it).
def check(analysis):
    for wrapper in analysis.wrapper_classes:
        yield analysis.finding(
            RULE, wrapper.node.name,
            f"class `{wrapper.node.name.value}` wraps the SOAP client in a login session; "
            "make it take an access token and send it with every call")


RULE = register(Rule(
    code="COP003",
    name="legacy-wrapper-class",
    summary="A wrapper class (PomSoapClient style) whose constructor takes credentials and logs in.",
    severity="error",
    languages=("python",),
    fixable=True,
    codemod="codemods.wrapper_class",
    fix="make the constructor take an access token and inject it into every call",
    check=check,
    fixes={"python": ((
        # before
        "import os\n"
        "import zeep\n"
        "\n"
        "\n"
        "class PomSoapClient:\n"
        "    def __init__(self, email, password, account):\n"
        '        self.client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")\n'
        '        self.client.service.login({"username": email, "password": password, "account": account})\n'
        "\n"
        "    def databases(self):\n"
        "        return self.client.service.Account_databases({})\n"
        "\n"
        "\n"
        'api = PomSoapClient("api@example.com", os.environ["COPERNICA_PASSWORD"], "Shop")\n'
        "print(api.databases())\n",
        # after `rewrite`
        "import os\n"
        "import zeep\n"
        "from copernica_access_token import AccessTokenPlugin\n"
        "\n"
        "\n"
        "class PomSoapClient:\n"
        "    def __init__(self, access_token=None):\n"
        "        if access_token is None:\n"
        '            access_token = os.environ["COPERNICA_ACCESS_TOKEN"]\n'
        "        self._access_token = access_token\n"
        '        self.client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL", plugins=[AccessTokenPlugin(self._access_token)])\n'
        "\n"
        "    def databases(self):\n"
        "        return self.client.service.Account_databases({})\n"
        "\n"
        "\n"
        "api = PomSoapClient()\n"
        "print(api.databases())\n",
    ),)},
    invalid={"python": (
        "import zeep\n"
        "class PomSoapClient:\n"
        "    def __init__(self, email, password, account, url='https://soap.copernica.com/'):\n"
        "        self.client = zeep.Client(url + '?SOAPAPI=WSDL')\n"
        "        self.client.service.login({'username': email, 'password': password, 'account': account})\n"
        "    def __getattr__(self, name):\n"
        "        return getattr(self.client.service, name)\n",
        "from suds.client import Client\n"
        "class Copernica(object):\n"
        "    def __init__(self, wsdl):\n"
        "        self.soap = Client(wsdl)\n"
        "    def call(self, method, params):\n"
        "        self.soap.service.login({'username': U, 'account': A, 'password': P})\n"
        "        return getattr(self.soap.service, method)(params)\n",
    )},
    valid={"python": (
        "import zeep\n"
        "class PomSoapClient:\n"
        "    def __init__(self, token, url='https://soap.copernica.com'):\n"
        "        self.token = token\n"
        "        self.client = zeep.Client(url + '?SOAPAPI=WSDL')\n"
        "    def __getattr__(self, name):\n"
        "        op = getattr(self.client.service, name)\n"
        "        return lambda params: op(dict(params, access_token=self.token))\n",
        "import ftplib\n"
        "class Uploader:\n"
        "    def __init__(self, host, user, password):\n"
        "        self.ftp = ftplib.FTP(host)\n"
        "        self.ftp.login(user, password)\n",
    )},
))
