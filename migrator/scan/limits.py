"""Every limit that keeps one hostile file from stopping, crashing or hanging a run, in one place.

A file is checked before it reaches a parser (libcst for Python, tree-sitter for the other
languages). Over a limit it is *skipped* (a note in every format, like a binary file) and left
alone; the run goes on. What the checks cannot foresee is caught by the worker processes
(`migrator/scan/workers.py`): a parser that crashes or runs past its time budget costs that
file an *error*, never the run.

The numbers were measured on Python 3.11, libcst 1.9, tree-sitter 0.26, a 2-core x86-64 machine
with an 8 MiB main-thread stack (see docs/scan.md, "Limits"). Each constant says why it is what
it is.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize
from itertools import accumulate

from migrator.scan import languages

# ---- nesting -------------------------------------------------------------------------------

PYTHON_MAX_DEPTH = 200
"""Brackets ( [ { open at once in a Python file. CPython's own tokenizer refuses more ("too many
nested parentheses", MAXLEVEL 200), so a deeper file cannot run anyway. libcst's native parser
overflows its stack at about 1,250 nested parentheses (signal 11, measured); 200 parse in 0.02 s."""

OTHER_MAX_DEPTH = 1_000
"""The same for PHP, Java, C#, JavaScript and TypeScript (tree-sitter). 10,000 nested calls parse
in 0.1-0.25 s, 100,000 did not finish in 120 s, PHP arrays 100,000 deep took 38 s. The deepest
nesting in 15,446 real Python files was 27; 1,000 leaves hand-written code a wide margin."""

PYTHON_MAX_EXPRESSION = 2_500
"""How deep one Python expression nests without brackets: `1+1+...` (each `+` one level),
`a.b.c...`, `not not ...`, `'a' 'b' ...` (implicit concatenation), `x if c else y if ...`.
libcst's trees are that deep, and its parser and every codemod pass slow down with the square of
it: at 1,000 levels a scan analyses the file in 0.5 s and a rewrite takes 2 s, at 3,000 3 s and
11 s, at 5,000 the attack run's 38 s, at 50,000 it never ends. CPython itself refuses about 3,000
("maximum recursion depth exceeded during ast construction"). In 15,446 real files (stdlib,
site-packages with sympy) the deepest was 2,215 (pydoc_data/topics.py, generated: that many
string literals in a row), then 562 (a sympy polynomial), and 99.9% stay at or below 256."""

# ---- size ----------------------------------------------------------------------------------

# DEFAULT_MAX_FILE_SIZE (`--max-file-size`): in migrator/settings.py, with every default

MAX_IGNORE_FILE = 1024 * 1024
"""A `.gitignore` bigger than this is not read (a note says so): the largest real ones are a few
KiB, and one that points at /dev/zero must not eat the machine's memory."""

# MAX_CONFIG_FILE (the same cap for pyproject.toml): in migrator/settings.py, which reads it

# ---- time ----------------------------------------------------------------------------------

TIME_BASE = 20.0
"""Seconds any one file may take (analysis in a scan, the codemods of a rewrite) before its worker
is killed and the file reported: "analysis took longer than 20 s; left alone". Every file
within the limits above took less than 4 s to analyse; the bundled legacy programs take
0.1-0.7 s. Setting `file-timeout` in [tool.copernica-migrate] replaces this number."""

SCAN_BYTES_PER_SECOND = 16 * 1024
"""Big files get more time: one second per 16 KiB on top of the base, a third of the slowest rate
measured for a scan (48 KiB/s on test_typing.py; 29 KiB/s on a dense 575 KiB table)."""

REWRITE_BYTES_PER_SECOND = 4 * 1024
"""For a rewrite, which runs up to eight libcst passes: one second per 4 KiB (every codemod on a
122 KiB module took 17.8 s, 7 KiB/s)."""


def time_budget(size: int, bytes_per_second: int, base: float | None = None) -> float:
    """Seconds one file of `size` bytes may take."""
    return (TIME_BASE if base is None else base) + size / bytes_per_second


# ---- the checks ----------------------------------------------------------------------------

_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
# an element of a list, an argument, a statement part: a new expression starts after these
_RESET = frozenset({",", ";", "=", ":=", "->", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=",
                    "&=", "|=", "^=", ">>=", "<<="})
# precedence rank per operator (higher binds tighter): a run of one rank nests one level per
# operator, an operator of a lower rank starts a new operand of its own level
_BINARY = {
    "if": 1, "else": 1, "or": 2, "and": 3, "<": 5, ">": 5, "==": 5, ">=": 5, "<=": 5, "!=": 5,
    "in": 5, "is": 5, "|": 6, "^": 7, "&": 8, "<<": 9, ">>": 9, "+": 10, "-": 10, "*": 11,
    "/": 11, "//": 11, "%": 11, "@": 11, "**": 13,
}
_UNARY = {"lambda": 0, "not": 4, "+": 12, "-": 12, "~": 12, "*": 12, "**": 12, "await": 14}
_TRAILER = 15  # `.name`, a call's or a subscript's bracket
_CONCAT = 16  # 'a' 'b': libcst nests implicitly concatenated strings


class Shape:
    """Nesting of one file: brackets open at once, and the deepest expression (with its line)."""

    __slots__ = ("depth", "depth_line", "expression", "expression_line")

    def __init__(self) -> None:
        self.depth = self.depth_line = self.expression = self.expression_line = 0


def python_shape(data: bytes, max_depth: int = PYTHON_MAX_DEPTH,
                 max_expression: int = PYTHON_MAX_EXPRESSION) -> Shape:
    """Measure Python source with the stdlib tokenizer (strings and comments are tokens, so
    brackets inside them do not count). Past a limit it measures to the end of that statement
    (so the message can say how deep it goes) and stops. Source the tokenizer rejects is measured
    on its bytes instead (the parser will report what is wrong with it)."""
    shape = Shape()
    over = False  # a limit is exceeded: finish this statement, then stop
    depth = 0
    running = 0  # nesting of the expression being read, brackets included
    stack: list[list[int]] = []  # [rank, count] runs, bracket levels marked with rank -1
    operand = False  # the previous token ends an operand: `-` after it is binary
    string = False  # the previous token is a string literal
    op, name, newline, string_kind = tokenize.OP, tokenize.NAME, tokenize.NEWLINE, tokenize.STRING
    number = tokenize.NUMBER
    # Python 3.12+ tokenizes f-strings (3.14: t-strings) into a start, parts and an end
    starts = {getattr(tokenize, n) for n in ("FSTRING_START", "TSTRING_START") if hasattr(tokenize, n)}
    ends = {getattr(tokenize, n) for n in ("FSTRING_END", "TSTRING_END") if hasattr(tokenize, n)}
    try:
        for tok in tokenize.tokenize(io.BytesIO(data).readline):
            kind = tok.type
            text = tok.string
            rank = None
            if kind == op:
                string = False
                if text in _OPEN:
                    if operand:  # a call or a subscript nests in the expression before it
                        running += _push(stack, _TRAILER)
                    depth += 1
                    if depth > shape.depth:
                        if not over:
                            shape.depth_line = tok.start[0]
                        shape.depth = depth
                        over = over or depth > max_depth
                    stack.append([-1, 1])
                    running += 1
                    if running > shape.expression:
                        if not over:
                            shape.expression_line = tok.start[0]
                        shape.expression = running
                        over = over or running > max_expression
                    operand = False
                    continue
                elif text in _CLOSE:
                    while stack:
                        rank_, count = stack.pop()
                        running -= count
                        if rank_ == -1:
                            break
                    depth = max(0, depth - 1)
                    operand = True
                    continue
                elif text in _RESET:
                    running -= _pop_to_bracket(stack)
                    operand = False
                    continue
                elif text == ".":
                    rank = _TRAILER
                elif operand and text in _BINARY:
                    rank = _BINARY[text]
                elif text in _UNARY:
                    rank = _UNARY[text]
                operand = False
            elif kind == name:
                string = False
                if text in _BINARY and operand:
                    rank = _BINARY[text]
                    operand = False
                elif text in _UNARY:
                    rank = _UNARY[text]
                    operand = False
                else:
                    operand = text not in ("if", "else", "in", "is", "and", "or", "for", "yield",
                                           "return", "from", "import", "assert", "del", "with",
                                           "as", "while", "elif", "except", "raise", "async")
                    continue
            elif kind == string_kind:
                operand = True
                if string:
                    rank = _CONCAT
                string = True
            elif kind == number:
                operand, string = True, False
                continue
            elif kind in starts:
                rank = _CONCAT if string else None  # f'{a}' f'{b}': concatenated like plain literals
                string = False
            elif kind in ends:
                operand = string = True
                continue
            elif kind == newline:
                if over:
                    return shape
                stack.clear()
                running = depth = 0
                operand = string = False
                continue
            else:
                continue
            if rank is not None:
                running += _push(stack, rank)
                if running > shape.expression:
                    if not over:
                        shape.expression_line = tok.start[0]
                    shape.expression = running
                    over = over or running > max_expression
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, LookupError):
        # e.g. Python 3.12+ stops at "too many nested parentheses" itself
        fallback = bracket_depth(data, "python")
        if fallback > shape.depth:
            shape.depth = fallback
            shape.depth_line = deepest_line(data, "python", max_depth)
    return shape


def _push(stack: list[list[int]], rank: int) -> int:
    """An operator of `rank`: close the runs of tighter operators, extend or open its own.
    Returns how much the running nesting changes."""
    change = 0
    while stack and stack[-1][0] > rank:
        change -= stack.pop()[1]
    if stack and stack[-1][0] == rank:
        stack[-1][1] += 1
    else:
        stack.append([rank, 1])
    return change + 1


def _pop_to_bracket(stack: list[list[int]]) -> int:
    removed = 0
    while stack and stack[-1][0] != -1:
        removed += stack.pop()[1]
    return removed


# Strings and comments, roughly, so brackets inside them do not count (byte-level, linear time:
# no pattern can backtrack). Good enough for a limit far above real code. Compiled on first use:
# compiling them costs ~10 ms, and most scans never check a file.
_SKIP_PATTERNS = {
    "python": rb"#[^\n]*|[rRbBuUfF]{0,2}(?:'''(?:\\.|[^\\])*?(?:'''|\Z)|\"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)"
              rb"|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\")",
    "c-like": rb"//[^\n]*|/\*.*?(?:\*/|\Z)|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`",
    "php": rb"//[^\n]*|\#(?!\[)[^\n]*|/\*.*?(?:\*/|\Z)|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'",
}
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"()[]{}")
_STEP = {ord(c): 1 for c in "([{"} | {ord(c): -1 for c in ")]}"}


@functools.lru_cache(maxsize=None)
def _skip(kind: str) -> re.Pattern[bytes]:
    return re.compile(_SKIP_PATTERNS[kind], re.S)


def bracket_depth(data: bytes, kind: str = "c-like") -> int:
    """Most brackets open at once, strings and comments of `kind` ("python", "c-like", "php")
    left out; closers never go below zero."""
    brackets = _skip(kind).sub(b" ", data).translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    return max(accumulate(map(_STEP.__getitem__, brackets), lambda a, b: max(a + b, 0)))


def deepest_line(data: bytes, kind: str, limit: int) -> int:
    """The line where more than `limit` brackets are first open (0: nowhere). Slower than
    bracket_depth: only for the message about a file already found too deep."""
    blanked = _skip(kind).sub(lambda m: re.sub(rb"[^\n]", b" ", m.group()), data)  # same length and lines
    depth = 0
    for match in re.finditer(rb"[()\[\]{}]", blanked):
        depth = depth + 1 if match.group() in b"([{" else max(depth - 1, 0)
        if depth > limit:
            return blanked.count(b"\n", 0, match.start()) + 1
    return 0


def check(data: bytes, language: str) -> str | None:
    """Why this source is left alone (one line), or None when it is within every limit."""
    if language == "python":
        shape = python_shape(data)
        if shape.depth > PYTHON_MAX_DEPTH:
            return (f"brackets nested {shape.depth:,} deep{_at(shape.depth_line)}; Python allows "
                    f"{PYTHON_MAX_DEPTH}: left alone")
        if shape.expression > PYTHON_MAX_EXPRESSION:
            return (f"an expression nested {shape.expression:,} levels deep{_at(shape.expression_line)}"
                    f" (a chain of operators, attributes or strings); the limit is "
                    f"{PYTHON_MAX_EXPRESSION:,}: left alone")
        return None
    kind = languages.language(language).lexical
    depth = bracket_depth(data, kind)
    if depth > OTHER_MAX_DEPTH:
        line = deepest_line(data, kind, OTHER_MAX_DEPTH)
        return f"brackets nested {depth:,} deep{_at(line)}; the limit is {OTHER_MAX_DEPTH:,}: left alone"
    return None


def _at(line: int) -> str:
    return f" (line {line})" if line else ""
