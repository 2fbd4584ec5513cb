"""COP004: a place that constructs a legacy login wrapper, in this module or any other."""

from migrator.rules import Rule, register


# Found by _find_wrappers in migrator/scan/python/queries.py, the same code over either tree:
# the scan's ast analysis, or the libcst one (rewrite, and the files the ast one leaves to it).
def check(analysis):
    for site in analysis.wrapper_constructions:
        name = site.qualified_name.rsplit(".", 1)[-1]
        # a subclass's `super().__init__(...)` / `Base.__init__(self, ...)` builds its wrapper base
        built = f"`{name}(...)`" if analysis.attr_name(site.node.func) != "__init__" else f"`{name}.__init__(...)`"
        yield analysis.finding(
            RULE, site.node,
            f"{built} builds a client that logs in (login session); construct it with an access token")


RULE = register(Rule(
    code="COP004",
    name="legacy-wrapper-construction",
    summary="Code that constructs a legacy login wrapper class with username/account/password.",
    severity="warning",
    languages=("python",),
    fixable=True,
    codemod="codemods.wrapper_construction",
    fix="pass an access token (from the environment) instead of the credentials",
    check=check,
    fixes={"python": ((
        # before
        "import os\n"
        "import zeep\n"
        "\n"
        "\n"
        "class ShopApi:\n"
        "    def __init__(self, username, account, password):\n"
        '        self.service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service\n'
        '        self.service.login({"username": username, "account": account, "password": password})\n'
        "\n"
        "\n"
        'api = ShopApi(username="api", account="Shop", password=os.environ["COPERNICA_PASSWORD"])\n'
        "print(api.service.Account_databases({}))\n",
        # after `rewrite`
        "import os\n"
        "import zeep\n"
        "from copernica_access_token import AccessTokenPlugin\n"
        "\n"
        "\n"
        "class ShopApi:\n"
        "    def __init__(self, access_token=None):\n"
        "        if access_token is None:\n"
        '            access_token = os.environ["COPERNICA_ACCESS_TOKEN"]\n'
        "        self._access_token = access_token\n"
        '        self.service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL", plugins=[AccessTokenPlugin(self._access_token)]).service\n'
        "\n"
        "\n"
        "api = ShopApi()\n"
        "print(api.service.Account_databases({}))\n",
    ),)},
    invalid={"python": (
        "import zeep\n"
        "class PomSoapClient:\n"
        "    def __init__(self, email, password, account):\n"
        "        self.c = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self.c.service.login({'username': email, 'password': password, 'account': account})\n"
        "api = PomSoapClient(EMAIL, PASSWORD, ACCOUNT)\n",
        # a subclass's own __init__ handing credentials to the wrapper it extends
        "import os, zeep\n"
        "class PomSoapClient:\n"
        "    def __init__(self, email, password, account):\n"
        "        self.c = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self.c.service.login({'username': email, 'password': password, 'account': account})\n"
        "class ShopClient(PomSoapClient):\n"
        "    def __init__(self):\n"
        "        super().__init__(os.environ['CP_USER'], os.environ['CP_PW'], 'Shop')\n",
    )},
    valid={"python": (
        "import zeep\n"
        "class TokenClient:\n"
        "    def __init__(self, token):\n"
        "        self.c = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self.token = token\n"
        "api = TokenClient(TOKEN)\n",
        "import smtplib\n"
        "s = smtplib.SMTP('localhost')\n"
        "s.login('me', 'pw')\n",
    )},
))
