"""A credential built of several strings never shows in a dry run's diff, in Python or PHP: each
piece is masked (a new-user trial saw `'hunter' . 'Zx9Secret'`, sprintf pieces and a settings
dict's `"pw"` in context lines). What only says where a secret lives stays readable."""

from __future__ import annotations

import pytest
from migrator_cli import run

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def _jobs(logins: list[tuple[str, str]]) -> str:
    """One function per (username, password) expression: a client of its own that logs in and calls."""
    return "".join(f'def sync_{n}():\n    client = zeep.Client("{WSDL}")\n'
                   f'    client.service.login({{"username": {user}, "account": "Shop",\n'
                   f'                          "password": {password}}})\n'
                   '    return client.service.Account_databases({})\n\n\n' for n, (user, password) in enumerate(logins))

PY = {
    "plus.py": f'import zeep\n\nclient = zeep.Client("{WSDL}")\n'
               'client.service.login({"username": "ops", "account": "Shop", "password": "Pl1Head" + "Pl1Tail"})\n'
               'client.service.Account_databases({})\n',
    "percent.py": f'import zeep\n\nbuilt = "%s-%s" % ("Pc2Head", "Pc2Tail")\nclient = zeep.Client("{WSDL}")\n'
                  'client.service.login({"username": "ops", "account": "Shop", "password": built})\n'
                  'client.service.Account_databases({})\n',
    "settings.py": f'import zeep\n\nCFG = {{"db": "x", "pw": "Cf3SettingPw"}}\nclient = zeep.Client("{WSDL}")\n'
                   'client.service.login({"username": "ops", "account": "Shop", "password": CFG["pw"]})\n'
                   'client.service.Account_databases({})\n',
    "joined.py": f'import os\nimport zeep\n\nHEAD = "Jn4Head"\np = "".join([HEAD, "Jn4Tail"])\n'
                 'q = f"{p}Fs5Tail"\n'
                 f'client = zeep.Client("{WSDL}")\n'
                 'client.service.login(username=os.environ["CP_USER_NAME"], account="Shop", password=q)\n'
                 'client.service.Account_databases({})\n',
    "fallbacks.py": 'import base64\nimport os\nimport zeep\n\n'
                    'CFG = {"cp": {"user": "nested.user.Nu9@example.com", "key": "Nk9NestedKey"}}\n'
                    'CREDS = ("tuple.user.Tu1@example.com", "Tp1TuplePw")\n\n\n'
                    'class Defaults:\n    username = "class.user.Cu2@example.com"\n\n\n'
                    + _jobs([('CFG["cp"]["user"]', 'CFG["cp"]["key"]'), ("CREDS[0]", "CREDS[1]"),
                             ("Defaults.username", 'os.environ.get("CP_PW") or "Or3OrFallback"'),
                             ('"b64.user"', 'base64.b64decode("QjRiYXNlNjRQdw==").decode()')]),
    "namespaces.py": 'import types\nimport zeep\n\n'
                     'cfg = types.SimpleNamespace(cp=types.SimpleNamespace(user="ns.user.Ns1@example.com", '
                     'phrase="Ns1NamespacePw"))\n'
                     'settings = types.SimpleNamespace(CP={"login": "map.user.Mp2@example.com",\n'
                     '                                      "code": "Mp2MapPw"})\n\n\n'
                     + _jobs([("cfg.cp.user", "cfg.cp.phrase"), ('settings.CP["login"]', 'settings.CP["code"]')]),
    "second_round.py": 'import codecs\nimport zeep\nfrom dataclasses import dataclass, field\n\n\n'
                       '@dataclass\nclass Settings:\n    user: str = field(default="dc.user.Dc5@example.com")\n\n\n'
                       'class Cfg:\n    phrase = "Ga6ViaGetattr"\n\n\n'
                       'get_phrase = lambda: "La7FromLambda"\n'
                       'CONF = {"cp": {}}\n\n\n'
                       + _jobs([("Settings().user", 'getattr(Cfg, "phrase")'), ('"lambda.user"', "get_phrase()"),
                                ('"chained.user"', 'CONF.get("cp", {}).get("phrase", "Cg8ChainedGet")'),
                                ('"dict.user"', '"%(a)s-%(b)s" % {"a": "Dm9Dict", "b": "Dm9Tail"}'),
                                ('"codec.user"', 'codecs.decode("Eb0Rot", "rot13")')]),
}
PHP = {
    "dot.php": f"<?php\n$soap = new SoapClient('{WSDL}');\n"
               "$soap->login(array('username' => 'ops', 'account' => 'Shop', 'password' => 'Dt6Head' . 'Dt6Tail'));\n"
               "$r = $soap->Account_databases(array());\n",
    "sprintf.php": f"<?php\n$p = sprintf('%s-%s', 'Sp7Head', 'Sp7Tail');\n$soap = new SoapClient('{WSDL}');\n"
                   "$soap->login(array('username' => getenv('CP_USER_NAME'), 'account' => 'Shop', 'password' => $p));\n"
                   "$r = $soap->Account_databases(array());\n",
    "implode.php": f"<?php\n$head = 'Im8Head';\n$soap = new SoapClient('{WSDL}');\n"
                   "$soap->login(['username' => 'ops', 'account' => 'Shop',\n"
                   "              'password' => implode('', [$head, 'Im8Tail'])]);\n"
                   "$r = $soap->Account_databases([]);\n",
    "nested.php": f"<?php\n$cfg = ['cp' => ['user' => 'nested.user.Pn1@example.com', 'key' => 'Pk1NestedKey']];\n"
                  f"$soap = new SoapClient('{WSDL}');\n"
                  "$soap->login(array('username' => $cfg['cp']['user'], 'account' => 'Shop', "
                  "'password' => $cfg['cp']['key']));\n"
                  "$r = $soap->Account_databases(array());\n",
    "interpolated.php": f"<?php\n$y = date('Y');\n$soap = new SoapClient('{WSDL}');\n"
                        "$soap->login(array('username' => 'ops', 'account' => 'Shop', "
                        "'password' => \"Ip2Head-{$y}-Ip2Tail\"));\n"
                        "$r = $soap->Account_databases(array());\n",
    "heredocs.php": f"<?php\n$soap = new SoapClient('{WSDL}');\n$y = date('Y');\n"
                    "$u = <<<'EOT'\nnowdoc.user.Nd4@example.com\nEOT;\n"
                    "$p = <<<EOT\nHd5Head-{$y}-Hd5Tail\nEOT;\n"
                    "$soap->login(array('username' => trim($u), 'account' => 'Shop', 'password' => trim($p)));\n"
                    "$r = $soap->Account_databases(array());\n",
    "objects.php": f"<?php\n$soap = new SoapClient('{WSDL}');\n"
                   "$cfg = (object)['cp' => (object)['user' => 'obj.user.Ob3@example.com',\n"
                   "                                 'phrase' => 'Ob3ObjectPw']];\n"
                   "$soap->login(array('username' => $cfg->cp->user, 'account' => 'Shop',\n"
                   "                   'password' => $cfg->cp->phrase));\n"
                   "$r = $soap->Account_databases(array());\n",
}
PIECES = ["Pl1Head", "Pl1Tail", "Pc2Head", "Pc2Tail", "Cf3SettingPw", "Jn4Head", "Jn4Tail", "Fs5Tail",
          "Dt6Head", "Dt6Tail", "Sp7Head", "Sp7Tail", "Im8Head", "Im8Tail",
          "nested.user.Nu9@example.com", "Nk9NestedKey", "tuple.user.Tu1@example.com", "Tp1TuplePw",
          "class.user.Cu2@example.com", "Or3OrFallback", "QjRiYXNlNjRQdw==",
          "nested.user.Pn1@example.com", "Pk1NestedKey", "Ip2Head", "Ip2Tail",
          "dc.user.Dc5@example.com", "Ga6ViaGetattr", "La7FromLambda", "Cg8ChainedGet", "Dm9Dict", "Dm9Tail",
          "Eb0Rot", "ns.user.Ns1@example.com", "Ns1NamespacePw", "map.user.Mp2@example.com", "Mp2MapPw",
          "obj.user.Ob3@example.com", "Ob3ObjectPw", "nowdoc.user.Nd4@example.com", "Hd5Head", "Hd5Tail"]


