"""Ordered schema migrations of the digest store: (version, statements), never edited once shipped.

Add a change as a new, higher version at the end; ``SqliteDigestStore.migrate`` applies each
missing version in its own transaction and records it in ``schema_version``.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE subscriptions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                guild_id INTEGER NOT NULL,
                channel_id INTEGER NOT NULL,
                time_of_day TEXT NOT NULL,
                timezone TEXT NOT NULL,
                drug TEXT,
                gene TEXT,
                min_evidence TEXT,
                announce_empty INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                created_by INTEGER,
                paused_reason TEXT,
                paused_at TEXT
            )""",
            "CREATE INDEX subscriptions_guild ON subscriptions (guild_id)",
            """CREATE TABLE runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
                run_key TEXT NOT NULL,
                kind TEXT NOT NULL,
                local_date TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at TEXT NOT NULL,
                finished_at TEXT,
                UNIQUE (subscription_id, run_key)
            )""",
            """CREATE TABLE posts (
                run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                part_index INTEGER NOT NULL,
                nonce TEXT NOT NULL,
                payload TEXT NOT NULL,
                brief_ids TEXT NOT NULL,
                state TEXT NOT NULL,
                sending_at TEXT,
                message_id INTEGER,
                sent_at TEXT,
                PRIMARY KEY (run_id, part_index)
            )""",
            """CREATE TABLE posted_briefs (
                subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
                brief_id TEXT NOT NULL,
                run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                PRIMARY KEY (subscription_id, brief_id)
            )""",
        ],
    ),
    (
        2,
        [
            # Bounded backoff for transient failures (5xx), kept per run.
            "ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE runs ADD COLUMN next_attempt_at TEXT",
            "ALTER TABLE runs ADD COLUMN error TEXT",
        ],
    ),
]
