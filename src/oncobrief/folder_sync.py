"""Bringing a catalogue in line with its folder, through the parsed-corpus cache.

Files whose (size, mtime) did not change are skipped. A new or changed file is looked up in
the cache by the hash of its content (the hash itself is memoised per (path, size, mtime), so
a restart does not re-read 100,000 files); only a file the cache does not know is parsed, in
parallel, and stored for next time.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from oncobrief.cache import BriefCache, decompress
from oncobrief.catalogue import MTIME, SIZE, Catalogue, FileState
from oncobrief.loading import ARTICLE_SUFFIXES, Parser
from oncobrief.models import LoadError
from oncobrief.parallel import Record, file_sha256, parse_records
from oncobrief.rows import decode_row
from oncobrief.settings import Settings

log = logging.getLogger(__name__)

STORE_BATCH = 500  # records written to the cache per transaction


@dataclass
class SyncResult:
    added: set[str] = field(default_factory=set)  # brief ids
    removed: set[str] = field(default_factory=set)
    errors: list[LoadError] = field(default_factory=list)
    parsed: int = 0  # files actually parsed (cache misses)


def scan(folder: Path) -> dict[str, tuple[int, int]]:
    """Article files directly in ``folder`` -> (size, mtime_ns), in directory order."""
    found: dict[str, tuple[int, int]] = {}
    suffixes = ARTICLE_SUFFIXES
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            dot = name.rfind(".")
            if name.startswith(".") or dot < 0 or name[dot:].lower() not in suffixes:
                continue
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:
                continue
            found[entry.path] = (stat.st_size, stat.st_mtime_ns)
    return found


def sync_folder(
    catalogue: Catalogue,
    folder: Path,
    settings: Settings,
    cache: BriefCache | None,
    parser: Parser | None = None,
    workers: int | None = None,
    progress: bool = False,
) -> SyncResult:
    result = SyncResult()
    current = scan(folder)
    gone: list[str] = []
    for path, state in list(catalogue.files.items()):
        if current.get(path) != (state[SIZE], state[MTIME]):
            removed = catalogue.forget_file(path)
            if removed is not None:
                result.removed.add(removed)
            gone.append(path)
    new = sorted(path for path in current if path not in catalogue.files)  # parse in name order
    before = set(result.removed)
    if cache is not None:
        missing = _take_cached(catalogue, cache, new, current, result)
        cache.forget_files(p for p in gone if p not in current)
    else:
        missing = new
    _parse(catalogue, cache, missing, settings, parser, workers, progress, result)
    # A brief that went with a changed file and came back with it is not news.
    back = {i for i in before if i in catalogue.store}
    result.removed -= back
    result.added -= back
    return result


def _take_cached(
    catalogue: Catalogue,
    cache: BriefCache,
    new: list[str],
    stats: dict[str, tuple[int, int]],
    result: SyncResult,
) -> list[str]:
    """Add every new file the cache knows; return the paths still to parse."""
    if not new:
        return []
    memo = cache.file_hashes()
    hashes: dict[str, str] = {}
    hashed: list[tuple[str, int, int, str]] = []
    for path in new:
        known = memo.get(path)
        if known is not None and known[:2] == stats[path]:
            hashes[path] = known[2]
            continue
        try:
            hashes[path] = file_sha256(Path(path))
        except OSError:
            continue  # the parse reports it
        hashed.append((path, *stats[path], hashes[path]))
    cache.remember_files(hashed)
    entries = cache.briefs(sorted(set(hashes.values())))
    rows = cache.rows(sorted(sha for sha, entry in entries.items() if entry.error is None))
    missing: list[str] = []
    for path in new:
        sha = hashes.get(path)
        entry = entries.get(sha) if sha else None
        size, mtime = stats[path]
        state = FileState(mtime, size, sha)
        if entry is not None and entry.error is not None:
            error = LoadError(origin=path, reason=entry.error)
            catalogue.add_file(path, state._replace(error=error))
            result.errors.append(error)
            continue
        try:
            row, words = decode_row(decompress(rows[sha]))
        except Exception:  # noqa: BLE001 - not cached, or damaged: parse it again
            missing.append(path)
            continue
        if row.id not in catalogue.store:
            result.added.add(row.id)
        catalogue.add_file(path, state, row, words)
    return missing


def _parse(
    catalogue: Catalogue,
    cache: BriefCache | None,
    paths: list[str],
    settings: Settings,
    parser: Parser | None,
    workers: int | None,
    progress: bool,
    result: SyncResult,
) -> None:
    batch: list[Record] = []
    files = [Path(path) for path in paths]
    for record in parse_records(files, settings, parser, workers, progress):
        result.parsed += 1
        _take_record(catalogue, record, result, keep_payload=cache is None)
        if cache is not None and record.cacheable:
            batch.append(record)
            if len(batch) >= STORE_BATCH:
                _store(cache, batch)
                batch = []
    if cache is not None and batch:
        _store(cache, batch)


def _take_record(catalogue: Catalogue, record: Record, result: SyncResult, keep_payload: bool):
    path = str(record.path)
    state = FileState(record.mtime_ns, record.size, record.sha256)
    if record.error is not None or record.row is None:
        error = record.error or LoadError(origin=path, reason="no brief")
        catalogue.add_file(path, state._replace(error=error))
        result.errors.append(error)
        return
    row, words = decode_row(decompress(record.row))
    if row.id not in catalogue.store:
        result.added.add(row.id)
    catalogue.add_file(path, state, row, words, record.payload if keep_payload else None)


def _store(cache: BriefCache, records: list[Record]) -> None:
    cache.store((record.cached(), record.row) for record in records if record.sha256)
    cache.remember_files((str(r.path), r.size, r.mtime_ns, r.sha256) for r in records if r.sha256)
