"""The scan's ast analysis against the libcst one, on every Python input the project keeps.

Identical findings and errors on: every corpus case (with the project context the scan builds),
every Python rule's own examples, the scan fixtures, the hostile files within the limits, and a
generated benchmark module. The inline sources of test_python_patterns.py go through the same
check in conftest.py. Files the ast analysis leaves to libcst count as agreeing (the scan then
runs libcst itself); the counts below prove the ast side answers for most of them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis_equivalence import check
from migrator.rules import for_language
from migrator.scan import discover, limits
from migrator.scan.contract import ProjectContext
from migrator.scan.python import PythonAnalyzer

REPO = Path(__file__).resolve().parents[3]
CORPUS = sorted(p for p in (REPO / "tests" / "corpus").iterdir() if (p / "src").is_dir())
RULES = for_language("python")
EXAMPLES = [(r.code, kind, i, src) for r in RULES for kind in ("invalid", "valid")
            for i, src in enumerate(getattr(r, kind).get("python", ()))]


def _project(root: Path) -> list[tuple[str, bytes, str | None, ProjectContext]]:
    """Every .py file of a tree with its module name and the scan's pass-1 context."""
    files = [(p, p.read_bytes()) for p in sorted(root.rglob("*.py"))]
    context = ProjectContext(root=root)
    analyzer = PythonAnalyzer()
    for path, data in files:
        context.wrapper_classes.update(analyzer.collect(str(path.relative_to(root)), data,
                                                        discover.module_name(str(path), str(root))))
    for _round in range(3):  # subclasses of wrappers, as the engine's pass 1b
        before = len(context.wrapper_classes)
        for path, data in files:
            context.wrapper_classes.update(analyzer.collect(str(path.relative_to(root)), data,
                                                            discover.module_name(str(path), str(root)), context))
        if len(context.wrapper_classes) == before:
            break
    return [(str(p.relative_to(root)), data, discover.module_name(str(p), str(root)), context)
            for p, data in files]


_ANSWERED: dict[str, tuple[int, int]] = {}  # corpus case -> (files the ast side answered, files)


def _check_case(case: Path) -> tuple[int, int]:
    if case.name not in _ANSWERED:
        answered = total = 0
        for path, data, module, context in _project(case / "src"):
            total += 1
            answered += check(path, data, module, context)
            check(path, data, module, None)  # pass 1 sees no context
        _ANSWERED[case.name] = answered, total
    return _ANSWERED[case.name]


