"""COP002: the per-call `login` struct inside a Copernica call's parameters."""

import dataclasses

from migrator.rules import Rule, register


# Found by _find_login_structs in migrator/scan/python/queries.py, the same code over either tree:
# the scan's ast analysis, or the libcst one (rewrite, and the files the ast one leaves to it).
def check(analysis):
    for struct in analysis.login_structs:
        found = analysis.finding(
            RULE, struct.node,
            "a `login` struct in the call's parameters authenticates with the login session model; "
            "pass an access token (`access_token`) instead")
        # `params["login"] = LOGIN` after the dict was made: found, but no codemod edits it
        yield found if struct.fixable else dataclasses.replace(found, fixable=False)


RULE = register(Rule(
    code="COP002",
    name="per-call-login-struct",
    summary="A `login` struct (username, account, password) inside a Copernica call's parameters.",
    severity="error",
    languages=("python",),
    fixable=True,
    codemod="codemods.login_struct",
    fix="replace the login struct with access_token",
    check=check,
    fixes={"python": ((
        # before
        "import os\n"
        "import zeep\n"
        "\n"
        'LOGIN = {"username": "api", "account": "Shop", "password": os.environ["COPERNICA_PASSWORD"]}\n'
        'service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service\n'
        'print(service.Database_fields({"id": 1, "login": LOGIN}))\n',
        # after `rewrite`
        "import os\n"
        "import zeep\n"
        "from copernica_access_token import AccessTokenPlugin\n"
        "\n"
        # the credentials only the struct read go with it
        'service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL", plugins=[AccessTokenPlugin()]).service\n'
        'print(service.Database_fields({"id": 1, "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}))\n',
    ),)},
    invalid={"python": (
        "svc.Database_searchProfiles({'id': 1, 'login': {'username': u, 'account': a, 'password': p}})\n",
        "params = {'id': 4, 'login': LOGIN}\n"
        "client.service.Profile_fields(parameters=params)\n",
        "client.service.Account_databases(login=creds)\n",
        # added after the parameters were made: found, not fixable (rewrite leaves it to a person)
        "def fields(svc):\n    params = {'id': 1}\n    params['login'] = LOGIN\n"
        "    return svc.Database_fields(params)\n",
        "def fields(svc):\n    params = {'id': 1}\n    params.update(login=LOGIN)\n"
        "    return svc.Database_fields(params)\n",
        "URL = 'https://soap.copernica.com/'\n"
        "query = {'id': 1, 'login': {'username': u, 'account': a, 'password': p}}\n",
    )},
    valid={"python": (
        "svc.Database_searchProfiles({'id': 1, 'access_token': token})\n",
        "form = {'login': {'username': u, 'account': a, 'password': p}}\n",
        "client.service.Account_databases({'identifier': 'login'})\n",
        # another function's `params`
        "def a(svc):\n    params = {'id': 1}\n    return svc.Database_fields(params)\n\n\n"
        "def b(form):\n    params = {}\n    params['login'] = LOGIN\n    form.post(params)\n",
        # another host's client in a module that also talks to Copernica: its call, its struct
        "import zeep\n"
        "crm = zeep.Client('https://crm.example.com/api?wsdl')\n"
        "crm.service.GetCustomers({'page': 1, 'login': {'username': u, 'account': a, 'password': p}})\n"
        "cm = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n",
    )},
))
