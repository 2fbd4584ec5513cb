"""Authentication in the three modes, and the Bearer exchange, against the real mock: every fault
with its exact section-13 text, and the call log saying how each call authenticated."""

from __future__ import annotations

import re
import time
import urllib.parse

import jwt
import pytest
from throwaway_credentials import LOGIN, READ_ONLY_TOKEN, TOKEN
from raw_http import call as raw_call
from raw_http import request
from soap_clients import SoapFault, ZeepAdapter

from migrator.mock import faults
from migrator.mock.auth import fingerprint

WRONG_TOKEN = "tok-WRONG-0000aaaa"


def fault_of(client: ZeepAdapter, op: str, **params) -> str:
    with pytest.raises(SoapFault) as exc:
        client.call(op, **params)
    return exc.value.text


def login_cookie(url: str, **creds: str) -> str:
    """Log in over raw HTTP and return the `name=value` of the session cookie."""
    resp = raw_call(url, "login", **creds)
    assert resp.status == 200, resp.fault
    set_cookie = resp.headers["Set-Cookie"]
    assert re.fullmatch(r"soap_\w+=[\w-]+; Path=/; HttpOnly", set_cookie), set_cookie
    return set_cookie.split(";", 1)[0]


# -- token mode (the default) ---------------------------------------------------------------


def test_no_credentials_is_not_logged_on(mock_server):
    mock = mock_server()
    assert fault_of(ZeepAdapter(mock.wsdl_url), "Account_databases") == faults.NOT_LOGGED_ON
    rec = mock.calls[-1]
    assert (rec["operation"], rec["auth"], rec["fault"], rec["status"]) == (
        "Account_databases", "none", faults.NOT_LOGGED_ON, 500)


def test_unknown_token_is_invalid(mock_server):
    mock = mock_server()
    assert fault_of(ZeepAdapter(mock.wsdl_url, WRONG_TOKEN), "Account_databases") == faults.INVALID_TOKEN
    rec = mock.calls[-1]
    assert (rec["auth"], rec["token"]) == ("token", fingerprint(WRONG_TOKEN))


def test_read_only_token_reads_but_cannot_write(mock_server):
    mock = mock_server()
    reader = ZeepAdapter(mock.wsdl_url, READ_ONLY_TOKEN)
    assert reader.call("Account_databases")["total"] == 0
    assert fault_of(reader, "Account_createDatabase", name="Nope") == faults.READ_ONLY_TOKEN
    # The refused write changed nothing.
    assert ZeepAdapter(mock.wsdl_url, TOKEN).call("Account_databases")["total"] == 0
    assert [(c["read_only"], c["fault"]) for c in mock.calls] == [
        (True, None), (True, faults.READ_ONLY_TOKEN), (False, None)]


def test_login_is_refused_in_token_mode(mock_server):
    mock = mock_server()
    resp = raw_call(mock.url, "login", **LOGIN)
    assert resp.fault == faults.LOGIN_UNSUPPORTED
    assert "Set-Cookie" not in resp.headers
    assert fault_of(ZeepAdapter(mock.wsdl_url), "login", **LOGIN) == faults.LOGIN_UNSUPPORTED
    assert {(c["operation"], c["auth"]) for c in mock.calls} == {("login", "none")}


def test_token_mode_refuses_cookies_and_login_structs_and_records_them(mock_server):
    legacy = mock_server(auth="legacy")
    cookie = login_cookie(legacy.url, **LOGIN)
    mock = mock_server()
    assert raw_call(mock.url, "Account_databases", headers={"Cookie": cookie}).fault == faults.NOT_LOGGED_ON
    assert fault_of(ZeepAdapter(mock.wsdl_url), "Account_databases", login=LOGIN) == faults.NOT_LOGGED_ON
    assert raw_call(mock.url, "Account_databases", headers={"Cookie": "other=1"}).fault == faults.NOT_LOGGED_ON
    # what the client tried is recorded, so a report can name it; a foreign cookie is no credential
    assert [(c["auth"], c["fault"]) for c in mock.calls] == [
        ("cookie", faults.NOT_LOGGED_ON), ("login", faults.NOT_LOGGED_ON), ("none", faults.NOT_LOGGED_ON)]


