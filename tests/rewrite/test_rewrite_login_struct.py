"""COP002 codemod: per-call `login` struct -> `access_token`, before/after, each run twice."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from codemod_harness import IdempotentCodemodTest, transform_twice

from codemods import registry
from codemods.login_struct import LoginStructCommand

ROOT = Path(__file__).resolve().parents[2]


class TestLoginStruct(IdempotentCodemodTest):
    TRANSFORM = LoginStructCommand

    def test_positional_dict(self) -> None:
        before = """
            import zeep
            client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
            db = client.service.Account_database(
                {"identifier": "News", "login": {"username": "u", "account": "a", "password": "p"}}
            )
        """
        after = """
            import zeep
            import os

            client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
            db = client.service.Account_database(
                {"identifier": "News", "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]}
            )
        """
        self.assertCodemod(before, after)

    def test_parameters_keyword_keeps_quotes_comments_and_trailing_comma(self) -> None:
        before = """
            import os
            from zeep import Client
            svc = Client(URL).service
            svc.Database_fields(parameters={
                'id': 3,  # the newsletter database
                'login': {'username': USER, 'account': ACCOUNT, 'password': PASSWORD},
            })
        """
        after = """
            import os
            from zeep import Client
            svc = Client(URL).service
            svc.Database_fields(parameters={
                'id': 3,  # the newsletter database
                'access_token': os.environ['MY_TOKEN'],
            })
        """
        self.assertCodemod(before, after, token_env="MY_TOKEN")

    def test_token_already_there_drops_only_the_login(self) -> None:
        before = """
            import os, suds.client
            svc.Profile_fields({"id": 5, "access_token": os.environ["T"], "login": creds})
        """
        after = """
            import os, suds.client
            svc.Profile_fields({"id": 5, "access_token": os.environ["T"]})
        """
        self.assertCodemod(before, after)

    def test_same_in_plugin_style(self) -> None:
        before = """
            URL = "https://soap.copernica.com?SOAPAPI=WSDL"
            svc.Account_databases({"login": LOGIN})
        """
        after = """
            import os

            URL = "https://soap.copernica.com?SOAPAPI=WSDL"
            svc.Account_databases({"access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        """
        self.assertCodemod(before, after, style="plugin")

    def test_login_struct_outside_a_call_gets_a_todo(self) -> None:
        before = """
            import zeep
            def params(user, pw):
                base = {"id": 1, "login": {"username": user, "account": "acc", "password": pw}}
                return base
        """
        after = f"""
            import zeep
            def params(user, pw):
                # {registry.TODO_MARKER} per-call `login` struct outside a call the tool recognises; send `access_token` instead (COP002)
                base = {{"id": 1, "login": {{"username": user, "account": "acc", "password": pw}}}}
                return base
        """
        self.assertCodemod(before, after)

    # --- negative: nothing to do -------------------------------------------------------------

    def test_other_soap_service_is_left_alone(self) -> None:
        code = """
            from somewhere import SoapClient
            SoapClient("https://erp.example.com/?wsdl").Order_create({"login": {"username": "u", "account": "a", "password": "p"}})
        """
        self.assertCodemod(code, code, expected_skip=True)

    def test_not_a_copernica_operation(self) -> None:
        code = """
            import zeep
            client.service.createOrder({"id": 1, "login": {"username": "u", "account": "a", "password": "p"}})
            client.service.login({"username": "u", "account": "a", "password": "p"})
        """
        self.assertCodemod(code, code)

    def test_already_migrated_code_is_byte_identical(self) -> None:
        code = """
            import os
            import zeep
            svc.Account_database({"identifier": "News", "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        """
        self.assertCodemod(code, code)


def test_notes_changes_and_unused_credentials() -> None:
    context = transform_twice(
        LoginStructCommand,
        """
        import os, zeep
        password = os.environ["COPERNICA_PASSWORD"]
        user = "api-user"
        svc.Account_database({"identifier": "N", "login": {"username": user, "account": os.getenv("COPERNICA_ACCOUNT"), "password": password}})
        print(user)
        """,
        """
        import os, zeep
        user = "api-user"
        svc.Account_database({"identifier": "N", "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        print(user)
        """,
    )
    # `password` is read nowhere else now: its os.environ read goes (KeyError where only the token
    # is set); `user` is still read (print); the account's env var is no longer read
    assert sorted(context.scratch[registry.CHANGES]) == [
        "line 3: `password` removed with the per-call login structs (it read $COPERNICA_PASSWORD, which "
        "the migrated code no longer needs)",
        "line 5: Account_database: per-call `login` struct replaced by `access_token` "
        "from $COPERNICA_ACCESS_TOKEN"]
    unused = context.scratch[registry.UNUSED_CREDENTIALS]
    assert "environment variable COPERNICA_ACCOUNT" in unused and "environment variable COPERNICA_PASSWORD" in unused
    assert not any(item.startswith(("user", "password")) for item in unused)


def test_a_credentials_dict_only_the_structs_read_goes_with_them() -> None:
    # kept, its os.environ reads would raise KeyError where only the access token is set
    context = transform_twice(
        LoginStructCommand,
        """
        import os, zeep

        # the account's credentials
        LOGIN = {"username": os.environ["CM_USER"], "account": "", "password": os.environ["CM_PASS"]}
        KEEP = {"username": os.environ["CM_USER"], "account": "", "password": os.environ["CM_PASS"]}

        svc.Account_database({"identifier": "N", "login": LOGIN})
        svc.Database_fields({"id": 1, "login": LOGIN})
        svc.Profile_fields({"id": 1, "login": KEEP})
        print(KEEP["username"])
        """,
        """
        import os, zeep

        KEEP = {"username": os.environ["CM_USER"], "account": "", "password": os.environ["CM_PASS"]}

        svc.Account_database({"identifier": "N", "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        svc.Database_fields({"id": 1, "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        svc.Profile_fields({"id": 1, "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        print(KEEP["username"])
        """,
    )
    assert "line 5: credentials `LOGIN` removed with the per-call login structs that read it" \
        in context.scratch[registry.CHANGES]
    assert context.scratch[registry.UNUSED_CREDENTIALS] == []  # KEEP still names them
    assert context.scratch[registry.REMOVED_NAMES] == [("this module", "LOGIN")]


def test_the_environment_reads_only_that_dict_read_go_too() -> None:
    # `PASSWORD = os.environ[...]` kept would still raise KeyError at import
    context = transform_twice(
        LoginStructCommand,
        """
        import os, zeep

        PASSWORD = os.environ["CM_PASS"]
        USER = os.environ["CM_USER"]
        LOGIN = {"username": USER, "account": "", "password": PASSWORD}

        svc.Account_database({"identifier": "N", "login": LOGIN})
        print(USER)
        """,
        """
        import os, zeep

        USER = os.environ["CM_USER"]

        svc.Account_database({"identifier": "N", "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        print(USER)
        """,
    )
    assert "line 4: `PASSWORD` removed with the per-call login structs (it read $CM_PASS, which the " \
        "migrated code no longer needs)" in context.scratch[registry.CHANGES]
    assert context.scratch[registry.UNUSED_CREDENTIALS] == ["environment variable CM_PASS"]
    assert context.scratch[registry.REMOVED_NAMES] == [("this module", "LOGIN"), ("this module", "PASSWORD")]


def test_environment_reads_only_an_inline_struct_read_go_too() -> None:
    context = transform_twice(
        LoginStructCommand,
        """
        import os, zeep

        USER = os.environ["CM_USER"]
        PASSWORD: str = os.environ["CM_PASS"]

        svc.Account_database({"identifier": "N", "login": {"username": USER, "account": "", "password": PASSWORD}})
        print(USER)
        """,
        """
        import os, zeep

        USER = os.environ["CM_USER"]

        svc.Account_database({"identifier": "N", "access_token": os.environ["COPERNICA_ACCESS_TOKEN"]})
        print(USER)
        """,
    )
    assert context.scratch[registry.UNUSED_CREDENTIALS] == ["environment variable CM_PASS"]
    assert context.scratch[registry.REMOVED_NAMES] == [("this module", "PASSWORD")]


def test_bad_token_env_is_refused() -> None:
    from libcst.codemod import CodemodContext

    with pytest.raises(ValueError, match="identifier"):
        LoginStructCommand(CodemodContext(), token_env="X; import os")


def test_registered_for_both_styles() -> None:
    names = {style: [r.name for r in registry.for_style(style)] for style in registry.STYLES}
    assert "codemods.login_struct.LoginStructCommand" in names["inline"]
    assert "codemods.login_struct.LoginStructCommand" in names["plugin"]


@pytest.mark.parametrize("flags", [["-x", "--no-format"]])
def test_runs_alone_under_libcst_tool(tmp_path: Path, flags: list[str]) -> None:
    """`python -m libcst.tool codemod` runs it on a tree without copernica-migrate's engine."""
    (tmp_path / "app").mkdir()
    legacy = tmp_path / "app" / "client.py"
    legacy.write_text(textwrap.dedent("""\
        import zeep
        svc = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
        svc.Account_database({"identifier": "News", "login": {"username": "u", "account": "a", "password": "p"}})
    """))
    other = tmp_path / "app" / "other.py"
    other.write_text('import ftplib\nftplib.FTP("h").login("u", "p")\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", *flags,
         "codemods.login_struct.LoginStructCommand", "--token-env", "APP_TOKEN", str(tmp_path / "app")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert 'os.environ["APP_TOKEN"]' in legacy.read_text()
    assert '"login"' not in legacy.read_text()
    assert other.read_text() == 'import ftplib\nftplib.FTP("h").login("u", "p")\n'


_EVIDENCE_SHAPES = [
    'URL = "https://soap.copernica.com/?SOAPAPI=WSDL"\n',
    'url = f"https://{HOST}.copernica.com/{path}"\n',
    'x = f"{f\'SOAPAPI={kind}\'}"\n',
    "import zeep.transports\n",
    "from suds.client import Client\n",
    "from .zeep import thing\n",
    "import os\nprint('nothing here')\n",
    "name = 'copernica'\n",
    "b = b'copernica'\n",
]


@pytest.mark.parametrize("source", [
    *_EVIDENCE_SHAPES,
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "corpus").rglob("*.py"))),
])
def test_the_survey_from_the_engines_analysis_finds_what_its_own_walk_finds(source):
    # in the engine LoginStruct reads Copernica evidence from the analysis an earlier codemod built;
    # alone it walks the tree: the two must agree, or the engine would migrate what libcst.tool skips
    import libcst as cst

    from migrator.scan.python.analysis import ModuleAnalysis

    tree = cst.parse_module(source)
    assert LoginStructCommand._survey(tree, ModuleAnalysis(tree, "m.py")) == LoginStructCommand._survey(tree)
