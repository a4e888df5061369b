"""End to end: /brief commands as a user types them, answered by the real bot."""

from __future__ import annotations

from tests.bot.article_factory import SEED_TITLE, plain
from tests.bot.discord_double import CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DiscordDouble


async def test_latest_shows_the_seed_brief(bot, user) -> None:
    record = await user("alice").run("/brief latest")
    assert plain(record.embed["title"]) == SEED_TITLE
    assert not record.ephemeral


async def test_drug_by_generic_name_and_by_brand(bot, user) -> None:
    alice = user("alice")
    for query in ("repotrectinib", "Augtyro"):
        record = await alice.run(f"/brief drug name:{query}")
        assert record.response_type == CHANNEL_MESSAGE, record.summary()
        assert plain(record.embed["title"]) == SEED_TITLE, query
        assert not record.ephemeral


async def test_autocomplete_offers_repotrectinib(bot, user) -> None:
    record = await user("alice").type_into("/brief drug name:repo")
    values = [c["value"] for c in record.choices]
    assert "repotrectinib" in values
    assert len(record.choices) <= 25


async def test_unknown_drug_gets_a_private_reply_with_suggestions(
    double: DiscordDouble, bot, user
) -> None:
    record = await user("alice").run("/brief drug name:repotrectinb")
    assert record.ephemeral and record.message["flags"] & 64
    assert not record.embeds
    assert "repotrectinib" in plain(record.content)
    assert double.channel_messages() == []  # nothing was posted publicly


async def test_search_is_deferred_then_answered_publicly(double: DiscordDouble, bot, user) -> None:
    record = await user("alice").run("/brief search text:repotrectinib resistance")
    assert record.response_type == DEFERRED_CHANNEL_MESSAGE
    assert plain(record.embed["title"]) == SEED_TITLE and not record.ephemeral
    assert len(double.channel_messages()) == 1


async def test_search_without_match_answers_privately(double: DiscordDouble, bot, user) -> None:
    record = await user("alice").run("/brief search text:zzzqqq")
    assert record.ephemeral and "zzzqqq" in plain(record.content)
    assert double.channel_messages() == []  # the public "thinking..." placeholder is gone


async def test_sources_lists_loaded_and_failed_files(articles_dir, start_bot, user) -> None:
    (articles_dir / "broken.txt").write_bytes(b"\x00\x01\x02 not an article \xff\xfe")
    await start_bot()
    record = await user("alice").run("/brief sources")
    text = plain(record.content)
    assert record.ephemeral
    assert "Briefs loaded: **1**" in text and "2022-06-28" in text
    assert "broken.txt" in text


async def test_help_lists_the_commands(bot, user) -> None:
    record = await user("alice").run("/brief help")
    assert all(f"/brief {name}" in record.content for name in ("latest", "drug", "search"))
