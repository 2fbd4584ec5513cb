"""One jinja2 environment for every template the tool renders (WSDL, envelopes, reports, code)."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2


def template_dir() -> Path:
    # Installed wheel: templates/ is force-included as migrator/templates.
    # Source checkout or editable install: it is the top-level templates/ folder.
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError("copernica-migrate is installed without its templates folder")


@functools.lru_cache(maxsize=None)
def environment(autoescape_xml: bool = False) -> jinja2.Environment:
    """Environment for templates; XML ones (wsdl/soap) autoescape, code and Markdown do not."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        autoescape=autoescape_xml,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(name: str, **context: object) -> str:
    xml = name.endswith((".xml.j2", ".wsdl.j2"))
    return environment(xml).get_template(name).render(**context)
