"""What loading a folder shares: which files are articles, the parser type, when to go
parallel, and the progress bar. The parsing itself is ``oncobrief.parallel`` (worker
processes) and ``oncobrief.folder_sync`` (through the parsed-corpus cache)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from oncobrief.models import Brief

log = logging.getLogger(__name__)

# The one place that says which files in a folder are articles.
ARTICLE_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm"})

# Below this many files a progress bar would only flicker.
PROGRESS_MIN_FILES = 50
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200

Parser = Callable[[Path], Brief]


def article_files(folder: Path) -> list[Path]:
    """Article files directly in ``folder``, sorted by name (hidden files skipped)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in ARTICLE_SUFFIXES
        and not path.name.startswith(".")
        and path.is_file()
    )


class _ProgressBar:
    """A rich progress bar on stderr for long loads; a no-op otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._progress = None
        if enabled and total >= PROGRESS_MIN_FILES and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._task = self._progress.add_task("Loading articles", total=total)

    def __enter__(self) -> Callable[[], None]:
        if self._progress is None:
            return lambda: None
        self._progress.start()
        return lambda: self._progress.advance(self._task)

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()
