"""Before/after testing for codemods, shared by every codemod's tests.

`IdempotentCodemodTest.assertCodemod` is libcst's CodemodTest.assertCodemod run
twice: `before` must become `after`, and running the codemod on `after` must
change nothing (issue 4: a second run changes nothing). `transform_twice` does
the same for pytest-style tests and returns the scratch notes of the first run.
"""

from __future__ import annotations

import textwrap

import libcst as cst
from libcst.codemod import CodemodContext, CodemodTest, SkipFile

from codemods import registry


class IdempotentCodemodTest(CodemodTest):
    def assertCodemod(self, before: str, after: str, *args: object, **kwargs: object) -> None:
        super().assertCodemod(before, after, *args, **kwargs)
        second = {k: v for k, v in kwargs.items() if k not in ("context_override", "expected_warnings")}
        # the result of the first run goes through again: nothing may change (or it still skips)
        super().assertCodemod(after, after, *args, **second)


def run(command: type, code: str, **kwargs: object) -> tuple[str, CodemodContext]:
    """One run of `command` on `code` (dedented); a skipped file comes back unchanged."""
    context = CodemodContext(scratch={key: [] for key in registry.SCRATCH_LISTS})
    module = cst.parse_module(textwrap.dedent(code))
    try:
        module = command(context, **kwargs).transform_module(module)
    except SkipFile:
        pass
    return module.code, context


def transform_twice(command: type, before: str, after: str | None = None,
                    **kwargs: object) -> CodemodContext:
    """Assert `before` -> `after` (None: unchanged) and that a second run is a no-op."""
    expected = textwrap.dedent(before if after is None else after)
    once, context = run(command, before, **kwargs)
    assert once == expected, f"first run:\n{once}\nexpected:\n{expected}"
    twice, _ = run(command, once, **kwargs)
    assert twice == once, f"second run changed the code again:\n{twice}"
    return context
