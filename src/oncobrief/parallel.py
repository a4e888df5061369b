"""Parsing many article files over the machine's cores, ready for the cache.

Each worker process loads the vocabularies once (pool initializer) and turns a file into a
``Record``: its content hash, the brief as compressed JSON and its compact index row, or the
reason it could not be read. Results come back in file order whatever the number of workers,
so a parallel load gives exactly the library a serial one gives.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from oncobrief.cache import CachedBrief, compress
from oncobrief.fulltext import search_text, tokens
from oncobrief.loading import PARALLEL_MIN_FILES, Parser, _ProgressBar
from oncobrief.models import Brief, LoadError, SourceError
from oncobrief.rows import encode_row, row_of
from oncobrief.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Record:
    """One file's outcome: brief (compressed JSON + index row) or error, and its hash."""

    path: Path
    mtime_ns: int
    size: int
    sha256: str | None = None  # of the raw bytes; None when the file could not be read
    brief_id: str | None = None
    payload: bytes | None = None  # compressed Brief JSON
    row: bytes | None = None  # compressed index row and search tokens
    error: LoadError | None = None
    cacheable: bool = True  # False for unexpected failures (a fixed bug should retry them)
    brief: Brief | None = None  # kept only when parsed in this process

    def cached(self) -> CachedBrief:
        reason = self.error.reason if self.error else None
        return CachedBrief(self.sha256 or "", str(self.path), self.brief_id, reason, self.payload)


def encode_brief(brief: Brief) -> tuple[bytes, bytes]:
    """(compressed brief JSON, compressed index row) for the cache."""
    payload = compress(brief.model_dump_json().encode())
    row = compress(encode_row(row_of(brief), tokens(search_text(brief))))
    return payload, row


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_record(path: Path, parse: Callable[[Path], Brief], keep_brief: bool = False) -> Record:
    """Hash, parse and encode one file; never raises."""
    try:
        stat = path.stat()
        sha = file_sha256(path)
    except OSError as exc:
        error = LoadError(origin=str(path), reason=f"cannot read: {exc}")
        return Record(path, 0, 0, error=error, cacheable=False)
    record = Record(path, stat.st_mtime_ns, stat.st_size, sha)
    try:
        brief = parse(path)
        record.brief_id = brief.id
        record.payload, record.row = encode_brief(brief)
        if keep_brief:
            record.brief = brief
    except SourceError as exc:
        record.error = LoadError(origin=str(path), reason=exc.reason)
    except Exception as exc:  # a parser bug must not stop the rest of the folder
        log.debug("unexpected error while parsing %s", path, exc_info=True)
        reason = f"unexpected {type(exc).__name__}: {exc}"
        record.error = LoadError(origin=str(path), reason=reason)
        record.cacheable = False
    return record


_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    """Load vocabularies once per worker, not once per file."""
    global _worker_settings
    _worker_settings = settings
    from oncobrief.vocab.drugs import drug_vocabulary
    from oncobrief.vocab.genes import gene_vocabulary

    drug_vocabulary()
    gene_vocabulary()


def _pipeline_record(path: Path) -> Record:
    from oncobrief.pipeline import brief_from_file

    settings = _worker_settings or Settings()
    return make_record(path, lambda p: brief_from_file(p, settings))


def default_workers(files: int) -> int:
    return (os.cpu_count() or 1) if files >= PARALLEL_MIN_FILES else 1


def parse_records(
    files: list[Path],
    settings: Settings,
    parser: Parser | None = None,
    workers: int | None = None,
    progress: bool = False,
) -> Iterator[Record]:
    """Records in file order. ``parser=None``: the pipeline, in ``workers`` processes
    (default: every core once there are enough files); a given parser runs in-process."""
    if not files:  # nothing to parse: do not even import the pipeline
        return
    if workers is None:
        workers = default_workers(len(files))
    with _ProgressBar(len(files), enabled=progress) as advance:
        if parser is None and workers > 1 and len(files) > 1:
            # spawn, not fork: the bot loads from a thread while its event loop runs.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(settings,),
            ) as pool:
                chunk = max(1, min(64, len(files) // (workers * 8)))
                for record in pool.map(_pipeline_record, files, chunksize=chunk):
                    advance()
                    yield record
            return
        if parser is None:
            from oncobrief.pipeline import brief_from_file

            def parser(path: Path) -> Brief:
                return brief_from_file(path, settings)

        for path in files:
            yield make_record(path, parser)
            advance()
