"""In-memory indexes over briefs, built once at load and updated per brief.

Every lookup touches only the matching entries (a dict hit, a bisect, or BM25 postings), so its
cost grows with the number of results, not with the size of the library.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

RANKED_MIN = 200  # below this many briefs, ranking per lookup costs well under a millisecond
_JOINERS = re.compile(r"[\s\-‐‑‒–—_/.]+")


@lru_cache(maxsize=1 << 16)  # the same names recur in brief after brief
def name_key(name: str) -> str:
    """The form names are compared in: case-folded, spaces and dashes dropped.

    So ``TPX-0005``, ``tpx 0005`` and ``TPX0005`` are the same name, as are ``Augtyro`` and
    ``AUGTYRO``.
    """
    return _JOINERS.sub("", name.casefold())


class TermIndex:
    """Brief ids per canonical term, and every known name (synonym) of each term.

    ``aliases`` is a function giving extra names for a canonical term (brand names and
    development codes from a vocabulary); it is called once per new canonical term.
    """

    def __init__(self, aliases: Callable[[str], Iterable[str]] | None = None) -> None:
        self._aliases = aliases
        self._ids: dict[str, set[str] | tuple[str, ...]] = {}  # canonical key -> brief ids
        self._canonical: dict[str, str] = {}  # canonical key -> canonical as shown
        self._names: dict[str, tuple[str, str]] = {}  # name key -> (name as shown, canonical key)
        self._names_cache: list[str] | None = None
        self._candidates: dict[str, tuple[str, str]] | None = None  # for suggestions
        # Terms with many briefs keep their ids newest first, so a lookup slices instead of
        # ranking thousands of ids; dropped when the term's briefs change.
        self._ranked: dict[str, tuple[str, ...]] = {}

    def add(self, brief_id: str, canonical: str, names: Iterable[str] = ()) -> None:
        ckey = name_key(canonical)
        if not ckey:
            return
        if ckey not in self._canonical:
            self._canonical[ckey] = canonical
            self._learn(canonical, ckey, as_written=True)
            if self._aliases is not None:
                for alias in self._aliases(canonical):
                    self._learn(_code_shown(alias), ckey)
        for name in names:
            self._learn(name, ckey, as_written=True)
        self._writable_ids(ckey).add(brief_id)
        self._ranked.pop(ckey, None)
        self._names_cache = self._candidates = None

    def _writable_ids(self, ckey: str) -> set[str]:
        """The id set of a term; a snapshot restores them as tuples, made sets on first write."""
        ids = self._ids.get(ckey)
        if not isinstance(ids, set):
            ids = self._ids[ckey] = set(ids or ())
        return ids

    def __getstate__(self) -> dict:
        """For the library's snapshot: id sets as tuples (unpickling 100,000 small sets costs
        a large share of a start-up), without the suggestion caches (rebuilt on demand)."""
        state = self.__dict__.copy()
        state["_ids"] = {key: tuple(ids) for key, ids in self._ids.items()}
        state["_names_cache"] = state["_candidates"] = None
        return state

    def discard(self, brief_id: str, canonical: str) -> None:
        ckey = name_key(canonical)
        if ckey in self._ids:
            ids = self._writable_ids(ckey)
            ids.discard(brief_id)
            self._ranked.pop(ckey, None)
            if not ids:
                del self._ids[ckey]  # names stay known: they still resolve, with no briefs
            self._names_cache = self._candidates = None

    def _learn(self, name: str, ckey: str, as_written: bool = False) -> None:
        """Remember a name; the spelling an article used wins over a vocabulary's."""
        key = name_key(name)
        if key and (key not in self._names or as_written and self._names[key][1] == ckey):
            self._names[key] = (name.strip(), ckey)

    def resolve(self, query: str) -> str | None:
        """The canonical term a name stands for, or None when the name is unknown."""
        hit = self._names.get(name_key(query))
        return self._canonical[hit[1]] if hit else None

    def ids(self, canonical: str) -> Collection[str]:
        return self._ids.get(name_key(canonical)) or set()

    def newest(self, canonical: str, order: DateOrder, limit: int | None) -> list[str]:
        """Ids of the term's briefs newest first, only the first ``limit``."""
        ckey = name_key(canonical)
        ranked = self._ranked.get(ckey)
        if ranked is None:
            ids = self._ids.get(ckey) or ()
            if len(ids) < RANKED_MIN:
                return order.newest_of(ids, limit)
            ranked = self._ranked[ckey] = tuple(order.newest_of(ids))
        return list(ranked if limit is None else ranked[: max(limit, 0)])

    def rank_all(self, order: DateOrder) -> None:
        """Rank every term with many briefs now (at load), not in a user's first lookup."""
        for ckey, ids in self._ids.items():
            if len(ids) >= RANKED_MIN and ckey not in self._ranked:
                self._ranked[ckey] = tuple(order.newest_of(ids))

    def canonicals(self) -> list[str]:
        """Canonical terms that at least one brief mentions, sorted."""
        return sorted((self._canonical[k] for k in self._ids), key=str.casefold)

    def names(self) -> list[str]:
        """Every known name (canonical and synonyms) of terms that have briefs, for autocomplete."""
        if self._names_cache is None:
            shown = {shown for shown, ckey in self._names.values() if ckey in self._ids}
            self._names_cache = sorted(shown, key=str.casefold)
        return self._names_cache

    def suggest(self, query: str, limit: int = 3, cutoff: float = 75.0) -> list[str]:
        """Did-you-mean: the closest known names of terms with briefs, one per term."""
        if self._candidates is None:  # built once per change, not per query
            names = self._names.items()
            self._candidates = {key: value for key, value in names if value[1] in self._ids}
        candidates = self._candidates
        matches = process.extract(
            name_key(query), list(candidates), scorer=fuzz.ratio, score_cutoff=cutoff, limit=20
        )
        suggestions: list[str] = []
        seen_terms: set[str] = set()
        best = matches[0][1] if matches else 0.0
        for key, score, _ in matches:
            if score < best - 10:  # far behind the best match: noise, not a likely meaning
                break
            shown, ckey = candidates[key]
            if ckey in seen_terms:
                continue
            seen_terms.add(ckey)
            suggestions.append(shown)
            if len(suggestions) == limit:
                break
        return suggestions


