"""codemods.token_inline: access_token in the parameters of every Copernica call (run twice each)."""

from __future__ import annotations

import pytest

from codemods import registry
from codemods.token_inline import COMPUTED, KEYWORDS, PASSED_ON, TODO_UNREACHABLE, UNPACKED, TokenInlineCommand
from tests.rewrite.codemod_harness import transform_twice

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
TODO = f"# {registry.TODO_MARKER} {TODO_UNREACHABLE}"  # .format(why=...)


def check(before: str, after: str | None = None, **kwargs):
    return transform_twice(TokenInlineCommand, before, after, style="inline", **kwargs)


def test_module_level_client_every_parameter_shape():
    context = check(f"""\
        import zeep

        client = zeep.Client("{WSDL}")
        service = client.service
        params = {{"id": 1}}

        service.Account_database({{"identifier": "News"}})
        service.Database_createField(parameters={{"id": 1, "name": "city"}})
        service.Database_fields(dict(id=1))
        service.Database_profiles(params)
        service.Database_profiles(params or {{}})
        service.Account_databases()
        service.Database_searchProfiles(
            {{
                "id": 1,
                "allproperties": True,
            }}
        )
        """, f"""\
        import zeep
        import os

        client = zeep.Client("{WSDL}")
        access_token = os.environ["COPERNICA_ACCESS_TOKEN"]
        service = client.service
        params = {{"id": 1}}

        service.Account_database({{"identifier": "News", "access_token": access_token}})
        service.Database_createField(parameters={{"id": 1, "name": "city", "access_token": access_token}})
        service.Database_fields(dict(id=1, access_token=access_token))
        service.Database_profiles({{**params, "access_token": access_token}})
        service.Database_profiles({{**(params or {{}}), "access_token": access_token}})
        service.Account_databases({{"access_token": access_token}})
        service.Database_searchProfiles(
            {{
                "id": 1,
                "allproperties": True,
                "access_token": access_token,
            }}
        )
        """)
    assert context.scratch[registry.CHANGES][-1] == \
        "line 3: access token read from $COPERNICA_ACCESS_TOKEN next to the client"


def test_function_level_client_and_custom_env_name():
    check(f"""\
        import os
        from zeep import Client as SoapClient

        def main():
            client = SoapClient("{WSDL}")
            return client.service.Account_databases({{}})
        """, f"""\
        import os
        from zeep import Client as SoapClient

        def main():
            client = SoapClient("{WSDL}")
            access_token = os.environ["MY_TOKEN"]
            return client.service.Account_databases({{"access_token": access_token}})
        """, token_env="MY_TOKEN")


def test_class_client_uses_self_access_token_also_through_an_instance():
    check(f"""\
        from zeep import Client


        class Crm:
            def __init__(self, wsdl):
                self.client = Client(wsdl)
                self.service = self.client.service

            def database(this, name):
                return this.service.Account_database({{"identifier": name}})


        def main():
            crm = Crm("{WSDL}")
            return crm.service.Profile_fields({{"id": 1}})
        """, f"""\
        from zeep import Client
        import os


        class Crm:
            def __init__(self, wsdl):
                self.client = Client(wsdl)
                self.access_token = os.environ["COPERNICA_ACCESS_TOKEN"]
                self.service = self.client.service

            def database(this, name):
                return this.service.Account_database({{"identifier": name, "access_token": this.access_token}})


        def main():
            crm = Crm("{WSDL}")
            return crm.service.Profile_fields({{"id": 1, "access_token": crm.access_token}})
        """)


def test_cached_factory_and_thread_pool_submit():
    check(f"""\
        import functools
        import os
        from concurrent.futures import ThreadPoolExecutor

        import zeep


        @functools.lru_cache(maxsize=None)
        def get_service():
            client = zeep.Client("{WSDL}")
            return client.service


        def main():
            service = get_service()
            with ThreadPoolExecutor(max_workers=4) as pool:
                futures = [pool.submit(service.Database_createProfile, {{"id": n}}) for n in range(3)]
                pool.submit(service.Account_databases)
            return get_service().Database_searchProfiles({{"id": 1}})
        """, f"""\
        import functools
        import os
        from concurrent.futures import ThreadPoolExecutor

        import zeep


        @functools.lru_cache(maxsize=None)
        def get_service():
            client = zeep.Client("{WSDL}")
            return client.service


        def main():
            service = get_service()
            with ThreadPoolExecutor(max_workers=4) as pool:
                futures = [pool.submit(service.Database_createProfile, {{"id": n, "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}}) for n in range(3)]
                pool.submit(service.Account_databases, {{"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}})
            return get_service().Database_searchProfiles({{"id": 1, "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}})
        """)


