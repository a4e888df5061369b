"""Sentence boundaries with character offsets into the source text.

nupunkt finds the boundaries, with its abbreviation list pruned to real abbreviations (its
default model, trained on legal text, treats "cancer." or "week." as abbreviations). Repairs
then fix what news about medicine needs: no break after titles, figure and number
abbreviations, ``et al.``, ``vs.``, ``e.g.``/``i.e.``, ``U.S. FDA``, or before a lower-case
continuation (``,” concluded ...``); a break after ``.”`` before a new sentence. Headings stay
on their own line. Offsets are exact: ``source.text[start:end]`` is the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from oncobrief.boilerplate import is_boilerplate
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
_JOINER = "\n\n"
_MAX_CHROME_SPACES = 25
_TAIL = 24  # characters of context the repairs look at
_CAN_BE_FINAL = re.compile(
    r"\b(?:al|Jr|Sr|St|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S)\.$"
)
# Words that follow "U.S." inside a sentence ("the U.S. FDA", "U.S. Food and Drug ...").
_US_NOUN = re.compile(
    r"^(?:[A-Z]{2,}\b|(?:Food|National|Preventive|Department|Centers?|Government|Army|Navy|"
    r"Air|Supreme|Senate|Congress|Census|Medicare|Medicaid|Public|Surgeon|Veterans|Cancer)\b)"
)
_CLOSE_QUOTE_BREAK = re.compile(r"[.!?][”\"’']\s+(?=[“\"‘']?[A-Z0-9])")


# Abbreviations of news and medical English. nupunkt's default model was trained on legal
# and government text and lists ~1,700 ordinary words as abbreviations ("cancer", "chest",
# "week", "life"), which glues sentences together ("... breast cancer. And ..."). Only
# these, multi-part abbreviations ("u.s", "e.g", "ph.d") and single letters (initials) are
# kept. Words that are also common English words (ill, mass, miss, min) are left out.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr drs prof sr jr st mt ft rev hon gov sen rep gen lt col maj sgt capt cmdr
    pres supt inc corp co ltd llc bros assn dept univ inst natl intl jan feb mar apr jun jul
    aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun vs v etc cf approx
    ca al fig figs no nos vol vols pp p ch eq ref refs eds wt ala ariz ark calif colo conn
    fla ga kan kans ky la mich minn mont neb nev okla penn tenn tex va vt wis wyo ave blvd
    rd hwy""".split()
)


@lru_cache(maxsize=1)
def _tokenizer():
    """nupunkt's default model with the abbreviation list pruned for news about medicine.

    A private instance: ``nupunkt.load("default")`` is shared and must not be changed.
    """
    from nupunkt.models import load_default_model  # late: loading takes a moment, done once

    tokenizer = load_default_model()
    params = tokenizer.parameters
    kept = {a for a in params.abbrev_types if "." in a or len(a) == 1 or a in _ABBREVIATIONS}
    params.abbrev_types = kept | _ABBREVIATIONS
    tokenizer.clear_decision_cache()
    return tokenizer


