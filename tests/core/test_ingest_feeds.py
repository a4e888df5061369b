"""RSS and Atom feeds: full entries, teasers, 304s, the first-run baseline, broken XML, dedupe."""

from __future__ import annotations

import dataclasses
import datetime as dt

from oncobrief.ingest.feeds import html_paragraphs, looks_like_feed, parse_feed
from oncobrief.ingest.state import IngestState
from oncobrief.ingest.store import read_header
from tests.core import http_fixtures
from tests.core.http_fixtures import (
    Article,
    Reply,
    article_page,
    atom_feed,
    ingestor,
    made_up_articles,
    rss_feed,
    seed_article,
)

site = http_fixtures.site  # fixture
settings = http_fixtures.settings  # fixture

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml"


def stored_texts(settings) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(settings.seeds_dir.glob("*.txt"))]


def numbered(n: int) -> Article:
    """Made-up articles that differ in text and date (day n of May 2023)."""
    base = made_up_articles()["exercise"]
    return dataclasses.replace(
        base,
        slug=f"story-{n}",
        title=f"Survivorship Study Number {n} Reports Its Findings",
        posted=dt.date(2023, 5, n),
        paragraphs=[f"Report {n}: {p}" for p in base.paragraphs],
    )


async def test_rss_with_full_text_entries(site, settings):
    articles = made_up_articles()
    items = [
        ("tag:wire,2023:kras", site.url("/kras"), articles["kras"], None),
        ("tag:wire,2023:ex", site.url("/ex"), articles["exercise"], None),
    ]
    url = site.add("/rss", Reply(rss_feed("Oncology Wire", items), content_type=RSS))
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([url])
    assert outcome.ok, outcome.errors
    assert len(outcome.stored) == 2
    assert site.hits("/kras") == 0  # full text in the feed: no page fetch
    kras = next(t for t in stored_texts(settings) if "Adagrasib" in t)
    assert read_header(kras) == {"url": site.url("/kras"), "outlet": "Oncology Wire"}
    assert "By: Jordan Hale\nPosted: Monday, March 6, 2023" in kras
    assert "objective response rate was 34%" in kras


async def test_atom_teasers_follow_the_link_to_the_page(site, settings):
    seed = seed_article()
    site.add("/articles/brain-met", article_page(seed))
    entries = [("urn:seed", site.url("/articles/brain-met"), seed, "Resistance to TRK inhibitors…")]
    url = site.add("/atom", Reply(atom_feed("Targeted Feed", entries), content_type=ATOM))
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([url])
    assert outcome.ok, outcome.errors
    assert site.hits("/articles/brain-met") == 1
    [text] = stored_texts(settings)
    assert "M3B tumor cells" in text and "By: Kayci Reyer" in text
    assert "Posted: Tuesday, June 28, 2022" in text


async def test_second_poll_is_conditional_and_304_adds_nothing(site, settings):
    items = [("id-1", site.url("/kras"), made_up_articles()["kras"], None)]
    url = site.add("/rss", Reply(rss_feed("W", items), content_type=RSS, etag='"abc"'))
    async with ingestor(settings) as ing:
        await ing.ingest([url])
        [second] = await ing.ingest([url])
    assert second.not_modified and not second.stored and second.ok
    assert site.requests[-1].headers.get("If-None-Match") == '"abc"'
    assert len(stored_texts(settings)) == 1
    state = IngestState.in_data_dir(settings.data_dir)
    health = state.health(url)
    state.close()
    assert health.ok and health.articles_seen == 1


async def test_first_run_baseline_then_only_new_entries(site, settings):
    stories = [numbered(n) for n in range(1, 9)]  # 8 entries, newest last
    items = [(f"id-{a.slug}", site.url(f"/{a.slug}"), a, None) for a in stories]
    url = site.add("/rss", Reply(rss_feed("W", items), content_type=RSS))
    async with ingestor(settings, baseline_entries=3) as ing:
        [first] = await ing.ingest([url])
        assert len(first.stored) == 3 and first.baseline_skipped == 5
        titles = {r.article.title for r in first.stored}
        assert titles == {stories[n].title for n in (5, 6, 7)}  # the three most recent
        newer = numbered(20)
        items.append((f"id-{newer.slug}", site.url(f"/{newer.slug}"), newer, None))
        site.add("/rss", Reply(rss_feed("W", items), content_type=RSS))
        [second] = await ing.ingest([url])
    assert [r.article.title for r in second.stored] == [newer.title]
    assert second.baseline_skipped == 0
    assert len(stored_texts(settings)) == 4


