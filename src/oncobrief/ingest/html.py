"""HTML page -> main text and metadata, with trafilatura.

trafilatura drops navigation, footers and most cookie banners, and reads metadata from
``og:``/``article:`` meta tags, JSON-LD and the page itself. What it returns is checked: a page
without a title or with too little text is not an article and is refused with a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from trafilatura.settings import set_date_params

MIN_ARTICLE_CHARS = 300  # shorter main text: a teaser, an index page or an error page
MIN_PARAGRAPH_WORDS = 2
# Consent banners that slip through extraction; the body never needs them.
_BANNER = re.compile(
    r"\b(cookies?|consent)\b.*\b(browse|browsing|accept|agree|privacy|partners)\b", re.I
)


class NotAnArticle(Exception):
    """The page has no article to brief; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class ExtractedPage:
    title: str
    paragraphs: list[str]
    authors: list[str] = field(default_factory=list)
    posted: dt.date | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def extract_page(html: str, url: str | None = None) -> ExtractedPage:
    """The article in ``html``; raises NotAnArticle for empty pages, index pages and the like."""
    if not html or not html.strip():
        raise NotAnArticle("empty page")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
            # Dates from markup only: an extensive search takes "© 2023" in a footer for the
            # posting date, and a brief must never show a date the page does not state.
            date_extraction_params=set_date_params(False),
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise NotAnArticle(f"page could not be parsed ({exc.__class__.__name__})") from exc
    if doc is None or not (doc.text or "").strip():
        raise NotAnArticle("no main text found (not an article page)")
    title = _clean(doc.title or "")
    paragraphs = _paragraphs(doc.text or "", title)
    text_chars = sum(len(p) for p in paragraphs)
    if text_chars < MIN_ARTICLE_CHARS:
        raise NotAnArticle(f"too little text for an article ({text_chars} characters)")
    if not title:
        raise NotAnArticle("no title found (not an article page)")
    return ExtractedPage(
        title=title,
        paragraphs=paragraphs,
        authors=meta_authors(html) or split_authors(doc.author),
        posted=parse_date(doc.date),
        site_name=_clean(doc.sitename or "") or None,
        canonical_url=doc.url or url,
        description=_clean(doc.description or "") or None,
    )


def _paragraphs(text: str, title: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        line = _clean(line)
        if len(line.split()) < MIN_PARAGRAPH_WORDS and not out:
            continue  # a stray label before the body ("Share", "Advertisement")
        if (
            not line
            or (not out and line == title)
            or (_BANNER.search(line) is not None and len(line) < 400)
        ):
            continue
        out.append(line)
    return out


_AUTHOR_META = (
    "//meta[@name='author']/@content",
    "//meta[@property='article:author']/@content",
    "//meta[@name='dc.creator' or @name='DC.creator']/@content",
    "//meta[@name='parsely-author' or @name='sailthru.author']/@content",
)


def meta_authors(html: str) -> list[str]:
    """Author names as the page's meta tags spell them.

    trafilatura normalises names ("Donald G. McNeil Jr." -> "Donald G McNeil Jr"); the
    tags keep the outlet's own spelling, which attribution should show.
    """
    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises ParserError and friends on junk
        return []
    for query in _AUTHOR_META:
        values = [_clean(v) for v in root.xpath(query)]
        values = [v for v in values if v and not v.startswith(("http://", "https://"))]
        if values:
            names = [n for v in values for n in split_authors(v)]
            return list(dict.fromkeys(names))
    return []


def split_authors(value: str | None) -> list[str]:
    """trafilatura joins authors with '; '; some pages use ',' or ' and '."""
    if not value:
        return []
    parts = re.split(r";|\s+and\s+|\s*&\s*", value)
    names = [_clean(re.sub(r"^\s*by\s+", "", p, flags=re.I)) for p in parts]
    return [n for n in names if n]


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
