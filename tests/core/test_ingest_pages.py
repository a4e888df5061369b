"""Article pages, saved HTML files and folders into the library, with errors per source."""

from __future__ import annotations

import datetime as dt

import pytest

from oncobrief.ingest.fetch import FetchLimits
from oncobrief.ingest.state import IngestState
from oncobrief.ingest.store import read_header
from oncobrief.pipeline import brief_from_file
from tests.core import http_fixtures
from tests.core.http_fixtures import (
    SEED,
    Reply,
    article_page,
    ingestor,
    made_up_articles,
    seed_article,
)

site = http_fixtures.site  # fixture
settings = http_fixtures.settings  # fixture


def library_files(settings):
    folder = settings.seeds_dir
    return sorted(folder.glob("*.txt")) if folder.exists() else []


async def test_article_page_is_stored_with_metadata_and_url(site, settings):
    article = seed_article()
    canonical = "https://targetedonc.example/news/brain-met"
    url = site.add("/news/brain-met", article_page(article, canonical=canonical))
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([url])
    assert outcome.ok, outcome.errors
    [stored] = library_files(settings)
    text = stored.read_text("utf-8")
    assert read_header(text) == {"url": canonical, "outlet": "Targeted Oncology News"}
    assert "By: Kayci Reyer\nPosted: Tuesday, June 28, 2022\n" in text
    assert "cookies" not in text and "All rights reserved" not in text and "Subscribe" not in text
    # A later load reads it with no network: the pipeline sees title, author, date, URL.
    brief = brief_from_file(stored, settings)
    assert brief.title == article.title
    assert brief.attribution.authors == ["Kayci Reyer"]
    assert brief.attribution.posted == dt.date(2022, 6, 28)
    assert brief.attribution.url == canonical
    assert brief.attribution.outlet == "Targeted Oncology News"
    assert "repotrectinib" in brief.summary[0].text or brief.findings


async def test_the_same_article_twice_is_stored_once(site, settings):
    article = made_up_articles()["kras"]
    page = article_page(article, canonical=site.url("/kras"))
    site.add("/kras", page)
    site.add("/kras?utm_source=newsletter", page)
    site.add("/mirror/kras", article_page(article))  # same text at another address
    async with ingestor(settings) as ing:
        first = await ing.ingest([site.url("/kras")])
        again = await ing.ingest(
            [site.url("/kras"), site.url("/kras?utm_source=newsletter"), site.url("/mirror/kras")]
        )
    assert len(first[0].stored) == 1
    assert all(not o.stored and len(o.duplicates) == 1 for o in again)
    assert len(library_files(settings)) == 1


async def test_outlet_given_for_a_source_wins_over_the_site_name(site, settings):
    url = site.add("/ex", article_page(made_up_articles()["exercise"]))
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([url], outlet="Survivorship Weekly")
    assert read_header(outcome.stored[0].text)["outlet"] == "Survivorship Weekly"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(body=""), "empty page"),
        (Reply(body="<html><body>   </body></html>"), "not an article"),
        (
            Reply(
                body="<html><head><title>Oncology news</title></head><body><nav>"
                + "".join(f'<a href="/n{n}">Story {n}</a> ' for n in range(30))
                + "</nav><p>Latest stories.</p></body></html>"
            ),
            "not an article",
        ),
        (Reply(status=404, body="gone"), "404"),
        (Reply(status=410), "410"),
        (Reply(status=503), "503"),
        (Reply(status=429, headers={"Retry-After": "90"}), "retry after 90 s"),
        (Reply(status=302, headers={"Location": "/bad"}), "redirect loop"),
        (Reply(body="<p>" + "word " * 40_000 + "</p>"), "too large"),
        (Reply(body="<p>late</p>", delay=3.0), "timed out"),
        (Reply(body=b"%PDF-1.4 binary", content_type="application/pdf"), "not a web page"),
    ],
)
async def test_bad_pages_record_a_readable_error_and_store_nothing(site, settings, reply, reason):
    url = site.add("/bad", reply)
    limits = FetchLimits(timeout=1.5, max_bytes=100_000, min_host_delay=0, max_retry_wait=0)
    async with ingestor(settings, limits=limits) as ing:
        [outcome] = await ing.ingest([url])
    assert not outcome.stored
    assert reason in outcome.errors[0]
    state = IngestState.in_data_dir(settings.data_dir)
    health = state.health(url)
    state.close()
    assert health.last_error and reason in health.last_error
    assert health.last_success is None and not health.ok
    assert library_files(settings) == []


async def test_a_failing_page_keeps_what_was_stored_and_the_others_go_on(site, settings):
    good = site.add("/good", article_page(made_up_articles()["kras"]))
    async with ingestor(settings) as ing:
        await ing.ingest([good])
        site.add("/good", Reply(status=500))
        other = site.add("/other", article_page(made_up_articles()["exercise"]))
        outcomes = await ing.ingest([good, site.url("/missing"), other])
    assert [bool(o.stored) for o in outcomes] == [False, False, True]
    assert "500" in outcomes[0].errors[0] and "404" in outcomes[1].errors[0]
    assert len(library_files(settings)) == 2


async def test_missing_and_wrong_charsets(site, settings):
    article = made_up_articles()["kras"]
    page = article_page(article, charset=None)
    site.add("/nocharset", Reply(body=page.encode("utf-8"), content_type="text/html"))
    site.add(
        "/wrong",
        Reply(body=page.encode("utf-8"), content_type="text/html; charset=iso-8859-1"),
    )
    async with ingestor(settings) as ing:
        outcomes = await ing.ingest([site.url("/nocharset"), site.url("/wrong")])
    [stored] = library_files(settings)  # both decode to the same article
    assert len(outcomes[0].stored) + len(outcomes[1].stored) == 1
    text = stored.read_text("utf-8")
    assert "“These data support" in text and "â€" not in text


async def test_saved_html_file_and_text_folder(tmp_path, settings):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "kras.html").write_text(article_page(made_up_articles()["kras"]), "utf-8")
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "empty.txt").write_text("", "utf-8")
    (folder / "notes.md").write_text("ignored", "utf-8")
    async with ingestor(settings) as ing:
        outcomes = await ing.ingest([folder])
        again = await ing.ingest([folder])
    by_name = {o.source.rsplit("/", 1)[-1]: o for o in outcomes}
    assert set(by_name) == {"kras.html", "seed.txt", "empty.txt"}
    assert "empty" in by_name["empty.txt"].errors[0]
    assert len(by_name["kras.html"].stored) == 1 and len(by_name["seed.txt"].stored) == 1
    stored_seed = by_name["seed.txt"].stored[0].path
    assert stored_seed.read_bytes() == SEED.read_bytes()  # a text file is kept as it is
    assert sum(len(o.stored) for o in again) == 0
    assert len(library_files(settings)) == 2


async def test_files_already_in_the_library_are_not_copied(settings):
    settings.seeds_dir.mkdir(parents=True)
    (settings.seeds_dir / "seed.txt").write_bytes(SEED.read_bytes())
    async with ingestor(settings) as ing:
        [outcome] = await ing.ingest([settings.seeds_dir])
    assert not outcome.stored and len(outcome.duplicates) == 1
    assert [p.name for p in library_files(settings)] == ["seed.txt"]
