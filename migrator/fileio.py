"""Reading source files the way Python does, and writing files atomically without changing their shape.

`read_source` decodes like the interpreter (PEP 263 coding line, UTF-8 BOM) and
remembers what a rewrite must keep: encoding, BOM, newline style and mode.
`atomic_write` replaces a file through a temp file in the same folder, so a crash
or a full disk never leaves half a file behind.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
import time
import tokenize
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"


class SourceError(Exception):
    """A file that cannot be read as Python source; the message is one line for the user."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    data: bytes
    text: str
    encoding: str  # Python's name for it: "utf-8", "iso-8859-1", ... (without "-sig")
    bom: bool
    newline: str  # "\n", "\r\n", "\r", "mixed", or "" for a file without line breaks
    mode: int  # permission bits (stat.S_IMODE)


def newline_style(data: bytes) -> str:
    crlf = data.count(b"\r\n")
    lf = data.count(b"\n") - crlf
    cr = data.count(b"\r") - crlf
    kinds = [name for name, n in (("\r\n", crlf), ("\n", lf), ("\r", cr)) if n]
    if not kinds:
        return ""
    return kinds[0] if len(kinds) == 1 else "mixed"


def text_encoding(data: bytes) -> str:
    """How PHP and other files without a declared encoding are read: UTF-8 when the bytes are
    UTF-8 (a BOM stays where it is), else Latin-1 (every byte is one)."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "latin-1"


def decode_source(data: bytes, path: str = "<source>") -> tuple[str, str, bool]:
    """(text, encoding, has BOM), decoded as the interpreter would; SourceError if it would refuse."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:  # bad or conflicting coding line, or BOM + non-UTF-8 cookie
        if "invalid or missing" in str(exc.msg):
            raise SourceError(f"{path}: not valid UTF-8 and it has no coding line (PEP 263); "
                              "left alone") from None
        raise SourceError(f"{path}: {exc.msg}; left alone") from None
    bom = data.startswith(BOM)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        # UTF-8 is the default only when there is no coding line: say so, it is the usual latin-1 case
        hint = " and it has no coding line (PEP 263)" if encoding == "utf-8" else ""
        raise SourceError(f"{path}:{line}: not valid {encoding}{hint}; left alone") from None
    except LookupError:
        raise SourceError(f"{path}: unknown encoding {encoding!r} in the coding line") from None
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    return text, encoding, bom


class NotRegularFile(Exception):
    """A FIFO, socket, device or directory where a file was expected; it was never opened for reading."""

    def __init__(self, kind: str):
        super().__init__(f"not a regular file ({kind})")
        self.kind = kind


class FileTooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"{size} > {limit} bytes")
        self.size = size
        self.limit = limit


def file_kind(mode: int) -> str:
    """What a stat mode is, in words ("FIFO", "socket", "character device", ...)."""
    for test, name in ((stat.S_ISREG, "regular file"), (stat.S_ISDIR, "directory"),
                       (stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISLNK, "symbolic link")):
        if test(mode):
            return name
    return "special file"


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def open_regular(path: str, checked: bool = False) -> tuple[int, os.stat_result]:
    """(fd, stat) of a regular file (symbolic links followed). Anything else raises NotRegularFile
    without being opened: stat first (`checked`: the caller's directory entry said it is a
    regular file), then open non-blocking, so a FIFO swapped in meanwhile cannot block either,
    and fstat again. OSError for what cannot be read."""
    if not checked:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(file_kind(st.st_mode))
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(file_kind(st.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_regular(path: str, limit: int | None = None, checked: bool = False) -> bytes:
    """The bytes of a regular file, at most `limit` of them (FileTooLarge beyond). Raises
    NotRegularFile (never opened for reading) and OSError."""
    data, _ = _read_regular(path, limit, checked)
    return data


def _read_regular(path: str, limit: int | None, checked: bool) -> tuple[bytes, os.stat_result]:
    fd, st = open_regular(path, checked)
    with os.fdopen(fd, "rb") as fh:
        if limit is not None and st.st_size > limit:
            raise FileTooLarge(st.st_size, limit)
        data = fh.read() if limit is None else fh.read(limit + 1)
    if limit is not None and len(data) > limit:  # it grew since the stat
        raise FileTooLarge(len(data), limit)
    return data, st


def read_source(path: str) -> SourceFile:
    """Read and decode one Python file; SourceError (one line) for anything that is not a readable file."""
    try:
        data, st = _read_regular(path, None, False)
    except NotRegularFile as exc:
        raise SourceError(f"{path}: {exc}; left alone") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, encoding, bom = decode_source(data, path)
    return SourceFile(path, data, text, encoding, bom, newline_style(data), stat.S_IMODE(st.st_mode))


def current_bytes(path: str) -> bytes | None:
    """What a file holds now, or None when it is gone, unreadable or no longer a regular file
    (a FIFO swapped in is never opened for reading, so it cannot block the check)."""
    try:
        return read_regular(path)
    except (OSError, NotRegularFile):
        return None


def _remove_stale_temps(directory: str, prefix: str) -> None:
    """Temp files of ours (same name pattern) that a killed run left beside the target."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        name = entry.name
        if name.startswith(prefix) and name.endswith(".tmp") and len(name) > len(prefix) + 4:
            try:
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and now - st.st_mtime > _STALE_TEMP_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class ChangedMeanwhile(OSError):
    """The file is no longer what was read: someone edited it; it was not replaced."""


# A killed run can leave its temp file behind (".<name>.<random>.tmp" beside the target);
# the next write of that target removes those older than this (a live run's are younger).
_STALE_TEMP_SECONDS = 600


def atomic_write(path: str, data: bytes, expect: bytes | None = None) -> None:
    """Replace `path` with `data` atomically, keeping its mode (and owner when we may).

    A symlink stays a symlink: its target is rewritten. A new file gets the
    mode `open()` would give it. With `expect`, the file must still hold exactly those
    bytes just before the replace, else ChangedMeanwhile (nothing written). On any
    failure the original is untouched and the temp file is removed; the OSError propagates.
    """
    target = os.path.realpath(path, strict=False)
    if os.path.islink(path):
        # strict: a dangling link or a link loop is an error, not a new file next to it
        target = os.path.realpath(path, strict=True)
    directory = os.path.dirname(target) or "."
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    prefix = "." + os.path.basename(target) + "."
    _remove_stale_temps(directory, prefix)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass  # not ours to give away; the content still lands
        else:
            os.chmod(tmp, 0o666 & ~_current_umask())
        if expect is not None and current_bytes(target) != expect:
            raise ChangedMeanwhile(errno.ESTALE, "changed since it was read", path)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    # make the rename itself durable
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
