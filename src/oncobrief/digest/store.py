"""Digest state: subscriptions, runs, the messages of each run, and which briefs were posted.

``DigestStore`` is the small interface the rest of the code uses, so a server database can
replace SQLite later; ``SqliteDigestStore`` implements it with aiosqlite and ordered,
versioned migrations (``schema_version`` table), applied on open, each in one transaction.

Exactly-once bookkeeping: a run is planned in one transaction (run row, one ``posts`` row per
message with its nonce and rendered payload, and the briefs reserved for the subscription).
Each message then goes ``pending -> sending -> sent`` (with the Discord message id), so after a
crash the runner knows which message may have gone out and resends it with the same nonce.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import aiosqlite

from oncobrief.digest.migrations import MIGRATIONS

STORE_FILENAME = "digest.sqlite3"


@dataclass(frozen=True)
class Subscription:
    id: int
    guild_id: int
    channel_id: int
    time_of_day: str  # "08:00"
    timezone: str  # IANA name
    drug: str | None
    gene: str | None
    min_evidence: str | None  # EvidenceLevel value
    announce_empty: bool
    created_at: dt.datetime
    created_by: int | None
    paused_reason: str | None
    paused_at: dt.datetime | None
    last_date: dt.date | None = None  # local date of the latest scheduled run
    last_post_at: dt.datetime | None = None


@dataclass(frozen=True)
class NewSubscription:
    guild_id: int
    channel_id: int
    time_of_day: str
    timezone: str
    drug: str | None = None
    gene: str | None = None
    min_evidence: str | None = None
    announce_empty: bool = False
    created_by: int | None = None


@dataclass(frozen=True)
class PlannedPart:
    nonce: str
    payload: dict  # rendered message, JSON-serialisable
    brief_ids: tuple[str, ...]


@dataclass(frozen=True)
class Run:
    id: int
    subscription_id: int
    run_key: str  # "2026-11-25" for scheduled runs, "manual-..." for send-now
    kind: str  # "scheduled" | "manual"
    local_date: dt.date
    state: str  # "sending" | "sent" | "empty" | "failed"
    created_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime | None
    error: str | None


@dataclass(frozen=True)
class Post:
    run_id: int
    part_index: int
    nonce: str
    payload: dict
    brief_ids: tuple[str, ...]
    state: str  # "pending" | "sending" | "sent"
    message_id: int | None


class DigestStore(Protocol):
    async def open(self) -> None: ...
    async def close(self) -> None: ...
    async def schema_version(self) -> int: ...
    async def add_subscription(self, new: NewSubscription, now: dt.datetime) -> Subscription: ...
    async def get_subscription(self, subscription_id: int) -> Subscription | None: ...
    async def list_subscriptions(self, guild_id: int | None = None) -> list[Subscription]: ...
    async def remove_subscription(self, subscription_id: int) -> bool: ...
    async def pause(self, subscription_id: int, reason: str, now: dt.datetime) -> None: ...
    async def resume(self, subscription_id: int) -> None: ...
    async def posted_brief_ids(self, subscription_id: int) -> set[str]: ...
    async def plan_run(
        self,
        subscription_id: int,
        run_key: str,
        kind: str,
        local_date: dt.date,
        parts: Sequence[PlannedPart],
        now: dt.datetime,
    ) -> Run | None: ...
    async def get_run(self, run_id: int) -> Run | None: ...
    async def unfinished_runs(self, subscription_id: int) -> list[Run]: ...
    async def run_posts(self, run_id: int) -> list[Post]: ...
    async def mark_sending(self, run_id: int, part_index: int, now: dt.datetime) -> None: ...
    async def mark_sent(
        self, run_id: int, part_index: int, message_id: int, now: dt.datetime
    ) -> None: ...
    async def finish_run(self, run_id: int, now: dt.datetime) -> None: ...
    async def defer_run(self, run_id: int, error: str, next_attempt_at: dt.datetime) -> None: ...
    async def fail_run(self, run_id: int, error: str, now: dt.datetime) -> None: ...


def _ts(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _dt(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class SqliteDigestStore:
    """aiosqlite implementation; one connection, explicit transactions."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        # One connection is shared by concurrent subscriptions: writes and transactions take
        # turns so one coroutine's statement never lands inside another's transaction.
        self._lock = asyncio.Lock()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SqliteDigestStore:
        return cls(Path(data_dir) / STORE_FILENAME)

    async def __aenter__(self) -> SqliteDigestStore:
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("digest store is not open")
        return self._db

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = await aiosqlite.connect(self.path, isolation_level=None)
        self._db.row_factory = aiosqlite.Row
        await self._db.execute("PRAGMA foreign_keys = ON")
        await self._db.execute("PRAGMA journal_mode = WAL")
        await self._db.execute("PRAGMA busy_timeout = 5000")
        await self.migrate()

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def _write(self, sql: str, args: Sequence = ()) -> aiosqlite.Cursor:
        async with self._lock:
            return await self.db.execute(sql, args)

    @contextlib.asynccontextmanager
    async def _transaction(self):
        async with self._lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    # --- migrations ------------------------------------------------------------------------

    async def schema_version(self) -> int:
        await self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        async with self.db.execute("SELECT MAX(version) FROM schema_version") as cur:
            row = await cur.fetchone()
        return int(row[0] or 0)

    async def migrate(self) -> list[int]:
        """Apply every migration newer than the stored version, in order; returns those applied."""
        applied = []
        current = await self.schema_version()
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            async with self._transaction() as db:
                for sql in statements:
                    await db.execute(sql)
                await db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            applied.append(version)
        return applied

    # --- subscriptions ---------------------------------------------------------------------

    async def add_subscription(self, new: NewSubscription, now: dt.datetime) -> Subscription:
        cur = await self._write(
            "INSERT INTO subscriptions (guild_id, channel_id, time_of_day, timezone, drug, gene,"
            " min_evidence, announce_empty, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new.guild_id,
                new.channel_id,
                new.time_of_day,
                new.timezone,
                new.drug,
                new.gene,
                new.min_evidence,
                int(new.announce_empty),
                _ts(now),
                new.created_by,
            ),
        )
        found = await self.get_subscription(cur.lastrowid)
        assert found is not None
        return found

    _SUB_SELECT = (
        "SELECT s.*,"
        " (SELECT MAX(r.local_date) FROM runs r WHERE r.subscription_id = s.id"
        "   AND r.kind = 'scheduled') AS last_date,"
        " (SELECT MAX(p.sent_at) FROM posts p JOIN runs r ON r.id = p.run_id"
        "   WHERE r.subscription_id = s.id AND p.state = 'sent') AS last_post_at"
        " FROM subscriptions s"
    )

    @staticmethod
    def _subscription(row: aiosqlite.Row) -> Subscription:
        return Subscription(
            id=row["id"],
            guild_id=row["guild_id"],
            channel_id=row["channel_id"],
            time_of_day=row["time_of_day"],
            timezone=row["timezone"],
            drug=row["drug"],
            gene=row["gene"],
            min_evidence=row["min_evidence"],
            announce_empty=bool(row["announce_empty"]),
            created_at=_dt(row["created_at"]),
            created_by=row["created_by"],
            paused_reason=row["paused_reason"],
            paused_at=_dt(row["paused_at"]),
            last_date=dt.date.fromisoformat(row["last_date"]) if row["last_date"] else None,
            last_post_at=_dt(row["last_post_at"]),
        )

    async def get_subscription(self, subscription_id: int) -> Subscription | None:
        async with self.db.execute(self._SUB_SELECT + " WHERE s.id = ?", (subscription_id,)) as c:
            row = await c.fetchone()
        return self._subscription(row) if row else None

    async def list_subscriptions(self, guild_id: int | None = None) -> list[Subscription]:
        if guild_id is None:
            sql, args = self._SUB_SELECT + " ORDER BY s.id", ()
        else:
            sql, args = self._SUB_SELECT + " WHERE s.guild_id = ? ORDER BY s.id", (guild_id,)
        async with self.db.execute(sql, args) as cur:
            return [self._subscription(row) for row in await cur.fetchall()]

    async def remove_subscription(self, subscription_id: int) -> bool:
        cur = await self._write("DELETE FROM subscriptions WHERE id = ?", (subscription_id,))
        return cur.rowcount > 0

    async def pause(self, subscription_id: int, reason: str, now: dt.datetime) -> None:
        await self._write(
            "UPDATE subscriptions SET paused_reason = ?, paused_at = ? WHERE id = ?",
            (reason, _ts(now), subscription_id),
        )

    async def resume(self, subscription_id: int) -> None:
        await self._write(
            "UPDATE subscriptions SET paused_reason = NULL, paused_at = NULL WHERE id = ?",
            (subscription_id,),
        )

    async def posted_brief_ids(self, subscription_id: int) -> set[str]:
        async with self.db.execute(
            "SELECT brief_id FROM posted_briefs WHERE subscription_id = ?", (subscription_id,)
        ) as cur:
            return {row[0] for row in await cur.fetchall()}

    # --- runs and posts --------------------------------------------------------------------

    async def plan_run(self, subscription_id, run_key, kind, local_date, parts, now):
        """Record a run with all its messages and reserve its briefs, atomically.

        Returns None when the run key already exists (that digest was planned before): the
        unique key is what makes a day's digest impossible to post twice.
        """
        async with self._transaction() as db:
            cur = await db.execute(
                "INSERT OR IGNORE INTO runs (subscription_id, run_key, kind, local_date, state,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    subscription_id,
                    run_key,
                    kind,
                    local_date.isoformat(),
                    "sending" if parts else "empty",
                    _ts(now),
                ),
            )
            run_id = cur.lastrowid if cur.rowcount else None
            if run_id is None:  # planned before: nothing more to write
                parts = ()
            for index, part in enumerate(parts):
                await db.execute(
                    "INSERT INTO posts (run_id, part_index, nonce, payload, brief_ids, state)"
                    " VALUES (?, ?, ?, ?, ?, 'pending')",
                    (
                        run_id,
                        index,
                        part.nonce,
                        json.dumps(part.payload),
                        json.dumps(part.brief_ids),
                    ),
                )
                await db.executemany(
                    "INSERT OR IGNORE INTO posted_briefs (subscription_id, brief_id, run_id)"
                    " VALUES (?, ?, ?)",
                    [(subscription_id, brief_id, run_id) for brief_id in part.brief_ids],
                )
        return await self.get_run(run_id) if run_id is not None else None

    @staticmethod
    def _run(row: aiosqlite.Row) -> Run:
        return Run(
            id=row["id"],
            subscription_id=row["subscription_id"],
            run_key=row["run_key"],
            kind=row["kind"],
            local_date=dt.date.fromisoformat(row["local_date"]),
            state=row["state"],
            created_at=_dt(row["created_at"]),
            attempts=row["attempts"],
            next_attempt_at=_dt(row["next_attempt_at"]),
            error=row["error"],
        )

    async def get_run(self, run_id: int) -> Run | None:
        async with self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)) as cur:
            row = await cur.fetchone()
        return self._run(row) if row else None

    async def unfinished_runs(self, subscription_id: int) -> list[Run]:
        async with self.db.execute(
            "SELECT * FROM runs WHERE subscription_id = ? AND state = 'sending' ORDER BY id",
            (subscription_id,),
        ) as cur:
            return [self._run(row) for row in await cur.fetchall()]

    async def run_posts(self, run_id: int) -> list[Post]:
        async with self.db.execute(
            "SELECT * FROM posts WHERE run_id = ? ORDER BY part_index", (run_id,)
        ) as cur:
            rows = await cur.fetchall()
        return [
            Post(
                run_id=row["run_id"],
                part_index=row["part_index"],
                nonce=row["nonce"],
                payload=json.loads(row["payload"]),
                brief_ids=tuple(json.loads(row["brief_ids"])),
                state=row["state"],
                message_id=row["message_id"],
            )
            for row in rows
        ]

    async def mark_sending(self, run_id: int, part_index: int, now: dt.datetime) -> None:
        await self._write(
            "UPDATE posts SET state = 'sending', sending_at = ? WHERE run_id = ? AND part_index = ?"
            " AND state = 'pending'",
            (_ts(now), run_id, part_index),
        )

    async def mark_sent(self, run_id, part_index, message_id, now) -> None:
        await self._write(
            "UPDATE posts SET state = 'sent', message_id = ?, sent_at = ?"
            " WHERE run_id = ? AND part_index = ?",
            (message_id, _ts(now), run_id, part_index),
        )

    async def finish_run(self, run_id: int, now: dt.datetime) -> None:
        await self._write(
            "UPDATE runs SET state = 'sent', finished_at = ?, error = NULL WHERE id = ?",
            (_ts(now), run_id),
        )

    async def defer_run(self, run_id: int, error: str, next_attempt_at: dt.datetime) -> None:
        await self._write(
            "UPDATE runs SET attempts = attempts + 1, error = ?, next_attempt_at = ? WHERE id = ?",
            (error, _ts(next_attempt_at), run_id),
        )

    async def fail_run(self, run_id: int, error: str, now: dt.datetime) -> None:
        """Give a run up; briefs of messages that never went out return to the queue."""
        async with self._transaction() as db:
            await db.execute(
                "UPDATE runs SET state = 'failed', error = ?, finished_at = ? WHERE id = ?",
                (error, _ts(now), run_id),
            )
            async with db.execute(
                "SELECT brief_ids FROM posts WHERE run_id = ? AND state != 'sent'", (run_id,)
            ) as cur:
                unsent = [bid for row in await cur.fetchall() for bid in json.loads(row[0])]
            await db.executemany(
                "DELETE FROM posted_briefs WHERE run_id = ? AND brief_id = ?",
                [(run_id, bid) for bid in unsent],
            )