def test_suds_client_and_port_subscript():
    check(f"""\
        from suds.client import Client

        client = Client("{WSDL}")
        client.service["POMPort"].Account_databases({{}})
        """, f"""\
        from suds.client import Client
        import os

        client = Client("{WSDL}")
        access_token = os.environ["COPERNICA_ACCESS_TOKEN"]
        client.service["POMPort"].Account_databases({{"access_token": access_token}})
        """)


def test_unreachable_calls_get_a_todo_suggesting_the_plugin_style():
    context = check(f"""\
        import zeep

        client = zeep.Client("{WSDL}")
        name = "Account_databases"
        getattr(client.service, name)({{}})
        client.service.Database_fields(**{{"parameters": {{"id": 1}}}})
        list(map(client.service.Database_fields, [{{"id": 1}}]))
        client.service.Database_fields(id=4)
        getattr(client.service, "Account_databases")({{}})
        """, f"""\
        import zeep
        import os

        client = zeep.Client("{WSDL}")
        access_token = os.environ["COPERNICA_ACCESS_TOKEN"]
        name = "Account_databases"
        {TODO.format(why=COMPUTED)}
        getattr(client.service, name)({{}})
        {TODO.format(why=UNPACKED)}
        client.service.Database_fields(**{{"parameters": {{"id": 1}}}})
        {TODO.format(why=PASSED_ON)}
        list(map(client.service.Database_fields, [{{"id": 1}}]))
        {TODO.format(why=KEYWORDS)}
        client.service.Database_fields(id=4)
        getattr(client.service, "Account_databases")({{"access_token": access_token}})
        """)
    assert "--style plugin" in TODO_UNREACHABLE
    assert len([c for c in context.scratch[registry.CHANGES] if "added" in c]) == 1


def test_forwarding_method_of_a_legacy_wrapper_is_left_to_the_wrapper_codemod():
    check(f"""\
        import zeep


        class PomSoapClient:
            def __init__(self, url, login, account, password):
                self._client = zeep.Client(url + "/?SOAPAPI=WSDL")
                self._client.service.login({{"username": login, "account": account, "password": password}})

            def __getattr__(self, method):
                def call(parameters=None):
                    return getattr(self._client.service, method)(parameters or {{}})
                return call
        """)


@pytest.mark.parametrize("code", [
    """\
    import zeep
    client = zeep.Client("https://erp.example.com/service?wsdl")
    client.service.login({"username": "u", "password": "p"})
    client.service.Order_list({"id": 1})
    """,
    """\
    import imaplib
    imap = imaplib.IMAP4_SSL("mail.example.com")
    imap.login("user", "secret")
    """,
    """\
    import ftplib
    ftplib.FTP("ftp.example.com").login("user", "secret")
    """,
    """\
    from django.contrib.auth import login
    def view(request, user):
        login(request, user)
    """,
    # already migrated by hand: the token in every call, in a variable or a literal
    f"""\
    import os
    import zeep
    client = zeep.Client("{WSDL}")
    token = os.environ["COPERNICA_ACCESS_TOKEN"]
    params = {{"id": 1, "access_token": token}}
    client.service.Database_fields(params)
    client.service.Account_databases({{"access_token": token}})
    client.service.Database_profiles(dict(id=1, access_token=token))
    """,
])
def test_negatives_are_byte_identical(code):
    context = check(code)
    assert context.scratch[registry.CHANGES] == []


def test_a_function_with_its_own_access_token_reads_the_environment_instead():
    check(f"""\
        import zeep

        client = zeep.Client("{WSDL}")


        def databases(access_token=None):
            return client.service.Account_databases({{}})
        """, f"""\
        import zeep
        import os

        client = zeep.Client("{WSDL}")


        def databases(access_token=None):
            return client.service.Account_databases({{"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}})
        """)


def test_service_of_an_object_made_elsewhere_reads_the_environment_at_the_call():
    check(f"""\
        import zeep

        WSDL = "{WSDL}"


        def report(api):
            return api.service.Account_databases({{}})
        """, f"""\
        import zeep
        import os

        WSDL = "{WSDL}"


        def report(api):
            return api.service.Account_databases({{"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}})
        """)
