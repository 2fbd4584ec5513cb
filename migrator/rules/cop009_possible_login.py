"""COP009: a login with Copernica's shape on a client nothing else proves is Copernica's: review it.

`rewrite` never touches these: deleting the login of another service (an ERP, a CRM) would
leave it without authentication. The finding lists the evidence it did see.
"""

from migrator.rules import Rule, register


# Found by _decide_login in migrator/scan/python/queries.py, the same code over either tree:
# the scan's ast analysis, or the libcst one (rewrite, and the files the ast one leaves to it).
def check(analysis):
    for call in analysis.review_logins:
        yield analysis.finding(
            RULE, call.node,
            "`login` with Copernica's username/account/password shape, but nothing shows this client talks "
            "to Copernica; review it: rewrite leaves it alone", call.clues)


RULE = register(Rule(
    code="COP009",
    name="possible-copernica-login",
    summary=("A login shaped like Copernica's (username/account/password) on a client with no other evidence "
             "of Copernica (no Copernica WSDL or name, no Copernica operation called on it): review only."),
    severity="warning",
    languages=("python",),
    fixable=False,
    fix=("needs a person: if it is Copernica's, let its WSDL or settings name say so (e.g. COPERNICA_WSDL) "
         "and run rewrite again; if not, suppress it with `# copernica-migrate: ignore[COP009]`"),
    check=check,
    invalid={"python": (
        "import zeep\n"
        "client = zeep.Client(settings.WSDL)\n"
        "client.service.login({'username': u, 'account': a, 'password': p})\n",
        "from suds.client import Client\n"
        "c = Client(url)\n"
        "c.service.login({'username': user, 'account': acc, 'password': pw})\n",
    )},
    valid={"python": (
        "import zeep\n"
        "client = zeep.Client('https://erp.example.com/ws?wsdl')\n"
        "client.service.login({'username': 'u', 'account': 'a', 'password': 'p'})\n",
        "import zeep\n"
        "client = zeep.Client(settings.WSDL)\n"
        "sid = client.service.login({'username': u, 'account': a, 'password': p})\n"
        "client.service.Orders_list({'session': sid})\n",
        "import zeep\n"
        "client = zeep.Client(settings.WSDL)\n"
        "client.service.login({'username': u, 'account': a, 'password': p})\n"
        "client.service.Account_databases({})\n",
    )},
))
