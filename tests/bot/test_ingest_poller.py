"""The ingest extension: the bot polls sources.toml and new articles show in /brief latest."""

from __future__ import annotations

import asyncio

from tests.bot.article_factory import plain
from tests.core import http_fixtures
from tests.core.http_fixtures import Reply, made_up_articles, rss_feed

site = http_fixtures.site  # fixture: a real HTTP server on 127.0.0.1

KRAS = made_up_articles()["kras"]


def write_sources(settings, site, interval: float = 30) -> None:
    items = [("wire:kras", site.url("/kras"), KRAS, None)]
    feed = site.add(
        "/rss", Reply(rss_feed("Oncology Wire", items), content_type="application/rss+xml")
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.resolved_sources_file.write_text(
        f'[[feed]]\nurl = "{feed}"\noutlet = "Oncology Wire"\ninterval_minutes = {interval}\n',
        "utf-8",
    )


async def test_poll_stores_new_articles_and_refreshes_the_library(
    start_bot, bot_settings, site, user
):
    write_sources(bot_settings, site)
    bot = await start_bot()
    poller = bot.get_cog("SourcePoller")
    assert poller is not None and not poller.poll.is_running()  # poll_sources is off here
    [outcome] = await poller.poll_once()
    assert len(outcome.stored) == 1 and outcome.ok
    assert any(b.title == KRAS.title for b in bot.library)
    record = await user("alice").run("/brief latest")
    titles = [plain(embed["title"]) for embed in record.embeds]
    assert KRAS.title in titles
    # Not due again before its interval: a second poll asks nothing.
    hits = site.hits("/rss")
    assert await poller.poll_once() == []
    assert site.hits("/rss") == hits


async def test_background_loop_polls_when_enabled(start_bot, bot_settings, site):
    write_sources(bot_settings, site)
    bot_settings.poll_sources = True
    bot = await start_bot()
    poller = bot.get_cog("SourcePoller")
    assert poller.poll.is_running()
    for _ in range(200):  # wait for the first tick (runs right after READY)
        if any(b.title == KRAS.title for b in bot.library):
            break
        await asyncio.sleep(0.05)
    assert any(b.title == KRAS.title for b in bot.library)
    assert site.hits("/rss") == 1


async def test_a_broken_sources_file_is_a_warning_not_a_crash(start_bot, bot_settings):
    bot_settings.data_dir.mkdir(parents=True, exist_ok=True)
    bot_settings.resolved_sources_file.write_text("[[feed]\n", "utf-8")
    bot = await start_bot()
    poller = bot.get_cog("SourcePoller")
    assert await poller.poll_once() == []
    assert len(bot.library) == 1  # the seed only
