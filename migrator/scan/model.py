"""What a scan produces. Every engine and output format speaks these types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "note"]
Language = Literal["python", "php", "java", "csharp", "javascript", "typescript"]


@dataclass(frozen=True, order=True)
class Location:
    """1-based lines and columns, end inclusive-exclusive as in SARIF (endColumn points past the last char)."""

    path: str  # as shown to the user: relative to the scan root, forward slashes
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Finding:
    rule: str  # "COP001"
    message: str
    location: Location
    severity: Severity
    language: Language
    fixable: bool  # `rewrite` can migrate it
    fix: str | None = None  # one line: what `rewrite` would do (SARIF fixes[].description)
    # why the code is judged Copernica's (evidence.Clue texts: "operation: Account_databases is called on it")
    evidence: tuple[str, ...] = ()

    def sort_key(self) -> tuple:
        return (self.location, self.rule)


@dataclass(frozen=True)
class FileError:
    """A file that could not be read or parsed; the scan goes on without it."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    # "parse" (invalid source), "read" (cannot be read), "crash" (the parser died on it),
    # "timeout" (its time budget ran out), "error" (an analyzer bug): `rewrite` parses again
    # only what was a plain parse error
    kind: str = "parse"


@dataclass(frozen=True)
class SkippedFile:
    """A file passed over on purpose (binary, too large, @generated, over a parser limit, not a
    regular file), with the reason."""

    path: str
    reason: str
    # over a size or nesting limit: its text matched a Copernica needle (the prefilter let it
    # through) but nothing analysed it, so a CI gate must not pass it as clean (exit 1)
    unanalysed: bool = False


class ParseError(Exception):
    """Raised by a language analyzer when the file is not valid source."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    files_scanned: int = 0  # files discovery handed to the scan (prefiltered or not)
    files_parsed: int = 0  # files that passed the prefilter and were parsed
    lines_scanned: int = 0
    # analyzer.ProjectContext of pass 1 (wrapper classes), for `rewrite` to reuse; None if no pass ran
    project: object | None = None
