"""The polite HTTP client against a real server on 127.0.0.1: errors, limits, charsets."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oncobrief.ingest.fetch import (
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchLimits,
    decode_body,
    parse_retry_after,
)
from tests.core import http_fixtures
from tests.core.http_fixtures import FAST, Reply

site = http_fixtures.site  # fixture


async def fetch(url: str, limits: FetchLimits = FAST, **kwargs):
    async with Fetcher(limits) as fetcher:
        return await fetcher.get(url, **kwargs)


async def fetch_error(url: str, limits: FetchLimits = FAST) -> FetchError:
    with pytest.raises(FetchError) as info:
        await fetch(url, limits)
    return info.value


async def test_sends_a_clear_user_agent(site):
    url = site.add("/a", "<p>hello</p>")
    result = await fetch(url)
    assert result.status == 200 and result.body == b"<p>hello</p>"
    assert site.requests[0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("OncoBrief/") and "+" in USER_AGENT


async def test_follows_redirects_and_reports_the_final_url(site):
    site.add("/old", Reply(status=301, headers={"Location": "/new"}))
    site.add("/new", "moved here")
    result = await fetch(site.url("/old"))
    assert result.url == site.url("/new")
    assert result.body == b"moved here"


async def test_redirect_loop_is_an_error_naming_the_loop(site):
    site.add("/loop-a", Reply(status=302, headers={"Location": "/loop-b"}))
    site.add("/loop-b", Reply(status=302, headers={"Location": "/loop-a"}))
    error = await fetch_error(site.url("/loop-a"))
    assert "redirect loop" in error.reason
    assert site.hits("/loop-a") == 1 and site.hits("/loop-b") == 1


async def test_redirects_are_bounded(site):
    for n in range(10):
        site.add(f"/hop{n}", Reply(status=307, headers={"Location": f"/hop{n + 1}"}))
    error = await fetch_error(site.url("/hop0"), FetchLimits(min_host_delay=0, max_redirects=3))
    assert "too many redirects" in error.reason
    assert site.hits("/hop5") == 0


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "does not exist"),
        (410, "removed for good"),
        (500, "server error"),
        (502, "server error"),
    ],
)
async def test_http_errors_have_readable_reasons(site, status, words):
    site.add("/x", Reply(status=status, body="nope"))
    error = await fetch_error(site.url("/x"))
    assert error.status == status
    assert str(status) in error.reason and words in error.reason


async def test_429_with_a_long_retry_after_is_reported_with_the_wait(site):
    site.add("/busy", Reply(status=429, headers={"Retry-After": "120"}))
    error = await fetch_error(site.url("/busy"))
    assert error.retry_after == 120
    assert "429" in error.reason and "retry after 120 s" in error.reason
    assert site.hits("/busy") == 1  # not hammered


async def test_429_with_a_short_retry_after_is_retried_once(site):
    site.add("/busy", Reply(status=429, headers={"Retry-After": "0"}))
    error = await fetch_error(site.url("/busy"))
    assert site.hits("/busy") == 2
    assert error.status == 429


async def test_slow_response_times_out(site):
    site.add("/slow", Reply(body="late", delay=3.0))
    error = await fetch_error(site.url("/slow"), FetchLimits(timeout=0.3, min_host_delay=0))
    assert "timed out" in error.reason


@pytest.mark.parametrize("chunked", [False, True])
async def test_oversized_body_is_refused(site, chunked):
    site.add("/big", Reply(body=b"x" * 200_000, chunked=chunked))
    error = await fetch_error(site.url("/big"), FetchLimits(max_bytes=50_000, min_host_delay=0))
    assert "too large" in error.reason


async def test_conditional_request_gets_304(site):
    site.add("/feed", Reply(body="<rss/>", etag='"v1"'))
    first = await fetch(site.url("/feed"))
    assert first.etag == '"v1"' and not first.not_modified
    second = await fetch(
        site.url("/feed"), etag='"v1"', last_modified="Mon, 01 May 2023 00:00:00 GMT"
    )
    assert second.not_modified and second.status == 304
    assert site.requests[-1].headers["If-None-Match"] == '"v1"'
    assert site.requests[-1].headers["If-Modified-Since"].startswith("Mon, 01 May 2023")


async def test_one_request_at_a_time_per_host(site):
    for n in range(4):
        site.add(f"/p{n}", Reply(body="ok", delay=0.05))
    async with Fetcher(FetchLimits(min_host_delay=0.01)) as fetcher:
        await asyncio.gather(*(fetcher.get(site.url(f"/p{n}")) for n in range(4)))
    assert site.max_in_flight == 1
    assert len(site.requests) == 4


async def test_non_http_addresses_are_refused():
    error = await fetch_error("file:///etc/passwd")
    assert "unsupported address" in error.reason


async def test_wrong_declared_charset_is_corrected(site):
    text = "Résistance aux inhibiteurs – “étude”"
    site.add(
        "/latin", Reply(body=text.encode("utf-8"), content_type="text/html; charset=iso-8859-1")
    )
    site.add("/utf", Reply(body=text.encode("cp1252"), content_type="text/html; charset=utf-8"))
    for path in ("/latin", "/utf"):
        decoded, _ = (await fetch(site.url(path))).text()
        assert decoded == text, path


def test_missing_charset_uses_the_meta_tag_or_detection():
    page = '<html><head><meta charset="windows-1252"></head><body>café – naïve</body></html>'
    assert decode_body(page.encode("cp1252"))[0] == page
    assert decode_body(page.encode("utf-8"))[0] == page
    assert decode_body("\ufeffplain".encode())[0] == "plain"
    long_text = ("Les résultats montrent une amélioration très nette. " * 20).encode("cp1252")
    assert "amélioration" in decode_body(long_text)[0]


def test_retry_after_forms():
    assert parse_retry_after("30") == 30
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@given(st.binary(max_size=300), st.sampled_from([None, "utf-8", "iso-8859-1", "bogus", "utf-16"]))
def test_decode_body_never_fails(body, declared):
    text, encoding = decode_body(body, declared)
    assert isinstance(text, str) and encoding
