"""The in-memory state of a library: where each brief lives, its index row, and the indexes.

Kept apart from ``Library`` (the lookups) and ``folder_sync`` (reading a folder through the
cache) so that the whole state pickles as one snapshot: a restart with an unchanged folder
reads that snapshot instead of rebuilding 100,000 index entries.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import oncobrief.fulltext as fulltext
import oncobrief.index as index_module
import oncobrief.rows as rows_module
from oncobrief.fulltext import TextIndex, search_text, tokens
from oncobrief.index import DateOrder, IdIndex, TermIndex
from oncobrief.models import Brief, LoadError
from oncobrief.rows import BriefRow, row_of
from oncobrief.store import BriefStore

# Bump when the pickled layout changes; a change to the source of the pickled classes
# (this module, the indexes) also makes old snapshots unusable, see ``snapshot_version``.
SNAPSHOT_VERSION = "3"


class FileState(NamedTuple):
    """What is known about one article file: to notice changes, and what it gave. A tuple:
    100,000 of them unpickle in a fraction of the time objects take."""

    mtime_ns: int
    size: int
    sha256: str | None = None
    brief_id: str | None = None
    error: LoadError | None = None


# Field positions: states restored from a snapshot are plain tuples (no per-file object to
# rebuild at start-up), so code reading a state indexes it.
MTIME, SIZE, SHA256, BRIEF_ID, ERROR = range(5)


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


@cache
def snapshot_version() -> str:
    digest = hashlib.sha256(SNAPSHOT_VERSION.encode())
    for module in (sys.modules[__name__], fulltext, index_module, rows_module):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


class Catalogue:
    def __init__(self, store: BriefStore, drug_aliases: Callable[[str], Iterable[str]]) -> None:
        self.store = store
        self.rows: dict[str, str] = {}  # brief id -> its canonical terms (JSON), to unindex
        self.files: dict[str, tuple] = {}  # path -> FileState (or the same as a plain tuple)
        # brief id -> paths of the files with that text (tuples: they unpickle faster than sets)
        self.origins: dict[str, tuple[str, ...]] = {}
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
        if row is None:
            self.files[path] = state
            return
        self.files[path] = state._replace(brief_id=row.id)
        self.origins[row.id] = (*self.origins.get(row.id, ()), path)
        if row.id not in self.store:
            self.store.put_ref(row.id, state.sha256 or "", path, payload)
            self.index_row(row, list(words))

    def forget_file(self, path: str) -> str | None:
        """Drop a file; returns the id of a brief that went with it (no other file has it)."""
        brief_id = self.files.pop(path)[BRIEF_ID]
        if brief_id is None:
            return None
        origins = tuple(p for p in self.origins.get(brief_id, ()) if p != path)
        if origins:
            self.origins[brief_id] = origins
            _, origin = self.store.refs().get(brief_id, (None, None))
            if origin == path:  # read it from a file that is still there
                other = min(origins)
                self.store.rebind(brief_id, self.files[other][SHA256] or "", other)
            return None
        self.remove(brief_id)
        return brief_id

    def remove(self, brief_id: str) -> bool:
        if brief_id not in self.store:
            return False
        self.unindex(brief_id)
        self.store.pop(brief_id)
        self.origins.pop(brief_id, None)
        return True

    # --- indexes ------------------------------------------------------------------------------

    def index_row(self, row: BriefRow, words: list[str]) -> None:
        # What unindex needs, as one small string: a row object per brief would cost memory
        # and seconds of unpickling at 100,000 briefs.
        self.rows[row.id] = json.dumps([[c for c, _ in terms] for terms, _ in self._terms(row)])
        index = self.index
        for terms, term_index in self._terms(row):
            for canonical, names in terms:
                term_index.add(row.id, canonical, names)
        index.dates.add(row.id, row.posted)
        index.ids.add(row.id)
        index.text.add_tokens(row.id, words)

    def unindex(self, brief_id: str) -> None:
        canonicals = self.rows.pop(brief_id, None)
        if canonicals is None:
            return
        index = self.index
        for names, term_index in zip(json.loads(canonicals), self._term_indexes(), strict=True):
            for canonical in names:
                term_index.discard(brief_id, canonical)
        index.dates.discard(brief_id)
        index.ids.discard(brief_id)
        index.text.discard(brief_id)

    def _term_indexes(self) -> list[TermIndex]:
        index = self.index
        return [index.drugs, index.drug_classes, index.genes, index.alterations, index.cancer_types]

    def _terms(self, row: BriefRow) -> list[tuple[tuple, TermIndex]]:
        kinds = [row.drugs, row.drug_classes, row.genes, row.alterations, row.cancer_types]
        return list(zip(kinds, self._term_indexes(), strict=True))

    # --- snapshots ----------------------------------------------------------------------------

    def settle(self) -> None:
        """Finish the work adding left for later (sorting, the search matrix) now, at load,
        rather than in the first lookup; a snapshot keeps the settled state."""
        self.index.dates.newest(0)
        self.index.ids.with_prefix("", 0)
        for term_index in self._term_indexes():
            term_index.rank_all(self.index.dates)
        if self.index.text.stale:
            self.index.text.build()

    def snapshot(self) -> dict:
        self.settle()
        return {
            "version": snapshot_version(),
            "rows": self.rows,
            "files": {path: tuple(state) for path, state in self.files.items()},
            "origins": self.origins,
            "refs": self.store.refs(),
            "index": self.index,
        }

    def restore(self, snapshot: object) -> bool:
        """Take the state of a snapshot; False (nothing changed) if it is not a sound one of
        this version."""
        if not isinstance(snapshot, dict) or snapshot.get("version") != snapshot_version():
            return False
        try:
            index = snapshot["index"]
            files, rows = snapshot["files"], snapshot["rows"]
            origins, refs = snapshot["origins"], snapshot["refs"]
            if not (isinstance(index, Indexes) and len(rows) == len(refs)):
                return False
        except (KeyError, TypeError, ValueError):
            return False
        self.rows, self.files, self.origins, self.index = rows, files, origins, index
        self.store.restore_refs(refs)
        return True
