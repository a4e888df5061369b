"""Ingest state in one small SQLite file in the data folder.

Three tables: ``seen`` (dedupe keys -> stored file), ``health`` (per source: last success,
last error and its reason, articles seen) and ``feed_state`` (ETag, Last-Modified, whether the
first-run baseline was taken). Every write is its own transaction, so a crash mid-ingest keeps
everything already recorded.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = "ingest.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    kind TEXT NOT NULL, key TEXT NOT NULL, file TEXT NOT NULL, PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS health (
    source TEXT PRIMARY KEY, outlet TEXT, last_checked TEXT, last_success TEXT,
    last_error_at TEXT, last_error TEXT, articles_seen INTEGER NOT NULL DEFAULT 0,
    retry_after TEXT
);
CREATE TABLE IF NOT EXISTS feed_state (
    source TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, baseline_done INTEGER NOT NULL DEFAULT 0
);
"""
BASELINE_FILE = "-"  # ``seen.file`` for entries skipped by the first-run baseline


@dataclass(frozen=True)
class SourceHealth:
    source: str
    outlet: str | None = None
    last_checked: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_error_at: dt.datetime | None = None
    last_error: str | None = None
    articles_seen: int = 0
    retry_after: dt.datetime | None = None  # do not ask again before this time (429/503)

    @property
    def ok(self) -> bool:
        if self.last_error_at is None:
            return self.last_success is not None
        return self.last_success is not None and self.last_success >= self.last_error_at


@dataclass(frozen=True)
class FeedState:
    etag: str | None = None
    last_modified: str | None = None
    baseline_done: bool = False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class IngestState:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)  # autocommit per statement
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> IngestState:
        return cls(Path(data_dir) / STATE_FILE)

    def close(self) -> None:
        self._db.close()

    # --- dedupe keys ---------------------------------------------------------------------

    def find(self, keys: list[tuple[str, str]]) -> str | None:
        """The stored file recorded for any of ``keys`` (BASELINE_FILE for baseline entries)."""
        for kind, key in keys:
            row = self._db.execute(
                "SELECT file FROM seen WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
            if row:
                return row[0]
        return None

    def remember(self, keys: list[tuple[str, str]], file: str) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR REPLACE INTO seen (kind, key, file) VALUES (?, ?, ?)",
                [(kind, key, file) for kind, key in keys],
            )

    def forget_file(self, file: str) -> None:
        self._db.execute("DELETE FROM seen WHERE file = ?", (file,))

    # --- health --------------------------------------------------------------------------

    def _ensure(self, source: str, outlet: str | None) -> None:
        self._db.execute(
            "INSERT INTO health (source, outlet) VALUES (?, ?) ON CONFLICT(source) DO UPDATE "
            "SET outlet = COALESCE(excluded.outlet, health.outlet)",
            (source, outlet),
        )

    def record_success(self, source: str, outlet: str | None, new_articles: int) -> None:
        now = _now().isoformat()
        self._ensure(source, outlet)
        self._db.execute(
            "UPDATE health SET last_checked = ?, last_success = ?, retry_after = NULL, "
            "articles_seen = articles_seen + ? WHERE source = ?",
            (now, now, new_articles, source),
        )

    def record_error(
        self,
        source: str,
        outlet: str | None,
        reason: str,
        retry_after: float | None = None,
        new_articles: int = 0,
    ) -> None:
        now = _now()
        until = (now + dt.timedelta(seconds=retry_after)).isoformat() if retry_after else None
        self._ensure(source, outlet)
        self._db.execute(
            "UPDATE health SET last_checked = ?, last_error_at = ?, last_error = ?, "
            "retry_after = ?, articles_seen = articles_seen + ? WHERE source = ?",
            (now.isoformat(), now.isoformat(), reason, until, new_articles, source),
        )

    def health(self, source: str) -> SourceHealth | None:
        row = self._db.execute(
            "SELECT source, outlet, last_checked, last_success, last_error_at, last_error, "
            "articles_seen, retry_after FROM health WHERE source = ?",
            (source,),
        ).fetchone()
        return _health(row) if row else None

    def all_health(self) -> list[SourceHealth]:
        rows = self._db.execute(
            "SELECT source, outlet, last_checked, last_success, last_error_at, last_error, "
            "articles_seen, retry_after FROM health ORDER BY source"
        ).fetchall()
        return [_health(row) for row in rows]

    # --- feeds ---------------------------------------------------------------------------

    def feed_state(self, source: str) -> FeedState:
        row = self._db.execute(
            "SELECT etag, last_modified, baseline_done FROM feed_state WHERE source = ?",
            (source,),
        ).fetchone()
        return FeedState(row[0], row[1], bool(row[2])) if row else FeedState()

    def save_feed_state(self, source: str, state: FeedState) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO feed_state (source, etag, last_modified, baseline_done) "
            "VALUES (?, ?, ?, ?)",
            (source, state.etag, state.last_modified, int(state.baseline_done)),
        )


def _health(row: tuple) -> SourceHealth:
    return SourceHealth(
        source=row[0],
        outlet=row[1],
        last_checked=_time(row[2]),
        last_success=_time(row[3]),
        last_error_at=_time(row[4]),
        last_error=row[5],
        articles_seen=row[6],
        retry_after=_time(row[7]),
    )
