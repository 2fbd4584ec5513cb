"""COP007: a hand-written SOAP envelope in a string that carries a Copernica `login`."""

from migrator.rules import Rule, register


# Found by _find_envelopes in migrator/scan/python/analysis.py (libcst): the scan hands every
# file that could hold one to it (see ast_analysis.analyse).
def check(analysis):
    for site in analysis.raw_envelopes:
        if site.what.startswith("sends"):
            message = ("this call sends a raw SOAP login envelope (login session model); drop the login "
                       "request and send access_token in every envelope's parameters")
        else:
            message = ("a raw SOAP envelope logs in (login session model); rewrite it by hand to send "
                       "access_token in the parameters and drop the login request")
        yield analysis.finding(RULE, site.node, message)


RULE = register(Rule(
    code="COP007",
    name="raw-envelope-login",
    summary="A raw SOAP envelope string with a Copernica `login` operation (username/password children).",
    severity="error",
    languages=("python",),
    fixable=False,
    codemod="codemods.raw_envelope_todo",
    fix="needs a hand edit: drop the login envelope and add <access_token> to each call's parameters",
    check=check,
    invalid={"python": (
        "BODY = '''<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"  # copernica-migrate: ignore[COP007] (an example)
        "<SOAP-ENV:Body><ns1:login><parameters><username>%s</username><account>%s</account>\n"
        "<password>%s</password></parameters></ns1:login></SOAP-ENV:Body></SOAP-ENV:Envelope>'''\n",
        "import requests\n"  # copernica-migrate: ignore[COP007] (an example)
        "body = ('<soap:Envelope><soap:Body><login>'\n"
        "        '<username>' + user + '</username><password>' + pw + '</password>'\n"
        "        '</login></soap:Body></soap:Envelope>')\n"
        "requests.post('https://soap.copernica.com/', data=body)\n",
    )},
    valid={"python": (
        "BODY = '<Envelope><Body><Account_databases><parameters><access_token>%s</access_token>'\\\n"
        "       '</parameters></Account_databases></Body></Envelope>'\n",
        "FORM = '<form><label>login</label><input name=\"username\"><input name=\"password\"></form>'\n",
        "XML = '<login><username>a</username><password>b</password></login>'\n",  # copernica-migrate: ignore[COP007] (an example)
        # a docstring documents an envelope; it is never sent
        '"""Talks to soap.copernica.com, formerly with a body like\n'  # copernica-migrate: ignore[COP007] (an example)
        '<soap:Envelope><soap:Body><login><username>u</username><password>p</password>\n'
        '</login></soap:Body></soap:Envelope>\n"""\n',
    )},
))
