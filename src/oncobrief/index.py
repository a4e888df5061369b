"""In-memory indexes over briefs, built once at load and updated per brief.

Every lookup touches only the matching entries (a dict hit, a bisect, or BM25 postings), so its
cost grows with the number of results, not with the size of the library.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from oncobrief.models import Brief

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
        self._ids: dict[str, set[str]] = {}  # canonical key -> brief ids
        self._canonical: dict[str, str] = {}  # canonical key -> canonical as shown
        self._names: dict[str, tuple[str, str]] = {}  # name key -> (name as shown, canonical key)
        self._names_cache: list[str] | None = None
        self._candidates: dict[str, tuple[str, str]] | None = None  # for suggestions

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
        self._ids.setdefault(ckey, set()).add(brief_id)
        self._names_cache = self._candidates = None

    def discard(self, brief_id: str, canonical: str) -> None:
        ckey = name_key(canonical)
        ids = self._ids.get(ckey)
        if ids is not None:
            ids.discard(brief_id)
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

    def ids(self, canonical: str) -> set[str]:
        return self._ids.get(name_key(canonical), set())

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


def _date_key(brief: Brief) -> tuple[bool, int, str]:
    """Newest first, undated last, then by id so the order is stable."""
    posted: dt.date | None = brief.attribution.posted
    return (posted is None, -posted.toordinal() if posted else 0, brief.id)


class DateOrder:
    """Brief ids kept sorted newest first; insert and delete by bisect."""

    def __init__(self) -> None:
        self._keys: list[tuple[bool, int, str]] = []
        self._key_of: dict[str, tuple[bool, int, str]] = {}

    def add(self, brief: Brief) -> None:
        key = _date_key(brief)
        self._key_of[brief.id] = key
        bisect.insort(self._keys, key)

    def discard(self, brief: Brief) -> None:
        key = self._key_of.pop(brief.id, None)
        if key is None:
            return
        at = bisect.bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            del self._keys[at]

    def newest(self, n: int | None = None) -> list[str]:
        keys = self._keys if n is None else self._keys[: max(n, 0)]
        return [key[2] for key in keys]

    def newest_of(self, ids: Iterable[str], n: int | None = None) -> list[str]:
        """``ids`` newest first, only the first ``n`` (a partial sort when ``n`` is small)."""
        if n is None:
            return sorted(ids, key=self._key_of.__getitem__)
        return heapq.nsmallest(n, ids, key=self._key_of.__getitem__)

    def newest_date(self) -> dt.date | None:
        if not self._keys or self._keys[0][0]:
            return None
        return dt.date.fromordinal(-self._keys[0][1])


class IdIndex:
    """Sorted brief ids, for exact and unique-prefix lookup."""

    def __init__(self) -> None:
        self._ids: list[str] = []

    def add(self, brief_id: str) -> None:
        at = bisect.bisect_left(self._ids, brief_id)
        if at == len(self._ids) or self._ids[at] != brief_id:
            self._ids.insert(at, brief_id)

    def discard(self, brief_id: str) -> None:
        at = bisect.bisect_left(self._ids, brief_id)
        if at < len(self._ids) and self._ids[at] == brief_id:
            del self._ids[at]

    def with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        found: list[str] = []
        at = bisect.bisect_left(self._ids, prefix)
        while at < len(self._ids) and self._ids[at].startswith(prefix) and len(found) < limit:
            found.append(self._ids[at])
            at += 1
        return found
