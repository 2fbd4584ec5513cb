"""COP006: catching Copernica's `Not logged on` fault and logging in again (or retrying on it)."""

from migrator.rules import Rule, register


# Found by _find_relogin in migrator/scan/python/analysis.py (libcst): the scan hands every
# file that could hold one to it (see ast_analysis.analyse).
def check(analysis):
    for site in analysis.relogin_sites:
        yield analysis.finding(
            RULE, site.node,
            f"{site.what}: a login session workaround; with an access token there is no session "
            "to expire, so drop the re-login")


RULE = register(Rule(
    code="COP006",
    name="relogin-on-not-logged-on",
    summary="A handler or retry decorator that logs in again when a call fails with `Not logged on`.",
    severity="warning",
    languages=("python",),
    fixable=True,
    codemod="codemods.remove_relogin",
    fix="remove the re-login branch and let the fault propagate",
    check=check,
    fixes={"python": ((
        # before
        "import os\n"
        "\n"
        "import zeep\n"
        "from zeep.exceptions import Fault\n"
        "\n"
        'service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service\n'
        "\n"
        "\n"
        "def login():\n"
        '    service.login({"username": "api", "account": "Shop", "password": os.environ["COPERNICA_PASSWORD"]})\n'
        "\n"
        "\n"
        "def call(name, params):\n"
        "    try:\n"
        "        return getattr(service, name)(params)\n"
        "    except Fault as exc:\n"
        '        if "Not logged on" not in str(exc):\n'
        "            raise\n"
        "        login()\n"
        "        return getattr(service, name)(params)\n"
        "\n"
        "\n"
        "login()\n"
        'print(call("Account_databases", {}))\n',
        # after `rewrite`
        "import zeep\n"
        "from copernica_access_token import AccessTokenPlugin\n"
        "\n"
        'service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL", plugins=[AccessTokenPlugin()]).service\n'
        "\n"
        "\n"
        "def login():\n"
        "    pass\n"
        "\n"
        "\n"
        "def call(name, params):\n"
        "    return getattr(service, name)(params)\n"
        "\n"
        "\n"
        "login()\n"
        'print(call("Account_databases", {}))\n',
    ),)},
    invalid={"python": (
        "from zeep.exceptions import Fault\n"
        "def call(self, name, params):\n"
        "    try:\n"
        "        return getattr(self.svc, name)(params)\n"
        "    except Fault as exc:\n"
        "        if 'Not logged on' not in str(exc):\n"
        "            raise\n"
        "        self._login()\n"
        "        return getattr(self.svc, name)(params)\n",
        "NOT_LOGGED_ON = 'Not logged on'\n"
        "def relogin(fn):\n"
        "    def wrapper(self, *args):\n"
        "        try:\n"
        "            return fn(self, *args)\n"
        "        except Exception as exc:\n"
        "            if exc.message == NOT_LOGGED_ON:\n"
        "                self.login(force=True)\n"
        "                return fn(self, *args)\n"
        "            raise\n"
        "    return wrapper\n",
        "from tenacity import retry, retry_if_exception_message\n"
        "@retry(retry=retry_if_exception_message(match='Not logged on'))\n"
        "def sync(svc):\n"
        "    svc.Account_databases({})\n",
    )},
    valid={"python": (
        "from zeep.exceptions import Fault\n"
        "try:\n"
        "    svc.Account_databases({'access_token': token})\n"
        "except Fault as exc:\n"
        "    log.error('call failed: %s', exc)\n"
        "    raise\n",
        "try:\n"
        "    ftp.retrlines('LIST')\n"
        "except Exception as exc:\n"
        "    if 'Not logged on' in str(exc):\n"
        "        raise SystemExit('check the ftp account')\n",
    )},
))
