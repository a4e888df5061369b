"""Where the library's briefs live: whole ``Brief`` objects only for the few in use.

A brief added by ``Library.add`` stays in memory. A brief loaded from a folder is kept as a
reference into the parsed-corpus cache (or, without a cache, as its compressed JSON) and is
turned back into a ``Brief`` when a lookup returns it; a small LRU keeps recent ones, so the
library's memory grows by a few hundred bytes per brief, not tens of kilobytes.
"""

from __future__ import annotations

import logging
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from oncobrief.cache import BriefCache, CachedBrief, compress
from oncobrief.models import Brief
from oncobrief.settings import Settings

log = logging.getLogger(__name__)

LRU_SIZE = 512


class BriefStore:
    def __init__(
        self,
        cache: BriefCache | None = None,
        settings: Settings | None = None,
        lru_size: int = LRU_SIZE,
    ) -> None:
        self.cache = cache
        self.settings = settings
        self._pinned: dict[str, Brief] = {}
        self._refs: dict[str, tuple[str, str]] = {}  # id -> (content sha256, origin path)
        self._payloads: dict[str, bytes] = {}  # id -> compressed JSON, when there is no cache
        self._lru: OrderedDict[str, Brief] = OrderedDict()
        self._lru_size = lru_size

    # --- contents -----------------------------------------------------------------------------

    def __contains__(self, brief_id: object) -> bool:
        return brief_id in self._pinned or brief_id in self._refs

    def __len__(self) -> int:
        return len(self._pinned) + len(self._refs)

    def __iter__(self) -> Iterator[str]:
        yield from self._pinned
        yield from self._refs

    def put(self, brief: Brief) -> None:
        """Keep a brief in memory (``Library.add``)."""
        self.pop(brief.id)
        self._pinned[brief.id] = brief

    def put_ref(self, brief_id: str, sha256: str, origin: str, payload: bytes | None) -> None:
        """Keep a reference to a cached brief; ``payload`` (compressed JSON) is kept in memory
        only when there is no cache to read it back from."""
        self.pop(brief_id)
        self._refs[brief_id] = (sha256, origin)
        if self.cache is None and payload is not None:
            self._payloads[brief_id] = payload

    def rebind(self, brief_id: str, sha256: str, origin: str) -> None:
        """Read a brief from another file with the same text (its first file went away)."""
        if brief_id in self._refs:
            self._refs[brief_id] = (sha256, origin)
            self._lru.pop(brief_id, None)

    def pop(self, brief_id: str) -> None:
        self._pinned.pop(brief_id, None)
        self._refs.pop(brief_id, None)
        self._payloads.pop(brief_id, None)
        self._lru.pop(brief_id, None)

    def refs(self) -> dict[str, tuple[str, str]]:
        return self._refs

    def restore_refs(self, refs: dict[str, tuple[str, str]]) -> None:
        self._refs = refs

    # --- reading ------------------------------------------------------------------------------

    def __getitem__(self, brief_id: str) -> Brief:
        found = self.many([brief_id])
        if not found:
            raise KeyError(brief_id)
        return found[0]

    def many(self, ids: Iterable[str]) -> list[Brief]:
        """Briefs in the order of ``ids``; one cache read for all that are not in memory. A
        brief that can be neither read nor re-parsed is left out (and logged)."""
        ids = list(ids)
        found: dict[str, Brief] = {}
        wanted: list[str] = []
        for brief_id in ids:
            brief = self._pinned.get(brief_id) or self._lru.get(brief_id)
            if brief is not None:
                found[brief_id] = brief
                if brief_id in self._lru:
                    self._lru.move_to_end(brief_id)
            elif brief_id in self._refs:
                wanted.append(brief_id)
            else:
                raise KeyError(brief_id)
        if wanted:
            for brief_id, brief in self._load(wanted).items():
                found[brief_id] = brief
                self._remember(brief)
        return [found[brief_id] for brief_id in ids if brief_id in found]

    def _remember(self, brief: Brief) -> None:
        self._lru[brief.id] = brief
        while len(self._lru) > self._lru_size:
            self._lru.popitem(last=False)

    def _load(self, ids: list[str]) -> dict[str, Brief]:
        if self.cache is not None:
            by_sha = {self._refs[i][0]: i for i in ids}
            raw = {by_sha[sha]: data for sha, data in self.cache.payloads(list(by_sha)).items()}
        else:
            raw = {}
            for brief_id in ids:
                try:
                    raw[brief_id] = zlib.decompress(self._payloads[brief_id])
                except (KeyError, zlib.error):
                    pass
        loaded: dict[str, Brief] = {}
        for brief_id in ids:
            origin = self._refs[brief_id][1]
            brief = _validate(raw.get(brief_id), brief_id)
            if brief is None:
                brief = _reparse(origin, brief_id, self.settings)
                if brief is not None and self.cache is not None:  # mend the cache entry
                    sha = self._refs[brief_id][0]
                    payload = compress(brief.model_dump_json().encode())
                    self.cache.store([(CachedBrief(sha, origin, brief_id, None, payload), None)])
            if brief is not None:
                loaded[brief_id] = _with_origin(brief, origin)
        return loaded


def _validate(data: bytes | None, brief_id: str) -> Brief | None:
    if data is None:
        return None
    try:
        brief = Brief.model_validate_json(data)
    except ValidationError:
        log.warning("cached brief %s is damaged; parsing its file again", brief_id)
        return None
    return brief if brief.id == brief_id else None


def _reparse(origin: str, brief_id: str, settings: Settings | None) -> Brief | None:
    """The cache lost a brief (deleted or damaged under us): parse its file again."""
    from oncobrief.pipeline import brief_from_file

    try:
        brief = brief_from_file(Path(origin), settings)
    except Exception as exc:  # noqa: BLE001 - a lookup must not fail for one lost brief
        log.error("brief %s: not in the cache and %s cannot be parsed (%s)", brief_id, origin, exc)
        return None
    return brief if brief.id == brief_id else None


def _with_origin(brief: Brief, origin: str) -> Brief:
    """Cache entries are keyed by content: the same text under another name gets its name."""
    attribution = brief.attribution
    if attribution.source_file is None or attribution.source_file == origin:
        return brief
    return brief.model_copy(
        update={"attribution": attribution.model_copy(update={"source_file": origin})}
    )
