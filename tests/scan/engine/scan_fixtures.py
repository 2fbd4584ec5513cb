"""Sources and tree builders shared by the scan engine tests (a plain module: `conftest` names collide)."""

from __future__ import annotations

from pathlib import Path

from migrator.scan import prefilter

# Smallest sources the real analyzers flag (one login call each).
PY_LOGIN = (
    "import os\nimport zeep\n\n"
    'client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")\n'
    'client.service.login({"username": os.environ["U"], "account": "", "password": os.environ["P"]})\n'
)
PHP_LOGIN = (
    '<?php\n$soap = new SoapClient("https://soap.copernica.com/?SOAPAPI=WSDL");\n'
    '$soap->login(array("username" => $u, "account" => $a, "password" => $p));\n'
)
JS_LOGIN = (
    'const soap = require("soap");\n'
    'soap.createClient("https://soap.copernica.com/?SOAPAPI=WSDL", (err, client) => {\n'
    "  client.login({ username: u, account: a, password: p }, () => {});\n"
    "});\n"
)
PY_CLEAN = "import os\n\nprint(os.getcwd())\n"
NEEDLES = (b"copernica",)

ENGINES = ["python"] + (["rg"] if prefilter.find_rg() else [])


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
