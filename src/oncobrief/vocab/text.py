"""Text helpers shared by the vocabularies and the entity matchers."""

from __future__ import annotations

import re

# A word: letters/digits (Greek letters included), with inner dots kept ("KCa3.1", "2.5").
WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")

# Dashes that join the parts of a name ("5-FU", "TPX–0005", "IL‑10").
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH_TABLE = str.maketrans({d: "-" for d in DASHES[1:]})


def normalise_dashes(text: str) -> str:
    return text.translate(_DASH_TABLE)


def phrase_key(name: str) -> str:
    """Lowercase words joined by one space: 'TPX-0005' -> 'tpx 0005', 'Ca(2+)' -> 'ca 2'."""
    return " ".join(WORD.findall(name.lower()))


def compact_key(name: str) -> str:
    """Uppercase with separators removed, for gene symbols: 'IL-10' -> 'IL10'."""
    return "".join(WORD.findall(name.upper()))


def common_english(words: set[str], threshold: float = 3.9) -> set[str]:
    """The words of ``words`` that are frequent English words (wordfreq Zipf >= threshold).

    Used at cache-build time only: gene symbols and drug names that are also common English
    words ("met", "set", "kit", "focus") need context before they count.
    """
    from wordfreq import get_frequency_dict

    # One dictionary read instead of a zipf_frequency() call per word (60k+ words).
    minimum = 10 ** (threshold - 9)  # Zipf = log10(frequency per billion words)
    frequencies = get_frequency_dict("en")
    return {w for w in words if frequencies.get(w, 0.0) >= minimum}
