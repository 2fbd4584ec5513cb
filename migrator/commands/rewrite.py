"""`copernica-migrate rewrite`: migrate Python and PHP code to access tokens (dry run unless --write).

Exit codes: 0 nothing to change, a dry run, or written successfully; 1 `--check`
found changes, some file could not be rewritten, or something needs hands (a login or a
call without token that the migration could not settle); 2 usage, configuration or I/O error.
Diffs go to stdout (a patch you can redirect), the summary and errors to stderr.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from codemods.options import DEFAULT_STYLE, STYLES
from migrator import settings as settings_model
from migrator.commands.errors import InputError
from migrator.commands.options import color_option, load_settings, quiet_option, token_env_option

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2




def _say(line: str) -> None:
    """One line on stderr; a file name that is not UTF-8 shows its bytes as \\xXX."""
    from migrator.scan.discover import printable

    click.echo(printable(line), err=True)


def _echo_diff(diff: str, secrets: list[str], color: bool) -> None:
    from migrator.masking import mask_diff

    colours = {"+": "green", "-": "red", "@": "cyan"}
    # hard-coded credentials in the user's old code are shown as '***'
    masked = mask_diff(diff, secrets)
    if not color:  # a patch: byte for byte, CRLF lines keep their \r so the patch applies
        click.echo(masked, nl=False)
        return
    for line in masked.split("\n")[:-1]:
        line = line.rstrip("\r")
        head = line[:3] in ("---", "+++")
        colour = "bright_white" if head else colours.get(line[:1])
        click.echo(click.style(line, fg=colour, bold=head) if colour else line, color=color)


@click.command("rewrite")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--style", type=click.Choice(STYLES), default=DEFAULT_STYLE, show_default=True,
              help="plugin: a generated zeep/suds plugin adds the token to every call; "
                   "inline: the token goes into each call's parameters.")
@token_env_option("Environment variable that holds the access token.")
@click.option("--write", is_flag=True, help="Apply the changes (atomic writes).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would change.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=str),
              help="Write a Markdown migration report to this file.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes that parse and rewrite the files (0: all cores).")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip paths matching this gitignore-style glob (repeatable).")
@quiet_option("No diffs, only the summary (errors and places that need hands still show).")
@color_option
def command(paths: tuple[str, ...], style: str, token_env: str | None, write: bool, check: bool,
            report_path: str | None, jobs: int, exclude: tuple[str, ...], quiet: bool, color: str) -> int:
    """Migrate Python and PHP code from `login` sessions to access tokens.

    A dry run by default: prints a unified diff and a summary. --write applies it.
    """
    from migrator.fileio import atomic_write
    from migrator.rewrite import RewriteOptions, apply, rewrite
    from migrator.rewrite.report import render_report

    if write and check:
        raise InputError("--write and --check exclude each other")
    paths = paths or (".",)
    settings = load_settings(Path(paths[0]))
    options = RewriteOptions(style=style, token_env=token_env or settings.token_env, jobs=jobs,
                             exclude=(*settings.exclude, *exclude), timeout=settings.file_timeout)
    from migrator.scan.engine import ScanInputError

    try:
        result = rewrite(paths, options, cwd=os.getcwd())
    except ScanInputError as exc:
        raise InputError(str(exc)) from None

    if not quiet and not write:
        use_color = settings_model.use_color(color)
        for item in [*result.changed, *result.new_plugins]:
            _echo_diff(item.diff, result.secrets, use_color)

    def write_report() -> bool:
        from migrator.scan.discover import printable

        try:
            atomic_write(report_path, printable(render_report(result, written=write)).encode("utf-8"))
            return True
        except OSError as exc:
            _say(f"copernica-migrate: error: {report_path}: cannot write the report: {exc.strerror or exc}")
            return False

    # The report is written before any source file: a report that cannot be written stops the
    # run with the tree untouched, never after half of it changed.
    if report_path and not write_report():
        return EXIT_ERROR

    code = EXIT_OK
    if write:
        problems = apply(result)
        for problem in problems:
            _say(f"error: {problem}")
        if problems:
            code = EXIT_ERROR
            if report_path and not write_report():  # what was really written
                return EXIT_ERROR

    for file in [*result.failed, *result.skipped]:
        for error in file.errors:
            _say(("error: " if file.status == "error" else "skipped: ") + error)
    for plan in result.plugin_conflicts:
        _say(f"error: {plan.display}: exists with other content; plugin module not written")
    for note in result.notes:
        _say(f"note: {note}")
    unused = sum(len(f.unused_credentials) for f in result.changed)
    if unused:  # a password left in the code or the secrets store is still a password: say so here
        _say(f"note: {unused} credential(s) the migrated code no longer uses: remove them, and rotate any "
             "password that was in the code" + (f" (listed in {report_path})" if report_path else
                                                " (--report lists them)"))
    for item in result.needs_hands:
        _say(f"needs hands: {item}")
    if result.needs_hands:
        _say("left as it was: every module group above (all or nothing; see the reasons)")
    for file in result.changed:  # migrated and working, with a comment where a person should look
        for todo in file.todos:
            _say(f"todo: {file.display}:{todo.line}: {todo.text}")
    verb = "rewrote" if write else "would rewrite"
    _say(
        f"{verb} {len(result.changed)} of {len(result.files)} files"
        + (f", {len(result.new_plugins)} plugin module(s)" if result.new_plugins else "")
        + f"; {len(result.needs_hands)} place(s) need hands; "
        + (f"{result.todos} TODO comment(s) to review; " if result.todos else "")
        + f"{len(result.failed) + len(result.plugin_conflicts)} error(s)"
    )
    if result.would_change or result.todos:
        # verify reads the token from the configured variable: name the one the code now reads
        given = "" if result.options.token_env == settings.token_env else f"--token-env {result.options.token_env} "
        _say(f"set {result.options.token_env} to your access token, then run: "
             f"copernica-migrate verify {given}-- <command>")

    if code == EXIT_OK and (result.has_errors or result.needs_hands or (check and result.would_change)):
        code = EXIT_FINDINGS
    return code
