"""Scheduled digests through the real discord.py client, the Discord double and a SQLite file:
local-time firing across DST, restarts, a crash between send and record, 403/404/429/5xx, and
a file dropped into the seeds folder while the bot runs."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

UTC = dt.UTC
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2ff37f2944dc5c1f.txt"
BERLIN = ZoneInfo("Europe/Berlin")
SEED_TITLE = "Brain Metastasis Model of NTRK-Rearranged Tumors"


class Crash(BaseException):
    """The process dying between sending and recording (no ``except Exception`` catches it)."""


@pytest.fixture
def bot_settings(bot_settings, clock):
    # One tick right after start (missed digests), then only the ticks a test makes.
    return bot_settings.model_copy(update={"digest_tick_seconds": 3600.0})


def digest_cog(bot):
    return bot.get_cog("Digest")


async def until(predicate, timeout: float = 10.0, what: str = "") -> None:
    """Poll a condition the double cannot signal (bot-side state); fails after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await asyncio.sleep(0.02)


async def subscribe(double, manager, channel=None, **options):
    values = {
        "channel": (channel or double.channel).id,
        "time": "08:00",
        "timezone": "Europe/Berlin",
    }
    values.update(options)
    record = await double.invoke("digest", "subscribe", values, user=manager)
    assert "set up" in record.content, record.content
    return record


def digests(double, channel=None) -> list[dict]:
    return [m for m in double.channel_messages((channel or double.channel).id) if m["embeds"]]


async def test_fires_at_local_time_once_per_day_across_a_dst_change(double, bot, clock, manager):
    clock.now = dt.datetime(2026, 10, 22, 12, 0, tzinfo=UTC)  # Berlin falls back on Oct 25
    await subscribe(double, manager, announce_empty=True)
    cog = digest_cog(bot)
    fired_at = []
    while clock.now < dt.datetime(2026, 10, 29, 12, 0, tzinfo=UTC):
        clock.now += dt.timedelta(minutes=30)
        before = len(digests(double))
        await cog.runner.tick()
        if len(digests(double)) > before:
            fired_at.append(clock.now.astimezone(BERLIN))
    days = [dt.date(2026, 10, 23) + dt.timedelta(days=i) for i in range(7)]
    assert [t.date() for t in fired_at] == days  # Oct 23 .. Oct 29: once each, none skipped
    assert all((t.hour, t.minute) == (8, 0) for t in fired_at)
    assert {t.utcoffset() for t in fired_at} == {dt.timedelta(hours=2), dt.timedelta(hours=1)}
    posted = digests(double)
    assert SEED_TITLE in posted[0]["embeds"][0]["description"]
    assert all("Nothing new" in m["embeds"][0]["description"] for m in posted[1:])


async def test_restart_after_a_missed_time_posts_once(double, start_bot, clock, manager):
    first = await start_bot()
    await subscribe(double, manager)
    await first.close()
    clock.now = dt.datetime(2026, 11, 21, 14, 0, tzinfo=UTC)  # down at 08:00 Berlin, back at 15:00
    second = await start_bot()
    await double.wait_for(lambda: len(digests(double)) == 1, 10, "the missed digest")
    await until(lambda: digest_cog(second).service.ticks >= 1, what="the start-up tick")
    await second.close()
    third = await start_bot()
    await until(lambda: digest_cog(third).service.ticks >= 1, what="the start-up tick")
    await digest_cog(third).runner.tick()
    assert len(digests(double)) == 1
    status = await double.invoke("digest", "status", user=manager)
    assert "Last post: <t:" in status.content


async def test_restart_beyond_grace_does_not_post_that_day(double, start_bot, clock, manager):
    first = await start_bot()
    await subscribe(double, manager)
    await first.close()
    clock.now = dt.datetime(2026, 11, 21, 19, 1, tzinfo=UTC)  # 12 h 1 min after 08:00 Berlin
    second = await start_bot()
    await until(lambda: digest_cog(second).service.ticks >= 1, what="the start-up tick")
    assert digests(double) == []


@pytest.mark.parametrize("history_readable", [True, False])
async def test_crash_after_sending_before_recording_gives_no_duplicate(
    double, start_bot, clock, manager, history_readable
):
    first = await start_bot()
    await subscribe(double, manager)
    cog = digest_cog(first)
    real_mark_sent = cog.store.mark_sent

    async def crash_instead_of_recording(*args, **kwargs):
        raise Crash()

    cog.store.mark_sent = crash_instead_of_recording
    clock.now = dt.datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
    (sub,) = await cog.store.list_subscriptions()
    with pytest.raises(Crash):
        await cog.runner.tick_one(sub)
    cog.store.mark_sent = real_mark_sent
    assert len(digests(double)) == 1
    await first.close()

    if not history_readable:  # then only the nonce stands between us and a duplicate
        double.fail_next("GET", "/channels/*/messages", 403, times=None)
    clock.now += dt.timedelta(minutes=1)
    second = await start_bot()
    await until(lambda: digest_cog(second).service.ticks >= 1, what="the start-up tick")
    assert len(digests(double)) == 1
    store = digest_cog(second).store
    (run,) = [r for r in [await store.get_run(1)] if r is not None]
    (post,) = await store.run_posts(run.id)
    assert run.state == "sent"
    assert post.message_id == int(digests(double)[0]["id"])
    channel_posts = double.calls_to("POST", f"/channels/{double.channel.id}/messages")
    assert len(channel_posts) == (1 if history_readable else 2)
    assert len({c.body["nonce"] for c in channel_posts}) == 1