async def test_broken_xml_is_a_recorded_error(site, settings):
    url = site.add(
        "/broken", Reply("<?xml version='1.0'?><rss><channel><title>x</ti", content_type=RSS)
    )
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([url])
    assert not outcome.stored
    assert "feed" in outcome.errors[0]
    state = IngestState.in_data_dir(settings.data_dir)
    assert "feed" in state.health(url).last_error
    state.close()


async def test_malformed_feed_with_readable_entries_keeps_them_and_says_so(site, settings):
    items = [("id-1", site.url("/kras"), made_up_articles()["kras"], None)]
    body = rss_feed("W", items).replace("</channel>", "<junk &nbsp; </channel>")
    url = site.add("/rss", Reply(body, content_type=RSS))
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([url])
    assert len(outcome.stored) == 1
    assert "malformed feed" in outcome.errors[0]


async def test_entry_failures_are_recorded_and_the_feed_goes_on(site, settings):
    kras, seed = made_up_articles()["kras"], seed_article()
    site.add("/teaser-ok", article_page(seed))
    entries = [
        ("urn:a", site.url("/teaser-ok"), seed, "Short teaser…"),
        ("urn:b", site.url("/teaser-gone"), kras, "Another teaser…"),
    ]
    url = site.add("/atom", Reply(atom_feed("F", entries), content_type=ATOM, etag='"f1"'))
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([url])
        assert len(outcome.stored) == 1
        assert "/teaser-gone" in outcome.errors[0] and "404" in outcome.errors[0]
        # The failed entry is not marked seen: the next poll tries it again.
        site.add("/teaser-gone", article_page(kras))
        [retry] = await ing.ingest([url])
    assert "If-None-Match" not in site.requests[-2].headers  # no 304 hides the failed entry
    assert [r.article.title for r in retry.stored] == [kras.title]


async def test_same_article_in_two_feeds_of_two_outlets_is_stored_once(site, settings):
    kras = made_up_articles()["kras"]
    exercise = made_up_articles()["exercise"]
    wire = [("wire:kras", site.url("/wire/kras"), kras, None)]
    # The other outlet syndicates the same story under its own id and link, plus one of its own.
    daily = [
        ("daily:77", site.url("/daily/77"), dataclasses.replace(kras, outlet="Cancer Daily"), None),
        ("daily:78", site.url("/daily/78"), exercise, None),
    ]
    one = site.add("/wire.rss", Reply(rss_feed("Oncology Wire", wire), content_type=RSS))
    two = site.add("/daily.atom", Reply(atom_feed("Cancer Daily", daily), content_type=ATOM))
    async with ingestor(settings) as ing:
        outcomes = await ing.ingest([one, two])
        again = await ing.ingest([one, two])
    assert sum(len(o.stored) for o in outcomes) == 2
    assert sum(len(o.duplicates) for o in outcomes) == 1
    assert sum(len(o.stored) for o in again) == 0
    assert len(stored_texts(settings)) == 2


def test_feed_detection_and_entry_html():
    assert looks_like_feed(b"<?xml version='1.0'?><rss version='2.0'>", "text/xml")
    assert looks_like_feed(b"<feed xmlns='http://www.w3.org/2005/Atom'>", "")
    assert not looks_like_feed(b"<!doctype html><html><body>", "text/html")
    paragraphs = html_paragraphs(
        "<p>One <b>bold</b> line.</p><blockquote><p>Quoted.</p></blockquote>"
    )
    assert paragraphs == ["One bold line.", "Quoted."]
    assert html_paragraphs("First.\n\nSecond.") == ["First.", "Second."]


def test_not_a_feed_is_refused():
    import pytest

    from oncobrief.ingest.feeds import FeedError

    with pytest.raises(FeedError):
        parse_feed(b"<html><body>Hello</body></html>", "text/html")
    parsed = parse_feed(rss_feed("T", []).encode(), RSS)
    assert parsed.title == "T" and parsed.entries == []