# -- legacy mode --------------------------------------------------------------------------------


def test_login_sets_a_session_cookie_that_authenticates(mock_server):
    mock = mock_server(auth="legacy")
    cookie = login_cookie(mock.url, **LOGIN)
    resp = raw_call(mock.url, "Account_databases", headers={"Cookie": cookie})
    assert resp.status == 200 and resp.fault is None
    assert [(c["operation"], c["auth"]) for c in mock.calls] == [
        ("login", "none"), ("Account_databases", "cookie")]


@pytest.mark.parametrize("change", [
    {"password": "pw-wrong"}, {"username": "someone-else"}, {"account": "OtherAccount"},
])
def test_bad_login(mock_server, change):
    mock = mock_server(auth="legacy")
    resp = raw_call(mock.url, "login", **{**LOGIN, **change})
    assert resp.fault == faults.INVALID_LOGIN
    assert "Set-Cookie" not in resp.headers


@pytest.mark.parametrize("account", ["", None])
def test_empty_or_missing_account_means_the_first_account(mock_server, account):
    mock = mock_server(auth="legacy")
    creds = {"username": LOGIN["username"], "password": LOGIN["password"]}
    if account is not None:
        creds["account"] = account
    login_cookie(mock.url, **creds)


def test_login_without_password_names_the_parameter(mock_server):
    mock = mock_server(auth="legacy")
    assert raw_call(mock.url, "login", username="demo").fault == faults.missing_parameter("password")


def test_legacy_mode_without_credentials_or_with_unknown_session(mock_server):
    mock = mock_server(auth="legacy")
    assert raw_call(mock.url, "Account_databases").fault == faults.NOT_LOGGED_ON
    assert raw_call(mock.url, "Account_databases",
                    headers={"Cookie": "soap_session=made-up"}).fault == faults.NOT_LOGGED_ON


def test_token_is_not_valid_in_legacy_mode(mock_server):
    mock = mock_server(auth="legacy")
    assert fault_of(ZeepAdapter(mock.wsdl_url, TOKEN), "Account_databases") == faults.INVALID_TOKEN


def test_session_expires(mock_server):
    mock = mock_server(auth="legacy", session_ttl=1.0)
    cookie = login_cookie(mock.url, **LOGIN)
    assert raw_call(mock.url, "Account_databases", headers={"Cookie": cookie}).fault is None
    time.sleep(1.3)
    assert raw_call(mock.url, "Account_databases",
                    headers={"Cookie": cookie}).fault == faults.NOT_LOGGED_ON


def test_stale_cookies_next_to_a_live_one(mock_server):
    # Copernica's 1.4-1.6 PHP client appends every new cookie to its file and sends them all.
    mock = mock_server(auth="legacy")
    live = login_cookie(mock.url, **LOGIN)
    resp = raw_call(mock.url, "Account_databases",
                    headers={"Cookie": f"soap_old=expired-one; other=x; {live}"})
    assert resp.fault is None


def test_per_call_login_struct(mock_server):
    mock = mock_server(auth="legacy")
    client = ZeepAdapter(mock.wsdl_url)
    assert client.call("Account_databases", login=LOGIN)["total"] == 0
    bad = {**LOGIN, "password": "pw-wrong"}
    assert fault_of(client, "Account_databases", login=bad) == faults.INVALID_LOGIN
    assert [c["auth"] for c in mock.calls] == ["login", "login"]


def test_any_login_accepts_any_non_empty_username_and_password(mock_server):
    mock = mock_server(auth="legacy", any_login=True)
    login_cookie(mock.url, username="whoever", password="whatever", account="Anything")
    assert raw_call(mock.url, "login", username="whoever", password="").fault == faults.INVALID_LOGIN


# -- both ---------------------------------------------------------------------------------------


