"""A credential built of several strings never shows in a dry run's diff, in Python or PHP: each
piece is masked (a new-user trial saw `'hunter' . 'Zx9Secret'`, sprintf pieces and a settings
dict's `"pw"` in context lines). What only says where a secret lives stays readable."""

from __future__ import annotations

import pytest
from migrator_cli import run

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
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
                    'def connect(client):\n'
                    '    client.service.login(CFG["cp"]["user"], CFG["cp"]["key"], "Shop")\n'
                    '    client.service.login(CREDS[0], CREDS[1], "Shop")\n'
                    '    client.service.login(Defaults.username, os.environ.get("CP_PW") or "Or3OrFallback", "Shop")\n'
                    '    client.service.login(username="b", password=base64.b64decode("QjRiYXNlNjRQdw==").decode(),'
                    ' account="Shop")\n\n\n'
                    f'connect(zeep.Client("{WSDL}"))\n',
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
}
PIECES = ["Pl1Head", "Pl1Tail", "Pc2Head", "Pc2Tail", "Cf3SettingPw", "Jn4Head", "Jn4Tail", "Fs5Tail",
          "Dt6Head", "Dt6Tail", "Sp7Head", "Sp7Tail", "Im8Head", "Im8Tail",
          "nested.user.Nu9@example.com", "Nk9NestedKey", "tuple.user.Tu1@example.com", "Tp1TuplePw",
          "class.user.Cu2@example.com", "Or3OrFallback", "QjRiYXNlNjRQdw==",
          "nested.user.Pn1@example.com", "Pk1NestedKey", "Ip2Head", "Ip2Tail"]


@pytest.mark.parametrize("files", [PY, PHP], ids=["python", "php"])
def test_no_piece_of_a_built_credential_shows_and_the_rest_reads_as_written(tmp_path, files):
    for name, code in files.items():
        (tmp_path / name).write_text(code)
    out = run("rewrite", *files, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    shown = out.stdout + out.stderr
    assert shown.count("+++ b/") >= len(files)  # every file changed: its diff was there to leak
    assert [p for p in PIECES if p in shown] == []
    # where the secret lives, and format syntax, are not secrets: the review still reads them
    assert "CP_USER_NAME" in shown and "'Shop'" in shown.replace('"', "'")
    assert ("%s-%s" in shown) and ("'db': 'x'" in shown.replace('"', "'") or files is PHP)
