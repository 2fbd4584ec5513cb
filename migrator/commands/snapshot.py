"""`copernica-migrate snapshot`: write a seed file (migrator/mock/seed.py) from a real account.

Read-only calls only, each carrying the access token: Account_databases, Database_fields,
Database_collections, Collection_fields, and with --profiles N, Database_searchProfiles (no
requirements, allproperties) for up to N profiles per database and Profile_searchSubProfiles for
their subprofiles in each collection. A read-only token is enough. The client is the one
check-token uses (migrator/verify/token_check.connect): certificates always verified, calls
pinned to --url whatever the WSDL's soap:address says. The token is never printed or written:
every text that leaves this command passes through migrator.masking.mask.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, quote_plus, urlsplit

import click

from migrator.commands.errors import InputError
from migrator.commands.options import color_option, quiet_option, resolve_token_env, token_env_option

DEFAULT_URL = "https://soap.copernica.com/"
PAGE = 100  # items per listing call


class ApiProblem(InputError):
    """`copernica-migrate: error: <message>` on stderr, like every usage problem, with check-token's exit codes."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


@click.command("snapshot")
@click.option("--url", default=DEFAULT_URL, show_default=True, metavar="URL",
              help="Base URL of the SOAP API (its WSDL is URL?SOAPAPI=WSDL). https only, except "
                   "on loopback (127.0.0.1, localhost, ::1).")
@token_env_option("Environment variable holding the access token (never printed; read-only is enough).")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust this PEM CA bundle (a private CA); verification is always on.")
@click.option("--profiles", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Also take up to N profiles per database, with their subprofiles (0: structure only).")
@click.option("--keep-values", is_flag=True,
              help="Keep the profiles' field values and interests. Without it every non-empty value "
                   "becomes a placeholder (value-1, value-2@example.invalid, ...) and interests are "
                   "left out: no personal data lands in the file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the seed here (atomically; .yaml, .yml or .json) instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]),
              help="Seed format.  [default: from --output's extension, else yaml]")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, metavar="SECONDS", help="Per HTTP request.")
@quiet_option("No summary line on stderr (errors still show).")
@color_option
def command(url: str, token_env: str | None, ca_bundle: Path | None, profiles: int, keep_values: bool,
            output: Path | None, fmt: str | None, timeout: float, quiet: bool, color: str) -> None:
    """Write a seed file for `mock --seed` / `verify --seed` from a real account.

    \b
      COPERNICA_ACCESS_TOKEN=... copernica-migrate snapshot -o account.yaml
      copernica-migrate verify --seed account.yaml -- python sync.py

    Reads databases, their fields and collections (with their fields), and with --profiles N
    up to N profiles per database and their subprofiles, keeping every id. Only read calls are
    made; nothing in the account changes.

    \b
    Exit status (as check-token): 0 written, 3 the API refused the token (or a read call),
    5 unreachable (network, TLS, not a Copernica WSDL), 2 usage or I/O error.
    """
    from migrator.fileio import atomic_write
    from migrator.mock import seed
    from migrator.masking import mask

    token_env = resolve_token_env(token_env)
    token = os.environ.get(token_env, "").strip()
    if not token:
        raise InputError(f"${token_env} is not set or empty (see --token-env)")
    secrets = [token, quote(token, safe=""), quote_plus(token)]
    wsdl_url = _wsdl_url(url, secrets)
    fmt = _output_format(output, fmt)

    reader = _Reader(wsdl_url, token, token_env, secrets, ca_bundle, timeout)
    taken = reader.account(profiles, keep_values)
    try:
        taken = seed.parse(taken.to_data(), "snapshot")  # what is written must load again
    except seed.SeedError as exc:
        raise InputError(mask(f"the account holds something a seed file cannot: {exc}", secrets)) from None
    host = urlsplit(wsdl_url).hostname or "the API"
    header = ("Seed for `copernica-migrate mock --seed FILE` and `verify --seed FILE` (docs/seed.md).\n"
              f"Written by `copernica-migrate snapshot` from {host}")
    if profiles:
        header += ("; profile field values and interests as in the account" if keep_values else
                   "; profile field values are placeholders, interests left out")
    text = mask(seed.dumps(taken.to_data(), fmt, header + "."), secrets)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            atomic_write(str(output), text.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    note = "" if keep_values or not profiles else " (field values replaced by placeholders)"
    where = output if output is not None else "standard output"
    if not quiet:
        click.echo(mask(f"snapshot: {taken.summary()}{note} -> {where}", secrets), err=True)


def _wsdl_url(url: str, secrets: list[str]) -> str:
    """The WSDL URL for --url; refuses what would send the token unencrypted off this machine."""
    from migrator.masking import mask

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"--url must be an http(s) URL, not {mask(url, secrets)}")
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise InputError(f"--url: plain http:// would send the access token unencrypted to "
                               f"{parts.hostname}; use https:// (http only on loopback)")
    if "soapapi=wsdl" in parts.query.lower():
        return url
    return parts._replace(query=f"{parts.query}&SOAPAPI=WSDL" if parts.query else "SOAPAPI=WSDL").geturl()


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _output_format(output: Path | None, fmt: str | None) -> str:
    from migrator.mock import seed

    if output is None:
        return fmt or "yaml"
    try:
        by_name = seed.format_for(str(output))
    except seed.SeedError as exc:
        raise InputError(f"-o/--output: {exc}") from None
    if fmt is not None and fmt != by_name:
        raise InputError(f"--format {fmt} does not match {output} (seed files are read by extension)")
    if not output.parent.is_dir():  # fail before any call, not after the whole snapshot
        raise InputError(f"cannot write {output}: {output.parent} is not a directory")
    return by_name


