"""Keep secrets out of everything any command prints or writes: one module for all of them.

Two ways, used together where code is shown:
- by value (`mask`): every occurrence of a known secret (a token, a password from the
  environment, the literals that feed a login in the user's code), in each form an error text or
  a URL may carry it (`variants`). A short secret is masked only as a whole word, so "pw" does
  not star the middle of "pwd_reset";
- by name (`mask_code_line`): a string literal that a credential-like name owns in a line of
  code (`PASSWORD = "..."`, `"password": "..."`, `password="..."`), for diffs of code whose
  secrets no analysis saw.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator, Mapping
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape as _xml_escape

MASK = "***"
# Below this length a secret is masked only where it stands as a whole word.
WHOLE_WORD_BELOW = 8


def mask(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each secret (longest first, so overlaps cannot leak a tail)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(secret) < WHOLE_WORD_BELOW:
            text = re.sub(r"(?<![\w])%s(?![\w])" % re.escape(secret), MASK, text)
        else:
            text = text.replace(secret, MASK)
    return text


# Environment variables whose value is a secret by their name (COPERNICA_PASSWORD, API_TOKEN, ...).
_SECRET_NAME = re.compile(r"(?:TOKEN|PASSWORD|PASSWD|PASSPHRASE|SECRET|API_?KEY|PRIVATE_?KEY|CREDENTIALS?"
                          r"|AUTH|(?:^|_)PASS)(?:_|$)", re.IGNORECASE)
MIN_ENV_SECRET = 6  # shorter values would mask ordinary words


def env_secrets(environ: Mapping[str, str]) -> list[str]:
    """Values of the variables named like secrets: what a program's own error text may show."""
    return [value for name, value in environ.items()
            if _SECRET_NAME.search(name) and len(value) >= MIN_ENV_SECRET]


_FORMAT_SYNTAX = re.compile(r"%[-+ #0']*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}")


def secret_piece(piece: str) -> bool:
    """Whether a string a credential is built of may hold part of it: not only format syntax and
    separators (`"%s-%s"`, `"{}"`, `"-"`), which would star the same text all over a diff."""
    return any(c.isalnum() for c in _FORMAT_SYNTAX.sub("", piece))


def variants(secrets: Iterable[str | None]) -> list[str]:
    """Each secret as written, URL-encoded and XML-escaped (an error text may quote a URL or an
    XML error page holding it)."""
    found: list[str] = []
    for secret in secrets:
        if secret:
            for form in (secret, quote(secret, safe=""), quote_plus(secret), _xml_escape(secret),
                         _xml_escape(secret, {'"': "&quot;", "'": "&apos;"})):
                if form not in found:
                    found.append(form)
    return found


# ---- by name, in lines of code ------------------------------------------------------------

_CODE_SECRET_NAME = re.compile(r"(?i:password|passwd|passwort|pwd|wachtwoord|kennwort|secret|token|api_?key"
                               r"|(?<![a-z])pw(?![a-z]))|(?<=[a-z])Pw(?![a-z])")  # `smtp_pw`, `PW`, `smtpPw`
# `TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"` names where a secret lives; it is not one.
_NOT_A_SECRET = re.compile(r"(?i)_(?:env|var|variable|name|file|path|url|header)$")
_STRING = re.compile(r"[rbuf]{0,2}(?P<q>'''|\"\"\"|'|\")(?P<value>(?:\\.|(?!(?P=q)).)*)(?P=q)",
                     re.IGNORECASE)
# what stands right before a literal: `name =`, `name:`, `"name":`, `name ==`, `name=`, `name: str =`
_OWNER = re.compile(r"(?P<name>[\w.]+)['\"]?\s*(?::\s*[\w.\[\], |]+?\s*(?==))?(?:==|!=|:|=)\s*$")
_TUPLE_ASSIGN = re.compile(r"^[+\- ]?\s*(?P<names>[\w.]+(?:\s*,\s*[\w.]+)+)\s*=(?!=)")


def _is_secret_name(name: str) -> bool:
    return bool(_CODE_SECRET_NAME.search(name)) and not _NOT_A_SECRET.search(name)


def mask_code_line(line: str) -> str:
    if not _CODE_SECRET_NAME.search(line.replace("-", "_")):  # (`--api-key`)
        return line
    tuple_assign = _TUPLE_ASSIGN.match(line)
    secret_tuple = tuple_assign is not None and bool(_CODE_SECRET_NAME.search(tuple_assign["names"]))
    # `add_argument("--password", default="...")`: the option's name owns its default
    secret_option = any(m["value"].startswith("-") and _is_secret_name(m["value"].lstrip("-").replace("-", "_"))
                        for m in _STRING.finditer(line))

    def replace(match: re.Match) -> str:
        owner = _OWNER.search(line, 0, match.start())
        named = owner["name"] if owner is not None and owner.end() == match.start() else None
        owned = named is not None and (_is_secret_name(named) or (secret_option and named == "default"))
        in_tuple = secret_tuple and match.start() > tuple_assign.end()
        if (owned or in_tuple) and match["value"]:
            return f"{match['q']}***{match['q']}"
        return match[0]

    return _STRING.sub(replace, line)


def mask_diff(diff: str, secrets: Iterable[str | None] = ()) -> str:
    """A diff with credential literals hidden: by name on every line, and by value (`secrets`,
    e.g. ModuleAnalysis.secret_values() of the old code) wherever they stand."""
    by_name = "".join(mask_code_line(line) for line in re.split(r"(?<=\n)", diff))
    return mask(by_name, _forms(tuple(dict.fromkeys(s for s in secrets if s))))


@functools.lru_cache(maxsize=8)
def _forms(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """variants(), worked out once for the run's secrets, not again for each file's diff."""
    return tuple(variants(secrets))


# ---- by name, in a command line ----------------------------------------------------------

_ARG_ASSIGN = re.compile(r"^(?P<name>-{0,2}[\w.-]+)=(?P<value>.*)$", re.DOTALL)


def mask_argv(argv: Iterable[str]) -> list[str]:
    """A command line as it may be recorded: the value after `--password`, `-p`-less forms such as
    `--api-token=...` or `PASSWORD=...`, hidden (the program's own flags are not known)."""
    return [masked for masked, _ in _argv_parts(argv)]


def argv_secrets(argv: Iterable[str]) -> list[str]:
    """The values mask_argv hides, to mask wherever else they show (e.g. a program's error)."""
    return [secret for _, secret in _argv_parts(argv) if secret]


def _argv_parts(argv: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    hide_next = False
    for arg in argv:
        if hide_next:
            hide_next = False
            yield MASK, arg
            continue
        assign = _ARG_ASSIGN.match(arg)
        if assign and _is_secret_name(assign["name"].lstrip("-").replace("-", "_")):
            yield f"{assign['name']}={MASK}", assign["value"]
            continue
        if arg.startswith("-") and _is_secret_name(arg.lstrip("-").replace("-", "_")):
            hide_next = True
        yield arg, None
