"""Where edits start and end on the page, and how generated text looks: whole lines when a
statement stands alone, its doc comment with it, the file's own indentation, newline and
encoding."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

    from migrator.rewrite.php.registry import FileContext

_BLANK = b" \t"


def line_start(data: bytes, pos: int) -> int:
    return data.rfind(b"\n", 0, pos) + 1


def line_end(data: bytes, pos: int) -> int:
    """Just past the newline of the line holding `pos` (or the end of the data)."""
    end = data.find(b"\n", pos)
    return len(data) if end < 0 else end + 1


def indent_at(data: bytes, pos: int) -> bytes:
    """The whitespace that starts the line holding `pos`."""
    start = line_start(data, pos)
    end = start
    while end < len(data) and data[end:end + 1] in (b" ", b"\t"):
        end += 1
    return data[start:end]


def alone(data: bytes, start: int, end: int) -> bool:
    """Only whitespace before `start` on its line and after `end` on its line."""
    before = data[line_start(data, start):start]
    after = data[end:line_end(data, end)].rstrip(b"\r\n")
    return not before.strip(_BLANK) and not after.strip(_BLANK)


def _blank_line(data: bytes, start: int) -> bool:
    return 0 <= start < len(data) and not data[start:line_end(data, start)].strip()


def leading_comments(node: Node, data: bytes) -> int:
    """Where `node` starts together with the comments right above it (each on its own lines,
    no blank line between): the doc comment of a method, the `// store the data` of a statement."""
    start = node.start_byte
    prev = node.prev_sibling
    while prev is not None and prev.type == "comment" and alone(data, prev.start_byte, prev.end_byte):
        gap = data[prev.end_byte:start]
        if gap.count(b"\n") > 1 or gap.strip():
            break
        start = prev.start_byte
        prev = prev.prev_sibling
    return start


def removal(data: bytes, node: Node, with_comments: bool = True) -> tuple[int, int]:
    """The byte span that deletes `node`: whole lines (and one of two blank lines it would leave
    next to each other) when it stands alone on its lines, else just its bytes."""
    start = leading_comments(node, data) if with_comments else node.start_byte
    end = node.end_byte
    after = node.next_sibling
    if after is not None and after.type == "comment" and not data[end:after.start_byte].strip() \
            and b"\n" not in data[end:after.start_byte]:
        end = after.end_byte  # `$this->login(..); // log in`: the comment goes with it
    if not alone(data, start, end):
        return node.start_byte, node.end_byte
    start, end = line_start(data, start), line_end(data, end)
    if _blank_line(data, end) and (start == 0 or _blank_line(data, line_start(data, start - 1))):
        end = line_end(data, end)
    elif _blank_line(data, end) and _closes_block(data, line_end(data, end)):
        end = line_end(data, end)  # no blank line left right before a closing brace
    elif start > 0 and _closes_block(data, end) and _blank_line(data, line_start(data, start - 1)):
        start = line_start(data, start - 1)
    return start, end


def _closes_block(data: bytes, pos: int) -> bool:
    return data[pos:line_end(data, pos)].strip().startswith(b"}")


def dedent(body: bytes, by: int) -> bytes:
    """Remove `by` columns of leading whitespace from every line after the first."""
    lines = body.split(b"\n")
    out = [lines[0]]
    for line in lines[1:]:
        cut = 0
        while cut < by and cut < len(line) and line[cut:cut + 1] in (b" ", b"\t"):
            cut += 1
        out.append(line[cut:])
    return b"\n".join(out)


def encode(ctx: FileContext, source: str) -> bytes:
    """Generated text ("\\n" newlines) in the file's own newline and encoding."""
    data = source.encode(ctx.encoding, "strict")
    return data.replace(b"\n", ctx.newline) if ctx.newline != b"\n" else data


def line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1
