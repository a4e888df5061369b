"""Writing ingested articles into the library folder, once each.

The stored form is the scraped-brief layout the rest of OncoBrief reads (see the seed), with
two labelled header lines that keep where the article came from, so a later load needs no
network::

    URL: https://outlet.example/news/some-study

    Outlet: Outlet Name


    Title of the article

    By: First Author, Second Author
    Posted: Tuesday, June 28, 2022

    First paragraph...

Header lines are separate blocks so that each reads as one short header line. ``By:`` and
``Posted:`` are left out when the page does not state them: nothing is invented.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from oncobrief.ingest.dedupe import canonical_url, text_fingerprint
from oncobrief.ingest.state import BASELINE_FILE, IngestState

HEADER_URL = "URL:"
HEADER_OUTLET = "Outlet:"


@dataclass(frozen=True)
class IngestedArticle:
    """An article ready to store: extracted from a page or a feed entry, or a text file."""

    title: str | None
    paragraphs: list[str]
    origin: str  # where it was read from: URL or file path
    url: str | None = None  # the article's own address (canonical when the page gives one)
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    posted: dt.date | None = None
    entry_id: str | None = None  # the feed entry's id, when it came from a feed
    alternate_urls: list[str] = field(default_factory=list)  # fetched URL, feed link
    raw_text: str | None = None  # a text file stored as it is (already in the layout)

    @property
    def body(self) -> str:
        """The article's own words, the same for a page and its stored text file."""
        return "\n\n".join(self.paragraphs) if self.paragraphs else (self.raw_text or "")

    def dedupe_keys(self) -> list[tuple[str, str]]:
        keys: list[tuple[str, str]] = []
        for url in (self.url, *self.alternate_urls):
            if url and ("url", canonical_url(url)) not in keys:
                keys.append(("url", canonical_url(url)))
        if self.entry_id:
            keys.append(("entry", self.entry_id.strip()))
        keys.append(("text", text_fingerprint(self.body)))
        return keys


@dataclass(frozen=True)
class StoreResult:
    article: IngestedArticle
    path: Path
    new: bool  # False: the same article was already stored at ``path``
    text: str  # the stored text (what a later load reads)


def format_posted(day: dt.date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def render_article(article: IngestedArticle) -> str:
    """The normalised text of an article, in the scraped-brief layout."""
    if article.raw_text is not None:
        return article.raw_text
    header = []
    if article.url:
        header.append(f"{HEADER_URL} {article.url}")
    if article.outlet:
        header.append(f"{HEADER_OUTLET} {_one_line(article.outlet)}")
    parts = [_one_line(article.title or "")]
    meta = []
    if article.authors:
        meta.append("By: " + ", ".join(_one_line(a) for a in article.authors))
    if article.posted:
        meta.append("Posted: " + format_posted(article.posted))
    if meta:
        parts.append("\n".join(meta))
    parts.extend(_one_line(p) for p in article.paragraphs)
    body = "\n\n".join(parts) + "\n"
    # Two blank lines close the header block, as in the scraped layout.
    return "\n\n".join(header) + "\n\n\n" + body if header else body


def read_header(text: str) -> dict[str, str]:
    """The labelled header lines of a stored article: {'url': ..., 'outlet': ...}."""
    found: dict[str, str] = {}
    for line in text.split("\n")[:8]:
        for label in (HEADER_URL, HEADER_OUTLET):
            if line.startswith(label + " "):
                found[label[:-1].lower()] = line[len(label) :].strip()
    return found


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _slug(text: str, limit: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "article"


class ArticleStore:
    """The library folder plus the dedupe index in the ingest state."""

    def __init__(self, library_dir: Path, state: IngestState) -> None:
        self.library_dir = Path(library_dir)
        self.state = state

    def file_name(self, article: IngestedArticle, fingerprint: str) -> str:
        if article.raw_text is not None:  # a text file keeps its name, made unique
            return f"{_slug(Path(article.origin).stem, 60)}-{fingerprint[:8]}.txt"
        outlet = _slug(article.outlet or "web", 24)
        day = article.posted.isoformat() if article.posted else "undated"
        return f"{outlet}-{day}-{_slug(article.title or 'article', 48)}-{fingerprint[:8]}.txt"

    def existing(self, article: IngestedArticle) -> Path | None:
        """The stored file of the same article (URL, entry id or text), if still there."""
        found = self.state.find(article.dedupe_keys())
        if found is None or found == BASELINE_FILE:
            return None
        path = self.library_dir / found
        return path if path.is_file() else None

    def save(self, article: IngestedArticle) -> StoreResult:
        keys = article.dedupe_keys()
        text = render_article(article)
        previous = self.existing(article)
        if previous is None and article.raw_text is not None:
            own = Path(article.origin)
            if own.parent.resolve() == self.library_dir.resolve() and own.is_file():
                previous = own  # a file already in the library: index it where it is
        if previous is not None:
            self.state.remember(keys, previous.name)  # new aliases of a known article
            return StoreResult(article, previous, new=False, text=previous.read_text("utf-8"))
        fingerprint = keys[-1][1]
        self.library_dir.mkdir(parents=True, exist_ok=True)
        path = self.library_dir / self.file_name(article, fingerprint)
        if path.is_file() and text_fingerprint(path.read_text("utf-8")) == text_fingerprint(text):
            self.state.remember(keys, path.name)  # stored before the index knew it
            return StoreResult(article, path, new=False, text=text)
        # Write then rename: a crash never leaves a half article in the library.
        temporary = path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        self.state.remember(keys, path.name)
        return StoreResult(article, path, new=True, text=text)

    def mark_baseline(self, article: IngestedArticle) -> None:
        """Remember a back-catalogue entry so it never counts as new later."""
        keys = [k for k in article.dedupe_keys() if k[0] != "text"]
        if keys and self.state.find(keys) is None:
            self.state.remember(keys, BASELINE_FILE)
