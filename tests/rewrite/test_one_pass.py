"""The codemods the engine plans on one parse and applies in one pass (migrator/rewrite/one_pass.py)
answer as they would one after another, and report lines of the file as the user has it."""

from __future__ import annotations

import re

import rewrite_test_codemods  # noqa: F401 - registers the test codemods

from migrator.rewrite import RewriteOptions, rewrite

LEGACY = '''\
import os
import zeep

LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}

def main():
    client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
    service = client.service
    service.login(LOGIN)
    a = service.Account_databases({"login": {"username": "u", "account": "Shop", "password": "p"}})
    b = service.Database_fields({"id": 1, "login": {"username": "u", "account": "Shop", "password": "p"}})
    c = service.Profile_fields({"id": 2})
    return a, b, c
'''


def _rewrite(tmp_path, text: str, style: str = "plugin"):
    path = tmp_path / "sync.py"
    path.write_text(text)
    [file] = [f for f in rewrite([str(path)], RewriteOptions(style=style), cwd=str(tmp_path)).files
              if f.display == "sync.py"]
    assert file.status == "changed", file.errors
    return file


def test_every_change_names_its_line_in_the_file_as_read_in_reading_order(tmp_path):
    # run one after another, the codemods after the login's removal counted lines of a tree
    # with that line gone: "line 5: zeep client ..." for a client on line 7
    lines = LEGACY.splitlines()
    for style in ("plugin", "inline"):
        changes = _rewrite(tmp_path, LEGACY, style).changes
        numbers = [int(re.match(r"line (\d+): ", c)[1]) for c in changes]
        assert numbers == sorted(numbers)
        for number, change in zip(numbers, changes):
            source = lines[number - 1]
            if "login call removed" in change:
                assert "service.login(" in source
            elif "per-call `login` struct" in change:
                assert change.split(": ")[1] in source and '"login"' in source
            elif "client built with" in change:
                assert "zeep.Client(" in source
            elif "credentials `LOGIN`" in change:
                assert source.startswith("LOGIN = ")
            elif "access_token added" in change:  # inline: a codemod run on the tree the others changed
                assert "service.Profile_fields(" in source
        assert any("login call removed" in c for c in changes)
        assert sum("per-call `login` struct" in c for c in changes) == 2
        assert sum("access_token added" in c for c in changes) == (style == "inline")


def test_a_dict_read_only_by_a_removed_login_and_a_replaced_struct_goes(tmp_path):
    # the struct's codemod plans on the file as read, where the login call still reads LOGIN:
    # that login goes with an earlier codemod, so LOGIN has no reader left
    text = '''\
import os
import zeep

LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
service.login(LOGIN)
service.Database_fields({"id": 1, "login": LOGIN})
'''
    file = _rewrite(tmp_path, text)
    assert "service.login(" not in file.new.decode()
    # it goes with them (kept, its os.environ reads would raise where only the token is set),
    # and what it read is reported
    assert b"LOGIN = {" not in file.new and b"CP_USER" not in file.new
    assert file.unused_credentials == ["environment variable CP_PW", "environment variable CP_USER"]
    assert "line 4: credentials `LOGIN` removed with the per-call login structs that read it" in file.changes



def test_a_client_made_in_the_statement_a_login_takes_away_counts_for_nothing(tmp_path):
    # zeep's client lives only in the login's own line: the suds client is the module's one client,
    # and its plugin keeps its plain name (two flavours need two names)
    file = _rewrite(tmp_path, '''\
import os

import zeep
from suds.client import Client

WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
CREDS = {"username": os.environ["CM_USER"], "password": os.environ["CM_PASS"], "account": "Shop"}
zeep.Client(WSDL).service.login(CREDS)
client = Client(WSDL)
client.service.login(**CREDS)
print(client.service.Account_databases())
''')
    new = file.new.decode()
    assert "from copernica_access_token_suds import AccessTokenPlugin\n" in new
    assert "client = Client(WSDL, plugins=[AccessTokenPlugin()])\n" in new
    assert "zeep" not in new and "SudsAccessTokenPlugin" not in new


def test_a_codemod_that_looked_away_from_a_removed_node_sees_the_rest(tmp_path):
    # the second codemod answers False for the line the first removes: once that line is gone
    # it must still see the lines after it
    path = tmp_path / "app.py"
    path.write_text('import zeep\nsvc = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service\n'
                    "DROP_ME = svc.login('u', 'p', 'a')\nRENAME_ME = 2\nALSO_ME = 3\n")
    options = RewriteOptions(codemods=("rewrite_test_codemods.DropStatements",
                                       "rewrite_test_codemods.RenameSkippingDrops",
                                       "rewrite_test_codemods.RenameSkippingDropsToo"))
    [file] = rewrite([str(path)], options, cwd=str(tmp_path)).files
    assert file.status == "changed", file.errors
    assert file.new.decode().endswith(".service\nRENAMED = 2\nALSO_RENAMED = 3\n")


def test_a_codemod_with_its_own_on_leave_is_called_where_it_says_and_everywhere_if_it_says_nothing(tmp_path):
    path = tmp_path / "app.py"
    head = 'import zeep\nsvc = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service\n'
    path.write_text(head + "DROP_ME = svc.login('u', 'p', 'a')\nup_a = 1\nMARK_ME = up_a\nother = 2\n")
    options = RewriteOptions(codemods=("rewrite_test_codemods.DropStatements",
                                       "rewrite_test_codemods.UpperEverywhere",
                                       "rewrite_test_codemods.MarkWatchedLines"))
    [file] = rewrite([str(path)], options, cwd=str(tmp_path)).files
    assert file.status == "changed", file.errors
    assert file.new.decode() == head + "UP_A = 1\nMARK_ME = UP_A  # marked\nother = 2\n"
