"""What a rewrite produces: one FileResult per file, and the plugin modules to place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Literal

from codemods.registry import DEFAULT_STYLE, DEFAULT_TOKEN_ENV

Status = Literal["unchanged", "changed", "error", "skipped"]


@dataclass
class RewriteOptions:
    style: str = DEFAULT_STYLE
    token_env: str = DEFAULT_TOKEN_ENV
    jobs: int = 0  # worker processes; 0: every core (workers.count)
    exclude: tuple[str, ...] = ()
    # Codemod names ("codemods.login_struct.LoginStructCommand"); None: every registered one
    # for the style. Names, not classes, so worker processes can import them.
    codemods: tuple[str, ...] | None = None
    timeout: float | None = None  # seconds per file before size allowance; None: limits.TIME_BASE
    # The paths the user named, when the rewrite is given fewer (SARIF fixes: the scan's paths, the
    # rewrite only its fixable files); a module under them is not "outside the paths". None: the paths.
    scope: tuple[str, ...] | None = None
    # Files the direct edits reproduce exactly skip libcst (migrator/rewrite/direct); False: the
    # codemods rewrite every file (the equivalence tests compare the two)
    direct: bool = True


@dataclass
class Notes:
    """What the report says of one rewritten file, whichever engine wrote it (the codemods' scratch
    lists, or the direct edits' plan)."""

    changes: list[str]
    unused_credentials: list[str]
    plugin_requests: list
    removed_names: list[tuple[str, str]]
    accounts: list
    # the credential literals to mask, and whether the old code's own were read; asked only
    # of a file that changed
    secrets: Callable[[], tuple[list[str], bool]]


@dataclass(frozen=True)
class NeedsHands:
    """Why a group of modules was left as it was (or why a tree is not fully migrated)."""

    path: str  # display path
    line: int  # 0: the whole file
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line else f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Todo:
    line: int
    text: str  # the comment after the marker


@dataclass(frozen=True)
class ScriptClientUse:
    """A PHP script client the rewrite migrated, as rewrite/php/script_reach.py checks it against
    the rest of the project: code there may reach the variable, and then call without the token."""

    variable: str  # "$soap"
    is_global: bool  # at the top of the script: any file that includes it may use it
    includes: tuple[tuple[str | None, int], ...] = ()  # (path as written, or None, line) run in its scope


@dataclass
class FileResult:
    path: str  # absolute path of the file as found (a symlink stays the link's path)
    display: str  # what the user sees: relative to the working directory when inside it
    status: Status
    old: bytes | None = None
    new: bytes | None = None  # set when status == "changed"
    diff: str = ""
    changes: list[str] = field(default_factory=list)
    todos: list[Todo] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unused_credentials: list[str] = field(default_factory=list)
    plugin_requests: list = field(default_factory=list)  # codemods.registry.PluginRequest
    mode: int | None = None
    reverted: bool = False  # migrated, then kept as it was: its group is not complete (completeness.py)
    group: int | None = None  # its group of modules (completeness.py): written together or not at all
    # PHP: parts that cannot be migrated (rewrite/php/runner.py): its family is left as it was
    needs_hands: list[NeedsHands] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)  # credential literals the diff shows (masked there)
    old_secrets_read: bool = False  # `secrets` holds every credential literal of `old` (Python)
    hard_coded: list[int] = field(default_factory=list)  # PHP: lines of credential literals the migration keeps
    # (line, the strings its account comes from) of each construction the migration stops passing an
    # account (Python wrappers, PHP family classes and script logins): compared within one program
    accounts: list[tuple[int, frozenset[str]]] = field(default_factory=list)
    removed_names: list[tuple[str, str]] = field(default_factory=list)  # codemods.registry.REMOVED_NAMES
    script_clients: list[ScriptClientUse] = field(default_factory=list)  # PHP: migrated script clients


@dataclass
class PluginPlan:
    """A generated plugin module: where it goes and whether it can go there."""

    path: str
    display: str
    flavour: str
    content: bytes
    action: Literal["create", "present", "conflict"]  # present: same content already there
    requested_by: list[str] = field(default_factory=list)
    diff: str = ""


@dataclass
class RewriteResult:
    options: RewriteOptions
    files: list[FileResult] = field(default_factory=list)
    plugins: list[PluginPlan] = field(default_factory=list)
    needs_hands: list[NeedsHands] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # decisions the user should know of
    # literals that feed a credential in the code being changed: masked wherever output shows code
    secrets: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "changed"]

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "error"]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def new_plugins(self) -> list[PluginPlan]:
        return [p for p in self.plugins if p.action == "create"]

    @property
    def plugin_conflicts(self) -> list[PluginPlan]:
        return [p for p in self.plugins if p.action == "conflict"]

    @property
    def todos(self) -> int:
        return sum(len(f.todos) for f in self.files)

    @property
    def would_change(self) -> bool:
        return bool(self.changed or self.new_plugins)

    @property
    def has_errors(self) -> bool:
        return bool(self.failed or self.plugin_conflicts)