class _Reader:
    """The read calls, turned into migrator.mock.seed entities."""

    def __init__(self, wsdl_url: str, token: str, token_env: str, secrets: list[str],
                 ca_bundle: Path | None, timeout: float):
        self.wsdl_url, self.token, self.token_env, self.secrets = wsdl_url, token, token_env, secrets
        self.ca_bundle, self.timeout = ca_bundle, timeout
        self.service: Any = None
        self.calls = 0
        self.placeholders = 0

    def fail(self, message: str, status: str) -> ApiProblem:
        from migrator.masking import mask
        from migrator.verify.token_check import EXIT_CODES

        return ApiProblem(mask(message, self.secrets), EXIT_CODES[status])

    def call(self, operation: str, where: str, **params: Any) -> dict:
        from zeep.exceptions import Fault
        from zeep.helpers import serialize_object

        from migrator.verify.token_check import INVALID, UNREACHABLE, connect, describe

        try:
            if self.service is None:
                self.service = connect(self.wsdl_url, ca_bundle=str(self.ca_bundle) if self.ca_bundle else None,
                                       timeout=self.timeout)
            result = getattr(self.service, operation)(parameters={**params, "access_token": self.token})
        except Fault as fault:
            if self.calls == 0:
                raise self.fail(f'the API refused the token in ${self.token_env}: "{fault.message}"',
                                INVALID) from None
            raise self.fail(f'the API refused {operation} ({where}): "{fault.message}"', INVALID) from None
        except Exception as exc:  # noqa: BLE001 - every failure to talk to the API is "unreachable"
            raise self.fail(f"cannot reach the API at {self.wsdl_url}: {describe(exc)}", UNREACHABLE) from None
        self.calls += 1
        plain = serialize_object(result, dict)
        return plain if isinstance(plain, dict) else {}

    def listing(self, operation: str, entity: str, where: str, limit: int | None = None,
                **params: Any) -> Iterator[dict]:
        """Every item of a collection result, page by page (up to `limit` items)."""
        start, seen = 0, 0
        while limit is None or seen < limit:
            length = PAGE if limit is None else min(PAGE, limit - seen)
            result = self.call(operation, where, **params, start=start, length=length)
            items = [i for i in ((result.get("items") or {}).get(entity) or []) if isinstance(i, dict)]
            yield from items[: None if limit is None else limit - seen]
            seen += len(items)
            start += len(items)
            total = result.get("total")
            if not items or (isinstance(total, int) and start >= total):
                return

    def account(self, profiles: int, keep_values: bool) -> Any:
        from migrator.mock import seed

        databases = []
        for d in self.listing("Account_databases", "database", "the account"):
            where = f"database {d.get('id')}"
            database = seed.Database(_int(d.get("id")), _text(d.get("name")), _text(d.get("description")))
            database.fields = [_field(f, special=True)
                               for f in self.listing("Database_fields", "field", where, id=database.id)]
            for c in self.listing("Database_collections", "collection", where, id=database.id):
                collection = seed.Collection(_int(c.get("id")), _text(c.get("name")))
                collection.fields = [_field(f, special=False) for f in self.listing(
                    "Collection_fields", "collectionfield", f"collection {collection.id}", id=collection.id)]
                database.collections.append(collection)
            if profiles:
                database.profiles = self.profiles(database, profiles, keep_values)
            databases.append(database)
        return seed.Seed(databases, "snapshot")

    def profiles(self, database: Any, limit: int, keep_values: bool) -> list:
        from migrator.mock import seed

        out = []
        where = f"database {database.id}"
        for p in self.listing("Database_searchProfiles", "profile", where, limit, id=database.id,
                              requirements={}, allproperties=True):
            profile = seed.Profile(_int(p.get("id")), self.values(_map(p.get("fields")), database.fields, keep_values),
                                   _map(p.get("interests")) if keep_values else {})
            for c in database.collections:
                subs = self.listing("Profile_searchSubProfiles", "subprofile", f"profile {profile.id}",
                                    id=profile.id, collection={"id": c.id}, requirements={}, allproperties=True)
                found = [seed.SubProfile(_int(s.get("id")), self.values(_map(s.get("fields")), c.fields, keep_values))
                         for s in subs]
                if found:
                    profile.subprofiles[c.name] = found
            out.append(profile)
        return out

    def values(self, values: dict[str, str], fields: list, keep: bool) -> dict[str, str]:
        """Only the owner's fields (what a seed may hold); placeholders unless `keep`."""
        kinds = {f.name: f for f in fields}
        out = {}
        for name, value in values.items():
            if name not in kinds:
                continue
            if not keep and value != "":
                self.placeholders += 1
                value = _placeholder(kinds[name], self.placeholders)
            out[name] = value
        return out


