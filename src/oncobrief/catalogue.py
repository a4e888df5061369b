"""The in-memory state of a library: where each brief lives, its index row, and the indexes.

Kept apart from ``Library`` (the lookups) and ``folder_sync`` (reading a folder through the
cache) so that the whole state pickles as one snapshot: a restart with an unchanged folder
reads that snapshot instead of rebuilding 100,000 index entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from oncobrief.fulltext import TextIndex, search_text, tokens
from oncobrief.index import DateOrder, IdIndex, TermIndex
from oncobrief.models import Brief, LoadError
from oncobrief.rows import BriefRow, row_of
from oncobrief.store import BriefStore

# Bump when the pickled layout of this module's or the indexes' classes changes.
SNAPSHOT_VERSION = "1"


@dataclass(slots=True)
class FileState:
    """What is known about one article file: to notice changes, and what it gave."""

    mtime_ns: int
    size: int
    sha256: str | None = None
    brief_id: str | None = None
    error: LoadError | None = None


@dataclass
class Indexes:
    drugs: TermIndex
    text: TextIndex = field(default_factory=TextIndex)
    drug_classes: TermIndex = field(default_factory=TermIndex)
    genes: TermIndex = field(default_factory=TermIndex)
    alterations: TermIndex = field(default_factory=TermIndex)
    cancer_types: TermIndex = field(default_factory=TermIndex)
    dates: DateOrder = field(default_factory=DateOrder)
    ids: IdIndex = field(default_factory=IdIndex)


class Catalogue:
    def __init__(self, store: BriefStore, drug_aliases: Callable[[str], Iterable[str]]) -> None:
        self.store = store
        self.rows: dict[str, BriefRow] = {}
        self.files: dict[str, FileState] = {}  # path -> state
        self.origins: dict[str, set[str]] = {}  # brief id -> paths of files with that text
        self.index = Indexes(drugs=TermIndex(aliases=drug_aliases))

    # --- adding and removing ------------------------------------------------------------------

    def add_brief(self, brief: Brief) -> None:
        """A brief held in memory (``Library.add``), replacing one with the same id."""
        self.unindex(brief.id)
        self.store.put(brief)
        self.index_row(row_of(brief), tokens(search_text(brief)))

    def add_file(
        self,
        path: str,
        state: FileState,
        row: BriefRow | None = None,
        words: list[str] = (),
        payload: bytes | None = None,
    ) -> None:
        """A file's outcome: a brief (its row, search tokens and maybe payload) or an error.
        The same text in two files is one brief with two origins."""
        self.files[path] = state
        if row is None:
            return
        state.brief_id = row.id
        self.origins.setdefault(row.id, set()).add(path)
        if row.id not in self.store:
            self.store.put_ref(row.id, state.sha256 or "", path, payload)
            self.index_row(row, list(words))

    def forget_file(self, path: str) -> str | None:
        """Drop a file; returns the id of a brief that went with it (no other file has it)."""
        state = self.files.pop(path)
        if state.brief_id is None:
            return None
        origins = self.origins.get(state.brief_id, set())
        origins.discard(path)
        if origins:
            _, origin = self.store.refs().get(state.brief_id, (None, None))
            if origin == path:  # read it from a file that is still there
                other = min(origins)
                self.store.rebind(state.brief_id, self.files[other].sha256 or "", other)
            return None
        self.remove(state.brief_id)
        return state.brief_id

    def remove(self, brief_id: str) -> bool:
        if brief_id not in self.store:
            return False
        self.unindex(brief_id)
        self.store.pop(brief_id)
        self.origins.pop(brief_id, None)
        return True

    # --- indexes ------------------------------------------------------------------------------

    def index_row(self, row: BriefRow, words: list[str]) -> None:
        self.rows[row.id] = row
        index = self.index
        for terms, term_index in self._term_indexes(row):
            for canonical, names in terms:
                term_index.add(row.id, canonical, names)
        index.dates.add(row.id, row.posted)
        index.ids.add(row.id)
        index.text.add_tokens(row.id, words)

    def unindex(self, brief_id: str) -> None:
        row = self.rows.pop(brief_id, None)
        if row is None:
            return
        index = self.index
        for terms, term_index in self._term_indexes(row):
            for canonical, _ in terms:
                term_index.discard(row.id, canonical)
        index.dates.discard(row.id)
        index.ids.discard(row.id)
        index.text.discard(row.id)

    def _term_indexes(self, row: BriefRow) -> list[tuple[tuple, TermIndex]]:
        index = self.index
        return [
            (row.drugs, index.drugs),
            (row.drug_classes, index.drug_classes),
            (row.genes, index.genes),
            (row.alterations, index.alterations),
            (row.cancer_types, index.cancer_types),
        ]

    # --- snapshots ----------------------------------------------------------------------------

    def snapshot(self) -> dict:
        if self.index.text.stale:
            self.index.text.build()
        return {
            "version": SNAPSHOT_VERSION,
            "rows": self.rows,
            "files": self.files,
            "origins": self.origins,
            "refs": self.store.refs(),
            "index": self.index,
        }

    def restore(self, snapshot: object) -> bool:
        """Take the state of a snapshot; False (nothing changed) if it is not one of ours."""
        if not isinstance(snapshot, dict) or snapshot.get("version") != SNAPSHOT_VERSION:
            return False
        if not isinstance(snapshot.get("index"), Indexes):
            return False
        self.rows = snapshot["rows"]
        self.files = snapshot["files"]
        self.origins = snapshot["origins"]
        self.store.restore_refs(snapshot["refs"])
        self.index = snapshot["index"]
        return True
