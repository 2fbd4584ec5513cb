"""`rewrite` end to end on the five bundled legacy programs, against the mock (cases: CASES).

Per case: run the legacy program against a legacy-mode mock (it logs in), dry-run `rewrite`,
`rewrite --write`, `rewrite --check`, `scan`, then run the migrated program against a fresh
token-only mock with only COPERNICA_ACCESS_TOKEN set. Everything runs as a user runs it: child
processes of `python -m migrator` and of the programs, a real mock on 127.0.0.1.
What counts as the same business results is defined in e2e_helpers' docstring.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from throwaway_credentials import LOGIN, TOKEN
from e2e_helpers import (
    PLUGIN_MODULES, PROGRAMS, Problems, business_calls, business_lines, call_runs, clean_env, cli,
    copy_program, diff_targets, first_difference, imported_modules, login_calls, run_program, tree,
    tree_difference,
)

from migrator.mock.auth import fingerprint

SECRETS = (TOKEN, LOGIN["password"])


def legacy_env(tmpdir, **extra):
    return clean_env(tmpdir, COPERNICA_USER=LOGIN["username"], COPERNICA_PASSWORD=LOGIN["password"],
                     COPERNICA_ACCOUNT=LOGIN["account"], **extra)


@pytest.fixture
def pool():
    """Steps that only read the program's folder run side by side (child processes: threads do)."""
    with ThreadPoolExecutor(max_workers=3) as executor:
        yield executor


# Each style where it differs: inline for the two wrapper programs (a class that takes the token,
# its constructions elsewhere); plugin for suds (its own plugin module) and the package (a relative
# import). Every bundled program's plugin migration also runs in tests/docs/test_demo.py (rewrite,
# then verify --baseline: no login, a token on every call, the same business calls), and the
# corpus (tests/corpus) migrates 30 programs in both styles.
CASES = [("crm_service", "inline"), ("shop_wrapper", "inline"), ("suds_export", "plugin"), ("shop_wrapper", "plugin")]


