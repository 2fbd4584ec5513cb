"""What rewrite's completeness check (migrator/rewrite/completeness.py) refuses to leave half done."""

from __future__ import annotations

import pytest

from migrator.rewrite import RewriteOptions, rewrite


def test_logins_by_position_to_two_accounts_need_hands(tmp_path):
    # login(user, password, account): the account is the third part, as the WSDL orders them
    path = tmp_path / "brands.py"
    path.write_text('''\
import os
import zeep

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
shop = zeep.Client(WSDL)
shop.service.login(os.environ["CM_USER"], os.environ["CM_PASS"], "ShopNL")
outlet = zeep.Client(WSDL)
outlet.service.login(os.environ["CM_USER"], os.environ["CM_PASS"], "OutletBE")
''')
    result = rewrite([str(path)], RewriteOptions(), cwd=str(tmp_path))
    assert result.changed == []
    assert [(n.line, "logins to different accounts (OutletBE, ShopNL)" in n.reason)
            for n in result.needs_hands] == [(6, True), (8, True)]
    # Python reads a full-width letter in a name as the plain one: this `ｌogin` is `login` too
    path.write_text(path.read_text().replace(".login(", ".\uff4cogin("), encoding="utf-8")
    result = rewrite([str(path)], RewriteOptions(), cwd=str(tmp_path))
    assert result.changed == []
    assert [(n.line, "logins to different accounts (OutletBE, ShopNL)" in n.reason)
            for n in result.needs_hands] == [(6, True), (8, True)]


GATEWAY = '''\
import os

import zeep

client = zeep.Client(os.environ["SOAP_WSDL_URL"])
client.service.login(username=os.environ["COPERNICA_USER"],
                     password=os.environ["COPERNICA_PASSWORD"],
                     account=os.environ["COPERNICA_ACCOUNT"])


def call(operation, **params):
    return getattr(client.service, operation)(**params)


print(call(os.environ.get("OPERATION", "Account_databases")))
'''


def test_a_client_whose_login_was_its_only_copernica_evidence_is_still_checked(tmp_path):
    # the login's COPERNICA_* credentials were all that said whose client this is: once removed,
    # the rewritten module showed no Copernica client, and the call the token never reached passed
    path = tmp_path / "gateway.py"
    path.write_text(GATEWAY)
    inline = rewrite([str(path)], RewriteOptions(style="inline"), cwd=str(tmp_path))
    assert inline.changed == []
    assert [(n.line, n.reason) for n in inline.needs_hands] == [
        (12, "a method called through getattr with a computed name gets no access_token")]
    # the plugin gives every call of that client the token: nothing left to do by hand
    plugin = rewrite([str(path)], RewriteOptions(style="plugin"), cwd=str(tmp_path))
    assert [f.display for f in plugin.changed] == ["gateway.py"] and plugin.needs_hands == []
    assert b"plugins=[AccessTokenPlugin()]" in plugin.changed[0].new


def _needs_hands(tmp_path, text: str):
    path = tmp_path / "brands.py"
    path.write_text(text)
    result = rewrite([str(path)], RewriteOptions(), cwd=str(tmp_path))
    return result.changed, [(n.line, n.reason) for n in result.needs_hands]


def test_a_login_in_a_loop_over_accounts_needs_hands(tmp_path):
    changed, hands = _needs_hands(tmp_path, '''\
import os
import zeep

client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
for account in ["Brand-NL", "Brand-BE"]:
    client.service.login({"username": "u", "password": os.environ["CM_PASS"], "account": account})
    print(account, client.service.Account_databases({}))
''')
    assert changed == [] and len(hands) == 1
    assert hands[0][0] == 6 and hands[0][1].startswith("the account is the loop variable `account`")


def test_a_login_function_asked_for_several_accounts_needs_hands(tmp_path):
    changed, hands = _needs_hands(tmp_path, '''\
import os
import zeep


def client_for(account):
    c = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
    c.service.login({"username": "u", "password": os.environ["CM_PASS"], "account": account})
    return c


clients = {k: client_for(v) for k, v in {"nl": "Brand-NL", "be": "Brand-BE"}.items()}
''')
    assert changed == [] and len(hands) == 1
    assert hands[0][0] == 7 and hands[0][1].startswith("client_for() logs in to the account it is given")


def test_a_retry_loop_or_a_function_called_once_keeps_one_account(tmp_path):
    changed, hands = _needs_hands(tmp_path, '''\
import os
import zeep

ACCOUNT = os.environ["CM_ACCOUNT"]


def connect(account):
    c = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
    for attempt in range(3):
        c.service.login({"username": "u", "password": os.environ["CM_PASS"], "account": account})
    return c


print(connect(ACCOUNT).service.Account_databases({}))
''')
    assert [f.display for f in changed] == ["brands.py"] and hands == []


