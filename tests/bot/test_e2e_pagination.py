"""End to end: Previous / Next pages that only the invoking user can turn; the full brief."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.bot.article_factory import SEED_TITLE, plain, variant, write_article
from tests.bot.discord_double import UPDATE_MESSAGE, DiscordDouble, DoubleError

NEWER_TITLE = "Repotrectinib Resistance Revisited in NTRK1-Rearranged Cell Lines"


@pytest.fixture
def two_articles(articles_dir) -> None:
    text = variant(title=NEWER_TITLE, posted=dt.date(2023, 5, 2))
    write_article(articles_dir, "001_newer.txt", text)


async def test_next_by_the_invoking_user_moves_to_page_two(two_articles, bot, user) -> None:
    alice = user("alice")
    record = await alice.run("/brief latest count:2")
    assert plain(record.embed["title"]) == NEWER_TITLE  # newest first
    with pytest.raises(DoubleError, match="disabled"):
        await alice.press(record, "Previous")  # nothing before page one
    turned = await alice.press(record, "Next")
    assert turned.response_type == UPDATE_MESSAGE
    assert plain(record.embed["title"]) == SEED_TITLE  # the same message, now page two
    assert record.button("Next")["disabled"] is True
    assert record.button("Previous")["disabled"] is False
    back = await alice.press(record, "Previous")
    assert back.response_type == UPDATE_MESSAGE
    assert plain(record.embed["title"]) == NEWER_TITLE


async def test_another_user_is_refused_privately(
    double: DiscordDouble, two_articles, bot, user
) -> None:
    record = await user("alice").run("/brief latest count:2")
    refused = await user("bob").press(record, "Next")
    assert refused.ephemeral and refused.message["flags"] & 64
    assert refused.response_type == 4 and not refused.embeds
    assert plain(record.embed["title"]) == NEWER_TITLE  # the page did not move
    assert len(double.channel_messages()) == 1  # the refusal was not posted publicly


async def test_full_brief_button_sends_the_whole_brief_privately(bot, user) -> None:
    record = await user("alice").run("/brief latest count:1")
    full = await user("bob").press(record, "Full brief")  # anyone may read the full brief
    assert full.ephemeral
    text = plain("\n".join(m["content"] for m in full.messages))
    assert "The study authors acknowledged the limitations" in text
    assert all(len(m["content"]) <= 2000 for m in full.messages)


async def test_page_buttons_are_disabled_when_the_view_times_out(two_articles, bot, user) -> None:
    bot.page_timeout = 0.2  # minutes in production; a fifth of a second takes the same path
    alice = user("alice")
    record = await alice.run("/brief latest count:2")
    assert record.button("Next")["disabled"] is False
    await record.wait_until(lambda r: bool(r.edits) and r.button("Next")["disabled"], 5)
    assert record.button("Previous")["disabled"] is True
    assert record.button("Full brief").get("disabled") is not True  # still readable
    with pytest.raises(DoubleError, match="disabled"):
        await alice.press(record, "Next")
