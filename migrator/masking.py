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
import json
import re
from typing import Iterable, Iterator, Mapping
from urllib.parse import quote, quote_plus, unquote, urlsplit
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


_FORMAT_SYNTAX = re.compile(r"%(?:\(\w+\)|\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}")


def secret_piece(piece: str) -> bool:
    """Whether a string a credential is built of may hold part of it: not only format syntax and
    separators (`"%s-%s"`, `"{}"`, `"-"`), which would star the same text all over a diff."""
    return any(c.isalnum() for c in _FORMAT_SYNTAX.sub("", piece))


def variants(secrets: Iterable[str | None]) -> list[str]:
    """Each secret as written, URL-encoded, XML-escaped, and escaped as a Python repr() or JSON
    string shows it (an error text may quote a URL, an XML error page, a tuple or a JSON body
    holding it: `ZZ\\pw`, `j\\u00fcrgen`)."""
    found: list[str] = []
    for secret in secrets:
        if secret:
            for form in (secret, quote(secret, safe=""), quote_plus(secret), _xml_escape(secret),
                         _xml_escape(secret, {'"': "&quot;", "'": "&apos;"}),
                         repr(secret)[1:-1], json.dumps(secret)[1:-1],
                         json.dumps(secret, ensure_ascii=False)[1:-1]):
                if form and form not in found:
                    found.append(form)
    return found


# ---- by name, in lines of code ------------------------------------------------------------

_LONG_WORDS = r"password|passwd|passwort|pwd|wachtwoord|kennwort|secret|token|api_?key"  # anywhere in a name
_SHORT_WORD = r"(?i:(?<![a-z])(?:pw|pass){end})|(?<=[a-z])(?:Pw|Pass){end}"  # `PW`, `smtp_pass`, `smtpPw`
# (a line with none of these holds no secret by name: the cheap first test)
_CODE_SECRET_NAME = re.compile(rf"(?i:{_LONG_WORDS})|" + _SHORT_WORD.format(end="(?![a-z])"))
# a short word names a password only as a name's last word: not `pass_rate`, `pw_reset`
_SHORT_SECRET_NAME = re.compile(_SHORT_WORD.format(end="$"))
_LONG_SECRET_NAME = re.compile(rf"(?i){_LONG_WORDS}")
# `TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"` names where a secret lives; it is not one.
_NOT_A_SECRET = re.compile(r"(?i)_(?:env|var|variable|name|file|path|url|header)$")
_STRING = re.compile(r"[rbuf]{0,2}(?P<q>'''|\"\"\"|'|\")(?P<value>(?:\\.|(?!(?P=q)).)*)(?P=q)",
                     re.IGNORECASE)
# what stands right before a literal: `name =`, `name:`, `"name":`, `name ==`, `name=`, `name: str =`
_OWNER = re.compile(r"(?P<name>[\w.]+)(?:['\"]\])?['\"]?\s*(?::\s*[\w.\[\], |]+?\s*(?==))?(?:==|!=|:|=)\s*$")
_NEXT_ARGUMENT = re.compile(r"\s*,\s*")
_AUTH_OPEN = re.compile(r"\bauth\s*=\s*[(\[]|\b\w*(?:Basic|Digest|Proxy)Auth\(")
_NAME_LIKE = re.compile(r"--?[A-Za-z][\w-]*|[A-Za-z_]\w*")  # an option's, a key's or a variable's name
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_ENV_DEFAULT = re.compile(r"\b(?:setdefault|getenv|get)\(\s*['\"]?$")
_TUPLE_ASSIGN = re.compile(r"^[+\- ]?\s*(?P<names>[\w.]+(?:\s*,\s*[\w.]+)+)\s*=(?!=)")


def _is_secret_name(name: str) -> bool:
    name = name.strip("_")
    return bool(_LONG_SECRET_NAME.search(name) or _SHORT_SECRET_NAME.search(name)) and not _NOT_A_SECRET.search(name)


def mask_code_line(line: str) -> str:
    if not _CODE_SECRET_NAME.search(line.replace("-", "_")) and "auth" not in line.lower():  # (`--api-key`)
        return line
    tuple_assign = _TUPLE_ASSIGN.match(line)
    secret_tuple = tuple_assign is not None and any(_is_secret_name(n.strip().rsplit(".", 1)[-1])
                                                    for n in tuple_assign["names"].split(","))
    # a string that names a secret owns the default given with it: `add_argument("--password",
    # default="...")`, `config.get("cp", "password", fallback="...")`, and the literal right after
    # it: `os.environ.setdefault("CP_PASSWORD", "...")`, `os.getenv("SMTP_PASS", "...")`
    strings = list(_STRING.finditer(line))
    naming = [m.end() for m in strings if _NAME_LIKE.fullmatch(m["value"])
              and _is_secret_name(m["value"].lstrip("-").replace("-", "_"))]
    # ... the literal right after it only where that is a variable's default: `setdefault("CP_PW", "..")`
    env_named = [m.end() for m in strings if _ENV_NAME.fullmatch(m["value"])
                 and _ENV_DEFAULT.search(line, 0, m.start()) and _is_secret_name(m["value"])]

    # `auth=("user", "pw")`, `HTTPBasicAuth("user", "pw")`: every literal up to the closing parenthesis
    auth_spans = [(m.end(), line.find(")", m.end())) for m in _AUTH_OPEN.finditer(line)]

    def replace(match: re.Match) -> str:
        if any(start <= match.start() and (end < 0 or match.end() <= end) for start, end in auth_spans):
            return f"{match['q']}***{match['q']}" if match["value"] else match[0]
        owner = _OWNER.search(line, 0, match.start())
        named = owner["name"] if owner is not None and owner.end() == match.start() else None
        named_before = any(end <= match.start() for end in naming)
        owned = named is not None and (_is_secret_name(named) or (named_before and named in ("default", "fallback")))
        after_name = any(end < match.start() and _NEXT_ARGUMENT.fullmatch(line, end, match.start())
                         for end in env_named)
        in_tuple = secret_tuple and match.start() > tuple_assign.end()
        if (owned or after_name or in_tuple) and match["value"]:
            return f"{match['q']}***{match['q']}"
        return match[0]

    return _STRING.sub(replace, line)


def mask_diff(diff: str, secrets: Iterable[str | None] = ()) -> str:
    """A diff with credential literals hidden: by name on every line, and by value (`secrets`,
    e.g. ModuleAnalysis.secret_values() of the old code) wherever they stand."""
    forms = _forms(tuple(dict.fromkeys(s for s in secrets if s)))
    # a file's header is a path, never a secret: a one-word secret such as `b` must not break `+++ b/`
    return "".join(line if line.startswith(("--- ", "+++ ")) else mask(mask_code_line(line), forms)
                   for line in re.split(r"(?<=\n)", diff))


@functools.lru_cache(maxsize=8)
def _forms(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """variants(), worked out once for the run's secrets, not again for each file's diff."""
    return tuple(variants(secrets))


def url_secrets(url: str | None) -> list[str]:
    """The user name and password a URL carries (`https://user:pw@host/`), as written and decoded."""
    try:
        parts = urlsplit(url or "")
        found = [parts.username, parts.password]
    except ValueError:  # a bad port, say: the text before `@` still is what it is
        head = (url or "").split("://", 1)[-1].split("/", 1)[0]
        found = head.rsplit("@", 1)[0].split(":", 1) if "@" in head else []
    return [v for value in found if value for v in dict.fromkeys((value, unquote(value)))]


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
