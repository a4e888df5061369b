"""sources.toml, per-source health, and the `ingest` / `sources` commands."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from oncobrief.cli import app
from oncobrief.ingest.sources import SourcesFileError, SourceSpec, due_sources, load_sources
from oncobrief.ingest.state import IngestState
from tests.core import http_fixtures
from tests.core.http_fixtures import (
    Reply,
    article_page,
    made_up_articles,
    rss_feed,
)

thread_site = http_fixtures.thread_site  # fixture

runner = CliRunner()


def write_sources(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_sources_file_with_defaults_and_overrides(tmp_path):
    path = write_sources(
        tmp_path / "sources.toml",
        """
[defaults]
interval_minutes = 45
baseline_entries = 2

[[feed]]
url = "https://wire.example/rss"
outlet = "Oncology Wire"
interval_minutes = 15

[[page]]
url = "https://daily.example/news/1"
""",
    )
    feed, page = load_sources(path)
    assert feed == SourceSpec("https://wire.example/rss", "feed", "Oncology Wire", 15, 2)
    assert page.kind == "page" and page.outlet is None and page.interval_minutes == 45
    assert load_sources(tmp_path / "absent.toml") == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[feed]]\nurl = 'ftp://x'", "needs url"),
        ("[[feed]\nurl=", "not valid TOML"),
        ("[[feeds]]\nurl = 'https://x'", "unknown section"),
        ("[[page]]\nurl = 'https://x'\ninterval_minutes = -5", "must be a number >= 0"),
        ("[[page]]\nurl = 'https://x'\n[[feed]]\nurl = 'https://x'", "repeats"),
    ],
)
def test_broken_sources_files_name_the_problem(tmp_path, text, words):
    path = write_sources(tmp_path / "sources.toml", text)
    with pytest.raises(SourcesFileError, match=words) as info:
        load_sources(path)
    assert str(path) in str(info.value)


def test_due_sources_respect_interval_and_retry_after(tmp_path):
    state = IngestState(tmp_path / "state.sqlite3")
    fresh = SourceSpec("https://a.example/rss", "feed", interval_minutes=60)
    polled = SourceSpec("https://b.example/rss", "feed", interval_minutes=60)
    limited = SourceSpec("https://c.example/rss", "feed", interval_minutes=0)
    state.record_success(polled.url, None, 3)
    state.record_error(limited.url, None, "429 Too Many Requests", retry_after=3600)
    now = dt.datetime.now(dt.UTC)
    assert due_sources([fresh, polled, limited], state, now) == [fresh]
    later = now + dt.timedelta(hours=2)
    assert due_sources([fresh, polled, limited], state, later) == [fresh, polled, limited]
    health = state.health(limited.url)
    assert health.last_error == "429 Too Many Requests" and not health.ok
    state.close()


def test_health_counts_and_recovers(tmp_path):
    state = IngestState(tmp_path / "s.sqlite3")
    state.record_error("u", "Outlet", "503 Service Unavailable: server error")
    state.record_success("u", None, 2)
    state.record_success("u", None, 1)
    health = state.health("u")
    assert health.ok and health.articles_seen == 3 and health.outlet == "Outlet"
    assert health.last_error.startswith("503")  # the last error stays visible
    state.close()


def test_ingest_and_sources_commands(tmp_path, thread_site):
    site = thread_site
    articles = made_up_articles()
    items = [("k", site.url("/kras"), articles["kras"], None)]
    feed = site.add("/rss", Reply(rss_feed("Wire", items), content_type="application/rss+xml"))
    broken = site.add("/busy.rss", Reply(status=429, headers={"Retry-After": "600"}))
    data, library = tmp_path / "data", tmp_path / "library"
    write_sources(
        data / "sources.toml",
        f'[[feed]]\nurl = "{feed}"\noutlet = "Oncology Wire"\n\n'
        f'[[feed]]\nurl = "{broken}"\noutlet = "Busy Outlet"\ninterval_minutes = 5\n',
    )
    env = {"ONCOBRIEF_DATA_DIR": str(data), "ONCOBRIEF_CACHE_ENABLED": "false"}

    result = runner.invoke(app, ["--seeds", str(library), "ingest"], env=env)
    assert result.exit_code == 1, result.output  # one source failed
    assert "1 new article" in result.stdout and "Adagrasib" in result.stdout
    assert "429" in result.stdout and "retry after 600 s" in result.stdout
    assert len(list(library.glob("*.txt"))) == 1

    page = site.add("/ex", article_page(articles["exercise"]))
    result = runner.invoke(
        app,
        ["--seeds", str(library), "-f", "json", "ingest", page, "--outlet", "Survivors"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    [outcome] = json.loads(result.stdout)
    assert outcome["outlet"] == "Survivors" and len(outcome["stored"]) == 1

    result = runner.invoke(app, ["sources"], env=env)
    assert result.exit_code == 1  # a failing source
    assert "[ok] Oncology Wire" in result.stdout
    assert "[failing] Busy Outlet" in result.stdout and "429" in result.stdout
    assert "ingested by hand" in result.stdout  # the page given on the command line
    result = runner.invoke(app, ["-f", "json", "sources"], env=env)
    rows = {row["url"]: row for row in json.loads(result.stdout)}
    assert rows[feed]["articles_seen"] == 1 and rows[feed]["status"] == "ok"
    assert rows[broken]["last_error"].startswith("429")


def test_sources_command_without_a_file(tmp_path):
    env = {"ONCOBRIEF_DATA_DIR": str(tmp_path / "data")}
    result = runner.invoke(app, ["sources"], env=env)
    assert result.exit_code == 0
    assert "No sources yet" in result.stdout and "sources.toml" in result.stdout
    result = runner.invoke(app, ["ingest"], env=env)
    assert result.exit_code == 2 and "no sources" in result.output
