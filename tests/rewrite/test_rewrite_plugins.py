"""The generated plugin modules on the wire: rendered from the templates, imported from the user's
project (no copernica-migrate import), driving real zeep and suds clients against the mock's WSDL."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from throwaway_credentials import TOKEN
from lxml import etree

from migrator.mock.wsdl import render_wsdl
from migrator.rewrite import RewriteOptions, rewrite
from migrator.rewrite.plugins import render_plugin

ENV = "APP_COPERNICA_TOKEN"


def load_plugin(tmp_path: Path, flavour: str):
    module = f"copernica_access_token_{flavour}"
    path = tmp_path / f"{module}.py"
    path.write_bytes(render_plugin(flavour, ENV, module))
    assert b"migrator" not in path.read_bytes() and b"copernica_migrate" not in path.read_bytes()
    spec = importlib.util.spec_from_file_location(module, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def wsdl_file(tmp_path: Path) -> Path:
    path = tmp_path / "copernica.wsdl"
    path.write_bytes(render_wsdl("http://127.0.0.1:9/"))
    return path


def parameters_children(envelope: etree._Element) -> list[tuple[str, str | None, str | None]]:
    params = [e for e in envelope.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "parameters"]
    assert len(params) == 1
    return [(etree.QName(c).localname, etree.QName(c).namespace, c.text) for c in params[0]]


CALLS = [
    ("dict", ("Account_database", {"identifier": "News"}), {}),
    ("parameters=", ("Account_database",), {"parameters": {"identifier": "News"}}),
    ("replaces an old token", ("Account_database", {"identifier": "News", "access_token": "stale"}), {}),
    ("no arguments", ("Account_databases", {}), {}),
]


@pytest.mark.parametrize("label,args,kwargs", CALLS, ids=[c[0] for c in CALLS])
def test_zeep_plugin_adds_the_token_as_last_unqualified_child(tmp_path, wsdl_file, monkeypatch,
                                                              label, args, kwargs):
    import zeep

    monkeypatch.setenv(ENV, TOKEN)
    plugin = load_plugin(tmp_path, "zeep").AccessTokenPlugin()
    client = zeep.Client(str(wsdl_file), plugins=[plugin])
    # create_message runs the client's egress plugins, as a real call does
    envelope = client.create_message(client.service, *args, **kwargs)
    children = parameters_children(envelope)
    assert children[-1] == ("access_token", None, TOKEN)
    assert [c for c in children if c[0] == "access_token"] == [children[-1]]  # not twice
    if label != "no arguments":
        assert ("identifier", None, "News") in children


SUDS_CALLS = [
    ("dict", ({"identifier": "News"},), {}),
    ("parameters=", (), {"parameters": {"identifier": "News"}}),
    ("replaces an old token", ({"identifier": "News", "access_token": "stale"},), {}),
    ("no arguments", (), {}),
]


@pytest.mark.parametrize("label,args,kwargs", SUDS_CALLS, ids=[c[0] for c in SUDS_CALLS])
def test_suds_plugin_adds_the_token_as_last_unqualified_child(tmp_path, wsdl_file, monkeypatch,
                                                              label, args, kwargs):
    import suds.client

    monkeypatch.setenv(ENV, TOKEN)
    plugin = load_plugin(tmp_path, "suds").AccessTokenPlugin()
    # nosend: suds builds the envelope (running marshalled plugins) and hands it back unsent
    client = suds.client.Client(wsdl_file.as_uri(), plugins=[plugin], nosend=True, cache=None)
    request = client.service.Account_database(*args, **kwargs)
    children = parameters_children(etree.fromstring(request.envelope))
    assert children[-1] == ("access_token", None, TOKEN)
    assert [c for c in children if c[0] == "access_token"] == [children[-1]]
    if label != "no arguments":
        assert ("identifier", None, "News") in children


@pytest.mark.parametrize("flavour", ["zeep", "suds"])
def test_missing_env_var_fails_when_the_client_is_made(tmp_path, monkeypatch, flavour):
    monkeypatch.delenv(ENV, raising=False)
    module = load_plugin(tmp_path, flavour)  # importing it is fine
    with pytest.raises(RuntimeError, match=ENV):
        module.AccessTokenPlugin()


@pytest.mark.parametrize("flavour", ["zeep", "suds"])
def test_plugin_repr_never_shows_the_token(tmp_path, monkeypatch, flavour):
    monkeypatch.setenv(ENV, TOKEN)
    plugin = load_plugin(tmp_path, flavour).AccessTokenPlugin()
    assert TOKEN not in repr(plugin) and ENV in repr(plugin)


def test_both_plugins_authenticate_real_calls_against_the_token_only_mock(tmp_path, monkeypatch,
                                                                         mock_server):
    import suds.client
    import zeep

    monkeypatch.setenv(ENV, TOKEN)
    server = mock_server(auth="token")
    zclient = zeep.Client(server.wsdl_url, plugins=[load_plugin(tmp_path, "zeep").AccessTokenPlugin()])
    created = zclient.service.Account_createDatabase({"name": "Plugins"}).database
    assert zclient.service.Account_database(parameters={"identifier": "Plugins"}).database.id == created.id
    sclient = suds.client.Client(server.wsdl_url, cache=None,
                                 plugins=[load_plugin(tmp_path, "suds").AccessTokenPlugin()])
    assert sclient.service.Account_database({"identifier": "Plugins"}).database.id == created.id
    sclient.service.Account_databases()
    calls = server.calls
    assert [c["operation"] for c in calls] == [
        "Account_createDatabase", "Account_database", "Account_database", "Account_databases"]
    assert {c["auth"] for c in calls} == {"token"} and not any(c["fault"] for c in calls)


def test_a_django_command_gets_a_plugin_module_django_does_not_take_for_a_command(tmp_path):
    # Django loads every module of management/commands that does not start with `_` as a command
    commands = tmp_path / "myapp" / "management" / "commands"
    commands.mkdir(parents=True)
    for package in (tmp_path / "myapp", tmp_path / "myapp" / "management", commands):
        (package / "__init__.py").write_text("")
    (commands / "sync_copernica.py").write_text('''\
import os

import zeep
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def handle(self, *args, **options):
        client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
        client.service.login({"username": os.environ["CM_USER"], "password": os.environ["CM_PASS"], "account": "a"})
        print(client.service.Account_databases({}))
''')
    result = rewrite([str(tmp_path / "myapp")], RewriteOptions(), cwd=str(tmp_path))
    assert [p.display for p in result.new_plugins] == ["myapp/management/commands/_copernica_access_token.py"]
    assert b"from ._copernica_access_token import AccessTokenPlugin\n" in result.changed[0].new
