"""Helpers for the verify and check-token tests: real CLI runs in child processes, real programs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from throwaway_credentials import LOGIN, READ_ONLY_TOKEN, TOKEN

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
LEGACY = HERE.parents[1] / "migrator" / "examples" / "legacy"

# example folder -> (entry command inside it)
LEGACY_PROGRAMS = {
    "newsletter_script": ["newsletter.py"],
    "crm_service": ["crm.py"],
    "shop_wrapper": ["-m", "shop.sync"],
    "suds_export": ["export.py"],
    "bulk_import": ["bulk.py"],
}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def base_env(**extra: str) -> dict[str, str]:
    """The user's environment as a test user has it: legacy credentials, no COPERNICA_WSDL, so the
    programs keep their hard-coded https://soap.copernica.com URL."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COPERNICA_", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"))}
    env.update(COPERNICA_USER=LOGIN["username"], COPERNICA_PASSWORD=LOGIN["password"],
               COPERNICA_ACCOUNT=LOGIN["account"])
    env.update(extra)
    return env


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run the real CLI; every run also checks that no test secret leaked into its output, its
    trace or its report (nor the throw-away token a test program saw, see TEST_SEEN_TOKEN_FILE)."""
    env = dict(env if env is not None else base_env())
    with tempfile.TemporaryDirectory() as scratch:
        seen = Path(env.setdefault("TEST_SEEN_TOKEN_FILE", str(Path(scratch) / "seen-token")))
        proc = subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=120)
        secrets = [TOKEN, READ_ONLY_TOKEN, LOGIN["password"]]
        if seen.exists():
            secrets.append(seen.read_text())
    written = [Path(args[i + 1]) for i, a in enumerate(args[:-1]) if a in ("--trace", "-o", "--output")]
    texts = [proc.stdout, proc.stderr] + [p.read_text() for p in written if p.is_file()]
    for secret in filter(None, secrets):
        assert not any(secret in text for text in texts), "a secret leaked"
    return Run(proc.returncode, proc.stdout, proc.stderr)


def legacy_copy(name: str, tmp_path: Path, url: str | None = None) -> tuple[Path, list[str]]:
    """Copy a bundled legacy example into tmp_path; returns (folder, command to run in it)."""
    target = tmp_path / name
    shutil.copytree(LEGACY / name, target)
    if url is not None:  # a hard-coded URL variant, e.g. plain http://
        for path in target.rglob("*.py"):
            text = path.read_text()
            path.write_text(text.replace("https://soap.copernica.com/?SOAPAPI=WSDL", url))
    return target, [sys.executable, *LEGACY_PROGRAMS[name]]


# The sabotaged migration: the hand-migrated newsletter with the token left out of one call.
SABOTAGED = ("newsletter_token.py",
             '"name": "city", "access_token": TOKEN})',
             '"name": "city"})  # token forgotten')


def program(name: str, tmp_path: Path, url: str | None = None) -> list[str]:
    """A migrated test program, copied so a URL variant can be made; returns its command."""
    target = tmp_path / name
    if name == "newsletter_sabotaged.py":
        base, good, bad = SABOTAGED
        text = (PROGRAMS / base).read_text()
        assert good in text
        text = text.replace(good, bad, 1)
    else:
        text = (PROGRAMS / name).read_text()
    if url is not None:
        text = text.replace("https://soap.copernica.com/?SOAPAPI=WSDL", url)
    target.write_text(text)
    return [sys.executable, str(target)]


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def tls_files(directory: Path) -> tuple[Path, Path]:
    """A throw-away CA (trustme) and a 127.0.0.1/localhost certificate: (server PEM, CA PEM)."""
    import trustme

    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    certfile, cafile = directory / "server.pem", directory / "ca.pem"
    server.private_key_and_cert_chain_pem.write_to_path(str(certfile))
    ca.cert_pem.write_to_path(str(cafile))
    return certfile, cafile
