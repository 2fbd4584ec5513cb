"""Hide hard-coded credentials in the diffs `rewrite` prints.

Legacy code often holds a literal password next to the login it feeds; the diff
of that code must not put it on a terminal or into a CI log. A string literal is
shown as '***' when a credential-like name (password, secret, token, api key)
owns it: `PASSWORD = "..."`, `"password": "..."`, `password="..."`,
`password == "..."`, or a tuple assignment with such a name on the left. Other
literals stay, so the printed diff still applies as a patch in the usual case.
"""

from __future__ import annotations

import re

_SECRET_NAME = re.compile(r"(?i)password|passwd|pwd|secret|token|api_?key")
# `TOKEN_ENV = "COPERNICA_ACCESS_TOKEN"` names where a secret lives; it is not one.
_NOT_A_SECRET = re.compile(r"(?i)_(?:env|var|variable|name|file|path|url|header)$")
_STRING = re.compile(r"[rbuf]{0,2}(?P<q>'''|\"\"\"|'|\")(?P<value>(?:\\.|(?!(?P=q)).)*)(?P=q)",
                     re.IGNORECASE)
# what stands right before a literal: `name =`, `name:`, `"name":`, `name ==`, `name=`
_OWNER = re.compile(r"(?P<name>[\w.]+)['\"]?\s*(?:==|!=|:|=)\s*$")
_TUPLE_ASSIGN = re.compile(r"^[+\- ]?\s*(?P<names>[\w.]+(?:\s*,\s*[\w.]+)+)\s*=(?!=)")


def _is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name)) and not _NOT_A_SECRET.search(name)


def mask(line: str) -> str:
    if not _SECRET_NAME.search(line):
        return line
    tuple_assign = _TUPLE_ASSIGN.match(line)
    secret_tuple = tuple_assign is not None and bool(_SECRET_NAME.search(tuple_assign["names"]))

    def replace(match: re.Match) -> str:
        owner = _OWNER.search(line, 0, match.start())
        owned = owner is not None and owner.end() == match.start() and \
            _is_secret_name(owner["name"])
        in_tuple = secret_tuple and match.start() > tuple_assign.end()
        if (owned or in_tuple) and match["value"]:
            return f"{match['q']}***{match['q']}"
        return match[0]

    return _STRING.sub(replace, line)


def mask_diff(diff: str) -> str:
    return "".join(mask(line) for line in diff.splitlines(keepends=True))
