"""codemods.raw_envelope_todo: a TODO above raw envelopes that log in, nothing else (run twice each)."""

from __future__ import annotations

import pytest

from codemods import registry
from codemods.raw_envelope_todo import TODO_TEXT, RawEnvelopeTodoCommand
from tests.rewrite.codemod_harness import transform_twice

TODO = f"# {registry.TODO_MARKER} {TODO_TEXT}"


def test_module_constant_envelope():
    context = transform_twice(RawEnvelopeTodoCommand, '''\
        import requests

        # the login request, as the PHP client sent it
        BODY = """<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
        <SOAP-ENV:Body><ns1:login><parameters><username>%s</username><account>%s</account>
        <password>%s</password></parameters></ns1:login></SOAP-ENV:Body></SOAP-ENV:Envelope>"""
        ''', f'''\
        import requests

        # the login request, as the PHP client sent it
        {TODO}
        BODY = """<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
        <SOAP-ENV:Body><ns1:login><parameters><username>%s</username><account>%s</account>
        <password>%s</password></parameters></ns1:login></SOAP-ENV:Body></SOAP-ENV:Envelope>"""
        ''')
    assert context.scratch[registry.CHANGES] == [
        "line 4: raw SOAP envelope with a login marked for a hand edit (COP007)"]


def test_concatenated_envelope_inside_a_function_call():
    transform_twice(RawEnvelopeTodoCommand, """\
        import requests

        def login(user, pw):
            if user:
                requests.post("https://soap.copernica.com/",
                              data=('<soap:Envelope><soap:Body><login>'
                                    '<username>' + user + '</username><password>' + pw + '</password>'
                                    '</login></soap:Body></soap:Envelope>'))
        """, f"""\
        import requests

        def login(user, pw):
            if user:
                {TODO}
                requests.post("https://soap.copernica.com/",
                              data=('<soap:Envelope><soap:Body><login>'
                                    '<username>' + user + '</username><password>' + pw + '</password>'
                                    '</login></soap:Body></soap:Envelope>'))
        """)


@pytest.mark.parametrize("code", [
    # already migrated: access_token, no login
    "BODY = '<Envelope><Body><Account_databases><parameters><access_token>%s</access_token>'\\\n"
    "       '</parameters></Account_databases></Body></Envelope>'\n",
    # an HTML login form is no SOAP envelope
    "FORM = '<form><label>login</label><input name=\"username\"><input name=\"password\"></form>'\n",
    # someone else's login XML: no account, no Copernica in sight
    "XML = '<login><username>a</username><password>b</password></login>'\n",
    "import imaplib\nimaplib.IMAP4_SSL('mail.example.com').login('user', 'secret')\n",
])
def test_negatives_are_byte_identical(code):
    context = transform_twice(RawEnvelopeTodoCommand, code)
    assert context.scratch[registry.CHANGES] == []
