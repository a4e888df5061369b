"""Cutting text to Discord's limits at sentence boundaries, and splitting long messages."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

ELLIPSIS = "…"
MESSAGE_LIMIT = 2000

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) and whitespace.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")


def cut_text(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, at a sentence boundary if one is not too
    far back, else at a word boundary, and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = text[: limit - 2]  # space for " …"
    ends = [m.end() for m in _SENTENCE_END.finditer(room)]
    if ends and ends[-1] >= limit // 3:
        cut = room[: ends[-1]]
    else:
        space = room.rfind(" ")
        cut = room[:space] if space >= limit // 3 else room
    # Never leave half of an escape sequence ("\" at the end would escape the ellipsis).
    cut = cut.rstrip().rstrip("\\").rstrip()
    return f"{cut} {ELLIPSIS}"


def fit_items(render: Callable[[Sequence[str], int], str], items: Sequence[str], limit: int) -> str:
    """Render as many whole items (sentences, names) as fit in ``limit``.

    ``render(shown, hidden_count)`` renders the template; items are dropped from the end, so
    the text is cut between sentences. If even the first item alone is too long, it is cut
    inside with :func:`cut_text`.
    """
    for shown in range(len(items), 0, -1):
        text = render(items[:shown], len(items) - shown)
        if len(text) <= limit:
            return text
    if not items:
        return cut_text(render([], 0), limit)
    overhead = len(render([""], len(items) - 1))
    first = cut_text(items[0], max(limit - overhead, 0))
    return cut_text(render([first], len(items) - 1), limit)


def split_sentences_loosely(text: str) -> list[str]:
    """Split a long line into sentence-sized pieces (keeping the spaces with the pieces)."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split ``text`` into messages of at most ``limit`` characters.

    Splits between lines first, then between sentences, then between words; nothing is lost.
    """
    chunks: list[str] = []
    current = ""
    for unit in _units(text, limit):
        if current and len(current) + len(unit) > limit:
            chunks.append(current.rstrip())
            current = ""
        current += unit
    if current.strip():
        chunks.append(current.rstrip())
    return [c for c in chunks if c.strip()]


def _units(text: str, limit: int) -> list[str]:
    """Pieces no longer than ``limit``: lines, or sentences of long lines, or words."""
    units: list[str] = []
    for line in text.splitlines(keepends=True):
        if len(line) <= limit:
            units.append(line)
            continue
        for sentence in split_sentences_loosely(line):
            if len(sentence) <= limit:
                units.append(sentence)
                continue
            for word in re.findall(r"\S*\s*", sentence):
                while len(word) > limit:  # a "word" longer than a message: hard split
                    units.append(word[:limit])
                    word = word[limit:]
                if word:
                    units.append(word)
    return units
