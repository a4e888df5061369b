"""RSS and Atom feeds with feedparser: entries, teasers and the first-run baseline.

Fetching (conditional requests, politeness) is the runner's job; this module turns a feed body
into entries, decides which entries are new and whether an entry holds the whole article or
only a teaser whose link must be followed.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

import feedparser
import lxml.html

from oncobrief.ingest.html import MIN_ARTICLE_CHARS

# Bozo exceptions that only say the feed's declared type or charset was off: entries are fine.
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
_TEASER_END = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading)\W*$", re.I)
_BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "pre"}
_FEED_START = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)


class FeedError(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class FeedEntry:
    id: str
    link: str | None
    title: str | None
    authors: list[str] = field(default_factory=list)
    posted: dt.date | None = None
    paragraphs: list[str] = field(default_factory=list)  # the entry's own text

    @property
    def is_teaser(self) -> bool:
        """Too short for an article, or cut off with '...'/'Read more': follow the link."""
        text = "\n".join(self.paragraphs)
        return len(text) < MIN_ARTICLE_CHARS or bool(_TEASER_END.search(text))


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    problem: str | None = None  # a malformed feed whose entries could still be read


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    if any(word in content_type.lower() for word in ("rss", "atom", "/xml", "+xml")):
        return b"<html" not in body[:1024].lower()
    return bool(_FEED_START.search(body[:2048]))


def parse_feed(body: bytes, content_type: str = "", url: str | None = None) -> ParsedFeed:
    """Entries of a feed, newest first; raises FeedError for a feed that cannot be read."""
    headers = {"content-type": content_type} if content_type else {}
    if url:
        headers["content-location"] = url  # relative entry links resolve against the feed
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        name = exc.__class__.__name__ if exc else "unknown error"
        if name not in _HARMLESS_BOZO:
            problem = f"malformed feed ({name}: {_short(str(exc))})"
    if not parsed.get("version") and not parsed.entries:
        raise FeedError(problem or "not a feed (no RSS or Atom found)")
    if problem and not parsed.entries:
        raise FeedError(problem)
    entries = [_entry(raw) for raw in parsed.entries]
    entries = [e for e in entries if e is not None]
    title = (parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(title, newest_first(entries), problem)


def newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Dated entries newest first; undated ones keep their feed order (feeds list newest first)."""
    order = {id(e): i for i, e in enumerate(entries)}
    return sorted(entries, key=lambda e: (-(e.posted.toordinal() if e.posted else 0), order[id(e)]))


def split_baseline(
    entries: list[FeedEntry], baseline_done: bool, baseline_entries: int | None
) -> tuple[list[FeedEntry], list[FeedEntry]]:
    """(entries to ingest, back-catalogue entries to remember only) for this poll.

    The first poll of a feed takes only the ``baseline_entries`` most recent entries, so a
    new source does not flood digests with its archive. ``None`` takes all.
    """
    if baseline_done or baseline_entries is None:
        return entries, []
    return entries[:baseline_entries], entries[baseline_entries:]


def _entry(raw) -> FeedEntry | None:
    link = raw.get("link") or None
    entry_id = raw.get("id") or link or raw.get("title")
    if not entry_id:
        return None
    html = ""
    if raw.get("content"):
        html = max((c.get("value") or "" for c in raw.content), key=len)
    if len(html) < len(raw.get("summary") or ""):
        html = raw.get("summary") or ""
    return FeedEntry(
        id=str(entry_id).strip(),
        link=link,
        title=_clean(raw.get("title") or "") or None,
        authors=_authors(raw),
        posted=_date(raw.get("published_parsed") or raw.get("updated_parsed")),
        paragraphs=html_paragraphs(html),
    )


def _authors(raw) -> list[str]:
    names = [_clean(a.get("name") or "") for a in raw.get("authors") or [] if isinstance(a, dict)]
    names = [n for n in names if n]
    if not names and raw.get("author"):
        names = [_clean(raw.author)]
    return names


def _date(value: time.struct_time | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except ValueError:
        return None


def html_paragraphs(html: str) -> list[str]:
    """Paragraph texts of an entry's HTML (or plain text split on blank lines)."""
    if not html.strip():
        return []
    if "<" not in html:
        return [p for p in (_clean(x) for x in re.split(r"\n\s*\n", html)) if p]
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises ParserError and friends on junk
        return [_clean(re.sub(r"<[^>]+>", " ", html))]
    blocks = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in _BLOCKS]
    if not blocks:
        return [p for p in (_clean(x) for x in root.text_content().split("\n\n")) if p]
    texts = []
    for el in blocks:
        if any(isinstance(a.tag, str) and a.tag in _BLOCKS for a in el.iterancestors()):
            continue  # a <p> inside a <blockquote> is read with its parent
        text = _clean(el.text_content())
        if text:
            texts.append(text)
    return texts


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _short(text: str, limit: int = 120) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
