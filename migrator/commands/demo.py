"""`copernica-migrate demo`: scan -> rewrite -> verify on the bundled legacy programs, against the mock.

Each step runs the real command line as a user would type it, so the demo shows
exactly what the tool does on your code; only the summaries are printed here.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from migrator import settings
from migrator.commands.errors import InputError
from migrator.commands.options import color_option, quiet_option
from migrator.examples import LEGACY, PROGRAMS

_STYLES = ("plugin", "inline")


def _tool(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def _verify(program, folder: Path, env: dict[str, str], *options: str) -> dict:
    report = folder.parent.parent / f"verify-{program.name}.json"
    done = _tool("verify", "--format", "json", "--output", str(report), *options,
                 "--", sys.executable, *program.argv, cwd=folder, env=env)
    try:
        return json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # verify itself could not run the program: its own one-line error says why
        detail = (done.stderr.strip().splitlines() or [f"verify wrote no report (exit {done.returncode})"])[-1]
        return {"verdict": "fail", "calls": [], "reasons": [detail]}


_OUT = {"color": False, "quiet": False}  # this run's --color and --quiet


def _line(step: str, text: str, ok: bool = True) -> None:
    if ok and _OUT["quiet"]:
        return
    mark = "ok  " if ok else "FAIL"
    if _OUT["color"]:
        mark = click.style(mark, fg="green" if ok else "red")
    click.echo(f"  {mark} {step:<9} {text}", color=_OUT["color"])


@click.command()
@click.option("--style", type=click.Choice(_STYLES), default="plugin", show_default=True,
              help="The rewrite style to demonstrate.")
@click.option("--dir", "target", type=click.Path(file_okay=False, path_type=Path),
              help="Copy the examples here and keep them (default: a temporary folder, removed).")
@quiet_option("Only the steps that fail and the final line.")
@color_option
def command(style: str, target: Path | None, quiet: bool, color: str) -> int:
    """Show the whole migration on five bundled legacy programs, against the mock API.

    Copies the programs, scans them, runs each one against the mock in login
    session mode to record a baseline, rewrites them to access tokens, and
    verifies each migrated program against a token-only mock with that baseline.
    Nothing leaves this machine.
    """
    if target is not None and target.exists() and any(target.iterdir()):
        raise InputError(f"--dir {target}: the folder is not empty")
    _OUT.update(color=settings.use_color(color), quiet=quiet)
    root = target or Path(tempfile.mkdtemp(prefix="copernica-demo-"))
    code = 1
    try:
        code = _run(root, style)
        return code
    finally:
        if target is not None:
            click.echo(f"The migrated programs and MIGRATION.md are in {root / 'project'}.")
        elif code == 0:
            shutil.rmtree(root, ignore_errors=True)
            if not quiet:
                click.echo("(The temporary copy was removed; `copernica-migrate demo --dir DIR` keeps it.)")
        else:  # a failure is worth looking at: the folder stays
            click.echo(f"The programs, reports and baselines are kept in {root} to look at.", err=True)


def _run(root: Path, style: str) -> int:
    project = root / "project"
    shutil.copytree(LEGACY, project, ignore=shutil.ignore_patterns("__pycache__"))
    # The legacy programs read these; the mock in legacy mode accepts any non-empty login.
    env = {**os.environ, "COPERNICA_USER": "demo@example.com",
           "COPERNICA_PASSWORD": secrets.token_urlsafe(12)}
    env.pop("COPERNICA_WSDL", None)  # the programs keep their hard-coded soap.copernica.com URL
    if not _OUT["quiet"]:
        click.echo(f"copernica-migrate demo: {len(PROGRAMS)} legacy programs in {project}\n")

    scan = _tool("scan", "--format", "json", ".", cwd=project, env=env)
    summary = json.loads(scan.stdout)["summary"]
    _line("scan", f"{summary['findings']} findings ({summary['fixable']} fixable by rewrite, "
                  f"{summary['needs_hands']} need hands) in {summary['files_parsed']} files",
          ok=scan.returncode in (0, 1))

    baselines = root / "baselines"
    baselines.mkdir()
    failures = 0
    for program in PROGRAMS:
        report = _verify(program, project / program.name, env, "--auth", "legacy",
                         "--trace", str(baselines / f"{program.name}.json"))
        ok = report["verdict"] == "pass"
        failures += not ok
        _line("baseline", f"{program.name}: {len(report['calls'])} calls with a login session"
              if ok else f"{program.name}: {'; '.join(report['reasons'])}", ok)

    rewrite = _tool("rewrite", "--write", "--quiet", "--style", style,
                    "--report", str(project / "MIGRATION.md"), ".", cwd=project, env=env)
    lines = rewrite.stderr.strip().splitlines()
    summary_line = next((line for line in lines if line.startswith(("rewrote", "would rewrite"))),
                        lines[-1] if lines else "no output")
    _line("rewrite", f"{summary_line} (style {style})", ok=rewrite.returncode == 0)
    if rewrite.returncode != 0:  # the real reasons, not only the count
        for line in lines:
            if line.startswith(("error:", "needs hands:")):
                click.echo(f"         {line}")
    failures += rewrite.returncode != 0

    env.pop("COPERNICA_USER")
    env.pop("COPERNICA_PASSWORD")
    for program in PROGRAMS:
        report = _verify(program, project / program.name, env,
                         "--baseline", str(baselines / f"{program.name}.json"))
        ok = report["verdict"] == "pass"
        failures += not ok
        token_calls = sum(1 for c in report["calls"] if c.get("auth") in ("token", "bearer"))
        _line("verify", f"{program.name}: no login, access token on {token_calls}/"
                        f"{len(report['calls'])} calls, same business calls as before"
              if ok else f"{program.name}: {'; '.join(report['reasons'])}", ok)

    if not _OUT["quiet"]:
        click.echo()
    if failures:
        click.echo(f"{failures} step(s) failed.", err=True)
        return 1
    if _OUT["quiet"]:
        click.echo("Every program now authenticates with an access token.")
        return 0
    click.echo("Every program now authenticates with an access token. On your own code:\n"
               "  copernica-migrate scan PATH\n"
               "  copernica-migrate rewrite PATH            # review the diff, then --write\n"
               "  copernica-migrate verify -- python your_program.py")
    return 0
