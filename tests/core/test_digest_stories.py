"""A digest posts a story once, with every source, and never the second outlet's report later."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

from oncobrief.digest.compose import DigestFilters, compose_digest, select_stories
from oncobrief.digest.runner import DigestRunner
from oncobrief.digest.source import LibrarySource
from oncobrief.digest.store import NewSubscription, SqliteDigestStore
from oncobrief.library import Library
from oncobrief.render import Renderer
from oncobrief.settings import Settings
from tests.clock import Clock
from tests.core.story_fixtures import write_story_articles

UTC = dt.UTC
_message_ids = itertools.count(5000)
ALSO = "**Also reported by:** Cancer Daily News \\(2022-06-29\\)"  # escaped for Discord


class Channel:
    """Posts kept in memory; enough of Discord for a digest that is sent without faults."""

    def __init__(self) -> None:
        self.posted: list[dict] = []

    async def send(self, channel_id: int, payload: dict, nonce: str) -> int:
        self.posted.append(payload)
        return next(_message_ids)

    async def find_sent(self, channel_id: int, nonce: str, ref: str) -> int | None:
        return None


@pytest.fixture
def articles(tmp_path) -> dict[str, Path]:
    return write_story_articles(tmp_path / "written")


@pytest.fixture
def config(tmp_path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", cache_enabled=False)


def test_compose_shows_a_story_once_and_names_all_its_reports(articles, config, tmp_path):
    library = Library.load(articles["wire"].parent, config)
    stories = select_stories(list(library), DigestFilters(), posted=set())
    assert len(stories) == 2
    digest = compose_digest(
        stories,
        renderer=Renderer(),
        local_date=dt.date(2022, 7, 1),
        filters=DigestFilters(),
        announce_empty=False,
        ref="1-2022-07-01",
    )
    (message,) = digest.messages
    text = message.description
    assert text.count("Selpercatinib Keeps RET Fusion") == 1
    assert "RET Inhibitor Shows Lasting Benefit" not in text
    assert "**Source:** Oncology Wire · 2022-06-28" in text
    assert ALSO in text
    ids = {b.attribution.outlet: b.id for b in library}
    assert set(message.brief_ids) == set(ids.values())  # all three reports recorded as posted
    assert len(digest.included) == 2  # two stories shown
    assert message.footer.startswith("2 new briefs ·")  # stories, not reports


async def test_second_outlet_report_arriving_next_day_is_not_posted_again(articles, config):
    folder = config.data_dir.parent / "seeds"
    folder.mkdir()
    for name in ("wire", "unrelated"):  # day one: one outlet's report
        shutil.copy(articles[name], folder / articles[name].name)
    source = LibrarySource(lambda: Library.load(folder, config))
    channel = Channel()
    clock = Clock(dt.datetime(2022, 6, 30, 12, 0, tzinfo=UTC))
    async with SqliteDigestStore(config.data_dir / "digest.sqlite3") as store:
        new = NewSubscription(1, 7, "08:00", "UTC", announce_empty=True)
        sub = await store.add_subscription(new, clock() - dt.timedelta(days=1))
        runner = DigestRunner(store, channel, source, Renderer(), grace=dt.timedelta(hours=12))
        runner.clock = clock
        assert (await runner.send_now(sub, "day-one")).state == "sent"
        # Day two: the second outlet's report of the same study arrives, plus nothing else.
        shutil.copy(articles["daily"], folder / articles["daily"].name)
        clock.now = dt.datetime(2022, 7, 1, 8, 0, tzinfo=UTC)
        (outcome,) = await runner.tick()
        assert outcome.state == "sent"
        posted = await store.posted_brief_ids(sub.id)
    first, second = channel.posted
    assert "Selpercatinib Keeps RET Fusion" in first["description"]
    assert "RET Inhibitor Shows Lasting Benefit" not in second["description"]
    assert "Selpercatinib" not in second["description"]
    assert "Nothing new" in second["description"]
    assert len(posted) == 2  # the day-one reports; the late report stays a source of the story


async def test_a_story_is_posted_once_and_not_again_the_next_day(articles, config):
    source = LibrarySource(Library.load(articles["wire"].parent, config))
    channel = Channel()
    clock = Clock(dt.datetime(2022, 7, 1, 8, 0, tzinfo=UTC))
    async with SqliteDigestStore(config.data_dir / "digest.sqlite3") as store:
        new = NewSubscription(1, 7, "08:00", "UTC", drug="selpercatinib", announce_empty=True)
        sub = await store.add_subscription(new, clock() - dt.timedelta(days=1))
        runner = DigestRunner(store, channel, source, Renderer(), grace=dt.timedelta(hours=12))
        runner.clock = clock
        (outcome,) = await runner.tick()
        assert outcome.state == "sent"
        clock.now += dt.timedelta(days=1)
        (outcome,) = await runner.tick()
        posted = await store.posted_brief_ids(sub.id)
    first, second = channel.posted
    assert first["description"].count("Selpercatinib") == 1
    assert ALSO in first["description"]
    assert "RET Inhibitor Shows Lasting Benefit" not in first["description"] + second["description"]
    assert "Nothing new" in second["description"]
    assert len(posted) == 2  # both reports of the story, not the unrelated study
