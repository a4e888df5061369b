"""Sentence boundaries with character offsets into the source text.

nupunkt (a Punkt model trained on legal and general English) finds the candidate boundaries;
a few repairs then fix what news about medicine needs: no break after titles, figure and
number abbreviations, ``et al.``, ``vs.``, ``e.g.``/``i.e.``, credentials followed by a
lower-case word, or before a lower-case continuation (``,” concluded ...``). Lines that are
headings stay on their own. Offsets are always exact: ``text[start:end]`` is the sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from oncobrief.models import Document, Sentence

# Abbreviations after which a sentence (almost) never ends; the next segment is joined.
_NEVER_FINAL = re.compile(
    r"(?:\b(?:Dr|Drs|Mr|Mrs|Ms|Prof|Sr|Jr|St|vs|v|cf|approx|ca|al|Gov|Sen|Rep|Gen|Lt|Col|Capt|"
    r"Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|"
    r"\be\.g\.|\bi\.e\.|\bet al\.|\bU\.S\.)[\"”’)\]]?$"
)
# Abbreviations that end a sentence only when a capitalised word follows; before a digit they
# are references ("Fig. 2", "No. 5", "p. 12").
_BEFORE_NUMBER = re.compile(r"\b(?:Fig|Figs|No|Nos|Vol|pp?|Ref|Eq|Tab|Table|Ch|Sec)\.$", re.I)
# A segment that continues the previous sentence: starts lower-case (after quotes/brackets)
# or with a closing punctuation mark.
_CONTINUATION = re.compile(r"^[\"'“”‘’(\[]*(?:[a-z]|[,;:)\]])")
_CAN_BE_FINAL = re.compile(r"\b(?:al|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S)\.$")
# Words that follow "U.S." inside a sentence ("the U.S. FDA", "U.S. Food and Drug ...").
_US_NOUN = re.compile(
    r"^(?:[A-Z]{2,}\b|(?:Food|National|Preventive|Department|Centers?|Government|Army|Navy|"
    r"Air|Supreme|Senate|Congress|Census|Medicare|Medicaid|Public|Surgeon|Veterans|Cancer)\b)"
)
_CLOSE_QUOTE_BREAK = re.compile(r"[.!?][”\"’']\s+(?=[“\"‘']?[A-Z0-9])")


@lru_cache(maxsize=1)
def _tokenizer():
    import nupunkt  # late: loading the model takes a moment; done once per process

    return nupunkt.load("default")


def split_text(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` as (start, end) shifted by ``offset``, stripped of spaces."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _line_groups(text):
        chunk = text[line_start:line_end]
        raw = [(line_start + s, line_start + e) for s, e in _tokenizer().span_tokenize(chunk)]
        spans += _repair(text, raw)
    return [(offset + s, offset + e) for s, e in spans]


def split_sentences(document: Document) -> list[Sentence]:
    """Sentences of the body paragraphs, in order, with offsets into ``document.source.text``."""
    sentences: list[Sentence] = []
    for index, paragraph in enumerate(document.paragraphs):
        for start, end in split_text(paragraph.text, paragraph.start):
            sentences.append(
                Sentence(
                    text=document.source.text[start:end], start=start, end=end, paragraph=index
                )
            )
    return sentences


def _line_groups(text: str) -> list[tuple[int, int]]:
    """Split at newlines that end a heading or a complete line; join wrapped prose lines."""
    groups: list[tuple[int, int]] = []
    start = 0
    position = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        end = position + len(line)
        stripped = line.strip()
        is_last = number == len(lines) - 1
        if is_last or _ends_group(stripped, lines[number + 1].strip()):
            groups.append((start, end))
            start = end + 1
        position = end + 1
    return [(s, e) for s, e in groups if text[s:e].strip()]


def _ends_group(line: str, next_line: str) -> bool:
    if not line or not next_line:
        return True
    if line.startswith("#") or next_line.startswith(("#", "- ", "* ", "• ")):
        return True
    if line.endswith((".", "!", "?", ":", "”", '"', "’")):
        return True
    # A short line without end punctuation followed by a capitalised line is a heading.
    return len(line) <= 80 and next_line[:1].isupper()


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = _strip(text, start, end)
        if start >= end:
            continue
        if merged and _should_join(text[merged[-1][0] : merged[-1][1]], text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    result: list[tuple[int, int]] = []
    for start, end in merged:
        result += _split_after_closing_quote(text, start, end)
    return result


def _should_join(previous: str, current: str) -> bool:
    if _CONTINUATION.match(current):
        return True
    if _NEVER_FINAL.search(previous):
        # "et al.", "U.S." and the month names can end a sentence; join only before a number
        # (lower case is handled above), or a name that goes on ("the U.S. FDA approved").
        if previous.endswith("U.S.") and _US_NOUN.match(current):
            return True
        if _CAN_BE_FINAL.search(previous):
            return current[:1].isdigit()
        return True
    if _BEFORE_NUMBER.search(previous) and current[:1].isdigit():
        return True
    if current[:1].isdigit() and re.search(r"\d\.$", previous):
        return True  # a decimal split at the point: "2." + "5 mg"
    return False


def _split_after_closing_quote(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Break after ``.”`` when a new capitalised sentence follows (Punkt sometimes misses it)."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _CLOSE_QUOTE_BREAK.finditer(text, start, end):
        if _NEVER_FINAL.search(text[cursor : match.start() + 1]):
            continue
        split_at = match.start() + 2
        pieces.append(_strip(text, cursor, split_at))
        cursor = match.end()
    pieces.append(_strip(text, cursor, end))
    return [(s, e) for s, e in pieces if s < e]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
