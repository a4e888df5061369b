"""Ingesting sources: files, folders, article URLs and feeds, into the library folder.

Each source gives a ``SourceOutcome``: articles stored, duplicates, baseline entries, errors.
A failing source (or entry) is recorded in the source's health and never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from oncobrief.document import parse_document
from oncobrief.ingest.feeds import FeedEntry, FeedError, looks_like_feed, parse_feed, split_baseline
from oncobrief.ingest.fetch import Fetcher, FetchError, FetchLimits, FetchResult, decode_body
from oncobrief.ingest.html import NotAnArticle, extract_page
from oncobrief.ingest.sources import DEFAULT_BASELINE_ENTRIES, SourceSpec
from oncobrief.ingest.state import FeedState, IngestState
from oncobrief.ingest.store import ArticleStore, IngestedArticle, StoreResult, read_header
from oncobrief.models import Brief, SourceError
from oncobrief.reading import read_source
from oncobrief.settings import Settings

log = logging.getLogger(__name__)
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt"}


@dataclass
class SourceOutcome:
    source: str
    outlet: str | None = None
    stored: list[StoreResult] = field(default_factory=list)  # new articles
    duplicates: list[StoreResult] = field(default_factory=list)
    baseline_skipped: int = 0
    not_modified: bool = False
    errors: list[str] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)  # of the new articles, when built

    @property
    def ok(self) -> bool:
        return not self.errors


ProgressHook = Callable[[SourceOutcome], None]


class Ingestor:
    """``async with Ingestor(settings) as ingestor: await ingestor.ingest(["..."])``."""

    def __init__(
        self,
        settings: Settings,
        *,
        library_dir: Path | None = None,
        limits: FetchLimits | None = None,
        baseline_entries: int | None = DEFAULT_BASELINE_ENTRIES,
        build_briefs: bool = False,
    ) -> None:
        self.settings = settings
        self.state = IngestState.in_data_dir(settings.data_dir)
        self.store = ArticleStore(library_dir or settings.seeds_dir, self.state)
        self.fetcher = Fetcher(limits)
        self.baseline_entries = baseline_entries
        self.build_briefs = build_briefs

    async def __aenter__(self) -> Ingestor:
        await self.fetcher.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.fetcher.__aexit__(*exc)
        self.state.close()

    # --- entry points ------------------------------------------------------------------------

    async def ingest(
        self,
        sources: Sequence[str | Path],
        progress: ProgressHook | None = None,
        outlet: str | None = None,
    ) -> list[SourceOutcome]:
        """Files, folders and URLs, each a source of its own; URLs run concurrently.
        ``outlet`` names the outlet for attribution (default: the page's site name)."""
        jobs = [self.ingest_one(str(s), outlet) for s in expand_sources(sources)]
        return await self._gather(jobs, progress)

    async def poll(
        self, specs: Sequence[SourceSpec], progress: ProgressHook | None = None
    ) -> list[SourceOutcome]:
        """Poll sources of the sources file (the bot calls this for the due ones)."""
        jobs = [self.ingest_url(s.url, s.outlet, s.baseline_entries) for s in specs]
        return await self._gather(jobs, progress)

    async def _gather(self, jobs, progress: ProgressHook | None) -> list[SourceOutcome]:
        async def run(job):
            outcome = await job
            if progress:
                progress(outcome)
            return outcome

        return list(await asyncio.gather(*(run(j) for j in jobs)))

    async def ingest_one(self, source: str, outlet: str | None = None) -> SourceOutcome:
        if source.startswith(("http://", "https://")):
            return await self.ingest_url(source, outlet)
        return self.ingest_file(Path(source), outlet)

    # --- files ---------------------------------------------------------------------------

    def ingest_file(self, path: Path, outlet: str | None = None) -> SourceOutcome:
        outcome = SourceOutcome(str(path), outlet)
        try:
            if path.suffix.lower() in HTML_SUFFIXES:
                article = self._article_from_html_file(path, outlet)
            else:
                article = self._article_from_text_file(path, outlet)
            self._store(article, outcome)
        except SourceError as exc:
            outcome.errors.append(exc.reason)
        except NotAnArticle as exc:
            outcome.errors.append(f"not an article: {exc.reason}")
        self._record(outcome)
        return outcome

    def _article_from_text_file(self, path: Path, outlet: str | None) -> IngestedArticle:
        """A text file in the scraped layout, stored as it is; its body is used for dedupe."""
        source = read_source(path, self.settings.max_file_bytes)
        document = parse_document(source)
        header = read_header(source.text)
        return IngestedArticle(
            title=document.title.text if document.title else None,
            paragraphs=[p.text for p in document.paragraphs],
            origin=str(path),
            url=header.get("url"),
            outlet=outlet or document.outlet,
            authors=document.authors,
            posted=document.posted,
            raw_text=source.text,
        )

    def _article_from_html_file(self, path: Path, outlet: str | None) -> IngestedArticle:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(path, f"cannot read the file ({exc.strerror or exc})") from None
        if len(data) > self.settings.max_file_bytes:
            raise SourceError(path, f"file is too large ({len(data):,} bytes)")
        html, _ = decode_body(data)
        page = extract_page(html)
        return IngestedArticle(
            title=page.title,
            paragraphs=page.paragraphs,
            origin=str(path),
            url=page.canonical_url,
            outlet=outlet or page.site_name,
            authors=page.authors,
            posted=page.posted,
        )

    # --- URLs ----------------------------------------------------------------------------

    async def ingest_url(
        self, url: str, outlet: str | None = None, baseline: int | None = -1
    ) -> SourceOutcome:
        """An article page or a feed, told apart by the answer."""
        outcome = SourceOutcome(url, outlet)
        baseline = self.baseline_entries if baseline == -1 else baseline
        feed_state = self.state.feed_state(url)
        retry_after = None
        try:
            result = await self.fetcher.get(
                url, etag=feed_state.etag, last_modified=feed_state.last_modified
            )
            if result.not_modified:
                outcome.not_modified = True
            elif looks_like_feed(result.body, result.content_type):
                await self._ingest_feed(result, outcome, feed_state, baseline)
            else:
                self._store(self._article_from_page(result, url, outlet), outcome)
                # A page polled from the sources file is asked conditionally next time too.
                validators = FeedState(result.etag, result.last_modified, baseline_done=True)
                self.state.save_feed_state(url, validators)
        except FetchError as exc:
            outcome.errors.append(exc.reason)
            retry_after = exc.retry_after
        except (NotAnArticle, FeedError) as exc:
            outcome.errors.append(_labelled(exc))
        self._record(outcome, retry_after)
        return outcome

    def _article_from_page(
        self, result: FetchResult, origin: str, outlet: str | None, entry: FeedEntry | None = None
    ) -> IngestedArticle:
        kind = result.content_type.lower()
        if kind and not (kind.startswith("text/") or "html" in kind or "xml" in kind):
            raise NotAnArticle(f"not a web page ({kind})")
        html, _ = result.text()
        page = extract_page(html, result.url)
        return IngestedArticle(
            title=page.title or (entry.title if entry else None),
            paragraphs=page.paragraphs,
            origin=origin,
            url=page.canonical_url or result.url,
            outlet=outlet or page.site_name,
            authors=page.authors or (entry.authors if entry else []),
            posted=page.posted or (entry.posted if entry else None),
            entry_id=entry.id if entry else None,
            alternate_urls=[u for u in (origin, result.url, entry and entry.link) if u],
        )

    async def _ingest_feed(
        self, result: FetchResult, outcome: SourceOutcome, state: FeedState, baseline: int | None
    ) -> None:
        feed = parse_feed(result.body, result.content_type, result.url)
        if feed.problem:
            outcome.errors.append(feed.problem + f"; {len(feed.entries)} entries read anyway")
        outlet = outcome.outlet or feed.title
        fresh = [e for e in feed.entries if not self._seen_entry(e)]
        take, back_catalogue = split_baseline(fresh, state.baseline_done, baseline)
        for entry in back_catalogue:
            self.store.mark_baseline(_entry_stub(entry, outcome.source))
        outcome.baseline_skipped = len(back_catalogue)
        for entry in take:
            try:
                article = await self._article_from_entry(entry, outcome.source, outlet)
                self._store(article, outcome)
            except FetchError as exc:
                outcome.errors.append(f"entry {entry.link or entry.id}: {exc.reason}")
            except NotAnArticle as exc:
                outcome.errors.append(f"entry {entry.link or entry.id}: not an article: {exc}")
        # Validators are kept only once every entry is in: after a crash or a failed entry
        # the next poll reads the whole feed again instead of getting a 304.
        complete = len(outcome.errors) == (1 if feed.problem else 0)
        self.state.save_feed_state(
            outcome.source,
            FeedState(
                result.etag if complete else None,
                result.last_modified if complete else None,
                baseline_done=True,
            ),
        )

    def _seen_entry(self, entry: FeedEntry) -> bool:
        return self.state.find(_entry_stub(entry, "").dedupe_keys()[:-1]) is not None

    async def _article_from_entry(
        self, entry: FeedEntry, feed_url: str, outlet: str | None
    ) -> IngestedArticle:
        if entry.is_teaser and entry.link:
            page = await self.fetcher.get(entry.link)
            return self._article_from_page(page, entry.link, outlet, entry)
        if not entry.paragraphs:
            raise NotAnArticle("the entry has no text and no link")
        return IngestedArticle(
            title=entry.title,
            paragraphs=entry.paragraphs,
            origin=entry.link or feed_url,
            url=entry.link,
            outlet=outlet,
            authors=entry.authors,
            posted=entry.posted,
            entry_id=entry.id,
        )

    # --- storing and health --------------------------------------------------------------

    def _store(self, article: IngestedArticle, outcome: SourceOutcome) -> None:
        result = self.store.save(article)
        (outcome.stored if result.new else outcome.duplicates).append(result)
        if result.new and self.build_briefs:
            brief = self._brief(result, outcome)
            if brief is not None:
                outcome.briefs.append(brief)

    def _brief(self, result: StoreResult, outcome: SourceOutcome) -> Brief | None:
        from oncobrief.pipeline import brief_from_source
        from oncobrief.reading import source_from_text

        try:
            source = source_from_text(result.text, str(result.path), url=result.article.url)
            return brief_from_source(source, self.settings)
        except SourceError as exc:
            outcome.errors.append(f"{result.path.name}: {exc.reason}")
        except Exception as exc:  # a pipeline bug must not lose the stored article
            log.warning("brief failed for %s", result.path, exc_info=True)
            outcome.errors.append(f"{result.path.name}: brief failed ({type(exc).__name__})")
        return None

    def _record(self, outcome: SourceOutcome, retry_after: float | None = None) -> None:
        if outcome.errors:
            self.state.record_error(
                outcome.source,
                outcome.outlet,
                "; ".join(outcome.errors)[:500],
                retry_after,
                new_articles=len(outcome.stored),
            )
        else:
            self.state.record_success(outcome.source, outcome.outlet, len(outcome.stored))


def _entry_stub(entry: FeedEntry, feed_url: str) -> IngestedArticle:
    """An entry's identity (id and link) without its text, for baseline and seen checks."""
    return IngestedArticle(
        entry.title, [], origin=feed_url, url=entry.link, entry_id=entry.id, raw_text=""
    )


def _labelled(exc: Exception) -> str:
    reason = getattr(exc, "reason", str(exc))
    return f"not an article: {reason}" if isinstance(exc, NotAnArticle) else reason


def expand_sources(sources: Sequence[str | Path]) -> list[str]:
    """Folders become their .txt/.html files (sorted); URLs and files stay as given."""
    out: list[str] = []
    for source in sources:
        text = str(source)
        path = Path(text)
        if not text.startswith(("http://", "https://")) and path.is_dir():
            out += [
                str(p)
                for p in sorted(path.iterdir())
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES
            ]
        else:
            out.append(text)
    return out
