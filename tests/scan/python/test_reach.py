"""The token-reach check: what would go out without a token in a (migrated) module."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from analysis_equivalence import reach_says

from migrator.scan.python import ast_analysis, reach
from migrator.scan.python.analysis import ModuleAnalysis

WSDL = "'https://soap.copernica.com/?SOAPAPI=WSDL'"


def gaps(code: str, style: str = "plugin") -> list[tuple[int, str]]:
    """The check's gaps on the libcst analysis; the ast one (rewrite's first choice) must agree."""
    data = textwrap.dedent(code).encode()
    analysis = ModuleAnalysis(cst.parse_module(data), "m.py", "m")
    found = reach.gaps(analysis, style, reach.all_plugged([analysis]), reach.injecting_wrappers(analysis))
    if ast_analysis.takes(data):
        try:
            fast = ast_analysis.AstAnalysis(data, "m.py", "m")
        except ast_analysis.GIVE_UP:
            fast = None
        if fast is not None:
            assert reach.gaps(fast, style, reach.all_plugged([fast]), reach.injecting_wrappers(fast)) == found
            assert reach_says(fast) == reach_says(analysis)
    return [(g.line, g.reason) for g in found]


def test_a_plugged_client_and_its_helpers_need_nothing_more():
    assert gaps(f"""
        import zeep
        from copernica_access_token import AccessTokenPlugin
        svc = zeep.Client({WSDL}, plugins=[AccessTokenPlugin()]).service
        svc.Account_databases({{}})
        def run(service, op):
            return getattr(service, op)({{}})
        """) == []


def test_a_login_left_and_a_call_without_token_are_gaps():
    found = gaps(f"""
        import zeep
        svc = zeep.Client({WSDL}).service
        svc.login({{'username': u, 'account': a, 'password': p}})
        svc.Account_databases({{}})
        """)
    assert [line for line, _ in found] == [4, 5]
    assert "login is left" in found[0][1] and "without the token plugin" in found[1][1]


@pytest.mark.parametrize("call", [
    "svc.Account_databases({'access_token': TOKEN})",
    "svc.Account_databases(with_token({}))",
])
def test_a_token_in_the_parameters_or_added_by_a_helper_reaches_the_call(call):
    assert gaps(f"""
        import os, zeep
        TOKEN = os.environ['COPERNICA_ACCESS_TOKEN']
        def with_token(params):
            return dict(params, access_token=TOKEN)
        svc = zeep.Client({WSDL}).service
        {call}
        """, style="inline") == []


def test_untraced_proxies_and_getattr_dispatch_need_the_plugin_in_inline_style():
    code = """
        def sync(service, jobs):
            service.Database_fields({'id': 1})
            for op, params in jobs:
                getattr(service, op)(params)
        """
    assert [line for line, _ in gaps(code, style="inline")] == [3, 5]
    assert "getattr" in gaps(code, style="inline")[1][1]


def test_a_wrapper_forwarding_without_the_token_is_a_gap():
    found = gaps(f"""
        import zeep
        class Pom:
            def __init__(self):
                self._client = zeep.Client({WSDL})
            def __getattr__(self, name):
                return getattr(self._client.service, name)
        """, style="inline")
    assert found == [(6, "Pom.__getattr__ forwards calls without access_token")]
