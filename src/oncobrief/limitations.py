"""Rule-based detection of sentences that state a study's limitations.

Two layers:

* ``is_limitation_sentence(text)`` looks at one sentence alone: the general cue patterns of
  ``limitation_cues`` (small sample, retrospective design, could not / unable to, further
  studies are warranted, generalisability, not powered, single centre, bias, short follow-up),
  minus sentences that defend the study ("we were able to adjust ...").
* ``limitation_flags(texts)`` reads an ordered run of sentences: an announcement such as
  "This study has several limitations." opens a passage, and the sentences that follow it
  count as limitations until a closing sentence ("Despite these limitations", "In
  conclusion") or the end of the run; "Second, ...", "Finally, ..." continue a list whose
  earlier item was a limitation.

A bare announcement counts by default: in a brief it is the source saying limitations exist,
which must not turn into "none stated". ``announcements=False`` leaves it out, as the manually
labelled research sentences do. ``find_limitations`` applies both layers to the body (one run
per paragraph; a paragraph that ends in an announcement runs on into the next) and judges each
quoted sentence on its own words; spans are verbatim, quotes without their quotation marks.
The whole sentence is the span, even when only a clause after a semicolon states the
limitation, so the reader sees the source's own framing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from oncobrief.limitation_cues import has_strong_cue as _has_strong_cue
from oncobrief.models import Document, Quote, Sentence, Span

# Patterns are written in lower case and run on lower-cased text: several times faster
# than re.IGNORECASE on this many alternatives.
_FLAGS = 0

# A short sentence naming limitations without stating one ("Our study has some limitations.").
_ANNOUNCEMENT_MAX_WORDS = 14
_STATES_ONE = re.compile(
    r"\blimitations?\b[^.;:]{0,40}?\b(?:is|was|are|were|include[sd]?|concerns?|relates?|lies|"
    r"arises?|being)\b|\blimited\b|\bthat\b|\bbecause\b|\bdue\s+to\b",
    _FLAGS,
)
_LIMIT_NOUNS = ("limitation", "weakness", "shortcoming", "drawback")  # cheap pre-test
_LIMIT_NOUN = re.compile(r"\b(?:limitations?|weakness(?:es)?|shortcomings?|drawbacks?)\b", _FLAGS)


# Sentences that close a limitation passage.
_CLOSING = re.compile(
    r"\b(?:despite|notwithstanding|in\s+spite\s+of|regardless\s+of)\s+(?:these|this|the\s+above|"
    r"such|its|our|some)\b|^\W*(?:in\s+conclusion|in\s+summary|to\s+conclude|to\s+summari[sz]e|"
    r"conclusions?|overall|taken\s+together|nevertheless|nonetheless|on\s+the\s+other\s+hand)\b|"
    r"\bstrengths?\b",
    _FLAGS,
)
# Sentences that defend the study rather than limit it ("we were able to adjust ...").
_MITIGATION = re.compile(
    r"\b(?:strengths?|(?:were|was|are|is)\s+(?:however\s+|also\s+)?able\s+to|tried\s+to|"
    r"(?:in\s+order\s+)?to\s+(?:reduce|minimi[sz]e|avoid|mitigate)\b|likely\s+(?:minimal|small)|"
    r"unlikely\s+to|did\s+not\s+appear\s+to|reassur\w*|robust\w*|independently\s+validated|"
    r"not\s+different|no\s+such)\b",
    _FLAGS,
)
_MAX_PASSAGE = 14  # sentences after an announcement that can still belong to it
# "Second, ...", "Finally, ...": the next item of a list whose earlier item was a limitation.
_NEXT_ITEM = re.compile(
    r"^\W*(?:second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|sixth(?:ly)?|finally|lastly|"
    r"last\s+but\s+not\s+least|another)\b",
    _FLAGS,
)
_LIST_WINDOW = 6


def is_announcement(text: str) -> bool:
    """A sentence that only announces limitations ("This study has several limitations.")."""
    text = text.lower()
    if not any(noun in text for noun in _LIMIT_NOUNS) or not _LIMIT_NOUN.search(text):
        return False
    head = re.split(r"[;:]\s+", text, maxsplit=1)[0]
    return len(head.split()) <= _ANNOUNCEMENT_MAX_WORDS and not _STATES_ONE.search(head)


def is_limitation_sentence(text: str, *, announcements: bool = True) -> bool:
    """True when the sentence states a limitation.

    A bare announcement ("This study has several limitations.") counts unless
    ``announcements=False``: in a news brief it is the source saying limitations exist, which
    must not become "none stated"; the manually labelled research sentences do not count it.
    """
    text = text.lower()
    if is_announcement(text):
        return announcements or _has_specific_clause(text)
    return _has_strong_cue(text) and not _MITIGATION.search(text)


def _has_specific_clause(text: str) -> bool:
    """An announcement joined to a stated limitation: "... limitations; only M3B cells ..."."""
    parts = re.split(r"[;:]\s+", text, maxsplit=1)
    return len(parts) == 2 and bool(_has_strong_cue(parts[1]))


def limitation_flags(texts: Sequence[str], *, announcements: bool = True) -> list[bool]:
    """Flag each sentence of an ordered run (a paragraph or a section), using its context."""
    texts = [text.lower() for text in texts]
    flags = [is_limitation_sentence(text, announcements=announcements) for text in texts]
    in_passage = 0  # sentences left in the current announced passage
    last_flagged = -_LIST_WINDOW - 1
    for index, text in enumerate(texts):
        if flags[index]:
            last_flagged = index
        elif index - last_flagged <= _LIST_WINDOW and _NEXT_ITEM.match(text):
            flags[index] = True
            last_flagged = index
        if flags[index] and any(noun in text for noun in _LIMIT_NOUNS) or is_announcement(text):
            in_passage = _MAX_PASSAGE
            continue
        if in_passage:
            if _CLOSING.search(text):
                in_passage = 0
                continue
            flags[index] = _is_prose(text) and not _MITIGATION.search(text)
            in_passage -= 1
    return flags


_NOT_PROSE = re.compile(
    r"^\W*(?:sources?|references?|photo|credit|image|read\s+more)\b|https?:|www\."
)


def _is_prose(lowered: str) -> bool:
    """Passage members must be sentences, not source lines or links that follow a passage."""
    return len(lowered.split()) >= 5 and not _NOT_PROSE.search(lowered)


def find_limitations(
    document: Document, sentences: Sequence[Sentence], quotes: Sequence[Quote]
) -> list[Span]:
    """Verbatim limitation spans from the body and from quotes, in source order."""
    text = document.source.text
    spans: dict[tuple[int, int], Span] = {}
    for paragraph_sentences in _by_paragraph(sentences):
        texts = [s.text for s in paragraph_sentences]
        for sentence, flagged in zip(paragraph_sentences, limitation_flags(texts), strict=True):
            if flagged and not _is_inside_quote(sentence, quotes):
                spans[(sentence.start, sentence.end)] = Span(
                    text=sentence.text, start=sentence.start, end=sentence.end
                )
    body_spans = list(spans)
    for quote in quotes:
        for start, end in _quote_sentences(quote):
            inside_body_span = any(s <= start and end <= e for s, e in body_spans)
            piece = text[start:end]
            if not inside_body_span and is_limitation_sentence(piece):
                spans[(start, end)] = Span(text=piece, start=start, end=end)
    return [spans[key] for key in sorted(spans)]


def _by_paragraph(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Sentence runs per paragraph; a paragraph ending in an announcement joins the next one,
    whose sentences are then the announced limitations."""
    groups: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        groups.setdefault(sentence.paragraph, []).append(sentence)
    runs: list[list[Sentence]] = []
    for key in sorted(groups):
        if runs and is_announcement(runs[-1][-1].text):
            runs[-1].extend(groups[key])
        else:
            runs.append(list(groups[key]))
    return runs