def test_modules_join_a_group_by_imports_wherever_they_stand(tmp_path):
    # a wrapper imported only inside a function, a try, a with, a match case or a class still ties
    # its importer to it: the group is migrated, or left, as one
    from migrator.rewrite.completeness import Tree

    (tmp_path / "wrapper.py").write_text("import zeep\n")
    sources = {
        "in_function.py": "def f():\n    import wrapper\n",
        "in_try.py": "try:\n    pass\nexcept ImportError:\n    from wrapper import Api\nelse:\n    pass\n",
        "in_with.py": "with open('x') as fh:\n    if fh:\n        pass\n    else:\n        import wrapper\n",
        "in_match.py": "match 1:\n    case 1:\n        from wrapper import Api\n",
        "in_class.py": "class A:\n    def m(self):\n        for _ in ():\n            pass\n        else:\n            import wrapper\n",
        "alone.py": "x = lambda: __import__('wrapper')\n",
    }
    for name, text in sources.items():
        (tmp_path / name).write_text(text)
    paths = sorted(str(p) for p in tmp_path.glob("*.py"))
    tree = Tree([str(tmp_path)], str(tmp_path), [], str(tmp_path), paths)
    groups = sorted(sorted(p.rsplit("/", 1)[1] for p in g) for g in tree.groups)
    assert groups == [["alone.py"], sorted([*(n for n in sources if n != "alone.py"), "wrapper.py"])]


CONFIG = ('import os\nimport zeep\n\nUSER = os.environ["CP_USER"]\nPASSWORD = os.environ["CP_PASSWORD"]\n\n'
          'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")\n'
          'client.service.login({"username": USER, "account": "Shop", "password": PASSWORD})\n')
USES = "\nprint(len(PASSWORD))\nprint(client.service.Account_databases({}))\n"


@pytest.mark.parametrize("importer, line", [
    ("from config import PASSWORD, client\n" + USES, 1),
    ("from config import *\n" + USES, 3),  # star-imported: the plain name is the read
])
def test_a_credential_another_module_imports_keeps_the_group_as_it_is(tmp_path, importer, line):
    # PASSWORD goes with the login it fed; the importer would then fail
    (tmp_path / "config.py").write_text(CONFIG)
    (tmp_path / "audit.py").write_text(importer)
    result = rewrite([str(tmp_path)], RewriteOptions(), cwd=str(tmp_path))
    assert result.changed == []
    assert [(n.path, n.line, n.reason) for n in result.needs_hands] == [(
        "audit.py", line, "reads `PASSWORD`, which this module (config.py) no longer has: it held a credential "
                          "that went with the login; read it from elsewhere, or migrate that login by hand")]


def test_credentials_nobody_else_reads_go_and_the_program_needs_only_the_token(tmp_path):
    (tmp_path / "config.py").write_text(CONFIG)
    (tmp_path / "audit.py").write_text("from config import client\n\nprint(client.service.Account_databases({}))\n")
    result = rewrite([str(tmp_path)], RewriteOptions(), cwd=str(tmp_path))
    assert [f.display for f in result.changed] == ["config.py"], result.needs_hands
    assert b"os.environ" not in result.changed[0].new


@pytest.mark.parametrize("dispatch,line,how", [
    ("fn = getattr(client.service, op)\nprint(fn({}).total)\n", 8, "getattr with a computed name, handed on"),
    ("print(client.service['Account_databases']({}).total)\n", 8, "service[name]"),
])
def test_inline_calls_picked_by_name_at_run_time_keep_the_module_as_it_was(tmp_path, dispatch, line, how):
    # the inline codemod cannot see which operation such a call makes: only the plugin reaches it,
    # and the login went with every check green while the call went out without a token
    path = tmp_path / "dispatch.py"
    path.write_text("import os\nimport sys\nimport zeep\n\n"
                    "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
                    "client.service.login(os.environ['CM_USER'], os.environ['CM_PASS'], 'Shop')\n"
                    "op = sys.argv[1]\n" + dispatch)
    result = rewrite([str(path)], RewriteOptions(style="inline"), cwd=str(tmp_path))
    assert result.changed == []
    assert [(n.line, n.reason) for n in result.needs_hands] == [
        (line, f"a method called through {how} gets no access_token")]
    # the plugin reaches them
    assert [f.display for f in rewrite([str(path)], RewriteOptions(style="plugin"), cwd=str(tmp_path)).changed] \
        == ["dispatch.py"]


def test_a_rest_api_token_is_not_taken_for_the_soap_one(tmp_path):
    # api.copernica.com takes ?access_token= too: its variable is not the SOAP API's token
    path = tmp_path / "both.py"
    path.write_text("import os\nimport requests\nimport zeep\n\n"
                    "TOKEN = os.environ['COPERNICA_REST_TOKEN']\n"
                    "requests.get('https://api.copernica.com/v3/databases', params={'access_token': TOKEN})\n"
                    "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
                    "client.service.login(os.environ['CM_USER'], os.environ['CM_PASS'], 'Shop')\n"
                    "print(client.service.Account_databases({}))\n")
    result = rewrite([str(path)], RewriteOptions(), cwd=str(tmp_path))
    assert result.options.token_env == "COPERNICA_ACCESS_TOKEN" and result.notes == []
    assert [f.display for f in result.changed] == ["both.py"]
