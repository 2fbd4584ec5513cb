"""`copernica-migrate check-token`: a CI check that the configured access token works."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from migrator.commands.errors import InputError
from migrator.commands.options import color_option, quiet_option, resolve_token_env, token_env_option


@click.command("check-token")
@click.option("--url", default="https://soap.copernica.com/?SOAPAPI=WSDL", show_default=True,
              help="WSDL URL of the SOAP API.")
@token_env_option("Environment variable holding the access token (never printed).")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust this PEM CA bundle (a private CA); verification is always on.")
@click.option("--no-write-probe", is_flag=True,
              help="Only read: do not probe write access (then read-only cannot be told apart).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, metavar="SECONDS")
@click.option("--allow-http", is_flag=True,
              help="Allow a plain http:// URL to a host other than this machine (the token then "
                   "crosses the network in clear text).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@quiet_option("Text format: print nothing when the token is valid (the exit status says it).")
@color_option
def command(url: str, token_env: str | None, ca_bundle: Path | None, no_write_probe: bool, timeout: float,
            allow_http: bool, fmt: str, quiet: bool, color: str) -> None:
    """Check the access token in $COPERNICA_ACCESS_TOKEN (or --token-env) against the SOAP API.

    \b
    Exit status: 0 valid (read-write, or readable with --no-write-probe), 3 invalid,
    4 read-only, 5 unreachable, 6 unknown (the write probe got another fault), 2 usage error
    (e.g. the variable is not set). Calls go only to the URL given, whatever the WSDL names.

    Calls Account_databases (length 1), then, unless --no-write-probe, Profile_updateFields on
    profile id 0 with no fields: a write that cannot change anything, to see if writing is allowed.
    """
    from migrator.templating import render
    from migrator.verify import token_check
    from migrator.masking import mask, url_secrets, variants

    def usage(message: str) -> None:
        if fmt == "json":  # a CI parsing the JSON gets JSON for this too
            click.echo(json.dumps({"status": "error", "exit_code": 2, "detail": message}, indent=2))
            raise click.exceptions.Exit(2)
        raise InputError(message)

    try:
        token_env = resolve_token_env(token_env)
    except InputError as exc:  # a pyproject.toml that cannot be read
        usage(exc.format_message())
    token = os.environ.get(token_env, "")
    secrets = token_check.secret_forms(token.strip()) if token.strip() else []
    secrets += variants(url_secrets(url))  # `https://user:pw@host/`: shown as `https://***:***@host/`

    if not token.strip():
        usage(f"${token_env} is not set or empty (see --token-env)")
    if not url.lower().startswith(("http://", "https://")):
        usage(f"--url must be an http(s) URL, not {mask(url, secrets)}")
    if url.lower().startswith("http://") and not allow_http and not token_check.plain_http_allowed(url):
        usage(f"--url {mask(url, secrets)}: plain http would send the token in clear text; use https "
              "(or --allow-http)")

    result = token_check.check(url, token.strip(), ca_bundle=str(ca_bundle) if ca_bundle else None,
                               write_probe=not no_write_probe, timeout=timeout)
    shown_url = mask(url, secrets)
    if fmt == "json":
        text = json.dumps({"status": result.status, "exit_code": result.exit_code, "url": shown_url,
                           "token_env": token_env, "write_probe": result.write_probe,
                           "detail": result.detail}, indent=2) + "\n"
    else:
        text = render("reports/verify_check_token.txt.j2", status=result.status, url=shown_url,
                      token_env=token_env, detail=result.detail)
    # Values are masked already; the text gets one more pass (JSON stays valid: only values vary).
    if not (quiet and fmt == "text" and result.exit_code == 0):
        click.echo(text if fmt == "json" else mask(text, secrets), nl=False)
    if result.exit_code:
        raise click.exceptions.Exit(result.exit_code)
