"""Exactly-once delivery with a real SQLite file, an injectable clock and an in-process channel.

``Channel`` behaves like Discord for what matters here: a nonce already used returns the
message sent before (``enforce_nonce``), and faults can be injected per channel. The same
scenarios run through the real discord.py client and the Discord double in tests/bot/.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools

import pytest
from test_digest_compose import make_brief

from oncobrief.digest.runner import (
    DigestRunner,
    PermanentSendError,
    TransientSendError,
    message_nonce,
)
from oncobrief.digest.store import NewSubscription, SqliteDigestStore
from oncobrief.render import Renderer
from tests.clock import Clock

UTC = dt.UTC
GRACE = dt.timedelta(hours=12)
_ids = itertools.count(1000)


class Crash(BaseException):
    """A process dying between sending and recording (not an Exception: nothing catches it)."""


class Channel:
    def __init__(self) -> None:
        self.messages: dict[int, list[tuple[int, str, dict]]] = {}
        self.faults: dict[int, list[Exception]] = {}
        self.crash_after_send = False
        self.hang: set[int] = set()
        self.find_by_ref = True

    def posted(self, channel_id: int) -> list[dict]:
        return [payload for _, _, payload in self.messages.get(channel_id, [])]

    async def send(self, channel_id: int, payload: dict, nonce: str) -> int:
        if channel_id in self.hang:
            await asyncio.Event().wait()
        faults = self.faults.get(channel_id)
        if faults:
            raise faults.pop(0)
        for message_id, used, _ in self.messages.get(channel_id, []):
            if used == nonce:
                return message_id  # what Discord does with enforce_nonce
        message_id = next(_ids)
        self.messages.setdefault(channel_id, []).append((message_id, nonce, payload))
        if self.crash_after_send:
            self.crash_after_send = False
            raise Crash()
        return message_id

    async def find_sent(self, channel_id: int, nonce: str, ref: str) -> int | None:
        if not self.find_by_ref:
            return None
        for message_id, _, payload in self.messages.get(channel_id, []):
            if f"ref {ref}" in payload["footer"]:
                return message_id
        return None


class Source:
    def __init__(self, briefs) -> None:
        self.items = list(briefs)

    def briefs(self, posted=frozenset()):
        return list(self.items)

    def drug_matcher(self, name):
        return None

    def gene_matcher(self, symbol):
        return None


async def no_sleep(_seconds: float) -> None:
    return None


@pytest.fixture
def world(tmp_path):
    class World:
        path = tmp_path / "data" / "digest.sqlite3"
        channel = Channel()
        source = Source([make_brief(1), make_brief(2)])
        clock = Clock(dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC))

        def runner(self, store, **kw) -> DigestRunner:
            kw.setdefault("sleep", no_sleep)
            return DigestRunner(
                store, self.channel, self.source, Renderer(), grace=GRACE, clock=self.clock, **kw
            )

    return World()


async def subscribe(store, clock, channel_id=7, time="08:00", zone="UTC", **kw):
    new = NewSubscription(guild_id=1, channel_id=channel_id, time_of_day=time, timezone=zone, **kw)
    return await store.add_subscription(new, clock())


async def test_a_dst_week_through_the_store_posts_once_per_local_day(world):
    world.clock.now = dt.datetime(2026, 10, 28, 0, 0, tzinfo=UTC)
    async with SqliteDigestStore(world.path) as store:
        await subscribe(store, world.clock, zone="America/New_York", announce_empty=True)
        runner = world.runner(store)
        while world.clock.now < dt.datetime(2026, 11, 5, 0, 0, tzinfo=UTC):
            await runner.tick()
            world.clock.now += dt.timedelta(minutes=30)
    titles = [p["title"] for p in world.channel.posted(7)]
    assert len(titles) == 8  # Oct 28 .. Nov 4, Nov 1 being the fall-back day
    assert len(set(titles)) == 8
    assert any("Sun 01 Nov 2026" in t for t in titles)
    # the first day carries the two briefs, the others say "nothing new"
    assert sum("Nothing new" in p["description"] for p in world.channel.posted(7)) == 7


async def test_restart_after_missed_time_posts_once_within_grace(world):
    async with SqliteDigestStore(world.path) as store:
        await subscribe(store, world.clock)
    world.clock.now = dt.datetime(2026, 11, 21, 14, 0, tzinfo=UTC)  # down at 08:00, back at 14:00
    for _ in range(3):  # three restarts, each ticking twice
        async with SqliteDigestStore(world.path) as store:
            runner = world.runner(store)
            await runner.tick()
            await runner.tick()
    assert len(world.channel.posted(7)) == 1


async def test_restart_beyond_grace_skips_that_day_and_posts_the_next(world):
    async with SqliteDigestStore(world.path) as store:
        await subscribe(store, world.clock)
        world.clock.now = dt.datetime(2026, 11, 21, 20, 1, tzinfo=UTC)  # 12 h 1 min late
        runner = world.runner(store)
        assert await runner.tick() == []
        assert world.channel.posted(7) == []
        world.clock.now = dt.datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
        (outcome,) = await runner.tick()
        assert outcome.state == "sent" and outcome.run_key == "2026-11-22"
    assert len(world.channel.posted(7)) == 1


@pytest.mark.parametrize("found_in_history", [True, False])
async def test_crash_after_sending_before_recording_gives_no_duplicate(world, found_in_history):
    world.channel.find_by_ref = found_in_history
    world.clock.now = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    async with SqliteDigestStore(world.path) as store:
        sub = await store.add_subscription(
            NewSubscription(1, 7, "08:00", "UTC"), world.clock() - dt.timedelta(days=1)
        )
        world.channel.crash_after_send = True
        with pytest.raises(Crash):
            await world.runner(store).tick_one(sub)
    assert len(world.channel.posted(7)) == 1
    world.clock.now += dt.timedelta(minutes=2)
    async with SqliteDigestStore(world.path) as store:  # the restarted bot
        runner = world.runner(store)
        (outcome,) = await runner.tick()
        assert outcome.state == "sent"
        assert await runner.tick() == []
        (run,) = [r for r in [await store.get_run(1)] if r.run_key == "2026-11-21"]
        posts = await store.run_posts(run.id)
    assert len(world.channel.posted(7)) == 1
    assert run.state == "sent" and posts[0].message_id == world.channel.messages[7][0][0]


async def test_a_403_pauses_with_the_reason_and_is_not_retried(world):
    async with SqliteDigestStore(world.path) as store:
        sub = await subscribe(store, world.clock)
        world.channel.faults[7] = [PermanentSendError("403 Missing Access in channel 7")]
        outcome = await world.runner(store).send_now(sub)
        assert outcome.state == "paused"
        paused = await store.get_subscription(sub.id)
        assert paused.paused_reason == "403 Missing Access in channel 7"
        world.clock.now = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
        assert await world.runner(store).tick() == []  # paused: no attempt at all
        assert world.channel.posted(7) == []
        # briefs of the failed run were released: after resuming they are posted
        await store.resume(sub.id)
        (outcome,) = await world.runner(store).tick()
        assert outcome.state == "sent"
    assert "Study 2" in world.channel.posted(7)[0]["description"]


async def test_5xx_is_retried_with_bounded_backoff_and_lands_once(world):
    async with SqliteDigestStore(world.path) as store:
        sub = await subscribe(store, world.clock)
        world.channel.faults[7] = [TransientSendError("503")] * 2
        outcome = await world.runner(store).send_now(sub)
        assert outcome.state == "sent"
        assert len(world.channel.posted(7)) == 1

        world.channel.faults[7] = [TransientSendError("502")] * 4  # beyond the in-run retries
        world.source.items.append(make_brief(3))
        world.clock.now = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
        (outcome,) = await world.runner(store).tick()
        assert outcome.state == "deferred"
        world.clock.now += dt.timedelta(minutes=1)
        (outcome,) = await world.runner(store).tick()
        assert outcome.state == "deferred" and outcome.detail == "waiting to retry"
        world.clock.now += dt.timedelta(minutes=5)
        (outcome,) = await world.runner(store).tick()
        assert outcome.state == "sent"
    assert len(world.channel.posted(7)) == 2


async def test_a_hanging_subscription_does_not_delay_the_others(world):
    async with SqliteDigestStore(world.path) as store:
        await subscribe(store, world.clock, channel_id=7)
        await subscribe(store, world.clock, channel_id=8)
        world.channel.hang.add(7)
        world.clock.now = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
        outcomes = await world.runner(store, per_subscription_timeout=2.0).tick()
        assert [(o.subscription_id, o.state) for o in outcomes] == [(2, "sent")]
        world.channel.hang.clear()
        (outcome,) = await world.runner(store).tick()  # the stuck one resumes, same nonce
        assert (outcome.subscription_id, outcome.state) == (1, "sent")
    assert len(world.channel.posted(7)) == 1 and len(world.channel.posted(8)) == 1


async def test_posted_briefs_are_not_repeated_and_new_ones_follow(world):
    async with SqliteDigestStore(world.path) as store:
        sub = await subscribe(store, world.clock)
        runner = world.runner(store)
        preview = await runner.preview(sub)
        assert len(preview.included) == 2
        await runner.send_now(sub)
        assert (await runner.preview(sub)).messages == []
        world.source.items.append(make_brief(3, title="Fresh phase 2 results"))
        world.clock.now = dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
        (outcome,) = await runner.tick()
    posted = world.channel.posted(7)
    assert len(posted) == 2
    assert "Fresh phase 2 results" in posted[1]["description"]
    assert "Study 1" not in posted[1]["description"]


def test_nonces_are_deterministic_short_and_distinct():
    a = message_nonce(1, "2026-11-25", 0)
    assert a == message_nonce(1, "2026-11-25", 0)
    assert len(a) <= 25 and a.isdigit()
    others = {message_nonce(1, "2026-11-25", 1), message_nonce(2, "2026-11-25", 0)}
    others.add(message_nonce(1, "2026-11-26", 0))
    assert a not in others and len(others) == 3
