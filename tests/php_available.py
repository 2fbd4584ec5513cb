"""Whether PHP's SoapClient can run here (php-cli with the soap extension; .ci/run installs both)."""

from __future__ import annotations

import functools
import shutil
import subprocess

import pytest


@functools.lru_cache(maxsize=None)
def php_soap_missing() -> str | None:
    """Why PHP's SoapClient cannot be used here, or None when it can."""
    if shutil.which("php") is None:
        return "php is not installed"
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout.split()
    return None if "soap" in modules else "php has no soap extension (install php-soap)"


# pytestmark for a module whose every test runs PHP's SoapClient
NEEDS_PHP_SOAP = [pytest.mark.php, pytest.mark.skipif(php_soap_missing() is not None,
                                                      reason=php_soap_missing() or "")]