def test_both_mode_accepts_every_kind_and_records_which(mock_server):
    mock = mock_server(auth="both")
    ZeepAdapter(mock.wsdl_url, TOKEN).call("Account_databases")
    cookie = login_cookie(mock.url, **LOGIN)
    assert raw_call(mock.url, "Account_databases", headers={"Cookie": cookie}).fault is None
    ZeepAdapter(mock.wsdl_url).call("Account_databases", login=LOGIN)
    # Order matters: a body token is judged first, even next to a good cookie.
    assert raw_call(mock.url, "Account_databases", WRONG_TOKEN,
                    headers={"Cookie": cookie}).fault == faults.INVALID_TOKEN
    assert [c["auth"] for c in mock.calls] == ["token", "none", "cookie", "login", "token"]


# -- Bearer -------------------------------------------------------------------------------------


def exchange(url: str, token: str, in_query: bool = False):
    form = urllib.parse.urlencode({"access_token": token})
    if in_query:
        return request(url, path="/authenticate?" + form, body=b"")
    return request(url, path="/authenticate", body=form.encode(),
                   headers={"Content-Type": "application/x-www-form-urlencoded"})


def bearer(jwt_text: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {jwt_text}"}


@pytest.mark.parametrize("in_query", [False, True])
def test_bearer_exchange_then_call(mock_server, in_query):
    mock = mock_server(bearer=True)
    resp = exchange(mock.url, TOKEN, in_query)
    assert resp.status == 200
    jwt_text = resp.body.decode()
    claims = jwt.decode(jwt_text, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 24 * 3600
    assert claims["sub"] == fingerprint(TOKEN) and claims["ro"] is False
    assert TOKEN not in jwt_text and TOKEN not in str(claims)

    client = ZeepAdapter(mock.wsdl_url)
    client.client.transport.session.headers.update(bearer(jwt_text))
    assert client.call("Account_createDatabase", name="ViaBearer")["database"]["name"] == "ViaBearer"
    assert [(c["operation"], c["auth"], c["token"]) for c in mock.calls] == [
        ("authenticate", "token", fingerprint(TOKEN)),
        ("Account_createDatabase", "bearer", fingerprint(TOKEN))]


def test_bearer_exchange_with_a_bad_token(mock_server):
    mock = mock_server(bearer=True)
    resp = exchange(mock.url, WRONG_TOKEN)
    assert resp.status == 401 and resp.body.decode().strip() == faults.INVALID_TOKEN


def test_expired_or_forged_jwt_is_invalid(mock_server):
    mock = mock_server(bearer=True, jwt_ttl=0)  # expires the second it is issued
    expired = exchange(mock.url, TOKEN).body.decode()
    assert raw_call(mock.url, "Account_databases", headers=bearer(expired)).fault == faults.INVALID_TOKEN
    forged = jwt.encode({"sub": fingerprint(TOKEN), "ro": False, "exp": int(time.time()) + 600},
                        "not-the-server-secret-but-long-enough-for-hs256", algorithm="HS256")
    assert raw_call(mock.url, "Account_databases", headers=bearer(forged)).fault == faults.INVALID_TOKEN
    assert raw_call(mock.url, "Account_databases",
                    headers=bearer("not-a-jwt")).fault == faults.INVALID_TOKEN


def test_read_only_jwt_cannot_write(mock_server):
    mock = mock_server(bearer=True)
    jwt_text = exchange(mock.url, READ_ONLY_TOKEN).body.decode()
    assert raw_call(mock.url, "Account_databases", headers=bearer(jwt_text)).fault is None
    assert raw_call(mock.url, "Account_createDatabase", name="x",
                    headers=bearer(jwt_text)).fault == faults.READ_ONLY_TOKEN


def test_bearer_is_opt_in(mock_server):
    with_bearer = mock_server(bearer=True)
    jwt_text = exchange(with_bearer.url, TOKEN).body.decode()
    mock = mock_server()
    assert raw_call(mock.url, "Account_databases", headers=bearer(jwt_text)).fault == faults.NOT_LOGGED_ON
    assert exchange(mock.url, TOKEN).fault == faults.MALFORMED  # no /authenticate without --bearer