def _placeholder(spec: Any, n: int) -> str:
    """A stand-in that keeps the field's kind, so a program's own checks still pass."""
    from migrator.mock.ops_query import NUMERIC_TYPES

    kind = spec.type.lower()
    if kind in NUMERIC_TYPES:
        return str(n)
    if kind == "email" or (spec.specialcontent or "").lower() == "email":
        return f"value-{n}@example.invalid"
    if kind == "date":
        return "2000-01-01"
    if kind == "datetime":
        return "2000-01-01 00:00:00"
    return f"value-{n}"


def _field(f: dict, *, special: bool) -> Any:
    from migrator.mock import seed

    spec = seed.Field(_int(f.get("id")), _text(f.get("name")), _text(f.get("type")) or "text",
                      _text(f.get("value")))
    for key in ("display", "ordered", "hidden", "index"):
        setattr(spec, key, bool(f.get(key)))
    for key in ("length", "textlines"):
        number = _int(f.get(key))
        if number is not None and number >= 1:
            setattr(spec, key, number)
    if special and f.get("specialcontent"):
        spec.specialcontent = _text(f.get("specialcontent"))
    return spec


def _map(value: Any) -> dict[str, str]:
    """A Map ({"pair": [{key, value}]}) as a dict; zeep reads an empty value as None."""
    pairs = (value.get("pair") or []) if isinstance(value, dict) else []
    return {_text(p.get("key")): _text(p.get("value")) for p in pairs if isinstance(p, dict) and p.get("key")}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
