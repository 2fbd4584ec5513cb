"""The child-side redirection: a generated sitecustomize.py put first on the child's PYTHONPATH.

Python imports `sitecustomize` at start-up in every interpreter that runs without -S/-I, so the
user's command (and any Python process it starts, which inherits PYTHONPATH) is redirected without
editing it. The hook itself lives in templates/client/sitecustomize.py.j2.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from migrator.templating import render

COPERNICA_HOST = "soap.copernica.com"
# Where clients swap an access token for a Bearer JWT (section 6); the mock serves it at /authenticate.
AUTHENTICATE_HOST = "authenticate.copernica.com"
AUTHENTICATE_PATH = "/authenticate"
RECORD_ENV = "COPERNICA_MIGRATE_RECORD"
# Where the hook notes Copernica requests sent through a client it cannot redirect or see (httpx, aiohttp).
UNCHECKED_ENV = "COPERNICA_MIGRATE_UNCHECKED"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def endpoint(url: str) -> tuple[str, str, str]:
    """(scheme, netloc, base path) of an endpoint URL such as http://127.0.0.1:8080/?SOAPAPI=WSDL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url}")
    return parts.scheme, parts.netloc, parts.path or "/"


def prefixes(hosts: list[str], *, bearer: bool) -> dict[str, str]:
    """Host -> the path prefix its requests get on the endpoint ("" for SOAP; the token exchange
    goes to /authenticate), for the Python and the PHP hook alike."""
    found = {h.lower(): "" for h in hosts}
    if bearer:
        found[AUTHENTICATE_HOST] = AUTHENTICATE_PATH
    return dict(sorted(found.items()))


def install(directory: Path, hosts: list[str], redirect_url: str | None, *, bearer: bool = False) -> Path:
    """Write the hook into `directory` (a fresh temp dir) and return the directory.

    bearer: also send the token exchange (authenticate.copernica.com) to the endpoint's /authenticate.
    """
    source = render(
        "client/sitecustomize.py.j2",
        hosts=prefixes(hosts, bearer=bearer),
        redirect=endpoint(redirect_url) if redirect_url else None,
        record_env=RECORD_ENV,
        unchecked_env=UNCHECKED_ENV,
    )
    (directory / "sitecustomize.py").write_text(source, encoding="utf-8")
    return directory


def child_env(base: dict[str, str], hook_dir: Path, *, record_file: Path | None,
              isolate_tmp: Path | None, extra: dict[str, str],
              unchecked_file: Path | None = None) -> dict[str, str]:
    """The child's environment: the user's own, plus the hook on PYTHONPATH and verify's settings."""
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join([str(hook_dir)] + [p for p in [env.get("PYTHONPATH")] if p])
    env.pop(RECORD_ENV, None)
    env.pop(UNCHECKED_ENV, None)
    if record_file is not None:
        env[RECORD_ENV] = str(record_file)
    if unchecked_file is not None:
        env[UNCHECKED_ENV] = str(unchecked_file)
    if isolate_tmp is not None:
        # Against the mock, temp files (suds' WSDL cache, PomSoapClient cookie files) go to a
        # throw-away dir: the mock's WSDL and sessions must not leak into the user's real runs.
        for name in ("TMPDIR", "TEMP", "TMP"):
            env[name] = str(isolate_tmp)
        # Redirected calls go to loopback; a corporate proxy must not see them.
        for name in ("NO_PROXY", "no_proxy"):
            env[name] = ",".join([v for v in [env.get(name)] if v] + list(LOOPBACK))
    env.update(extra)
    return env


def make_workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="copernica-verify-"))


def read_unchecked(path: Path) -> list[dict[str, str]]:
    """What the hook noted in `path`: [{"library": "httpx", "host": "soap.copernica.com"}, ...]."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for key in read_jsonl(path, ("library", "host")):
        found.setdefault(key, {"library": key[0], "host": key[1]})
    return [found[k] for k in sorted(found)]


def read_jsonl(path: Path, fields: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The `fields` of each JSON line a hook wrote to `path` (nothing when there is no file);
    a line cut short by a killed child, or without a field, is passed over."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    for line in text.splitlines():
        try:
            record = json.loads(line)
            yield tuple(str(record[f]) for f in fields)
        except (ValueError, KeyError, TypeError):
            continue
