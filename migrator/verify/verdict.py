"""The verdict: which rules a run broke, each as one sentence naming the call."""

from __future__ import annotations

from migrator.verify.trace import Call

TOKEN_KINDS = ("token", "bearer")
HOW = {
    "cookie": "authenticated by session cookie",
    "login": "authenticated by a login struct in its parameters",
    "none": "no credentials at all",
}


def allowed(fault: str | None, allow: list[str]) -> bool:
    return fault is not None and any(text in fault for text in allow)


def reasons(calls: list[Call], *, exit_code: int, token_checks: bool,
            allow_faults: list[str], baseline_difference: str | None,
            timeout: float | None = None, unchecked: list[dict] = (),
            allow_unchecked: bool = False) -> list[str]:
    """Why the run fails; an empty list is a pass.

    token_checks: the rules about login and tokens apply (token and live mode, not legacy mode,
    which exists to run the unmigrated program and record its baseline).
    timeout: set when the time limit ended the program (the number of seconds it had).
    unchecked: Copernica requests the hook saw go through a client it cannot redirect or see
    ({library, host}); they fail the run unless allow_unchecked.
    """
    found: list[str] = []
    for n, call in enumerate(calls, 1):
        fault = call.fault if not allowed(call.fault, allow_faults) else None
        answered = f'; the API answered "{fault}"' if fault else ""
        if token_checks and call.is_login:
            found.append(f"call {n} {call.operation}: the program logs in (login session model), "
                         f"so it is not migrated: send an access_token with every call{answered}")
        elif token_checks and call.auth not in TOKEN_KINDS:
            how = HOW.get(call.auth, f"authenticated by {call.auth}")
            found.append(f"call {n} {call.operation}: no access_token ({how}){answered}")
        elif token_checks and call.login_struct:
            found.append(f"call {n} {call.operation}: sends its access_token, but also a `login` struct "
                         f"with username and password: the credentials still travel; remove the struct{answered}")
        elif fault:
            found.append(f'call {n} {call.operation}: fault "{fault}"')
    if timeout is not None:
        found.append(f"the program did not finish within {timeout:g} s (its process group was ended)"
                     + ("; it had made no Copernica SOAP call" if not calls else ""))
    elif exit_code != 0 and not calls:
        # It never got as far as the API: its own error (the report shows its stderr) is the news,
        # not the redirection.
        ended = (f"was killed by signal {-exit_code}" if exit_code < 0
                 else f"exited with status {exit_code}")
        found.append(f"the program {ended} before its first Copernica call")
    elif exit_code < 0:
        found.append(f"the command was killed by signal {-exit_code}")
    elif exit_code != 0:
        found.append(f"the command exited with status {exit_code}")
    if not calls and exit_code == 0 and timeout is None:
        found.append("the program made no Copernica SOAP call (a run that skips the API proves "
                     "nothing; is the URL one verify redirects? see --redirect-host)")
    if not allow_unchecked:
        for library, hosts in unchecked_by_library(unchecked).items():
            found.append(f"the program sent requests for {hosts} through {library}, which verify "
                         "neither redirects nor sees: they went where the program sent them, unchecked "
                         "(--allow-unchecked accepts that)")
    if baseline_difference:
        found.append(f"the business calls differ from the baseline: {baseline_difference}")
    return found


def unchecked_by_library(unchecked: list[dict]) -> dict[str, str]:
    """library -> its hosts, as words: {"httpx": "soap.copernica.com and example.com"}."""
    hosts: dict[str, list[str]] = {}
    for item in unchecked:
        hosts.setdefault(item["library"], []).append(item["host"])
    return {lib: " and ".join(sorted(set(names))) for lib, names in sorted(hosts.items())}
