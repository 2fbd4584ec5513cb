"""COP190: a syntax error in a PHP, Java, C#, JavaScript or TypeScript file that was scanned anyway.

Legacy code often no longer parses (PHP's removed `$s{0}` string offsets, a stray brace).
tree-sitter recovers, so such a file is scanned where it parses and the code around the
error yields no fact (migrator/scan/treesitter/errors.py). This note says where that blind
spot is. A note: it never fails a scan by itself. A file that is mostly error stays a
"cannot parse" error instead (errors.unusable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from migrator.rules import Rule, register
from migrator.scan.languages import TREE_SITTER
from migrator.scan.model import Finding
from migrator.scan.treesitter.errors import syntax_error

if TYPE_CHECKING:  # keep `rules` listing free of tree-sitter imports
    from migrator.scan.treesitter.facts import FileAnalysis

CODE = "COP190"
NOT_SCANNED = "only the parts of the file that parse were scanned"


def check(fa: FileAnalysis) -> Iterator[Finding]:
    if fa.error_spans:  # one note per file, at the first error
        node, message = syntax_error(fa.tree.root_node, fa.language)
        yield fa.finding(CODE, node, f"{message}; {NOT_SCANNED}", "note")


RULE = register(Rule(
    code=CODE,
    name="invalid-syntax",
    summary="The file has a syntax error: it was scanned only where it parses; the code at the error was not.",
    severity="note",
    languages=TREE_SITTER,
    fixable=False,
    invalid={
        "php": (
            "<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
            "$first = $name{0};\n",
            "<?php\n}\n$soap->Account_databases(array());\n",
        ),
        "java": (
            "class A {\n  void run(POMPortType port) {\n    port.accountDatabases(new InputAccountDatabases();\n"
            "  }\n}\n",
        ),
        "csharp": (
            "class A {\n  void Run(POM_SOAP_API soap) {\n    var total = 1 +;\n  }\n}\n",
        ),
        "javascript": (
            "const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';\nfunction broken() {\n  let x = ;\n}\n",
        ),
        "typescript": (
            "const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
            "function connect(token: string {\n  return token;\n}\n",
        ),
    },
    valid={
        "php": ("<?php\n$soap = new SoapClient('https://soap.copernica.com/?SOAPAPI=WSDL');\n"
                "$first = $name[0];\n",),
        "java": ("class A {\n  void run(POMPortType port) {\n"
                 "    port.accountDatabases(new InputAccountDatabases());\n  }\n}\n",),
        "csharp": ("class A {\n  void Run(POM_SOAP_API soap) {\n    var total = 1 + 2;\n  }\n}\n",),
        "javascript": ("const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
                       "function fine() {\n  let x = 1;\n}\n",),
        "typescript": ("const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';\n"
                       "function connect(token: string) {\n  return token;\n}\n",),
    },
    check=check,
))
