"""The SQLite digest store on a real file: migrations, subscriptions, runs, exactly-once keys."""

from __future__ import annotations

import datetime as dt
import sqlite3

from oncobrief.digest.migrations import MIGRATIONS
from oncobrief.digest.store import NewSubscription, PlannedPart, SqliteDigestStore

NOW = dt.datetime(2026, 11, 25, 7, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 25)


async def test_migrations_from_empty_create_the_schema(tmp_path):
    path = tmp_path / "nested" / "digest.sqlite3"
    async with SqliteDigestStore(path) as store:
        assert await store.schema_version() == MIGRATIONS[-1][0]
    assert path.exists(), "the data folder and database are created on first start"
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        versions = [row[0] for row in db.execute("SELECT version FROM schema_version")]
    assert {"subscriptions", "runs", "posts", "posted_briefs", "schema_version"} <= tables
    assert versions == [v for v, _ in MIGRATIONS]


async def test_migrations_are_idempotent_and_keep_data(tmp_path):
    path = tmp_path / "digest.sqlite3"
    async with SqliteDigestStore(path) as store:
        sub = await store.add_subscription(NewSubscription(1, 2, "08:00", "UTC"), NOW)
    async with SqliteDigestStore(path) as store:
        assert await store.migrate() == []
        assert [s.id for s in await store.list_subscriptions()] == [sub.id]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)


async def test_an_old_database_is_upgraded_in_order(tmp_path):
    path = tmp_path / "digest.sqlite3"
    with sqlite3.connect(path) as db:  # a database left by a build that only had version 1
        db.execute("CREATE TABLE schema_version (version INTEGER)")
        for sql in MIGRATIONS[0][1]:
            db.execute(sql)
        db.execute("INSERT INTO schema_version VALUES (1)")
    async with SqliteDigestStore(path) as store:
        assert await store.schema_version() == MIGRATIONS[-1][0]
        sub = await store.add_subscription(NewSubscription(1, 2, "08:00", "UTC"), NOW)
        run = await store.plan_run(sub.id, "2026-11-25", "scheduled", DAY, [], NOW)
        assert run.attempts == 0 and run.next_attempt_at is None


async def test_subscription_round_trip_pause_resume_remove(tmp_path):
    async with SqliteDigestStore(tmp_path / "d.sqlite3") as store:
        new = NewSubscription(
            guild_id=10,
            channel_id=20,
            time_of_day="08:00",
            timezone="Europe/Berlin",
            drug="repotrectinib",
            gene="ROS1",
            min_evidence="phase-2",
            announce_empty=True,
            created_by=99,
        )
        sub = await store.add_subscription(new, NOW)
        assert (sub.drug, sub.gene, sub.min_evidence, sub.announce_empty) == (
            "repotrectinib",
            "ROS1",
            "phase-2",
            True,
        )
        assert sub.created_at == NOW and sub.paused_reason is None
        await store.add_subscription(NewSubscription(11, 21, "09:00", "UTC"), NOW)
        assert [s.guild_id for s in await store.list_subscriptions(guild_id=10)] == [10]
        await store.pause(sub.id, "missing access to #news", NOW)
        paused = await store.get_subscription(sub.id)
        assert paused.paused_reason == "missing access to #news" and paused.paused_at == NOW
        await store.resume(sub.id)
        assert (await store.get_subscription(sub.id)).paused_reason is None
        assert await store.remove_subscription(sub.id)
        assert await store.get_subscription(sub.id) is None
        assert not await store.remove_subscription(sub.id)


async def test_a_run_key_is_planned_once_and_reserves_its_briefs(tmp_path):
    async with SqliteDigestStore(tmp_path / "d.sqlite3") as store:
        sub = await store.add_subscription(NewSubscription(1, 2, "08:00", "UTC"), NOW)
        parts = [
            PlannedPart("111", {"title": "a"}, ("b1", "b2")),
            PlannedPart("222", {"title": "b"}, ("b3",)),
        ]
        run = await store.plan_run(sub.id, "2026-11-25", "scheduled", DAY, parts, NOW)
        assert run.state == "sending"
        again = await store.plan_run(sub.id, "2026-11-25", "scheduled", DAY, parts, NOW)
        assert again is None, "the same digest day can never be planned twice"
        assert await store.posted_brief_ids(sub.id) == {"b1", "b2", "b3"}
        assert (await store.get_subscription(sub.id)).last_date == DAY

        posts = await store.run_posts(run.id)
        assert [(p.nonce, p.state, p.brief_ids) for p in posts] == [
            ("111", "pending", ("b1", "b2")),
            ("222", "pending", ("b3",)),
        ]
        await store.mark_sending(run.id, 0, NOW)
        await store.mark_sent(run.id, 0, 5555, NOW)
        await store.mark_sending(run.id, 1, NOW)
        posts = await store.run_posts(run.id)
        assert [(p.state, p.message_id) for p in posts] == [("sent", 5555), ("sending", None)]
        assert [r.id for r in await store.unfinished_runs(sub.id)] == [run.id]
        assert (await store.get_subscription(sub.id)).last_post_at == NOW

        await store.fail_run(run.id, "channel deleted", NOW)
        assert await store.unfinished_runs(sub.id) == []
        # the unsent message's brief returns to the queue; the posted ones stay posted
        assert await store.posted_brief_ids(sub.id) == {"b1", "b2"}


async def test_defer_and_finish(tmp_path):
    async with SqliteDigestStore(tmp_path / "d.sqlite3") as store:
        sub = await store.add_subscription(NewSubscription(1, 2, "08:00", "UTC"), NOW)
        parts = [PlannedPart("1", {}, ("x",))]
        run = await store.plan_run(sub.id, "k", "manual", DAY, parts, NOW)
        later = NOW + dt.timedelta(minutes=5)
        await store.defer_run(run.id, "503 from Discord", later)
        deferred = await store.get_run(run.id)
        assert (deferred.attempts, deferred.next_attempt_at, deferred.error) == (
            1,
            later,
            "503 from Discord",
        )
        await store.finish_run(run.id, later)
        assert (await store.get_run(run.id)).state == "sent"
        assert (await store.get_subscription(sub.id)).last_date is None  # manual runs don't count