def _code_shown(name: str) -> str:
    """Vocabularies keep names lower-cased; show development codes as usually written
    (``rxdx 101`` -> ``RXDX-101``). Other names stay as given."""
    if any(ch.isdigit() for ch in name) and any(ch.isalpha() for ch in name) and " " in name:
        return name.upper().replace(" ", "-")
    return name


def _date_key(brief_id: str, posted: int | None) -> tuple[bool, int, str]:
    """Newest first, undated last, then by id so the order is stable."""
    return (posted is None, -posted if posted is not None else 0, brief_id)


class DateOrder:
    """Brief ids newest first. Adding only appends; the list is sorted once, at the next query
    after a change, so loading 100,000 briefs costs one sort, not 100,000 insertions."""

    def __init__(self) -> None:
        self._keys: list[tuple[bool, int, str]] = []
        self._key_of: dict[str, tuple[bool, int, str]] = {}
        self._sorted = True

    def add(self, brief_id: str, posted: int | None) -> None:
        """``posted``: the date's ordinal, or None when undated."""
        self.discard(brief_id)
        key = _date_key(brief_id, posted)
        self._key_of[brief_id] = key
        self._keys.append(key)
        self._sorted = False

    def discard(self, brief_id: str) -> None:
        key = self._key_of.pop(brief_id, None)
        if key is None:
            return
        if not self._sorted:
            self._keys.remove(key)
            return
        at = bisect.bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            del self._keys[at]

    def _ordered(self) -> list[tuple[bool, int, str]]:
        if not self._sorted:
            self._keys.sort()
            self._sorted = True
        return self._keys

    def newest(self, n: int | None = None) -> list[str]:
        keys = self._ordered()
        keys = keys if n is None else keys[: max(n, 0)]
        return [key[2] for key in keys]

    def newest_of(self, ids: Iterable[str], n: int | None = None) -> list[str]:
        """``ids`` newest first, only the first ``n`` (a partial sort when ``n`` is small)."""
        if n is None:
            return sorted(ids, key=self._key_of.__getitem__)
        return heapq.nsmallest(n, ids, key=self._key_of.__getitem__)

    def ordinal(self, brief_id: str) -> int | None:
        """The brief's posted date as an ordinal, None when undated or unknown."""
        key = self._key_of.get(brief_id)
        return None if key is None or key[0] else -key[1]

    def newest_date(self) -> dt.date | None:
        keys = self._ordered()
        if not keys or keys[0][0]:
            return None
        return dt.date.fromordinal(-keys[0][1])


class IdIndex:
    """Sorted brief ids, for exact and unique-prefix lookup (sorted lazily, like DateOrder)."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._known: set[str] = set()
        self._sorted = True

    def add(self, brief_id: str) -> None:
        if brief_id not in self._known:
            self._known.add(brief_id)
            self._ids.append(brief_id)
            self._sorted = False

    def discard(self, brief_id: str) -> None:
        if brief_id not in self._known:
            return
        self._known.discard(brief_id)
        if not self._sorted:
            self._ids.remove(brief_id)
            return
        at = bisect.bisect_left(self._ids, brief_id)
        del self._ids[at]

    def with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        if not self._sorted:
            self._ids.sort()
            self._sorted = True
        found: list[str] = []
        at = bisect.bisect_left(self._ids, prefix)
        while at < len(self._ids) and self._ids[at].startswith(prefix) and len(found) < limit:
            found.append(self._ids[at])
            at += 1
        return found
