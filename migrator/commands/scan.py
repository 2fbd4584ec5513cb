"""`copernica-migrate scan [PATH ...]`: find code that still uses the login session model."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from migrator import settings as settings_model
from migrator.commands.errors import InputError
from migrator.commands.options import SIZE, color_option, load_settings, quiet_option, token_env_option
from migrator.scan.output import FORMATS

PROGRESS_FROM = 200  # file visits (two passes); smaller scans end before a bar is worth drawing


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


class _Progress:
    """A click progress bar on stderr, only on a terminal and only for long scans."""

    def __init__(self) -> None:
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_FROM:
                return
            self.bar = click.progressbar(length=total, label="scanning", file=sys.stderr)
            self.bar.__enter__()
        self.bar.length = total  # pass 2 may add files that pass 1's needles missed
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _sarif_fixes(result, cwd: str, request):
    """`rewrite`'s edits as SARIF fixes; whatever goes wrong there costs the fixes, never the scan."""
    from migrator.rewrite import finding_fixes as fixes

    stdin_name = (request.stdin_filename or "-") if request.stdin_data is not None else None
    try:
        scope = tuple(request.paths) if request.stdin_data is None else None
        return fixes.propose(result, cwd, request.token_env, request.jobs, stdin_name,
                             timeout=request.timeout, scope=scope)
    except Exception as exc:  # noqa: BLE001 - the findings are the product; fixes are a bonus
        from migrator.scan.discover import printable

        click.echo(printable(f"copernica-migrate: note: no SARIF fixes: {type(exc).__name__}: {exc}"), err=True)
        return None


@click.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format (sarif: with `rewrite`'s edits as fixes).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rule codes or prefixes (comma-separated, repeatable), e.g. COP0.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave out these rule codes or prefixes.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip paths matching GLOB (gitignore syntax, repeatable; replaces the config's list).")
@click.option("--max-file-size", type=SIZE, metavar="SIZE",
              help="Skip (with a note) files larger than this: bytes, or with a unit (512k, 2MiB, 1G).  "
                   "[default: max-file-size in pyproject.toml, else "
                   f"{settings_model.format_size(settings_model.DEFAULT_MAX_FILE_SIZE)}]")
@click.option("--engine", type=click.Choice(["auto", "rg", "python"]), default="auto", show_default=True,
              help="Discovery/prefilter engine: ripgrep or pure Python.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes that parse the files (0: all cores).")
@click.option("--stdin-filename", metavar="NAME",
              help="Name (and so language) of the source read from `-`; default Python.")
@token_env_option("Environment variable the migrated code reads its token from.")
@color_option
@quiet_option("Text format: only the summary (no findings, no file lists); the exit status says the rest.")
def command(paths, fmt, output, select, ignore, exclude, max_file_size, engine, jobs, stdin_filename,
            token_env, color, quiet) -> int:
    """Find code that still logs in with username/account/password.

    Exit status: 0 no findings (notes aside), 1 findings or unparsable files, 2 usage or I/O error.
    """
    from migrator.scan import engine as scan_engine
    from migrator.scan import prefilter

    paths = paths or (".",)
    cwd = os.getcwd()
    first = next((p for p in paths if p != "-"), ".")
    settings = load_settings(Path(first) if os.path.exists(first) else Path(cwd))

    from migrator.rules.checking import check_codes

    # codes are checked against the rules here; from pyproject.toml an error names the file
    codes = {}
    for key, given in (("select", select), ("ignore", ignore)):
        try:
            codes[key] = (check_codes(_codes(given), f"--{key}") if given else
                          check_codes(getattr(settings, key), f"{settings.source}: {key}"))
        except scan_engine.ScanInputError as exc:
            raise InputError(str(exc)) from None

    stdin_data = None
    if "-" in paths:
        stdin_data = click.get_binary_stream("stdin").read()

    request = scan_engine.ScanRequest(
        paths=paths,
        cwd=cwd,
        exclude=list(exclude) if exclude else settings.exclude,
        select=codes["select"],
        ignore=codes["ignore"],
        max_file_size=max_file_size or settings.max_file_size,
        engine=engine,
        jobs=jobs,
        token_env=token_env or settings.token_env,
        stdin_filename=stdin_filename,
        stdin_data=stdin_data,
        timeout=settings.file_timeout,
    )
    progress = _Progress() if sys.stderr.isatty() and not os.environ.get("CI") else None
    try:
        result = scan_engine.scan(request, progress=progress)
    except scan_engine.ScanInputError as exc:
        raise InputError(str(exc)) from None
    except prefilter.EngineError as exc:
        raise InputError(str(exc)) from None
    finally:
        if progress is not None:
            progress.close()

    from migrator.scan.output import writer

    extra = {"fixes": _sarif_fixes(result, cwd, request)} if fmt == "sarif" else {}
    if fmt == "text":
        extra["quiet"] = quiet
    color = output is None and fmt == "text" and settings_model.use_color(color, sys.stdout)
    text = writer(fmt)(result, color=color, cwd=cwd, **extra)
    if output is not None:
        try:
            from migrator.fileio import atomic_write

            # a file name that is not UTF-8 stays a \udcXX escape: valid inside JSON strings too
            atomic_write(str(output), text.encode("utf-8", "backslashreplace"))
        except OSError as exc:
            raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False, color=color)  # color=: click would drop the codes off a terminal
    # a note (COP190: scanned around a syntax error) informs; it never fails a run by itself
    return 1 if result.errors or any(f.severity != "note" for f in result.findings) \
        or any(s.unanalysed for s in result.skipped) else 0
