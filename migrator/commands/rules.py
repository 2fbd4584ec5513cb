"""`copernica-migrate rules [CODE]`: what the scanner looks for."""

from __future__ import annotations

import json

import click

from migrator.commands.errors import InputError
from migrator.commands.options import color_option, quiet_option




def _as_dict(rule, examples: bool) -> dict:
    data = {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "severity": rule.severity,
        "languages": list(rule.languages),
        "fixable": rule.fixable,
        "fixable_languages": list(rule.fixable_languages),
        "fix": rule.fix,
    }
    if examples:
        data["invalid"] = {k: list(v) for k, v in rule.invalid.items()}
        data["valid"] = {k: list(v) for k, v in rule.valid.items()}
    return data


@click.command("rules")
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the rules table and one flagged example per rule "
              "(the README's rules section is this output).")
@quiet_option("Text format: only the rule codes, one per line.")
@color_option
def command(code: str | None, fmt: str, quiet: bool, color: str) -> int:
    """List every rule, or show one rule (CODE, e.g. COP001) with its examples."""
    from migrator.rules import all_rules
    from migrator.templating import render

    rules = all_rules()
    if code is not None:
        wanted = code.strip().upper()
        rules = [r for r in rules if r.code == wanted or r.name == code.strip().lower()]
        if not rules:
            raise InputError(f"unknown rule {code!r} (see `copernica-migrate rules`)")
    if fmt == "json":
        data = [_as_dict(r, code is not None) for r in rules]
        click.echo(json.dumps(data[0] if code is not None else data, indent=2, ensure_ascii=False))
        return 0
    if fmt == "markdown":
        from migrator.scan.languages import TABLE

        fences = {language.name: language.fence for language in TABLE}
        click.echo(render("reports/scan-rules.md.j2", rules=rules, fences=fences), nl=False)
        return 0
    if quiet:
        click.echo("\n".join(r.code for r in rules))
        return 0
    template = "reports/scan-rule.txt.j2" if code is not None else "reports/scan-rules.txt.j2"
    click.echo(render(template, rules=rules), nl=False)
    return 0
