"""A folder of articles turned into briefs once, with indexes for every lookup.

``Library.load(folder)`` parses each article file once (a bad file becomes a ``LoadError`` and
the rest loads); lookups (``latest``, ``by_drug``, ``by_gene``, ``search``, ``get``) use the
indexes of ``oncobrief.index`` and never re-parse. ``refresh()`` rescans the folder and parses
only new or changed files, for the bot's folder watcher.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from oncobrief.fulltext import TextIndex
from oncobrief.index import DateOrder, IdIndex, TermIndex
from oncobrief.loading import Parsed, Parser, article_files, parse_files
from oncobrief.models import Brief, LoadError
from oncobrief.settings import Settings

if TYPE_CHECKING:
    from oncobrief.vocab.drugs import DrugVocabulary


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


@dataclass
class _FileState:
    mtime_ns: int
    size: int
    brief_id: str | None = None
    error: LoadError | None = None


@dataclass
class _Indexes:
    drugs: TermIndex
    text: TextIndex
    drug_classes: TermIndex = field(default_factory=TermIndex)
    genes: TermIndex = field(default_factory=TermIndex)
    alterations: TermIndex = field(default_factory=TermIndex)
    cancer_types: TermIndex = field(default_factory=TermIndex)
    dates: DateOrder = field(default_factory=DateOrder)
    ids: IdIndex = field(default_factory=IdIndex)


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


class Library:
    """Briefs of one folder (or added one by one), with indexes for lookups."""

    def __init__(
        self,
        folder: Path | None = None,
        settings: Settings | None = None,
        parser: Parser | None = None,
        workers: int | None = None,
    ) -> None:
        self.folder = folder
        self.settings = settings or Settings()
        self._parser = parser  # None: the pipeline (in worker processes for big folders)
        self._workers = workers
        self._briefs: dict[str, Brief] = {}
        self._files: dict[Path, _FileState] = {}
        self._origins: dict[str, set[Path]] = {}  # brief id -> files with that text
        self._index = _Indexes(
            drugs=TermIndex(aliases=_drug_aliases), text=TextIndex(self._briefs.__getitem__)
        )

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
        """Parse every article file in ``folder`` once. Raises ``FolderError`` if the folder
        is missing; a file that fails is recorded in ``errors`` and the rest still loads."""
        library = cls(Path(folder), settings, parser, workers)
        library._check_folder()
        for _ in library._parse_files(article_files(library.folder), progress=progress):
            pass
        return library

    def _check_folder(self) -> None:
        if self.folder is None:
            raise FolderError("this library has no folder")
        if not self.folder.exists():
            raise FolderError(f"folder {str(self.folder)!r} does not exist")
        if not self.folder.is_dir():
            raise FolderError(f"{str(self.folder)!r} is not a folder")

    def _parse_files(self, files: list[Path], progress: bool = False) -> Iterator[Parsed]:
        """Parse files, adding each brief and remembering each file's size, time and brief."""
        for outcome in parse_files(files, self._parser, self.settings, progress, self._workers):
            state = _FileState(outcome.mtime_ns, outcome.size, error=outcome.error)
            brief = outcome.brief
            if brief is not None:
                state.brief_id = brief.id
                self._origins.setdefault(brief.id, set()).add(outcome.path)
                if brief.id not in self._briefs:  # the same text twice is one brief
                    self.add(brief)
            self._files[outcome.path] = state
            yield outcome

    def refresh(self) -> RefreshResult:
        """Rescan the folder: parse new or changed files (by mtime and size), drop deleted
        ones. Unchanged files are not read again."""
        self._check_folder()
        result = RefreshResult()
        current = {}
        for path in article_files(self.folder):
            try:
                current[path] = path.stat()
            except FileNotFoundError:  # deleted between listing and stat: gone
                continue
        before = set(self._briefs)
        for path in list(self._files):
            stat = current.get(path)
            known = self._files[path]
            if stat is None or (stat.st_mtime_ns, stat.st_size) != (known.mtime_ns, known.size):
                self._forget_file(path)
        new_files = [path for path in current if path not in self._files]
        for outcome in self._parse_files(new_files):
            if outcome.error is not None:
                result.errors.append(outcome.error)
        after = set(self._briefs)
        result.added = sorted(after - before)
        result.removed = sorted(before - after)
        return result

    def _forget_file(self, path: Path) -> None:
        state = self._files.pop(path)
        if state.brief_id is None:
            return
        origins = self._origins.get(state.brief_id, set())
        origins.discard(path)
        if not origins:
            self.remove(state.brief_id)

    # --- changing ---------------------------------------------------------------------------

    def add(self, brief: Brief) -> None:
        """Add a brief (replacing one with the same id) and index it."""
        if brief.id in self._briefs:
            self._unindex(self._briefs[brief.id])
        self._briefs[brief.id] = brief
        index = self._index
        written = _names_as_written(brief)
        for terms, canonicals, kind in self._term_fields(brief):
            names = written.get(kind, {})
            for canonical in canonicals:
                terms.add(brief.id, canonical, names.get(canonical, ()))
        index.dates.add(brief)
        index.ids.add(brief.id)
        index.text.add(brief)

    def remove(self, brief_id: str) -> Brief | None:
        """Remove a brief by id; returns it, or None if it was not there."""
        brief = self._briefs.pop(brief_id, None)
        if brief is not None:
            self._unindex(brief)
            self._origins.pop(brief_id, None)
        return brief

    def _term_fields(self, brief: Brief) -> list[tuple[TermIndex, list[str], str]]:
        """Each term index with the brief's canonical terms for it and the entity kind."""
        index = self._index
        return [
            (index.drugs, brief.drugs, "drug"),
            (index.drug_classes, brief.drug_classes, "drug_class"),
            (index.genes, _genes_of(brief), "gene"),
            (index.alterations, brief.alterations, "alteration"),
            (index.cancer_types, brief.cancer_types, "cancer_type"),
        ]

    def _unindex(self, brief: Brief) -> None:
        index = self._index
        for terms, canonicals, _kind in self._term_fields(brief):
            for canonical in canonicals:
                terms.discard(brief.id, canonical)
        index.dates.discard(brief)
        index.ids.discard(brief.id)
        index.text.discard(brief.id)

    # --- lookups ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._briefs)

    def __iter__(self) -> Iterator[Brief]:
        """Briefs newest first."""
        return (self._briefs[i] for i in self._index.dates.newest())

    @property
    def errors(self) -> list[LoadError]:
        """Files that failed to load, sorted by file name."""
        errors = [state.error for state in self._files.values() if state.error is not None]
        return sorted(errors, key=lambda error: error.origin)

    def latest(self, n: int = 5) -> list[Brief]:
        """The ``n`` newest briefs by posted date; undated ones last, then by id."""
        return [self._briefs[i] for i in self._index.dates.newest(n)]

    def get(self, brief_id: str) -> Brief | None:
        """A brief by id or by a prefix of its id that only one brief has."""
        key = brief_id.strip().lower()
        if key in self._briefs:
            return self._briefs[key]
        matches = self._index.ids.with_prefix(key, limit=2) if key else []
        return self._briefs[matches[0]] if len(matches) == 1 else None

    def find_id(self, brief_id: str) -> Lookup:
        """``get`` as a Lookup: suggestions list the ids an ambiguous prefix matches."""
        brief = self.get(brief_id)
        if brief is not None:
            return Lookup(kind="id", query=brief_id, canonical=brief.id, briefs=[brief], total=1)
        key = brief_id.strip().lower()
        candidates = self._index.ids.with_prefix(key, limit=5) if key else []
        return Lookup(kind="id", query=brief_id, suggestions=candidates)

    def by_drug(self, name: str, limit: int | None = None) -> Lookup:
        """Briefs mentioning a drug, by any of its names (generic, brand, development code),
        case-insensitively; a drug class name (``EGFR inhibitor``) finds briefs naming it."""
        vocabulary = _drug_vocabulary()
        canonical = self._index.drugs.resolve(name)
        if canonical is None:
            canonical = vocabulary.canonical(name)
        if canonical is not None and self._index.drugs.ids(canonical):
            return self._lookup("drug", name, canonical, self._index.drugs.ids(canonical), limit)
        drug_class = self._index.drug_classes.resolve(name)
        if drug_class is None:
            drug_class = vocabulary.class_canonical(name)
        if drug_class is not None and self._index.drug_classes.ids(drug_class):
            ids = self._index.drug_classes.ids(drug_class)
            return self._lookup("drug_class", name, drug_class, ids, limit)
        suggestions = self._index.drugs.suggest(name) or self._index.drug_classes.suggest(name)
        return Lookup(kind="drug", query=name, canonical=canonical, suggestions=suggestions)

    def by_gene(self, symbol: str, limit: int | None = None) -> Lookup:
        """Briefs mentioning a gene (or one of its alterations), by symbol or alias."""
        canonical = self._index.genes.resolve(symbol)
        if canonical is None:
            canonical = _gene_symbol(symbol)
        return self._term_lookup("gene", self._index.genes, symbol, canonical, limit)

    def by_alteration(self, text: str, limit: int | None = None) -> Lookup:
        index = self._index.alterations
        return self._term_lookup("alteration", index, text, index.resolve(text), limit)

    def by_cancer_type(self, text: str, limit: int | None = None) -> Lookup:
        index = self._index.cancer_types
        return self._term_lookup("cancer_type", index, text, index.resolve(text), limit)

    def build_search_index(self) -> None:
        """Tokenise and index for search now, rather than at the first search."""
        self._index.text.build()

    def search(self, text: str, limit: int = 10) -> Lookup:
        """Briefs ranked by BM25 over their title and verbatim sentences."""
        hits = list(self._index.text.search(text, limit))
        return Lookup(
            kind="search",
            query=text,
            briefs=[self._briefs[brief_id] for brief_id, _ in hits],
            scores=[score for _, score in hits],
            total=len(hits),
        )

    def _term_lookup(
        self,
        kind: LookupKind,
        index: TermIndex,
        query: str,
        canonical: str | None,
        limit: int | None,
    ) -> Lookup:
        ids = index.ids(canonical) if canonical else set()
        if ids:
            return self._lookup(kind, query, canonical, ids, limit)
        return Lookup(kind=kind, query=query, canonical=canonical, suggestions=index.suggest(query))

    def _lookup(
        self, kind: LookupKind, query: str, canonical: str | None, ids: set[str], limit: int | None
    ) -> Lookup:
        shown = [self._briefs[i] for i in self._index.dates.newest_of(ids, limit)]
        return Lookup(kind=kind, query=query, canonical=canonical, briefs=shown, total=len(ids))

    # --- names and summary ------------------------------------------------------------------

    def drug_names(self) -> list[str]:
        """Generic names and synonyms of drugs that briefs mention, for autocomplete."""
        return self._index.drugs.names()

    def gene_names(self) -> list[str]:
        return self._index.genes.names()

    def drugs(self) -> list[str]:
        """Canonical names of the drugs briefs mention."""
        return self._index.drugs.canonicals()

    def genes(self) -> list[str]:
        return self._index.genes.canonicals()

    def sources_summary(self) -> SourcesSummary:
        return SourcesSummary(
            folder=str(self.folder) if self.folder else None,
            count=len(self._briefs),
            files=len(self._files),
            newest=self._index.dates.newest_date(),
            errors=self.errors,
        )


def _names_as_written(brief: Brief) -> dict[str, dict[str, set[str]]]:
    """How the article wrote each entity: kind -> canonical form -> texts."""
    names: dict[str, dict[str, set[str]]] = {}
    for entity in brief.entities:
        names.setdefault(entity.kind, {}).setdefault(entity.canonical, set()).add(entity.text)
    return names


def _genes_of(brief: Brief) -> list[str]:
    """Genes of the brief, plus the genes its alterations belong to."""
    genes = list(brief.genes)
    for entity in brief.entities:
        if entity.kind == "alteration" and entity.gene and entity.gene not in genes:
            genes.append(entity.gene)
    return genes
