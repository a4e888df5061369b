"""Article dedupe keys, and the same study from several outlets grouped into one story."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from oncobrief.ingest.dedupe import (
    canonical_url,
    group_stories,
    merge_stories,
    same_study,
    text_fingerprint,
)
from oncobrief.ingest.store import IngestedArticle, render_article
from oncobrief.library import Library
from oncobrief.pipeline import brief_from_source
from oncobrief.reading import source_from_text
from tests.core import http_fixtures
from tests.core.http_fixtures import article_page, ingestor, made_up_articles

settings = http_fixtures.settings  # fixture
site = http_fixtures.site  # fixture


def test_canonical_urls():
    assert canonical_url("HTTP://WWW.Example.org:80/news/a/?utm_source=x&id=3#top") == (
        "https://example.org/news/a?id=3"
    )
    assert canonical_url("https://example.org/a?b=2&a=1") == canonical_url(
        "https://example.org/a/?a=1&b=2&fbclid=zz"
    )
    assert canonical_url("https://example.org:8443/a") != canonical_url("https://example.org/a")
    assert canonical_url("https://example.org/a") != canonical_url("https://example.org/b")


def test_text_fingerprint_ignores_layout_not_words():
    a = "“Findings” — were\n\nclear.  Very clear."
    assert text_fingerprint(a) == text_fingerprint('"findings" were clear. very clear.')
    assert text_fingerprint(a) != text_fingerprint("Findings were unclear. Very clear.")


def brief_of(key: str, settings, **changes):
    article = dataclasses.replace(made_up_articles()[key], **changes)
    stored = IngestedArticle(
        article.title,
        article.paragraphs,
        origin=f"https://{article.slug}.example/",
        url=f"https://{article.slug}.example/",
        outlet=article.outlet,
        authors=article.authors,
        posted=article.posted,
    )
    return brief_from_source(source_from_text(render_article(stored), stored.origin), settings)


def test_same_study_from_two_outlets_is_one_story(settings):
    wire = brief_of("kras", settings)
    daily = brief_of("kras_retold", settings)
    other = brief_of("exercise", settings)
    assert wire.attribution.journal == daily.attribution.journal == "Journal of Clinical Oncology"
    assert same_study(wire, daily) and not same_study(wire, other)
    groups = group_stories([wire, other, daily])
    assert [[b.id for b in g] for g in groups] == [[wire.id, daily.id], [other.id]]
    merged = merge_stories([daily, other, wire])
    story = next(b for b in merged if b.sources)
    assert story.id == wire.id  # the earliest report leads
    assert [s.outlet for s in story.sources] == ["Oncology Wire", "Cancer Daily News"]
    assert [s.url for s in story.sources] == [
        "https://kras-doublet.example/",
        "https://kras-retold.example/",
    ]
    assert next(b for b in merged if b.id == other.id).sources == []
    assert len(merged) == 2


def test_reports_months_apart_are_different_stories(settings):
    wire = brief_of("kras", settings)
    much_later = brief_of("kras_retold", settings, posted=dt.date(2023, 9, 1))
    assert not same_study(wire, much_later)
    assert len(group_stories([wire, much_later])) == 2


@given(st.text(alphabet="abcXYZ/?&=#:._-%~ 0123456789", max_size=40))
def test_canonical_url_is_idempotent(path):
    url = canonical_url("https://Example.org/" + path)
    assert canonical_url(url) == url


async def test_two_outlets_ingested_and_loaded_make_one_story(site, settings):
    articles = made_up_articles()
    urls = [
        site.add("/wire/kras", article_page(articles["kras"])),
        site.add("/daily/kras", article_page(articles["kras_retold"])),
        site.add("/today/exercise", article_page(articles["exercise"])),
    ]
    async with ingestor(settings) as ing:
        outcomes = await ing.ingest(urls)
    assert [len(o.stored) for o in outcomes] == [1, 1, 1]  # different texts: three articles
    library = Library.load(settings.seeds_dir, settings)
    stories = merge_stories(sorted(library, key=lambda b: b.id))
    assert len(stories) == 2
    [story] = [b for b in stories if b.sources]
    assert {s.outlet for s in story.sources} == {"Oncology Wire", "Cancer Daily News"}
    assert {s.url for s in story.sources} == {urls[0], urls[1]}
