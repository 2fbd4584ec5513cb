"""The contract between the scan engine and the per-language detectors.

Two passes over the files that survive the text prefilter:
1. `collect` gathers project-wide facts (Python: legacy wrapper classes and
   where they are defined; PHP: every class, its parent and the calls, php_project.py),
   merged into one ProjectContext;
2. `analysis` analyses one file with that context (so a wrapper defined in one module is
   known where another module constructs it); the rules layer (migrator/rules/checking.py)
   turns that analysis into findings. The scan layer never imports the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from migrator.settings import DEFAULT_TOKEN_ENV

if TYPE_CHECKING:
    from migrator.scan.treesitter.php_project import PhpProject


@dataclass
class ProjectContext:
    root: Path
    token_env: str = DEFAULT_TOKEN_ENV
    # Python legacy wrapper classes found in pass 1: qualified name ("pkg.client.PomSoapClient")
    # -> path of the defining file. Pass 2 flags their construction sites.
    wrapper_classes: dict[str, str] = field(default_factory=dict)
    # Python functions that return a SOAP client (`def make_client(): return zeep.Client(...)`),
    # by simple name, read from pass 1's text: pass 2 also parses the files that name one (a
    # module that gets its client from one need not name zeep or Copernica to log in)
    client_factories: set[str] = field(default_factory=set)
    # Python functions whose parameters go straight into a Copernica login, found in pass 1:
    # qualified name -> (positional parameters, ((parameter, "user"/"password"), ...)). Pass 2
    # reports a literal passed to one (COP008) and masks it wherever output shows it.
    login_functions: dict[str, tuple] = field(default_factory=dict)
    # PHP classes of every file pass 1 parsed (merged PhpFile facts): pass 2 knows a wrapper
    # defined or subclassed in another file; the PHP rewrite reads it as ScanResult.project.php
    php: PhpProject | None = None

    def php_family(self) -> int:
        """How many PHP classes are Copernica clients so far (pass 1 goes on while it grows)."""
        return len(self.php.family()) if self.php is not None else 0

    def wrapper_simple_names(self) -> set[str]:
        return {q.rsplit(".", 1)[-1] for q in self.wrapper_classes}


class Analyzer(Protocol):
    language: str  # Finding.language of what it reports
    extensions: tuple[str, ...]  # ".py", ".php", ... (lower case)

    def needles(self, context: ProjectContext | None) -> tuple[bytes, ...]:
        """Lower-case byte strings; a file is parsed only if it contains one (case-insensitively).

        With context None: the pass-1 needles. With a context: pass 2 may add more
        (Python adds the simple names of wrapper classes found in pass 1).
        """

    def collect(self, path: str, data: bytes, module: str | None):
        """Pass 1: wrapper classes defined in this file, qualified name -> path (may be {}); or an
        object with `merge_into(context)` (PHP: the file's classes, a PhpFile)."""

    one_finding_per_line: bool  # several facts of one rule on a line make one finding

    def analysis(self, path: str, data: bytes, module: str | None, context: ProjectContext):
        """Pass 2: what the language's rules read of one file. Raises model.ParseError for
        invalid source. `module` is the dotted module name derived from the path relative to
        the scan root (Python only, else None); `path` is the display path used in Locations.
        """
