"""The child-side redirection for PHP: an ini file that PHP_INI_SCAN_DIR adds, and its prepend file.

PHP has no sitecustomize, and ignores proxy variables and the default stream context. But every
PHP process the command starts reads the ini files in PHP_INI_SCAN_DIR's directories; ours sets `auto_prepend_file` to a generated PHP file (templates/client/php_prepend.php.j2) that puts a
stream wrapper in front of http:// and https://. SoapClient loads its WSDL through it, so the WSDL
comes from the endpoint; against the mock, the prepend also sends every call of such a SoapClient
to the mock (its calls do not use stream wrappers) and keeps them on this machine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Mapping

from migrator.templating import render
from migrator.verify import hook

SCAN_DIR_ENV = "PHP_INI_SCAN_DIR"
INI_NAME = "copernica-migrate.ini"  # alone in the last scanned directory: its settings win
PREPEND_NAME = "prepend.php"
# What the prepend notes about calls it refused (one JSON line each: {"host": ...}).
BLOCKED_NAME = "php-blocked.jsonl"


class PhpHookError(ValueError):
    """The hook cannot be written for this work dir (a path PHP's ini syntax cannot hold)."""


def install(directory: Path, hosts: list[str], redirect_url: str | None, *, mock: bool,
            unchecked_file: Path | None, blocked_file: Path | None,
            temp_dir: Path | None, environ: Mapping[str, str]) -> dict[str, str]:
    """Write the ini and prepend files into `directory` (a fresh, otherwise empty dir).

    mock: the endpoint is verify's mock; every call of a SoapClient built from a redirected WSDL
    goes to it and nothing leaves the machine. Otherwise (live mode) calls go where the WSDL says.
    temp_dir: PHP's sys_get_temp_dir() for the run (PomSoapClient keeps its session cookie there).
    environ: the child's environment as the user has it. Returns the variables to add to it.
    """
    scheme, netloc, base = hook.endpoint(redirect_url) if redirect_url else (None, None, None)
    ini = directory / INI_NAME
    config = {
        "hosts": hook.prefixes(hosts, bearer=mock),  # the mock also serves the Bearer exchange
        "endpoint": {"scheme": scheme, "netloc": netloc, "path": base} if redirect_url else None,
        "mock": mock,
        "unchecked": str(unchecked_file) if unchecked_file else None,
        "blocked": str(blocked_file) if blocked_file else None,
        "ini": str(ini),
    }
    prepend = directory / PREPEND_NAME
    prepend.write_text(render("client/php_prepend.php.j2", config=_php_string(json.dumps(config))),
                       encoding="utf-8")
    # A disk cache would let a second PHP process of the run build its SoapClient without the
    # wrapper seeing it; a directory that is never created turns PHP's disk cache off (silently),
    # so every process loads the WSDL fresh. The in-process memory cache still works.
    cache_dir = directory / "wsdl-cache-off" / "never-created" if redirect_url else None
    ini.write_text(render("client/php.ini.j2", prepend=_ini_path(prepend),
                          wsdl_cache_dir=_ini_path(cache_dir) if cache_dir else None,
                          temp_dir=_ini_path(temp_dir) if temp_dir else None), encoding="utf-8")
    return {SCAN_DIR_ENV: scan_dirs(environ.get(SCAN_DIR_ENV), directory)}


def scan_dirs(current: str | None, ours: Path) -> str:
    """PHP_INI_SCAN_DIR with our directory last (it replaces the compiled-in one when set, and an
    empty entry stands for the compiled-in one: Debian loads extensions such as soap from there)."""
    if current is None:
        return os.pathsep + str(ours)  # the compiled-in directory, then ours
    if current == "":
        return str(ours)  # the user turned scanning off: add only ours
    return current + os.pathsep + str(ours)


def blocked_reasons(path: Path) -> list[str]:
    """One sentence per host the prepend refused a PHP SoapClient call to (mock mode)."""
    hosts = {host for host, in hook.read_jsonl(path, ("host",))}
    return [f"a PHP SoapClient was pointed at https://{host}/ after it loaded the WSDL "
            "(__setLocation): verify cannot redirect that, so its calls there were refused and "
            "nothing left this machine; set the location before the client is built, or not at all"
            for host in sorted(hosts)]


def _php_string(text: str) -> str:
    """A PHP single-quoted string literal holding `text`."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _ini_path(path: Path) -> str:
    """A path as a single-quoted (raw) ini value."""
    text = str(path)
    if any(c in text for c in "'\n\r\0"):
        raise PhpHookError(f"verify's temp folder {text!r} has a character PHP's ini files cannot "
                           "hold; set TMPDIR to a plainer path")
    return "'" + text + "'"