@pytest.mark.parametrize("case", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_case(case):
    _check_case(case)


def test_the_ast_analysis_answers_for_most_corpus_files():
    # the cases above fill _ANSWERED when they ran first in this process (they do, in file order)
    answered, total = map(sum, zip(*(_check_case(case) for case in CORPUS)))
    assert answered >= total // 2, f"the ast analysis answered for only {answered} of {total} files"


def test_rule_examples():
    answered = sum(check("app/legacy.py", src.encode(), "app.legacy",
                         ProjectContext(root=Path("."))) for _code, _kind, _i, src in EXAMPLES)
    assert answered >= len(EXAMPLES) * 2 // 3, f"{answered} of {len(EXAMPLES)}"


def test_scan_fixtures_and_bundled_examples():
    for root in (REPO / "tests" / "scan" / "python" / "data", REPO / "migrator" / "examples"):
        for path, data, module, context in _project(root):
            check(path, data, module, context)


def test_hostile_files_within_the_limits():
    sys.path.insert(0, str(REPO / "tests" / "hostile"))
    try:
        import hostile_trees
        import planted_secrets
    finally:
        sys.path.pop(0)
    sources = [hostile_trees.HEADER + hostile_trees.LOGIN, hostile_trees.deep_parens(),
               hostile_trees.nested_list(), hostile_trees.long_sum(2_000), hostile_trees.long_sum()]
    sources += [s.format(s="s3cr3t-planted") if "{s}" in s else s
                for s in vars(planted_secrets).values() if isinstance(s, str) and "import" in s]
    checked = 0
    for source in sources:
        data = source.encode()
        if limits.check(data, "python") is None:  # what the scan would hand to a parser
            check("hostile.py", data, "hostile", ProjectContext(root=Path(".")))
            checked += 1
    assert checked >= 2


def test_a_generated_benchmark_module_takes_the_ast_path():
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from rewrite_speed import legacy_module
    finally:
        sys.path.pop(0)
    assert check("app/pkg0/legacy_0.py", legacy_module(0, 10).encode(), "app.pkg0.legacy_0",
                 ProjectContext(root=Path(".")))


@pytest.mark.parametrize("source", [
    "import zeep\nclient = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
    "client.service.login({'username': 'a', 'account': 'b', 'password': 'p'}\n",  # unclosed
    "def f(:\n    pass\n",
    b"# -*- coding: latin-1 -*-\nx = '\xe9'\nimport zeep\n",
    b"\xef\xbb\xbfimport zeep\nclient = zeep.Client(WSDL)\nclient.service.login({'username': u, "
    b"'account': a, 'password': 'p\xc3\xa9'})\n",
    b"x = '\xff'\nimport zeep\n",
    "import zeep\n(pars): bool = True\nc = zeep.Client(WSDL)\n",  # valid Python libcst cannot parse
])
def test_errors_and_encodings_agree(source):
    check("app/legacy.py", source.encode() if isinstance(source, str) else source, "app.legacy",
          ProjectContext(root=Path(".")))


HEAD = "import os\nimport zeep\nWSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL'\n"
# Shapes where ast and libcst differ (positions, parentheses, scopes, strings); each must be
# answered by the ast analysis, and identically.
SHAPES = {
    "concatenated password": HEAD + "c = zeep.Client(WSDL)\nc.service.login({'username': 'u', "
                                    "'account': 'a', 'password': 'pass' 'wo' \"rd\"})\n",
    "parenthesised, commented": HEAD + "PASSWORD = (  # the old one\n    'hun'  # part\n    'ter2'\n)\n"
                                       "c = zeep.Client(WSDL)\nc.service.login({'username': 'u',\n"
                                       "    'account': 'a',  # a comment\n    ('password'): (PASSWORD)})\n",
    "non-ascii columns": HEAD + "naïve = 'é'; c = zeep.Client(WSDL); c.service.login({'username': 'ü', "
                                "'account': 'a', 'password': 'ß'})\n",
    "f-strings": HEAD + "c = zeep.Client(f'{WSDL}')\nx = f'{{literal}} {c!r:>{10}}'\n"
                        "c.service.login({'username': f'u{x}', 'account': 'a', 'password': os.environ['P']})\n"
                        "c.service.Account_databases({})\n",
    "f-string fields with calls and strings": HEAD + "c = zeep.Client(WSDL)\nlog(f'{len(x)} {d[\"k\"]!r:>{w}} é{g(1, \"}\")}')\n"
                                                     "c.service.login({'username': f\"{u.strip()}\", "
                                                     "'account': 'a', 'password': 'p'})\n",
    "global and nonlocal": HEAD + "client = None\ndef connect():\n    global client\n"
                                  "    client = zeep.Client(WSDL)\n    def inner():\n        nonlocal_x = 1\n"
                                  "    client.service.login({'username': 'u', 'account': 'a', 'password': 'p'})\n",
    "keyword before star": HEAD + "c = zeep.Client(wsdl=WSDL)\nc.service.login(parameters={'username': 'u', "
                                  "'account': 'a', 'password': 'p'}, *rest)\nc.service.Profile_fields(x=1, "
                                  "*a, login={'username': 'u', 'account': 'a', 'password': 'p'})\n",
    "class scope is not a method's": HEAD + "class Api:\n    client = zeep.Client(WSDL)\n"
                                            "    def go(self):\n        self.client.service.login({'username': 'u', "
                                            "'account': 'a', 'password': 'p'})\n        client.service.login(x)\n",
    "comprehension scope": HEAD + "svc = zeep.Client(WSDL).service\nsvcs = [svc for svc in others]\n"
                                  "[s.login({'username': 'u', 'account': 'a', 'password': 'p'}) for s in svcs]\n"
                                  "svc.login({'username': 'u', 'account': 'a', 'password': 'p'})\n",
    "aliases and dotted imports": "import zeep.client as zc\nimport suds.client\nfrom zeep import Client as C\n"
                                  "a = zc.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
                                  "b = suds.client.Client(URL)\nd = C(URL)\nfor x in (a, b, d):\n    pass\n"
                                  "a.service.login({'username': 'u', 'account': 'a', 'password': 'p'})\n"
                                  "b.service.login({'username': 'u', 'account': 'a', 'password': 'p'})\n"
                                  "d.service.Account_databases({}); d.service.login({'username': 'u', "
                                  "'account': 'a', 'password': 'p'})\n",
    "getattr forms": HEAD + "c = zeep.Client(WSDL)\nlogin = getattr(c.service, 'login')\n"
                            "login({'username': 'u', 'account': 'a', 'password': 'p'})\n"
                            "run(getattr(c.service, 'login'))\ngetattr(c.service, 'Account_databases')({})\n",
    "session id and logout": HEAD + "c = zeep.Client(URL)\nsid = c.service.login({'username': 'u', "
                                    "'account': 'a', 'password': 'p'})\nc.service.Account_databases(sid)\n"
                                    "c.service.logout()\n",
    "cookies": HEAD + "import pickle, http.cookiejar\nc = zeep.Client(WSDL)\n"
                      "c.service.login({'username': 'u', 'account': 'a', 'password': 'p'})\n"
                      "jar = http.cookiejar.LWPCookieJar('cookies.txt')\nc.transport.session.cookies = jar\n"
                      "pickle.dump(c.transport.session.cookies, open('cookie.pkl', 'wb'))\n"
                      "c.transport.session.cookies.clear(); name = 'soap_session'\n",
    "wrapper with forwarder": HEAD + "class PomClient:\n    def __init__(self, email, password, account):\n"
                                     "        self._svc = zeep.Client(WSDL).service\n"
                                     "        self._svc.login({'username': email, 'password': password, "
                                     "'account': account})\n    def __getattr__(self, name):\n"
                                     "        return getattr(self._svc, name)\n"
                                     "class Sub(PomClient):\n    pass\napi = PomClient('me', 's3cret', 'Shop')\n"
                                     "Sub(password='x', email='y', account='z').login()\n",
    "helpers and returns": HEAD + "def make():\n    return zeep.Client(WSDL)\ndef svc():\n    c = make()\n"
                                  "    return c.service\nasync def go():\n    s = svc()\n"
                                  "    await s.login(**{'username': 'u', 'account': 'a', 'password': 'p'})\n"
                                  "    with make() as cl:\n        cl.service.login(dict(username='u', account='a', "
                                  "password=os.environ.get('PW', 'fallback')))\n",
    "walrus and lambda defaults": HEAD + "if (c := zeep.Client(WSDL)):\n    f = lambda s=c.service: s\n"
                                         "    c.service.login({'username': 'u', 'account': 'a', 'password': 'p'})\n",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shapes_where_the_trees_differ(name):
    assert check("app/legacy.py", SHAPES[name].encode(), "app.legacy", ProjectContext(root=Path("."))), \
        f"{name}: left to libcst"
