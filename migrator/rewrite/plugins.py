"""The plugin module that `--style plugin` clients import, rendered next to the client module.

Codemods ask for it through the PLUGIN_REQUESTS scratch key (codemods/registry.py);
this module turns the requests into plans. A file already there with the same
content is fine; one with other content is the user's: reported, never overwritten.
"""

from __future__ import annotations

import os

from migrator.fileio import SourceError, read_source
from migrator.rewrite.discovery import display_path
from migrator.rewrite.model import FileResult, PluginPlan
from migrator.rewrite.transform import unified_diff
from migrator.templating import render

FLAVOURS = ("zeep", "suds")


def render_plugin(flavour: str, token_env: str, module: str) -> bytes:
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown plugin flavour {flavour!r}")
    return render(f"client/{flavour}_plugin.py.j2", token_env=token_env, module=module).encode("utf-8")


def plan_plugins(files: list[FileResult], token_env: str, cwd: str) -> list[PluginPlan]:
    plans: dict[str, PluginPlan] = {}
    for result in files:
        if result.status != "changed":
            continue
        directory = os.path.dirname(result.path)
        for request in result.plugin_requests:
            path = os.path.join(directory, request.module + ".py")
            plan = plans.get(path)
            if plan is None:
                content = render_plugin(request.flavour, token_env, request.module)
                plan = plans[path] = _plan(path, display_path(path, cwd), request.flavour, content)
            elif plan.flavour != request.flavour:
                plan.action = "conflict"  # two flavours cannot share one module name
            plan.requested_by.append(result.display)
    return sorted(plans.values(), key=lambda p: p.path)


def _plan(path: str, display: str, flavour: str, content: bytes) -> PluginPlan:
    if not os.path.lexists(path):
        diff = unified_diff("", content.decode("utf-8"), display, new_file=True)
        return PluginPlan(path, display, flavour, content, "create", diff=diff)
    try:
        existing = read_source(path).data
    except SourceError:
        existing = None
    # the user's own module (or an edited copy of ours): theirs, left alone
    action = "present" if existing == content else "conflict"
    return PluginPlan(path, display, flavour, content, action)
