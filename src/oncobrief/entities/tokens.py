"""Words of a text with their offsets, built with C-level regex calls only (no per-word Python
loop): entity passes then visit just the few words that can start a name."""

from __future__ import annotations

from itertools import accumulate

from oncobrief.vocab.text import DASHES, WORD

PHRASE_GAPS = frozenset({" ", *DASHES})  # one name: "tyrosine kinase", "5-FU", "TPX–0005"
COMPOUND_GAPS = frozenset({*DASHES, "/", "::"})  # one symbol: "IL-10", "ERK1/2", "ETV6::NTRK3"


class Tokens:
    __slots__ = (
        "text",
        "offset",
        "words",
        "lower",
        "gaps",
        "starts",
        "ends",
        "distinct",
        "distinct_lower",
    )

    def __init__(self, text: str, offset: int = 0) -> None:
        self.text = text
        self.offset = offset  # added to every start/end: entities point into the whole source
        self.words: list[str] = WORD.findall(text)
        # What lies between the words: gaps[k + 1] separates word k from word k + 1.
        self.gaps: list[str] = WORD.split(text)
        # Offsets from running sums of gap and word lengths: C-level calls, no match objects.
        lengths: list[int] = [0] * (2 * len(self.words) + 1)
        lengths[0::2] = map(len, self.gaps)
        lengths[1::2] = map(len, self.words)
        running = list(accumulate(lengths))
        self.starts: list[int] = running[0::2][: len(self.words)]
        self.ends: list[int] = running[1::2]
        # One C-level lower() over the joined words; "\x00" never occurs inside a word.
        self.lower: list[str] = "\x00".join(self.words).lower().split("\x00")
        if len(self.lower) != len(self.words):  # defensive: keep the lists aligned
            self.lower = [w.lower() for w in self.words]
        self.distinct = frozenset(self.words)  # for set operations against vocabularies
        self.distinct_lower = frozenset(self.lower)

    def positions(self, wanted: set[str] | frozenset[str], lower: bool = True) -> list[int]:
        """Sorted indexes of the words in ``wanted`` (usually a few distinct words): each is
        found with list.index, a C-level scan, instead of a Python loop over every word."""
        words = self.lower if lower else self.words
        if len(wanted) > 4:  # many words: one pass is cheaper than a scan per word
            return [k for k, w in enumerate(words) if w in wanted]
        found: list[int] = []
        for word in wanted:
            k = -1
            try:
                while True:
                    k = words.index(word, k + 1)
                    found.append(k)
            except ValueError:
                pass
        found.sort()
        return found

    def __len__(self) -> int:
        return len(self.words)

    def start(self, k: int) -> int:
        return self.starts[k]

    def end(self, k: int) -> int:
        return self.ends[k]

    def span_text(self, i: int, j: int) -> str:
        """The source text of words i..j-1, with what lies between them."""
        return self.text[self.starts[i] : self.ends[j - 1]]

    def gap(self, k: int) -> str:
        """What separates word k from word k+1 ('' after the last word)."""
        return self.gaps[k + 1] if k + 1 < len(self.words) else ""

    def phrase_joined(self, k: int) -> bool:
        """Words k and k+1 may belong to one multi-word name (never across a comma)."""
        return k + 1 < len(self.words) and self.gaps[k + 1] in PHRASE_GAPS

    def compound_joined(self, k: int) -> bool:
        return k + 1 < len(self.words) and self.gaps[k + 1] in COMPOUND_GAPS


def tokenize(text: str, offset: int = 0) -> Tokens:
    return Tokens(text, offset)


def occurrences(text: str, word: str, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Spans of ``word`` standing alone in ``text`` (not inside a longer word or compound).

    str.find instead of a regex built per word: compiling one for every abbreviation of every
    text costs more than the search itself."""
    haystack, needle = (text.lower(), word.lower()) if ignore_case else (text, word)
    if len(haystack) != len(text):  # lower-casing changed lengths ("İ"): match exactly
        haystack, needle = text, word
    spans = []
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if after == "-" and text[end + 1 : end + 2].islower():
            after = " "  # "Dox-induced", "ETO-treated": the word, then an English suffix
        if before == "-" and start >= 2 and text[start - 2].isalpha():
            before = " "  # "bort-dex", "anti-Dox": a word joined to another word
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            spans.append((start, end))
        start = haystack.find(needle, start + 1)
    return spans
