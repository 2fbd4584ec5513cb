"""COP006 codemod: re-login on `Not logged on` removed, before/after, each run twice."""

from __future__ import annotations

import pytest
from codemod_harness import IdempotentCodemodTest, run, transform_twice

from codemods import registry
from codemods.remove_relogin import RemoveReloginCommand
from migrator.rules import for_language


class TestRemoveRelogin(IdempotentCodemodTest):
    TRANSFORM = RemoveReloginCommand

    def test_guard_then_relogin_in_forwarder_is_unwrapped(self) -> None:
        before = """
            import zeep
            from zeep.exceptions import Fault

            class PomSoapClient:
                def __getattr__(self, method):
                    def call(parameters=None):
                        operation = getattr(self._client.service, method)
                        # one call, one answer
                        try:
                            return operation(parameters or {})
                        except Fault as fault:
                            if fault.message != "Not logged on":
                                raise
                            self._login()
                            return operation(parameters or {})
                    return call
        """
        after = """
            import zeep

            class PomSoapClient:
                def __getattr__(self, method):
                    def call(parameters=None):
                        operation = getattr(self._client.service, method)
                        # one call, one answer
                        return operation(parameters or {})
                    return call
        """
        self.assertCodemod(before, after)

    def test_positive_branch_then_raise(self) -> None:
        before = """
            from zeep.exceptions import Fault
            NOT_LOGGED_ON = "Not logged on"

            def databases(self):
                try:
                    return self.svc.Account_databases({})
                except Fault as exc:
                    if NOT_LOGGED_ON in str(exc):
                        self.login()
                        return self.svc.Account_databases({})
                    raise
        """
        after = """
            NOT_LOGGED_ON = "Not logged on"

            def databases(self):
                return self.svc.Account_databases({})
        """
        self.assertCodemod(before, after)

    def test_else_branch_is_what_remains(self) -> None:
        before = """
            from zeep.exceptions import Fault

            def sync(svc, log):
                try:
                    svc.Database_fields({"id": 1})
                except Fault as exc:
                    log.warning("call failed")
                    if exc.message == "Not logged on":
                        svc.login({"username": U, "account": A, "password": P})
                        svc.Database_fields({"id": 1})
                    else:
                        log.error("giving up: %s", exc)
                        raise
        """
        after = """
            from zeep.exceptions import Fault

            def sync(svc, log):
                try:
                    svc.Database_fields({"id": 1})
                except Fault as exc:
                    log.warning("call failed")
                    log.error("giving up: %s", exc)
                    raise
        """
        self.assertCodemod(before, after)

    def test_finally_stays_and_other_handlers_keep_their_order(self) -> None:
        before = """
            from zeep.exceptions import Fault

            def sync(svc, pool):
                try:
                    svc.Account_databases({})
                except Fault as exc:
                    if "Not logged on" in str(exc):
                        svc.login(creds)
                        return svc.Account_databases({})
                    raise
                except TimeoutError:
                    return None
                finally:
                    pool.release()
        """
        after = """
            from zeep.exceptions import Fault

            def sync(svc, pool):
                try:
                    svc.Account_databases({})
                except Fault as exc:
                    raise
                except TimeoutError:
                    return None
                finally:
                    pool.release()
        """
        self.assertCodemod(before, after)

    def test_retry_decorator_only_for_the_fault_is_removed(self) -> None:
        before = """
            from tenacity import retry, retry_if_exception_message, stop_after_attempt

            @retry(retry=retry_if_exception_message(match="Not logged on"))
            def sync(svc):
                svc.Account_databases({})

            @stop_after_attempt(3)
            def other():
                pass
        """
        after = """
            from tenacity import stop_after_attempt

            def sync(svc):
                svc.Account_databases({})

            @stop_after_attempt(3)
            def other():
                pass
        """
        self.assertCodemod(before, after)

    def test_retry_decorator_on_other_errors_too_gets_a_todo(self) -> None:
        before = """
            from tenacity import retry, retry_if_exception_message, retry_if_exception_type

            @retry(retry=retry_if_exception_message(match="Not logged on") | retry_if_exception_type(OSError))
            def sync(svc):
                svc.Account_databases({})
        """
        after = """
            from tenacity import retry, retry_if_exception_message, retry_if_exception_type

            # TODO(copernica-migrate): this decorator also retries on `Not logged on`; drop that part, access tokens do not expire per session (COP006)
            @retry(retry=retry_if_exception_message(match="Not logged on") | retry_if_exception_type(OSError))
            def sync(svc):
                svc.Account_databases({})
        """
        self.assertCodemod(before, after)

    def test_own_relogin_decorator_leaves_its_uses(self) -> None:
        before = """
            import functools
            from zeep.exceptions import Fault

            def relogin(fn):
                @functools.wraps(fn)
                def wrapper(self, *args):
                    try:
                        return fn(self, *args)
                    except Fault as exc:
                        if exc.message == "Not logged on":
                            self.login(force=True)
                            return fn(self, *args)
                        raise
                return wrapper

            class Shop:
                @relogin
                def databases(self):
                    return self.svc.Account_databases({})
        """
        after = """
            import functools
            from zeep.exceptions import Fault

            # TODO(copernica-migrate): re-login decorator, not needed with access tokens: its uses here are removed; delete it once nothing else uses it (COP006)
            def relogin(fn):
                @functools.wraps(fn)
                def wrapper(self, *args):
                    try:
                        return fn(self, *args)
                    except Fault as exc:
                        if exc.message == "Not logged on":
                            self.login(force=True)
                            return fn(self, *args)
                        raise
                return wrapper

            class Shop:
                def databases(self):
                    return self.svc.Account_databases({})
        """
        self.assertCodemod(before, after)

    def test_combined_condition_gets_a_todo(self) -> None:
        before = """
            from zeep.exceptions import Fault

            def call(svc, attempt):
                try:
                    return svc.Account_databases({})
                except Fault as exc:
                    if "Not logged on" in str(exc) and attempt == 0:
                        svc.login(creds)
                        return call(svc, attempt + 1)
                    raise
        """
        after = """
            from zeep.exceptions import Fault

            def call(svc, attempt):
                try:
                    return svc.Account_databases({})
                # TODO(copernica-migrate): re-login on `Not logged on` the tool cannot separate from other error handling; remove it, access tokens do not expire per session (COP006)
                except Fault as exc:
                    if "Not logged on" in str(exc) and attempt == 0:
                        svc.login(creds)
                        return call(svc, attempt + 1)
                    raise
        """
        self.assertCodemod(before, after)

    def test_result_check_outside_a_handler(self) -> None:
        before = """
            import zeep
            client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
            result = client.service.Account_databases({})
            if getattr(result, "error", "") == "Not logged on":
                client.service.login({"username": U, "account": A, "password": P})
                result = client.service.Account_databases({})
            print(result)
        """
        after = """
            import zeep
            client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
            result = client.service.Account_databases({})
            print(result)
        """
        self.assertCodemod(before, after)

    # --- negatives: no change --------------------------------------------------------------------
    def test_other_errors_and_migrated_code_unchanged(self) -> None:
        code = """
            from zeep.exceptions import Fault
            try:
                svc.Account_databases({"access_token": token})
            except Fault as exc:
                log.error("call failed: %s", exc)
                raise
        """
        self.assertCodemod(code, code)

    def test_ftp_not_logged_on_without_login_unchanged(self) -> None:
        code = """
            import ftplib
            try:
                ftp.retrlines("LIST")
            except ftplib.error_perm as exc:
                if "Not logged on" in str(exc):
                    raise SystemExit("check the ftp account")
        """
        self.assertCodemod(code, code)

    def test_imap_relogin_is_not_copernicas(self) -> None:
        code = """
            import imaplib
            box = imaplib.IMAP4_SSL("mail.example.com")
            try:
                box.select("INBOX")
            except imaplib.IMAP4.error as exc:
                if "Not logged on" in str(exc):
                    box.login(USER, PASSWORD)
                    box.select("INBOX")
        """
        self.assertCodemod(code, code)


