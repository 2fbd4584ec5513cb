"""PHP end to end, through the CLI a user runs: an unmodified legacy program records its baseline
under `verify --auth legacy`; `rewrite --write` migrates it; a second `rewrite --check` finds nothing
pending; the migrated program passes `verify` in token-only mode with the same business calls.

Three shapes of legacy code (our own fixtures, in the style of Copernica's 1.x clients):
- a session wrapper of its own, edited in place (tests/verify/php_programs);
- a verbatim-style copy of the vendor 1.6 client, replaced by the token client from templates/;
- a wrapper whose subclass, in another file, calls a session helper in another letter case: with
  a magic __call a deleted helper would silently become a SOAP call, so it must survive.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from php_available import NEEDS_PHP_SOAP

REPO = Path(__file__).resolve().parents[2]
VERIFY_PROGRAMS = REPO / "tests" / "verify" / "php_programs"
FIXTURES = REPO / "tests" / "rewrite" / "php" / "fixtures"
PASSWORD = "Pw-e2e-php-7Q3zK"  # planted: must appear in no output

pytestmark = NEEDS_PHP_SOAP

VENDOR_SYNC = """<?php
require_once __DIR__ . '/vendor_copy_16.php';
$soap = new PomSoapClient('api@example.com', getenv('COPERNICA_PASSWORD'), 'Shop');
$db = $soap->Account_createDatabase(array('name' => 'Newsletter'));
$soap->Database_createField(array('id' => $db->id, 'name' => 'email'));
$soap->Database_createProfile(array('id' => $db->id, 'fields' => array('email' => 'ann@example.com')));
$again = $soap->Account_database(array('identifier' => 'Newsletter'));
echo "database: ", $again->name, "\\n";
"""

AUDIT_SYNC = """<?php
require_once __DIR__ . '/audited_client.php';
$client = new AuditedClient(getenv('COPERNICA_USER'), getenv('COPERNICA_PASSWORD'), 'Shop');
$client->Account_createDatabase(array('name' => 'Orders'));
echo implode(',', $client->audit()), "\\n";
"""

PROGRAMS = {
    "wrapper_edited_in_place": ({VERIFY_PROGRAMS / "legacy_client.php": "legacy_client.php",
                                 VERIFY_PROGRAMS / "legacy_sync.php": "sync.php"}, {}),
    "vendor_copy_replaced": ({FIXTURES / "vendor_copy_16.php": "vendor_copy_16.php"},
                             {"sync.php": VENDOR_SYNC}),
    "subclass_keeps_a_called_helper": ({FIXTURES / "shop_client.php": "shop_client.php",
                                        FIXTURES / "audited_client.php": "audited_client.php"},
                                       {"sync.php": AUDIT_SYNC}),
}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPERNICA_")}
    env.update(COPERNICA_USER="api@example.com", COPERNICA_PASSWORD=PASSWORD, COPERNICA_ACCOUNT="Shop",
               PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=240)
    assert PASSWORD not in run.stdout + run.stderr
    return run


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_legacy_run_rewrite_token_run_same_business_calls(tmp_path, name):
    copies, written = PROGRAMS[name]
    for source, target in copies.items():
        shutil.copyfile(source, tmp_path / target)
    for target, text in written.items():
        (tmp_path / target).write_text(text)

    legacy = cli("verify", "--auth", "legacy", "--trace", "before.json", "--", "php", "sync.php", cwd=tmp_path)
    assert legacy.returncode == 0, legacy.stdout + legacy.stderr
    assert " login " in legacy.stdout  # the unmigrated program does log in

    # before the migration, token-only mode refuses it
    refused = cli("verify", "--", "php", "sync.php", cwd=tmp_path)
    assert refused.returncode == 1

    write = cli("rewrite", "--write", ".", cwd=tmp_path)
    assert write.returncode == 0, write.stdout + write.stderr
    # each TODO comment written for a person to review is named with its place, and counted
    todos = [line for line in write.stderr.splitlines() if line.startswith("todo: ")]
    assert all(re.match(r"todo: [\w/.]+\.php:\d+: \S", line) for line in todos), todos
    assert (f"; {len(todos)} TODO comment(s) to review;" in write.stderr) == bool(todos), write.stderr
    assert "0 error(s)" in write.stderr + write.stdout
    again = cli("rewrite", "--check", ".", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "", again.stdout + again.stderr
    for php in tmp_path.glob("*.php"):
        lint = subprocess.run(["php", "-l", str(php)], capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout
    assert "getenv('COPERNICA_ACCESS_TOKEN')" in (tmp_path / "sync.php").read_text()

    token = cli("verify", "--baseline", "before.json", "--", "php", "sync.php", cwd=tmp_path)
    assert token.returncode == 0, token.stdout + token.stderr
    assert "baseline: same business calls" in token.stdout
    assert " login " not in token.stdout
    assert cli("scan", ".", cwd=tmp_path).returncode == 0  # nothing left to migrate
