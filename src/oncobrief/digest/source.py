"""The briefs a digest chooses from: a ``Library``, read fresh at every digest.

The library is refreshed in place by the folder watcher, so a file dropped into the seeds
folder is in the next digest without a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from oncobrief.library import Library
from oncobrief.models import Brief
from oncobrief.stories import DEFAULT_MAX_DAYS_APART


class LibrarySource:
    """``library`` may be a callable returning the current library (the bot's may be replaced)."""

    def __init__(self, library: Library | Callable[[], Library]) -> None:
        self._library = library

    @property
    def library(self) -> Library:
        return self._library() if callable(self._library) else self._library

    def briefs(self, posted: Collection[str] = frozenset()) -> list[Brief]:
        """Unposted briefs plus the posted ones that may belong to the same stories."""
        return self.library.digest_candidates(posted, DEFAULT_MAX_DAYS_APART)

    def drug_matcher(self, name: str) -> Callable[[Brief], bool]:
        """Synonym-aware: a subscription for "Augtyro" gets repotrectinib briefs."""
        ids = {brief.id for brief in self.library.by_drug(name).briefs}
        return lambda brief: brief.id in ids

    def gene_matcher(self, symbol: str) -> Callable[[Brief], bool]:
        ids = {brief.id for brief in self.library.by_gene(symbol).briefs}
        return lambda brief: brief.id in ids