def test_changes_are_noted_for_the_report() -> None:
    context = transform_twice(RemoveReloginCommand, """
        from tenacity import retry
        @retry(retry=lambda e: "Not logged on" in str(e))
        def sync(svc):
            svc.Account_databases({})
    """, """
        def sync(svc):
            svc.Account_databases({})
    """)
    assert context.scratch[registry.CHANGES] == ["line 3: retry decorator on `Not logged on` removed"]


# --- the rule's own examples (docs and `rules` show them): valid ones stay, invalid ones migrate ----
RULE_EXAMPLES = next(r for r in for_language("python") if r.code == "COP006")


@pytest.mark.parametrize("style", registry.STYLES)
@pytest.mark.parametrize("code", RULE_EXAMPLES.valid["python"])
def test_rule_valid_examples_unchanged(code: str, style: str) -> None:
    transform_twice(RemoveReloginCommand, code, None, style=style)


@pytest.mark.parametrize("style", registry.STYLES)
@pytest.mark.parametrize("code", [c for c in RULE_EXAMPLES.invalid["python"] if "zeep" in c or "Account_" in c])
def test_rule_invalid_examples_change_and_compile(code: str, style: str) -> None:
    once, _ = run(RemoveReloginCommand, code, style=style)
    assert once != code
    compile(once, "example.py", "exec")
    assert run(RemoveReloginCommand, once, style=style)[0] == once


def test_credentials_only_the_removed_relogin_read_are_reported_unused():
    # the first login already went (RemoveLogin runs before): CREDS is read by the re-login alone
    code, context = run(RemoveReloginCommand, """\
        import os
        import zeep
        from zeep.exceptions import Fault

        client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
        CREDS = {"username": os.environ["CM_USER"], "password": os.environ["CM_PASS"], "account": "Shop"}


        def call(name, **params):
            try:
                return getattr(client.service, name)(**params)
            except Fault as fault:
                if fault.message == "Not logged on":
                    client.service.login(CREDS)
                    return getattr(client.service, name)(**params)
                raise
        """)
    assert "client.service.login" not in code and "CREDS = {" in code
    # `fault`, bound by the handler that went, is no credential left behind
    assert context.scratch[registry.UNUSED_CREDENTIALS] == ["CREDS (line 6)"]
