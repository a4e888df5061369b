"""A polite async HTTP client for article pages and feeds.

Politeness: one request at a time per host, a minimum delay between two requests to the same
host, and a User-Agent that names OncoBrief and how to reach its operators. Robustness:
timeouts, redirects followed by hand (bounded, loops detected), a body size limit checked while
reading, and charset handling that survives missing or wrong declarations. Every failure is a
``FetchError`` whose ``reason`` reads well in a health table.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import os
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import aiohttp
import charset_normalizer

from oncobrief import __version__

# Sites see who is asking and how to reach the operator: set ONCOBRIEF_CONTACT to a URL or
# mailto: address of whoever runs this OncoBrief.
CONTACT = os.environ.get("ONCOBRIEF_CONTACT", "").strip() or "contact: set ONCOBRIEF_CONTACT"
USER_AGENT = f"OncoBrief/{__version__} (+{CONTACT}; oncology news brief reader)"
_REDIRECTS = {301, 302, 303, 307, 308}
_SINGLE_BYTE = re.compile(
    r"^(iso-?8859-\d+|latin-?1|l1|windows-125\d|cp125\d|us-ascii|ascii)$", re.I
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


class FetchError(Exception):
    """A request that did not give a usable body; ``reason`` is short and readable."""

    def __init__(
        self, url: str, reason: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None  # declared in the Content-Type header
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answer to a conditional request
    headers: dict[str, str] = field(default_factory=dict)

    def text(self) -> tuple[str, str]:
        """The body decoded: (text, encoding used)."""
        return decode_body(self.body, self.charset)


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 20.0  # seconds for one whole request
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    min_host_delay: float = 1.0  # seconds between two requests to the same host
    max_retry_wait: float = 5.0  # 429/503 with a Retry-After up to this long is retried once


class _HostGate:
    """One request at a time to a host, and a pause between them."""

    def __init__(self, min_delay: float) -> None:
        self.lock = asyncio.Lock()
        self.min_delay = min_delay
        self.last = 0.0

    async def __aenter__(self) -> None:
        await self.lock.acquire()
        wait = self.last + self.min_delay - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def __aexit__(self, *exc: object) -> None:
        self.last = time.monotonic()
        self.lock.release()


class Fetcher:
    """Use as ``async with Fetcher() as fetcher: await fetcher.get(url)``."""

    def __init__(self, limits: FetchLimits | None = None, user_agent: str = USER_AGENT) -> None:
        self.limits = limits or FetchLimits()
        self.user_agent = user_agent
        self._gates: dict[str, _HostGate] = {}
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        self._session = aiohttp.ClientSession(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=aiohttp.ClientTimeout(total=self.limits.timeout),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _gate(self, url: str) -> _HostGate:
        host = urlsplit(url).netloc.lower()
        if host not in self._gates:
            self._gates[host] = _HostGate(self.limits.min_host_delay)
        return self._gates[host]

    async def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET ``url``; raises FetchError for anything but a 2xx body or a 304."""
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        try:
            return await self._get(url, conditional)
        except FetchError as exc:
            if exc.retry_after is None or exc.retry_after > self.limits.max_retry_wait:
                raise
            await asyncio.sleep(exc.retry_after)  # the server asked for a short pause: once
            return await self._get(url, conditional)

    async def _get(self, url: str, conditional: dict[str, str]) -> FetchResult:
        if self._session is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        seen: list[str] = []
        current = url
        while True:
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchError(url, f"unsupported address {current!r} (only http and https)")
            if current in seen:
                raise FetchError(url, f"redirect loop ({' -> '.join([*seen, current])})")
            if len(seen) > self.limits.max_redirects:
                raise FetchError(url, f"too many redirects (more than {self.limits.max_redirects})")
            seen.append(current)
            async with self._gate(current):
                result = await self._request(url, current, conditional)
            if isinstance(result, FetchResult):
                return result
            current = result  # a redirect target

    async def _request(self, origin: str, url: str, headers: dict[str, str]) -> FetchResult | str:
        assert self._session is not None
        try:
            async with self._session.get(url, headers=headers, allow_redirects=False) as resp:
                if resp.status in _REDIRECTS:
                    location = resp.headers.get("Location")
                    if not location:
                        raise FetchError(origin, f"{resp.status} redirect without a Location")
                    return urljoin(url, location)
                if resp.status == 304:
                    return FetchResult(url=url, status=304, not_modified=True)
                if resp.status >= 400:
                    raise _status_error(origin, resp.status, resp.reason, resp.headers)
                body = await self._read_limited(origin, resp)
                return FetchResult(
                    url=url,
                    status=resp.status,
                    body=body,
                    content_type=resp.content_type or "",
                    charset=resp.charset,
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                    headers={k.lower(): v for k, v in resp.headers.items()},
                )
        except TimeoutError as exc:
            raise FetchError(origin, f"timed out after {self.limits.timeout:g} s") from exc
        except aiohttp.ClientError as exc:
            raise FetchError(origin, f"connection failed: {exc.__class__.__name__}: {exc}") from exc

    async def _read_limited(self, origin: str, resp: aiohttp.ClientResponse) -> bytes:
        limit = self.limits.max_bytes
        if resp.content_length is not None and resp.content_length > limit:
            raise FetchError(origin, f"body too large ({resp.content_length} bytes > {limit})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(65536):
            size += len(chunk)
            if size > limit:
                raise FetchError(origin, f"body too large (more than {limit} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)


def _status_error(url: str, status: int, reason: str | None, headers) -> FetchError:
    label = f"{status} {reason or ''}".strip()
    if status == 429 or status == 503:
        retry_after = parse_retry_after(headers.get("Retry-After"))
        if retry_after is not None:
            return FetchError(
                url, f"{label} (retry after {retry_after:g} s)", status, retry_after=retry_after
            )
    if status == 404:
        return FetchError(url, f"{label}: the page does not exist", status)
    if status == 410:
        return FetchError(url, f"{label}: the page was removed for good", status)
    if status >= 500:
        return FetchError(url, f"{label}: server error", status)
    return FetchError(url, label, status)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def decode_body(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page: BOM, then the declared charset, in-document declaration, UTF-8, detection.

    A declared single-byte charset never fails to decode, so when such a body is also valid
    UTF-8 with non-ASCII bytes the declaration is taken to be wrong and UTF-8 wins.
    """
    for bom, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff"), name
    candidates = [declared, _in_document_charset(body), "utf-8"]
    for name in candidates:
        if not name:
            continue
        if _SINGLE_BYTE.match(name) and not body.isascii() and _is_utf8(body):
            return body.decode("utf-8"), "utf-8"
        try:
            return body.decode(name), name.lower()
        except (LookupError, UnicodeDecodeError):
            continue
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return str(best), best.encoding
    return body.decode("cp1252", errors="replace"), "cp1252"


def _in_document_charset(body: bytes) -> str | None:
    head = body[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "ignore") if match else None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