def _is_inside_quote(sentence: Sentence, quotes: Sequence[Quote]) -> bool:
    """A sentence that mostly quotes someone: its quote is judged on its own words instead."""
    for quote in quotes:
        overlap = min(sentence.end, quote.end) - max(sentence.start, quote.start)
        if overlap > 0 and overlap >= 0.5 * (sentence.end - sentence.start):
            return True
    return False


_QUOTE_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def _quote_sentences(quote: Quote) -> list[tuple[int, int]]:
    """Sentences inside a quote as absolute offsets, trailing comma and spaces trimmed."""
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in [*_QUOTE_SENTENCE_END.finditer(quote.text), None]:
        end = match.start() if match else len(quote.text)
        piece = quote.text[position:end]
        stripped = piece.rstrip(" ,\n")
        lead = len(piece) - len(piece.lstrip())
        if stripped.strip():
            pieces.append((quote.start + position + lead, quote.start + position + len(stripped)))
        if match:
            position = match.end()
    return pieces


_RUN_GAP = 3  # labelled sentences further apart than this do not share a passage


def flag_labelled_sentences(rows: Sequence[Mapping[str, Any]]) -> list[bool]:
    """Flags for labelled sentences (``doc_id``, ``sent_index``, ``section``, ``sentence``),
    read in context the way ``find_limitations`` reads an article: each document's sentences in
    order, runs broken at a section change or a gap in the sentence numbers. Returned in the
    order of ``rows``; for evaluation harnesses."""
    flags = [False] * len(rows)
    by_document: dict[Any, list[int]] = {}
    for position, row in enumerate(rows):
        by_document.setdefault((row.get("subset"), row.get("doc_id")), []).append(position)
    for positions in by_document.values():
        positions.sort(key=lambda p: rows[p].get("sent_index", 0))
        run: list[int] = []
        for position in positions + [-1]:
            if run and (
                position == -1
                or rows[position].get("section") != rows[run[-1]].get("section")
                or rows[position].get("sent_index", 0) - rows[run[-1]].get("sent_index", 0)
                > _RUN_GAP
            ):
                texts = [rows[p]["sentence"] for p in run]
                for p, flag in zip(run, limitation_flags(texts), strict=True):
                    flags[p] = flag
                run = []
            if position != -1:
                run.append(position)
    return flags
