"""The whole chain: file or SourceText -> Document -> Article -> Brief.

Unreadable files raise ``SourceError`` (the caller reports them and goes on with the others);
anything odd inside a readable file becomes a warning on the brief instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

from oncobrief.analysis import analyse
from oncobrief.brief import make_brief
from oncobrief.document import parse_document
from oncobrief.models import Brief, Document, SourceText
from oncobrief.reading import read_source
from oncobrief.settings import Settings, get_settings

log = logging.getLogger(__name__)


def brief_from_source(source: SourceText, settings: Settings | None = None) -> Brief:
    settings = settings or get_settings()
    try:
        document = parse_document(source)
    except Exception as exc:  # noqa: BLE001 - a parse bug must not lose the file
        log.exception("parsing failed on %s", source.origin)
        document = Document(
            source=source, warnings=[f"document parsing failed ({type(exc).__name__})"]
        )
    return make_brief(analyse(document), settings)


def brief_from_file(path: str | Path, settings: Settings | None = None) -> Brief:
    """Read, parse and brief one file; raises SourceError when the file cannot be read."""
    settings = settings or get_settings()
    source = read_source(Path(path), max_bytes=settings.max_file_bytes)
    return brief_from_source(source, settings)
