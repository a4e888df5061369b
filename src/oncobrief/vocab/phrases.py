"""Longest-match lookup of multi-word names over a tokenised text.

Names are stored under ``phrase_key`` (lowercase words joined by one space). Matching walks the
text's words once and does one dict lookup per word (first-word index), plus a few more only
where a known name starts: fast enough for 100k names without a giant regex.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from oncobrief.vocab.text import phrase_key

V = TypeVar("V")


class PhraseIndex(Generic[V]):
    def __init__(self) -> None:
        self.values: dict[str, V] = {}
        self.max_words: dict[str, int] = {}  # first word -> most words of a name starting with it
        self.prefixes: set[str] = set()  # proper word prefixes of multi-word names
        self._first_words: frozenset[str] | None = None  # max_words' keys, for set algebra

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def add(self, name: str, value: V, *, overwrite: bool = True) -> str | None:
        key = phrase_key(name)
        if not key or (not overwrite and key in self.values):
            return None
        self._first_words = None
        self.values[key] = value
        words = key.split(" ")
        if len(words) > self.max_words.get(words[0], 0):
            self.max_words[words[0]] = len(words)
        for n in range(1, len(words)):
            self.prefixes.add(" ".join(words[:n]))
        return key

    def first_words(self) -> frozenset[str]:
        """Every word a name starts with: intersected with a text's words in C, not in a loop.
        (Rebuilt after ``add``; callers that set ``max_words`` directly get it built then.)"""
        if self._first_words is None or len(self._first_words) != len(self.max_words):
            self._first_words = frozenset(self.max_words)
        return self._first_words

    def get(self, name: str) -> V | None:
        return self.values.get(phrase_key(name))

    def longest_at(
        self, words: list[str], i: int, joinable: Callable[[int], bool]
    ) -> tuple[int, V] | None:
        """The longest name starting at word ``i``; ``joinable(k)`` says words k and k+1 are
        separated only by a space or dash (so a name never spans a comma or a full stop)."""
        key = words[i]
        value = self.values.get(key)
        best = None if value is None else (1, value)
        n, total, prefixes = 1, len(words), self.prefixes
        # Extend only while the words so far begin some longer name ("tyrosine kinase ...").
        while key in prefixes and i + n < total and joinable(i + n - 1):
            key = f"{key} {words[i + n]}"
            n += 1
            value = self.values.get(key)
            if value is not None:
                best = (n, value)
        return best

    def items(self) -> Iterator[tuple[str, V]]:
        return iter(self.values.items())