@pytest.mark.parametrize("name,style", CASES)
def test_rewritten_program_gives_the_same_results_with_a_token(name, style, tmp_path, mock_server, pool):
    spec = PROGRAMS[name]
    work, dry, scratch = tmp_path / "work", tmp_path / "dry", tmp_path / "tmp"
    for folder in (work, dry, scratch):
        folder.mkdir()
    folder = copy_program(name, work)
    copy_program(name, dry)
    original = tree(folder)

    # The user migrating has both the old credentials and the new token in the environment;
    # neither may end up in the output or in the code.
    user_env = legacy_env(scratch, COPERNICA_ACCESS_TOKEN=TOKEN)
    legacy = mock_server(auth="legacy", any_login=True)

    # 1. The legacy program against a legacy-mode mock, next to the dry run (step 2).
    running = pool.submit(run_program, name, folder, legacy_env(scratch, COPERNICA_WSDL=legacy.wsdl_url))
    dry_run = cli("rewrite", "--style", style, name, cwd=work, env=user_env)
    before = running.result()
    assert before.returncode == 0, before.stderr
    # the baseline really is a login session
    assert [c["operation"] for c in legacy.calls].count("login") >= 1
    assert {c["auth"] for c in legacy.calls if c["operation"] != "login"} == {"cookie"}
    baseline_calls = business_calls(legacy.calls)
    assert baseline_calls and business_lines(before.stdout) and tree(folder) == original

    problems = Problems()

    # 2. Dry run: exit 0, writes nothing, its patch names the files and applies as is.
    assert dry_run.returncode == 0, dry_run.stderr
    assert tree(folder) == original, "the dry run wrote files"

    # 3. --write.
    written = cli("rewrite", "--write", "--style", style, name, cwd=work, env=user_env)
    assert written.returncode == 0, written.stdout + written.stderr
    migrated = tree(folder)
    edited = {path for path in original if migrated.get(path) != original[path]}
    created = set(migrated) - set(original)
    problems.check(set(original) <= set(migrated), f"files removed: {set(original) - set(migrated)}")
    problems.check(diff_targets(dry_run.stdout) == {f"{name}/{p}" for p in edited | created},
                   f"dry run names {sorted(diff_targets(dry_run.stdout))}, "
                   f"--write changed {sorted(edited | created)}")
    missing = set(spec.must_change) - edited
    problems.check(not missing, f"not migrated: {sorted(missing)}")
    plugin_module = f"{spec.client_dir}/{PLUGIN_MODULES[spec.flavour]}".removeprefix("./")
    expected_new = {plugin_module} if style == "plugin" else set()
    problems.check(created == expected_new, f"new files {sorted(created)}, expected {sorted(expected_new)}")
    problems.check(f"would rewrite {len(edited)} of " in dry_run.stderr,
                   f"dry-run summary does not count {len(edited)} files: {dry_run.stderr.strip()}")
    problems.check(f"rewrote {len(edited)} of " in written.stderr,
                   f"--write summary does not count {len(edited)} files: {written.stderr.strip()}")
    problems.check("; 0 place(s) need hands;" in written.stderr,
                   f"the legacy program is not fully migrated: {written.stderr.strip()}")
    patch = subprocess.run(["patch", "-p1", "--quiet"], input=dry_run.stdout, cwd=dry,
                           capture_output=True, text=True, timeout=60)
    problems.check(patch.returncode == 0, f"the dry run's patch does not apply: {patch.stdout}{patch.stderr}")
    problems.check(patch.returncode != 0 or tree(dry / name) == migrated,
                   "the dry run's patch does not give the --write result:\n"
                   + tree_difference(tree(dry / name), migrated))

    # 4. Nothing left to do: --check with the same style, and (inline) with the default style
    #    too, since inline-migrated code is already-migrated code for every style.
    #    They run next to the migrated program (step 5), which writes nothing either.
    checks = [("--style", style)] + ([()] if style == "inline" else [])
    check_runs = [(extra, pool.submit(cli, "rewrite", "--check", *extra, name, cwd=work, env=user_env))
                  for extra in checks]
    scanning = pool.submit(cli, "scan", "--select", "COP0", name, cwd=work, env=user_env)
    token_mock = mock_server(auth="token", tokens=(TOKEN,))
    after = run_program(name, folder, clean_env(scratch, COPERNICA_WSDL=token_mock.wsdl_url,
                                                COPERNICA_ACCESS_TOKEN=TOKEN))
    for extra, running in check_runs:
        check = running.result()
        problems.check(check.returncode == 0,
                       f"rewrite --check {' '.join(extra)} exits {check.returncode}: "
                       f"{check.stdout[-1500:]}{check.stderr.strip()}")
    scan = scanning.result()
    problems.check(scan.returncode == 0, f"scan still finds legacy code: {scan.stdout.strip()}")

    # The migrated code: no login call, no import of this tool, no credential written into it.
    for path, data in migrated.items():
        for secret in SECRETS:
            problems.check(secret.encode() not in data, f"{path}: contains a secret")
        if not path.endswith(".py"):
            continue
        source = data.decode("utf-8")
        problems.check(not login_calls(source), f"{path}: login call(s) left on line(s) {login_calls(source)}")
        ours = {m for m in imported_modules(source) if m.split(".")[0] in ("migrator", "codemods")}
        problems.check(not ours, f"{path}: imports copernica-migrate at run time: {sorted(ours)}")
    for proc in (dry_run, written):
        for secret in SECRETS:
            problems.check(secret not in proc.stdout + proc.stderr, "rewrite printed a secret")

    # 5. The migrated program against a fresh token-only mock, with no user or password at all.
    problems.check(after.returncode == 0,
                   f"migrated program exits {after.returncode}: {after.stderr.strip()[-1500:]}")
    problems.check(business_lines(after.stdout) == business_lines(before.stdout),
                   f"stdout differs: legacy {business_lines(before.stdout)}, "
                   f"migrated {business_lines(after.stdout)}")
    calls = token_mock.calls
    operations = [c["operation"] for c in calls]
    problems.check("login" not in operations, f"the migrated program still logs in: {operations}")
    unauthenticated = [(c["operation"], c["auth"], c["fault"]) for c in calls
                       if c["auth"] != "token" or c["token"] != fingerprint(TOKEN) or c["status"] != 200]
    problems.check(not unauthenticated, f"calls not authenticated by the token: {unauthenticated}")
    before_runs, after_runs = call_runs(baseline_calls), call_runs(business_calls(calls))
    problems.check(before_runs == after_runs,
                   "business calls differ: " + first_difference(before_runs, after_runs))
    problems.check(TOKEN not in after.stdout + after.stderr, "the migrated program printed the token")

    assert not problems.items, f"{name} ({style}):\n{problems}"
