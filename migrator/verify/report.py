"""The verify report, as text (templates/reports/verify.txt.j2) or JSON; never with a secret in it."""

from __future__ import annotations

import json

from migrator.templating import render
from migrator.verify import trace
from migrator.masking import mask, mask_argv
from migrator.verify.session import Options, Outcome
from migrator.verify.verdict import allowed, unchecked_by_library


def as_dict(opts: Options, outcome: Outcome) -> dict:
    data = trace.to_json(mask_argv(opts.command), outcome.mode, outcome.exit_code, outcome.calls)
    data.update(
        verdict="pass" if outcome.passed else "fail",
        endpoint=outcome.endpoint,
        reasons=outcome.reasons,
        baseline={"compared": opts.baseline is not None, "difference": outcome.baseline_difference},
        timed_out=outcome.timed_out,
        stderr_tail=outcome.stderr_tail,
        unchecked=[{**item, "allowed": opts.allow_unchecked} for item in outcome.unchecked],
    )
    for call in data["calls"]:
        call["fault_allowed"] = allowed(call["fault"], opts.allow_faults)
    return data


def render_report(opts: Options, outcome: Outcome, fmt: str) -> str:
    data = as_dict(opts, outcome)
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        width = max([len(c["operation"]) for c in data["calls"]] + [len("operation")])
        text = render("reports/verify.txt.j2", **data, width=width,
                      exit_failed=outcome.exit_code != 0 or outcome.timed_out,
                      unchecked_words=unchecked_by_library(outcome.unchecked),
                      allow_unchecked=opts.allow_unchecked)
    return mask(text, outcome.secrets)


def render_trace(opts: Options, outcome: Outcome) -> str:
    data = trace.to_json(mask_argv(opts.command), outcome.mode, outcome.exit_code, outcome.calls)
    return mask(json.dumps(data, indent=2, ensure_ascii=False) + "\n", outcome.secrets)
