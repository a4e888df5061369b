"""Jinja2 rendering of every user-facing text.

Templates are looked up in order: the folder named by ``Settings.templates_dir`` (a team's
overrides), the repository's ``templates/`` folder (a checkout or editable install), then the
copy bundled into the wheel as ``oncobrief/_templates``. A missing override falls back to the
bundled template, so a team only overrides what it changes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from oncobrief.settings import Settings

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_TEMPLATES = _PACKAGE_DIR.parent.parent / "templates"
_BUNDLED_TEMPLATES = _PACKAGE_DIR / "_templates"


class TemplateError(Exception):
    """A template that cannot be found, parsed or rendered; the message names template and line."""


def template_search_path(override: Path | None = None) -> list[Path]:
    folders = [override] if override else []
    folders += [_CHECKOUT_TEMPLATES, _BUNDLED_TEMPLATES]
    return [folder for folder in folders if folder.is_dir()]


class Renderer:
    def __init__(self, settings: Settings | None = None, *, override: Path | None = None) -> None:
        folder = override or (settings.templates_dir if settings else None)
        self.search_path = template_search_path(folder)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.search_path]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            autoescape=False,  # output is terminal text, Markdown or Discord text, not HTML
        )

    def render(self, name: str, **context: Any) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as exc:
            where = ", ".join(str(p) for p in self.search_path) or "no template folder found"
            raise TemplateError(f"template {exc.name!r} not found (looked in: {where})") from exc
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"template {exc.filename or exc.name or name!r} line {exc.lineno}: {exc.message}"
            ) from exc
        except jinja2.TemplateError as exc:
            raise TemplateError(f"template {name!r} {_line_of(exc, name)}: {exc}") from exc


def _line_of(exc: BaseException, name: str) -> str:
    """Find the template line in the traceback of a runtime error (Jinja maps frames to it)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"line {line}" if line else "(line unknown)"


@lru_cache(maxsize=8)
def _default_renderer(override: Path | None) -> Renderer:
    return Renderer(override=override)


def render(name: str, settings: Settings | None = None, **context: Any) -> str:
    """Render with a renderer cached per override folder."""
    return _default_renderer(settings.templates_dir if settings else None).render(name, **context)