@pytest.mark.parametrize("files", [PY, PHP], ids=["python", "php"])
def test_no_piece_of_a_built_credential_shows_and_the_rest_reads_as_written(tmp_path, files):
    for name, code in files.items():
        (tmp_path / name).write_text(code)
    out = run("rewrite", *files, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    shown = out.stdout + out.stderr
    assert [name for name in files if f"+++ b/{name}" not in shown] == []  # each changed: a diff to leak from
    assert [p for p in PIECES if p in shown] == []
    # where the secret lives, and format syntax, are not secrets: the review still reads them
    assert "CP_USER_NAME" in shown and "'Shop'" in shown.replace('"', "'")
    assert ("%s-%s" in shown) and ("'db': 'x'" in shown.replace('"', "'") or files is PHP)
    if files is PY:  # a codec's name is no piece of the secret
        assert '"rot13"' in shown


def test_a_php_value_known_only_by_its_name_is_masked_unless_a_label_or_too_short(tmp_path):
    (tmp_path / "job.php").write_text(
        "<?php\n$labelPw = 'Password:';\n$minPass = '1';\n$smtpPass = 'Sm1SmtpSecret';\n"
        f"$soap = new SoapClient('{WSDL}');\n"
        "$soap->login(array('username' => getenv('CP_USER'), 'account' => 'Shop', 'password' => getenv('CP_PW')));\n"
        "$soap->Database_createField(array('id' => 1, 'name' => 'Password:', 'type' => 'text'));\n"
        "$x = 'Sm1SmtpSecret';\n")
    out = run("rewrite", "job.php", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Sm1SmtpSecret" not in out.stdout  # by value, on another line too
    assert "array('id' => 1, 'name' => 'Password:', 'type' => 'text'" in out.stdout  # the label and the id read
