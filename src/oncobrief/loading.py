"""Turning article files into briefs for the library: which files count, parsing each one
(a failure becomes a ``LoadError``), in parallel over the machine's cores for big folders,
with a progress bar in a terminal."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from oncobrief.models import Brief, LoadError, SourceError
from oncobrief.settings import Settings

log = logging.getLogger(__name__)

# The one place that says which files in a folder are articles.
ARTICLE_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm"})

# Below this many files a progress bar would only flicker.
PROGRESS_MIN_FILES = 50
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 200

Parser = Callable[[Path], Brief]


@dataclass
class Parsed:
    """The outcome for one file: its size and time (to notice changes) and a brief or error."""

    path: Path
    mtime_ns: int
    size: int
    brief: Brief | None = None
    error: LoadError | None = None


def article_files(folder: Path) -> list[Path]:
    """Article files directly in ``folder``, sorted by name (hidden files skipped)."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in ARTICLE_SUFFIXES
        and not path.name.startswith(".")
        and path.is_file()
    )


def parse_file(path: Path, parser: Parser) -> Parsed:
    """Parse one file; never raises: an unreadable file or a parser bug becomes an error."""
    try:
        stat = path.stat()
    except OSError as exc:
        return Parsed(path, 0, 0, error=LoadError(origin=str(path), reason=f"cannot read: {exc}"))
    outcome = Parsed(path, stat.st_mtime_ns, stat.st_size)
    try:
        outcome.brief = parser(path)
    except SourceError as exc:
        outcome.error = LoadError(origin=str(path), reason=exc.reason)
    except Exception as exc:  # a parser bug must not stop the rest of the folder
        log.debug("unexpected error while parsing %s", path, exc_info=True)
        reason = f"unexpected {type(exc).__name__}: {exc}"
        outcome.error = LoadError(origin=str(path), reason=reason)
    return outcome


def _parse_with_pipeline(path: Path, settings: Settings) -> Parsed:
    """Worker-process entry point (module level so it pickles)."""
    from oncobrief.pipeline import brief_from_file

    return parse_file(path, lambda p: brief_from_file(p, settings))


def parse_files(
    files: list[Path],
    parser: Parser | None,
    settings: Settings,
    progress: bool = False,
    workers: int | None = None,
) -> Iterator[Parsed]:
    """Outcomes in file order. ``parser=None`` means the pipeline, which runs in ``workers``
    processes (default: every core once there are enough files)."""
    if workers is None:
        workers = (os.cpu_count() or 1) if len(files) >= PARALLEL_MIN_FILES else 1
    with _ProgressBar(len(files), enabled=progress) as advance:
        if parser is None and workers > 1:
            # spawn, not fork: the bot loads from a thread while its event loop runs.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                chunk = max(1, min(64, len(files) // (workers * 8)))
                outcomes = pool.map(
                    _parse_with_pipeline, files, [settings] * len(files), chunksize=chunk
                )
                for outcome in outcomes:
                    advance()
                    yield outcome
            return
        for path in files:
            outcome = (
                _parse_with_pipeline(path, settings) if parser is None else parse_file(path, parser)
            )
            advance()
            yield outcome


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
