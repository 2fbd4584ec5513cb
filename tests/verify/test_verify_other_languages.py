"""A program the Python hook cannot reach (here PHP's SoapClient) uses the mock's URL that verify
exports in $COPERNICA_MIGRATE_MOCK_WSDL, and is judged the same way."""

from __future__ import annotations


import pytest
from php_available import NEEDS_PHP_SOAP
from verify_helpers import cli

PHP_PROGRAM = r"""<?php
$wsdl = getenv('COPERNICA_MIGRATE_MOCK_WSDL') ?: 'https://soap.copernica.com/?SOAPAPI=WSDL';
$token = getenv('COPERNICA_ACCESS_TOKEN');
$soap = new SoapClient($wsdl, ['soap_version' => SOAP_1_1, 'cache_wsdl' => WSDL_CACHE_NONE]);
$db = $soap->Account_createDatabase(['name' => 'Php', 'access_token' => $token])->database;
%s
echo "total: ", $soap->Database_profiles(['id' => $db->id, 'access_token' => $token])->total, "\n";
"""


pytestmark = NEEDS_PHP_SOAP


def test_php_program_with_tokens_passes(tmp_path):
    script = tmp_path / "sync.php"
    script.write_text(PHP_PROGRAM % "$soap->Database_createField(['id' => $db->id, 'name' => 'email', "
                                    "'access_token' => $token]);")
    run = cli("verify", "--", "php", str(script))
    assert run.returncode == 0, run.output
    assert run.stdout.startswith("total: 0\n")


def test_php_program_that_forgets_a_token_fails(tmp_path):
    script = tmp_path / "sync.php"
    script.write_text(PHP_PROGRAM % "try { $soap->Database_createField(['id' => $db->id, 'name' => 'email']); }"
                                    " catch (SoapFault $f) { echo 'fault: ', $f->getMessage(), \"\\n\"; }")
    run = cli("verify", "--", "php", str(script))
    assert run.returncode == 1
    assert "call 2 Database_createField: no access_token (no credentials at all)" in run.stdout
