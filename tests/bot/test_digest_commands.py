"""/digest commands through the real discord.py client and the Discord API double."""

from __future__ import annotations

import datetime as dt

import pytest

UTC = dt.UTC


@pytest.fixture
def bot_settings(bot_settings, clock):
    # No automatic ticks beyond the one at start: the tests move the clock and tick.
    return bot_settings.model_copy(update={"digest_tick_seconds": 3600.0})


async def subscribe(double, manager, **options):
    values = {"channel": double.channel.id, "time": "08:00", "timezone": "Europe/Berlin"}
    values.update(options)
    return await double.invoke("digest", "subscribe", values, user=manager)


async def test_a_member_without_manage_server_is_refused(double, bot, clock):
    record = await subscribe(double, double.alice)
    assert record.ephemeral
    assert "Manage Server" in record.content
    status = await double.invoke("digest", "status", user=double.alice)
    assert "No digest is set up" in status.content
    assert double.channel_messages() == []


async def test_subscribe_status_preview_unsubscribe(double, bot, clock, manager):
    record = await subscribe(double, manager, announce_empty=True)
    assert record.ephemeral, record.content
    assert "Digest **1** set up" in record.content
    assert "It will hold 1 brief" in record.content

    status = await double.invoke("digest", "status", user=double.alice)
    assert status.ephemeral
    assert f"<#{double.channel.id}>" in status.content
    assert "08:00 (Europe/Berlin)" in status.content
    assert "Filters: none" in status.content
    next_run = int(dt.datetime(2026, 11, 21, 7, 0, tzinfo=UTC).timestamp())
    assert f"Next run: <t:{next_run}:f>" in status.content
    assert "Last post: none yet" in status.content

    preview = await double.invoke("digest", "preview", user=double.alice)
    assert preview.ephemeral
    assert "1 new brief in 1 message" in preview.content
    (embed,) = preview.embeds
    assert "Brain Metastasis Model of NTRK" in embed["description"]
    assert "**Limitations:**" in embed["description"]
    assert double.channel_messages() == [], "a preview posts nothing in the channel"

    removed = await double.invoke("digest", "unsubscribe", {"subscription": 1}, user=manager)
    assert "Digest 1" in removed.content and "removed" in removed.content
    status = await double.invoke("digest", "status", user=double.alice)
    assert "No digest is set up" in status.content


async def test_a_brand_name_filter_is_stored_as_the_generic(double, bot, clock, manager):
    record = await subscribe(double, manager, drug="Augtyro", min_evidence="phase-2")
    assert "drug repotrectinib" in record.content
    assert "evidence ≥ Phase 2 trial" in record.content
    status = await double.invoke("digest", "status", user=manager)
    assert "drug repotrectinib, evidence ≥ Phase 2 trial" in status.content


async def test_subscribe_names_the_permissions_the_bot_lacks(double, start_bot, clock, manager):
    everyone = double.guild.roles[double.guild.id]
    everyone.permissions &= ~(1 << 14)  # no Embed Links for the bot
    await start_bot()
    record = await subscribe(double, manager)
    assert "missing Embed Links" in record.content
    status = await double.invoke("digest", "status", user=manager)
    assert "No digest is set up" in status.content


async def test_bad_time_and_zone_are_explained(double, bot, clock, manager):
    record = await subscribe(double, manager, time="25:00")
    assert "HH:MM" in record.content
    record = await subscribe(double, manager, timezone="Mars/Olympus")
    assert "IANA" in record.content


async def test_timezone_autocomplete_offers_at_most_25_zones(double, bot, clock, manager):
    record = await double.autocomplete(
        "digest", "subscribe", {"timezone": "berl"}, "timezone", user=manager
    )
    assert [c["value"] for c in record.choices] == ["Europe/Berlin"]
    record = await double.autocomplete(
        "digest", "subscribe", {"timezone": "a"}, "timezone", user=manager
    )
    assert len(record.choices) == 25


async def test_send_now_posts_the_digest_once(double, bot, clock, manager):
    await subscribe(double, manager)
    record = await double.invoke("digest", "send-now", user=manager)
    assert record.ephemeral and "Posted 1 message" in record.content
    (message,) = double.channel_messages()
    assert message["author"]["id"] == str(double.application_id)
    (embed,) = message["embeds"]
    assert embed["title"].startswith("OncoBrief digest")
    assert "ref 1-manual-" in embed["footer"]["text"]
    assert message["mention_everyone"] is False
    post = double.calls_to("POST", "/channels/*/messages")[-1]
    assert post.body["enforce_nonce"] is True and post.body["nonce"]

    again = await double.invoke("digest", "send-now", user=manager)
    assert "Nothing new to post" in again.content
    assert len(double.channel_messages()) == 1


async def test_status_with_many_digests_is_split_and_lists_every_one(double, bot, clock, manager):
    for hour in range(20):
        await subscribe(double, manager, time=f"{hour:02d}:30", drug=f"drug-number-{hour}")
    status = await double.invoke("digest", "status", user=manager)
    await status.wait_until(lambda r: len(r.messages) >= 2)
    texts = [m["content"] for m in status.messages]
    assert all(len(t) <= 2000 for t in texts)
    joined = "\n".join(texts)
    assert all(f"**Digest {n}**" in joined for n in range(1, 21))


def test_split_message_keeps_every_block():
    from bot.exts.digest.texts import split_message

    blocks = [f"block {i} " + "x" * 300 for i in range(20)]
    chunks = split_message("\n\n".join(blocks))
    assert all(len(c) <= 2000 for c in chunks)
    assert "\n\n".join(chunks) == "\n\n".join(blocks)
