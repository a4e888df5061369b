"""A folder of articles turned into briefs once, with indexes for every lookup.

``Library.load(folder)`` turns each article file into a brief once (a bad file becomes a
``LoadError`` and the rest loads): from the parsed-corpus cache (``oncobrief.cache``) when it
knows the file's content, else by parsing it, in parallel. Lookups (``latest``, ``by_drug``,
``by_gene``, ``search``, ``get``) use the indexes of ``oncobrief.index`` and
``oncobrief.fulltext`` and never re-parse; whole briefs are read back from the cache only for
the results shown (``oncobrief.store``), so 100,000 briefs fit in a few hundred megabytes.
``refresh()`` rescans the folder and parses only new or changed files, for the folder watcher.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from oncobrief.cache import BriefCache
from oncobrief.catalogue import ERROR, Catalogue
from oncobrief.folder_sync import SyncResult, sync_folder
from oncobrief.index import TermIndex
from oncobrief.loading import Parser
from oncobrief.models import Brief, LoadError
from oncobrief.settings import Settings
from oncobrief.store import BriefStore

if TYPE_CHECKING:
    from oncobrief.vocab.drugs import DrugVocabulary

log = logging.getLogger(__name__)

LookupKind = Literal[
    "drug", "drug_class", "gene", "alteration", "cancer_type", "search", "id", "latest"
]


class FolderError(Exception):
    """The library folder is missing or is not a folder (a configuration error)."""


class Lookup(BaseModel):
    """The answer to a query: what it resolved to, the briefs (newest or best first), and
    did-you-mean suggestions when nothing matched."""

    model_config = ConfigDict(frozen=True)

    kind: LookupKind
    query: str
    canonical: str | None = None  # what the query resolved to ("repotrectinib" for "Augtyro")
    briefs: list[Brief] = []
    scores: list[float] = []  # search only: BM25 score per brief
    total: int = 0  # matches before the limit was applied
    suggestions: list[str] = []

    @property
    def found(self) -> bool:
        return bool(self.briefs)


class SourcesSummary(BaseModel):
    """What ``/brief sources`` and ``oncobrief sources`` show about the loaded folder."""

    model_config = ConfigDict(frozen=True)

    folder: str | None
    count: int
    files: int
    newest: dt.date | None
    errors: list[LoadError]


class RefreshResult(BaseModel):
    added: list[str] = []  # brief ids
    removed: list[str] = []
    errors: list[LoadError] = []  # files that failed in this refresh

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.errors)


def _drug_aliases(canonical: str) -> Iterable[str]:
    """Brand names and development codes of a drug, from the shared drug vocabulary."""
    return _drug_vocabulary().names_for(canonical)


def _drug_vocabulary() -> DrugVocabulary:
    from oncobrief.vocab.drugs import drug_vocabulary  # built on first use, not at import

    return drug_vocabulary()


def _gene_symbol(query: str) -> str | None:
    """The approved symbol for a gene symbol or alias (``TRKA`` -> ``NTRK1``)."""
    from oncobrief.vocab.genes import gene_vocabulary

    return gene_vocabulary().canonical(query)


def open_cache(settings: Settings) -> BriefCache | None:
    """The parsed-corpus cache of ``settings.data_dir``, or None when disabled or unusable."""
    if not settings.cache_enabled:
        return None
    try:
        return BriefCache.for_settings(settings)
    except (OSError, sqlite3.Error) as exc:  # a read-only disk: work without a cache
        log.warning("brief cache unavailable (%s); parsing every file", exc)
        return None


class Library:
    """Briefs of one folder (or added one by one), with indexes for lookups."""

    def __init__(
        self,
        folder: Path | None = None,
        settings: Settings | None = None,
        parser: Parser | None = None,
        workers: int | None = None,
        cache: BriefCache | None = None,
    ) -> None:
        self.folder = folder
        self.settings = settings or Settings()
        self._parser = parser  # None: the pipeline (in worker processes for big folders)
        self._workers = workers
        self._cache = cache
        self._catalogue = Catalogue(BriefStore(cache, self.settings), _drug_aliases)
        self.last_sync: SyncResult | None = None  # what the last load or refresh did

    # --- loading ---------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        folder: Path | str,
        settings: Settings | None = None,
        progress: bool = False,
        parser: Parser | None = None,
        workers: int | None = None,
    ) -> Library:
        """Every article file in ``folder`` as a brief. Raises ``FolderError`` if the folder
        is missing; a file that fails is recorded in ``errors`` and the rest still loads.
        With a custom ``parser`` the cache is not used (its briefs are not the pipeline's)."""
        settings = settings or Settings()
        cache = open_cache(settings) if parser is None else None
        library = cls(Path(folder), settings, parser, workers, cache)
        library._check_folder()
        restored = library._restore_snapshot()
        result = library._sync(progress)
        library._catalogue.settle()  # sorted and built now, not in a user's first lookup
        if cache is not None and (not restored or result.added or result.removed or result.errors):
            cache.save_snapshot(library._snapshot_name(), library._catalogue.snapshot())
        return library

    def _snapshot_name(self) -> str:
        # As given, not resolved: file states are keyed by paths under this spelling.
        return f"library:{Path(self.folder).absolute()}"

    def _restore_snapshot(self) -> bool:
        if self._cache is None:
            return False
        found = self._cache.load_snapshot(self._snapshot_name())
        if found is None:
            return False
        if not self._catalogue.restore(found):
            log.warning("brief cache snapshot is of another version; rebuilding the index")
            return False
        return True

    def _check_folder(self) -> None:
        if self.folder is None:
            raise FolderError("this library has no folder")
        if not self.folder.exists():
            raise FolderError(f"folder {str(self.folder)!r} does not exist")
        if not self.folder.is_dir():
            raise FolderError(f"{str(self.folder)!r} is not a folder")

    def _sync(self, progress: bool = False) -> SyncResult:
        self._check_folder()
        self.last_sync = sync_folder(
            self._catalogue,
            self.folder,
            self.settings,
            self._cache,
            self._parser,
            self._workers,
            progress,
        )
        return self.last_sync

    def refresh(self) -> RefreshResult:
        """Rescan the folder: new or changed files (by mtime and size) are read (from the
        cache or parsed), deleted ones dropped. Unchanged files are not read again."""
        result = self._sync()
        self._catalogue.settle()  # a rebuild, when one is due, here and not in a user's search
        return RefreshResult(
            added=sorted(result.added), removed=sorted(result.removed), errors=result.errors
        )

    def close(self) -> None:
        """Close the cache file (briefs not yet read can no longer be read)."""
        if self._cache is not None:
            self._cache.close()

    # --- changing ---------------------------------------------------------------------------

    def add(self, brief: Brief) -> None:
        """Add a brief (replacing one with the same id) and index it."""
        self._catalogue.add_brief(brief)

    def remove(self, brief_id: str) -> Brief | None:
        """Remove a brief by id; returns it, or None if it was not there."""
        if brief_id not in self._catalogue.store:
            return None
        brief = self._catalogue.store[brief_id]
        self._catalogue.remove(brief_id)
        return brief

    # --- lookups ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._catalogue.store)

    def __iter__(self) -> Iterator[Brief]:
        """Briefs newest first (read from the cache a few hundred at a time)."""
        ids = self._catalogue.index.dates.newest()
        for start in range(0, len(ids), 200):
            yield from self._catalogue.store.many(ids[start : start + 200])

    def digest_candidates(self, posted: Collection[str], max_days: int) -> list[Brief]:
        """Briefs a digest must look at, newest first: every brief not yet posted, plus the
        posted ones that could be reports of the same study (dated within ``max_days`` of an
        unposted one, or undated). A daily digest of a large library thus reads the recent
        briefs only, not all of them."""
        dates = self._catalogue.index.dates
        newest = dates.newest()
        fresh = [brief_id for brief_id in newest if brief_id not in posted]
        if not fresh:
            return []
        days = sorted(d for d in map(dates.ordinal, fresh) if d is not None)
        any_undated = len(days) < len(fresh)

        def related(brief_id: str) -> bool:
            day = dates.ordinal(brief_id)
            if day is None or any_undated:
                return True
            at = bisect.bisect_left(days, day - max_days)
            return at < len(days) and days[at] <= day + max_days

        wanted = set(fresh)
        wanted.update(i for i in newest if i in posted and related(i))
        ids = [brief_id for brief_id in newest if brief_id in wanted]
        return [
            brief
            for start in range(0, len(ids), 200)
            for brief in self._catalogue.store.many(ids[start : start + 200])
        ]

    @property
    def errors(self) -> list[LoadError]:
        """Files that failed to load, sorted by file name."""
        files = self._catalogue.files.values()
        errors = [state[ERROR] for state in files if state[ERROR] is not None]
        return sorted(errors, key=lambda error: error.origin)

    def latest(self, n: int = 5) -> list[Brief]:
        """The ``n`` newest briefs by posted date; undated ones last, then by id."""
        return self._catalogue.store.many(self._catalogue.index.dates.newest(n))

    def get(self, brief_id: str) -> Brief | None:
        """A brief by id or by a prefix of its id that only one brief has."""
        key = brief_id.strip().lower()
        store = self._catalogue.store
        if key not in store:
            matches = self._catalogue.index.ids.with_prefix(key, limit=2) if key else []
            if len(matches) != 1:
                return None
            key = matches[0]
        found = store.many([key])
        return found[0] if found else None

    def find_id(self, brief_id: str) -> Lookup:
        """``get`` as a Lookup: suggestions list the ids an ambiguous prefix matches."""
        brief = self.get(brief_id)
        if brief is not None:
            return Lookup(kind="id", query=brief_id, canonical=brief.id, briefs=[brief], total=1)
        key = brief_id.strip().lower()
        candidates = self._catalogue.index.ids.with_prefix(key, limit=5) if key else []
        return Lookup(kind="id", query=brief_id, suggestions=candidates)

    def by_drug(self, name: str, limit: int | None = None) -> Lookup:
        """Briefs mentioning a drug, by any of its names (generic, brand, development code),
        case-insensitively; a drug class name (``EGFR inhibitor``) finds briefs naming it.
        The vocabulary is consulted only for names no brief used (it loads on first use)."""
        index = self._catalogue.index
        canonical = index.drugs.resolve(name)
        if canonical is None:
            canonical = _drug_vocabulary().canonical(name)
        if canonical is not None and index.drugs.ids(canonical):
            return self._lookup("drug", name, canonical, index.drugs, limit)
        drug_class = index.drug_classes.resolve(name)
        if drug_class is None:
            drug_class = _drug_vocabulary().class_canonical(name)
        if drug_class is not None and index.drug_classes.ids(drug_class):
            return self._lookup("drug_class", name, drug_class, index.drug_classes, limit)
        suggestions = index.drugs.suggest(name) or index.drug_classes.suggest(name)
        return Lookup(kind="drug", query=name, canonical=canonical, suggestions=suggestions)

    def by_gene(self, symbol: str, limit: int | None = None) -> Lookup:
        """Briefs mentioning a gene (or one of its alterations), by symbol or alias."""
        canonical = self._catalogue.index.genes.resolve(symbol)
        if canonical is None:
            canonical = _gene_symbol(symbol)
        return self._term_lookup("gene", self._catalogue.index.genes, symbol, canonical, limit)

    def by_alteration(self, text: str, limit: int | None = None) -> Lookup:
        index = self._catalogue.index.alterations
        return self._term_lookup("alteration", index, text, index.resolve(text), limit)

    def by_cancer_type(self, text: str, limit: int | None = None) -> Lookup:
        index = self._catalogue.index.cancer_types
        return self._term_lookup("cancer_type", index, text, index.resolve(text), limit)

    def build_search_index(self) -> None:
        """Build the full-text index now, rather than at the first search."""
        self._catalogue.index.text.build()

    def search(self, text: str, limit: int = 10) -> Lookup:
        """Briefs ranked by BM25 over their title and verbatim sentences."""
        hits = dict(self._catalogue.index.text.search(text, limit))
        briefs = self._catalogue.store.many(hits)
        return Lookup(
            kind="search",
            query=text,
            briefs=briefs,
            scores=[hits[brief.id] for brief in briefs],
            total=len(briefs),
        )

    def _term_lookup(
        self,
        kind: LookupKind,
        index: TermIndex,
        query: str,
        canonical: str | None,
        limit: int | None,
    ) -> Lookup:
        if canonical and index.ids(canonical):
            return self._lookup(kind, query, canonical, index, limit)
        return Lookup(kind=kind, query=query, canonical=canonical, suggestions=index.suggest(query))

    def _lookup(
        self, kind: LookupKind, query: str, canonical: str, index: TermIndex, limit: int | None
    ) -> Lookup:
        """Only the briefs shown are read: the newest ``limit`` of the term's briefs."""
        ids = index.newest(canonical, self._catalogue.index.dates, limit)
        shown = self._catalogue.store.many(ids)
        total = len(index.ids(canonical))
        return Lookup(kind=kind, query=query, canonical=canonical, briefs=shown, total=total)

    # --- names and summary ------------------------------------------------------------------

    def drug_names(self) -> list[str]:
        """Generic names and synonyms of drugs that briefs mention, for autocomplete."""
        return self._catalogue.index.drugs.names()

    def gene_names(self) -> list[str]:
        return self._catalogue.index.genes.names()

    def drugs(self) -> list[str]:
        """Canonical names of the drugs briefs mention."""
        return self._catalogue.index.drugs.canonicals()

    def genes(self) -> list[str]:
        return self._catalogue.index.genes.canonicals()

    def sources_summary(self) -> SourcesSummary:
        return SourcesSummary(
            folder=str(self.folder) if self.folder else None,
            count=len(self._catalogue.store),
            files=len(self._catalogue.files),
            newest=self._catalogue.index.dates.newest_date(),
            errors=self.errors,
        )
