"""COP008: a username or password written as a literal into a Copernica login."""

from migrator.rules import Rule, register


# Found by _find_credentials in migrator/scan/python/queries.py, the same code over either tree:
# the scan's ast analysis, or the libcst one (rewrite, and the files the ast one leaves to it).
def check(analysis):
    for site in analysis.hardcoded_credentials:
        # never echo the literal itself: it is a secret
        yield analysis.finding(
            RULE, site.node,
            f"hard-coded {site.what} for the login session; remove it (and rotate it) and read an "
            "access token from the environment instead")


RULE = register(Rule(
    code="COP008",
    name="hardcoded-credentials",
    summary="A string literal used as the username or password of a Copernica login.",
    severity="error",
    languages=("python",),
    fixable=False,
    fix="needs a hand edit: delete the literal, rotate the password, load an access token from the environment",
    check=check,
    invalid={"python": (
        "import zeep\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "client.service.login({'username': 'api@example.com', 'account': 'Shop', 'password': 'hunter2'})\n",
        "PASSWORD = 'hunter2'\n"
        "svc.Profile_fields({'id': 1, 'login': {'username': USER, 'account': 'a', 'password': PASSWORD}})\n",
        "import zeep\n"
        "class PomSoapClient:\n"
        "    def __init__(self, email, password, account):\n"
        "        self.c = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "        self.c.service.login({'username': email, 'password': password, 'account': account})\n"
        "api = PomSoapClient('me@example.com', 's3cret', 'Shop')\n",
        "from suds.client import Client\n"
        "client = Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "client.service.login('api@example.com', 'hunter2', 'Shop')  # by position: the WSDL's order\n",
        "import zeep\n"
        "def connect(user, secret):  # its parameters go into the login\n"
        "    client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "    client.service.login(username=user, account='Shop', password=secret)\n"
        "    return client\n"
        "client = connect('api@example.com', secret='hunter2')\n",
        # a settings class's default, read by the login as cfg.password
        "import dataclasses, zeep\n"
        "@dataclasses.dataclass\n"
        "class CopernicaConfig:\n"
        "    username: str = 'api@example.com'\n"
        "    password: str = 'hunter2'\n"
        "    wsdl: str = 'https://soap.copernica.com/?SOAPAPI=WSDL'\n",
    )},
    valid={"python": (
        "import os, zeep\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "client.service.login({'username': os.environ['U'], 'account': 'Shop', 'password': os.environ['P']})\n",
        "import imaplib\n"
        "imaplib.IMAP4('mail').login('user', 'hunter2')\n",
        "import imaplib\n"
        "def mailbox(user, password):  # another service's login\n"
        "    box = imaplib.IMAP4('mail')\n"
        "    box.login(user, password)\n"
        "    return box\n"
        "box = mailbox('user', 'hunter2')\n",
        # the mail server's settings class, in a module that says nothing of Copernica
        "class SmtpSettings:\n    password = 'hunter2'\n",
    )},
))