async def test_a_403_pauses_only_that_subscription_with_its_reason(double, bot, clock, manager):
    other = double.add_channel("oncology-news")
    await subscribe(double, manager)
    await subscribe(double, manager, channel=other)
    double.fail_next("POST", f"/channels/{double.channel.id}/messages", 403, code=50001)
    clock.now = dt.datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
    cog = digest_cog(bot)
    outcomes = await cog.runner.tick()
    assert sorted(o.state for o in outcomes) == ["paused", "sent"]
    assert len(digests(double, other)) == 1, "the healthy subscription still posted"
    status = await double.invoke("digest", "status", user=manager)
    assert "**Paused** since" in status.content and "403 from Discord in #briefs" in status.content

    posts_before = len(double.calls_to("POST", "/channels/*/messages"))
    clock.now += dt.timedelta(minutes=1)
    await cog.runner.tick()
    clock.now = dt.datetime(2026, 11, 22, 7, 0, tzinfo=UTC)
    await cog.runner.tick()
    paused_posts = double.calls_to("POST", f"/channels/{double.channel.id}/messages")
    assert len(paused_posts) == 1, "a paused subscription is not retried"
    # the other had nothing new (and no "nothing new" line asked): no post at all
    assert len(double.calls_to("POST", "/channels/*/messages")) == posts_before

    resumed = await double.invoke("digest", "resume", {"subscription": 1}, user=manager)
    assert "resumed" in resumed.content
    clock.now = dt.datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    await cog.runner.tick()
    assert SEED_TITLE in digests(double)[0]["embeds"][0]["description"]


async def test_a_deleted_channel_pauses_the_subscription(double, bot, clock, manager):
    doomed = double.add_channel("to-be-deleted")
    await double.wait_for(lambda: bot.get_channel(doomed.id) is not None, 5, "the new channel")
    await subscribe(double, manager, channel=doomed)
    double.delete_channel(doomed.id)
    await double.wait_for(lambda: bot.get_channel(doomed.id) is None, 5, "CHANNEL_DELETE")
    clock.now = dt.datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
    (outcome,) = await digest_cog(bot).runner.tick()
    assert outcome.state == "paused"
    assert "no longer exists (404 Unknown Channel)" in outcome.detail


async def test_a_429_is_waited_out_and_the_post_lands_once(double, bot, clock, manager):
    await subscribe(double, manager)
    double.fail_next("POST", "/channels/*/messages", 429, retry_after=0.05)
    record = await double.invoke("digest", "send-now", user=manager, timeout=10)
    assert "Posted 1 message" in record.content
    assert len(digests(double)) == 1
    calls = double.calls_to("POST", "/channels/*/messages")
    assert [c.status for c in calls] == [429, 200]
    assert calls[0].body["nonce"] == calls[1].body["nonce"]


async def test_a_5xx_is_retried_and_the_post_lands_once(double, bot, clock, manager):
    await subscribe(double, manager)
    cog = digest_cog(bot)
    cog.runner.retry_delays = (0.01, 0.01)
    double.fail_next("POST", "/channels/*/messages", 503, times=2)
    record = await double.invoke("digest", "send-now", user=manager, timeout=10)
    assert "Posted 1 message" in record.content
    assert len(digests(double)) == 1
    assert [c.status for c in double.calls_to("POST", "/channels/*/messages")] == [503, 503, 200]


async def test_a_file_added_to_the_seeds_folder_appears_in_the_next_digest(
    double, bot, clock, manager, articles_dir
):
    await subscribe(double, manager)
    cog = digest_cog(bot)
    await cog.runner.send_now((await cog.store.list_subscriptions())[0])
    assert len(digests(double)) == 1
    text = SEED.read_text(encoding="utf-8")
    new_title = "Seeds Folder Watch: Repotrectinib Follow-Up in NTRK Fusion Models"
    text = text.replace(
        "Brain Metastasis Model of NTRK-Rearranged Tumors: Focus on Treatment Resistance", new_title
    ).replace("Tuesday, June 28, 2022", "Wednesday, November 18, 2026")
    partial = articles_dir / ".incoming.tmp"
    partial.write_text(text, encoding="utf-8")
    partial.rename(articles_dir / "001_new_article.txt")  # appears whole, as a copy tool would
    await until(lambda: len(bot.library) == 2, what="the watcher to load the new file")

    latest = await double.invoke("brief", "latest", {"count": 1}, user=double.alice)
    assert new_title in str(latest.message)

    clock.now = dt.datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
    (outcome,) = await cog.runner.tick()
    assert outcome.state == "sent"
    description = digests(double)[-1]["embeds"][0]["description"]
    assert new_title in description
    assert SEED_TITLE not in description, "already posted: not repeated"
