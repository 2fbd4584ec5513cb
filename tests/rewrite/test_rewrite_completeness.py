"""What rewrite's completeness check (migrator/rewrite/completeness.py) refuses to leave half done."""

from __future__ import annotations

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
