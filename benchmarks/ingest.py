"""Ingest benchmark: the dev news corpus rendered as article pages, served on 127.0.0.1.

Each ``../shared/corpus/news-dev/*.txt`` becomes an HTML page with realistic markup (header,
nav, cookie banner, footer, og:title / og:site_name / article:published_time / author meta
tags from manifest.jsonl). The pages are ingested through the real path (polite fetcher,
trafilatura, store, dedupe index), once by URL and once through an RSS feed of teasers, and
then read back from the library with the document parser. Prints articles per second and
extraction agreement (title, date, author) against the manifest.

Run: ``.venv/bin/python -m benchmarks.ingest`` (skips cleanly when the corpus is absent).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from oncobrief.document import parse_document
from oncobrief.ingest.fetch import FetchLimits
from oncobrief.ingest.runner import Ingestor
from oncobrief.ingest.store import StoreResult
from oncobrief.reading import read_source
from oncobrief.settings import Settings
from tests.core.http_fixtures import Article, Reply, TestSite, article_page, rss_feed

NEWS_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news-dev"
LIMITS = FetchLimits(timeout=10.0, min_host_delay=0.0)  # one local host: no politeness pause


def load_corpus(folder: Path) -> list[tuple[dict, Article]]:
    rows = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    items = []
    for row in rows:
        path = folder / row["file"]
        if not path.is_file():
            continue
        document = parse_document(read_source(path))
        article = Article(
            slug=row["id"],
            title=row["title"],
            authors=list(row.get("authors") or []),
            posted=dt.date.fromisoformat(row["date"]) if row.get("date") else None,
            outlet=row.get("outlet") or row.get("domain") or "News",
            paragraphs=[p.text for p in document.paragraphs],
        )
        items.append((row, article))
    return items


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().casefold()


def _score(expected: Article, title, posted, authors) -> dict[str, bool]:
    return {
        "title": _norm(title) == _norm(expected.title),
        "date": posted == expected.posted,
        "author": {_norm(a) for a in authors} == {_norm(a) for a in expected.authors},
    }


def agreement(expected: list[tuple[dict, Article]], stored: dict[str, StoreResult]) -> dict:
    """Share of articles matching the manifest in title, date and author set: as extracted
    from the page (``page``), and as read back from the stored file by the document parser
    (``stored``: what briefs show; the parser also drops junk such as "Min Read")."""
    totals = {"page": dict.fromkeys(("title", "date", "author"), 0)}
    totals["stored"] = dict(totals["page"])
    for row, article in expected:
        result = stored.get(row["id"])
        if result is None:
            continue
        got = result.article
        for key, ok in _score(article, got.title, got.posted, got.authors).items():
            totals["page"][key] += ok
        document = parse_document(read_source(result.path))
        title = document.title.text if document.title else None
        for key, ok in _score(article, title, document.posted, document.authors).items():
            totals["stored"][key] += ok
    return {
        level: {key: value / len(expected) for key, value in counts.items()}
        for level, counts in totals.items()
    }


async def run_once(
    items, site: TestSite, via_feed: bool, build_briefs: bool, prefix: str = "/news"
) -> dict:
    urls = {row["id"]: site.url(f"{prefix}/{row['id']}") for row, _ in items}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            seeds_dir=Path(tmp) / "library", data_dir=Path(tmp) / "data", cache_enabled=False
        )
        start = time.perf_counter()
        async with Ingestor(
            settings, limits=LIMITS, baseline_entries=None, build_briefs=build_briefs
        ) as ingestor:
            if via_feed:
                outcomes = await ingestor.ingest([site.url("/feed.rss")])
            else:
                outcomes = await ingestor.ingest(list(urls.values()))
        seconds = time.perf_counter() - start
        by_url = {}
        for outcome in outcomes:
            for result in outcome.stored:
                for url in result.article.alternate_urls or [result.article.origin]:
                    by_url[url] = result
        stored = {key: by_url[url] for key, url in urls.items() if url in by_url}
        errors = [e for o in outcomes for e in o.errors]
        return {
            "articles": len(stored),
            "seconds": seconds,
            "per_second": len(stored) / seconds if seconds else 0.0,
            "errors": errors,
            "agreement": agreement(items, stored),
        }


async def main() -> int:
    if not (NEWS_DEV / "manifest.jsonl").is_file():
        print(f"skipped: {NEWS_DEV} not found (the dev corpus is optional)")
        return 0
    items = load_corpus(NEWS_DEV)
    site = TestSite()
    await site.start()
    try:
        for row, article in items:
            canonical = site.url(f"/news/{row['id']}")
            site.add(f"/news/{row['id']}", article_page(article, canonical=canonical))
        teasers = [
            (row["id"], site.url(f"/news/{row['id']}"), article, article.title + "…")
            for row, article in items
        ]
        site.add(
            "/feed.rss", Reply(rss_feed("news-dev", teasers), content_type="application/rss+xml")
        )
        for row, article in items:  # the same pages without any meta tag
            site.add(f"/bare/{row['id']}", article_page(article, meta_tags=False))
        print(f"{len(items)} pages from {NEWS_DEV} served on {site.base}")
        for label, via_feed, briefs, prefix in (
            ("article URLs, store only", False, False, "/news"),
            ("article URLs + briefs", False, True, "/news"),
            ("RSS feed of teasers -> pages", True, False, "/news"),
            ("pages without meta tags", False, False, "/bare"),
        ):
            result = await run_once(items, site, via_feed, briefs, prefix)
            print(
                f"{label:30s} {result['articles']:3d} articles in {result['seconds']:.2f} s "
                f"= {result['per_second']:.1f} articles/s, errors {len(result['errors'])}"
            )
            for level, a in result["agreement"].items():
                print(
                    f"    agreement ({level:6s}): title {a['title']:.0%}, date {a['date']:.0%}, "
                    f"author {a['author']:.0%}"
                )
            for error in result["errors"][:5]:
                print(f"    error: {error}")
    finally:
        await site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
