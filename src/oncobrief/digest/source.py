"""The briefs a digest chooses from: a ``Library``, read fresh at every digest.

The library is refreshed in place by the folder watcher, so a file dropped into the seeds
folder is in the next digest without a restart.
"""

from __future__ import annotations

from collections.abc import Callable

from oncobrief.library import Library
from oncobrief.models import Brief


class LibrarySource:
    """``library`` may be a callable returning the current library (the bot's may be replaced)."""

    def __init__(self, library: Library | Callable[[], Library]) -> None:
        self._library = library

    @property
    def library(self) -> Library:
        return self._library() if callable(self._library) else self._library

    def briefs(self) -> list[Brief]:
        return list(self.library)

    def drug_matcher(self, name: str) -> Callable[[Brief], bool]:
        """Synonym-aware: a subscription for "Augtyro" gets repotrectinib briefs."""
        ids = {brief.id for brief in self.library.by_drug(name).briefs}
        return lambda brief: brief.id in ids

    def gene_matcher(self, symbol: str) -> Callable[[Brief], bool]:
        ids = {brief.id for brief in self.library.by_gene(symbol).briefs}
        return lambda brief: brief.id in ids
