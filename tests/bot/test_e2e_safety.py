"""End to end: Discord's limits hold for a huge article; article text never pings anyone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from tests.bot.article_factory import (
    LONG_AUTHORS,
    LONG_TITLE,
    long_article,
    plain,
    variant,
    write_article,
)
from tests.bot.discord_double import DiscordDouble
from tests.bot.discord_double.limits import embed_length, message_problems

HOSTILE_TITLE = "@everyone <@&555> [Read this](https://evil.example) # Breaking NTRK news"
HOSTILE_SENTENCE = (
    "@here and @everyone were told by <@&555> to [click here](https://evil.example) "
    "before the results of this study were published."
)


def texts(value: Any) -> Iterator[str]:
    """Every string inside a payload."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


async def test_a_20kb_article_fits_every_embed_limit(
    double: DiscordDouble, articles_dir, start_bot, user
) -> None:
    path = write_article(articles_dir, "001_long.txt", long_article(20_000))
    assert path.stat().st_size >= 20_000
    bot = await start_bot()
    record = await user("alice").run("/brief latest count:1")
    embed = record.embed
    assert plain(embed["title"]) == LONG_TITLE
    assert embed_length(embed) <= 6000 and len(embed["description"]) <= 4096
    assert len(embed["fields"]) <= 25
    assert all(len(f["value"]) <= 1024 and len(f["name"]) <= 256 for f in embed["fields"])
    shown = plain(" ".join(f["value"] for f in embed["fields"] if f["name"].startswith("Limit")))
    (brief,) = bot.library.latest(1)
    assert len(brief.limitations) >= 12
    for limitation in brief.limitations:  # every one, stated and generated, uncut
        assert " ".join(limitation.text.split()) in " ".join(shown.split()), limitation.text
    footer = embed["footer"]["text"]
    assert all(name in footer for name in LONG_AUTHORS)
    assert "01 Mar 2023" in footer and "Cancer Science" in footer and brief.id in footer
    for _, payload in double.message_payloads():
        assert message_problems(payload) == []


async def test_everyone_in_an_article_pings_no_one(
    double: DiscordDouble, articles_dir, start_bot, user
) -> None:
    text = variant(title=HOSTILE_TITLE, posted=dt.date(2024, 1, 5))
    text = text.replace("According to research", f"{HOSTILE_SENTENCE} According to research", 1)
    write_article(articles_dir, "001_hostile.txt", text)
    await start_bot()
    alice = user("alice")
    record = await alice.run("/brief latest count:1")
    assert "@everyone" in plain(record.embed["title"])  # shown, as plain text
    full = await alice.press(record, "Full brief")
    payloads = list(double.message_payloads())
    assert len(payloads) >= 2
    for kind, payload in payloads:
        rules = payload.get("allowed_mentions")
        assert rules is not None and rules.get("parse") == [], (kind, rules)
        assert not rules.get("users") and not rules.get("roles")
        for value in texts({k: v for k, v in payload.items() if k != "allowed_mentions"}):
            assert not re.search(r"@(everyone|here)", value), value
            assert "<@&" not in value and not re.search(r"(?<!\\)\]\(", value), value
    for message in [*record.messages, *full.messages]:
        assert message["mention_everyone"] is False
        assert message["mention_roles"] == [] and message["mentions"] == []