def split_text(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` as (start, end) shifted by ``offset``, stripped of spaces."""
    spans = [
        span for _, chunk in _split_chunks(text, _groups(text, 0, len(text))) for span in chunk
    ]
    return [(offset + s, offset + e) for s, e in spans]


def split_sentences(document: Document) -> list[Sentence]:
    """Sentences of the body paragraphs, in order, with offsets into ``document.source.text``.

    Page chrome glued into a paragraph by the scraper ("Read more", "Advertisement Continue
    reading the main story") is dropped here too, so it never reaches a summary or finding.
    """
    text = document.source.text
    groups: list[tuple[int, int, int]] = []
    for index, paragraph in enumerate(document.paragraphs):
        groups += [(s, e, index) for s, e, _ in _groups(text, paragraph.start, paragraph.end)]
    return [
        Sentence(text=text[start:end], start=start, end=end, paragraph=index)
        for index, spans in _split_chunks(text, groups)
        for start, end in spans
        if not _is_chrome(text[start:end])
    ]


def _is_chrome(sentence: str) -> bool:
    # Chrome is short; long sentences skip the (comparatively slow) boilerplate rules.
    return sentence.count(" ") < _MAX_CHROME_SPACES and is_boilerplate(sentence)


def _groups(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    piece = text[start:end]
    if "\n" not in piece:
        return [(start, end, 0)] if piece.strip() else []
    return [(start + s, start + e, 0) for s, e in _line_groups(piece)]


def _split_chunks(
    text: str, groups: list[tuple[int, int, int]]
) -> list[tuple[int, list[tuple[int, int]]]]:
    """Split every (start, end, tag) chunk of ``text``; sentences never cross chunks.

    The tokenizer runs once over all chunks joined by blank lines (one call is much cheaper
    than one per paragraph); its spans are then cut back at the chunk edges.
    """
    if not groups:
        return []
    combined_starts: list[int] = []
    combined_ends: list[int] = []
    position = 0
    for start, end, _ in groups:
        combined_starts.append(position)
        position += end - start
        combined_ends.append(position)
        position += len(_JOINER)
    combined = _JOINER.join(text[start:end] for start, end, _ in groups)
    raw: list[list[tuple[int, int]]] = [[] for _ in groups]
    count = len(groups)
    for a, b in _tokenizer().span_tokenize(combined):
        index = bisect_right(combined_starts, a) - 1
        while index < count and combined_starts[index] < b:
            low, high = max(a, combined_starts[index]), min(b, combined_ends[index])
            if low < high:
                shift = groups[index][0] - combined_starts[index]
                raw[index].append((low + shift, high + shift))
            index += 1
    result = []
    for (start, end, tag), spans in zip(groups, raw, strict=True):
        repaired = _repair(text, spans)
        if _CLOSE_QUOTE_BREAK.search(text, start, end):
            repaired = [p for s, e in repaired for p in _split_after_closing_quote(text, s, e)]
        result.append((tag, repaired))
    return result


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
        if merged:
            previous_start, previous_end = merged[-1]
            # The repairs only look at the end of the previous sentence.
            tail = text[max(previous_start, previous_end - _TAIL) : previous_end]
            if _should_join(tail, text[start : min(end, start + _TAIL)]):
                merged[-1] = (previous_start, end)
                continue
        merged.append((start, end))
    return merged


def _should_join(previous: str, current: str) -> bool:
    if _CONTINUATION.match(current):
        return True
    if not previous.endswith("."):
        return False
    if _NEVER_FINAL.search(previous):
        # "et al.", "U.S." and the month names can end a sentence; join only before a number
        # (lower case is handled above), or a name that goes on ("the U.S. FDA approved").
        if previous.endswith("U.S.") and _US_NOUN.match(current):
            return True
        if _CAN_BE_FINAL.search(previous):
            return current[:1].isdigit()
        return True
    if current[:1].isdigit():
        # "Fig." + "2", or a decimal split at its point: "2." + "5 mg".
        return bool(_BEFORE_NUMBER.search(previous) or previous[-2:-1].isdigit())
    return False


def _split_after_closing_quote(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Break after ``.”`` when a new capitalised sentence follows (Punkt sometimes misses it)."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _CLOSE_QUOTE_BREAK.finditer(text, start, end):
        if _NEVER_FINAL.search(text[max(cursor, match.start() - _TAIL) : match.start() + 1]):
            continue
        split_at = match.start() + 2
        pieces.append(_strip(text, cursor, split_at))
        cursor = match.end()
    pieces.append(_strip(text, cursor, end))
    return [(s, e) for s, e in pieces if s < e]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.strip()
    if len(stripped) == len(piece):
        return start, end
    if not stripped:
        return start, start
    start += len(piece) - len(piece.lstrip())
    return start, start + len(stripped)
