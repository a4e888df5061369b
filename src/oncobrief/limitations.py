"""Rule-based detection of sentences that state a study's limitations.

Two layers:

* ``is_limitation_sentence(text)`` looks at one sentence alone: the general cue patterns of
  ``limitation_cues`` (small sample, retrospective design, could not / unable to, further
  studies are warranted, generalisability, not powered, single centre, bias, short follow-up),
  minus sentences that defend the study ("we were able to adjust ...", "bias towards the
  null"), advise clinicians ("patients should be assessed ...") or report other authors' work
  ("as reported by Smith et al") without anchoring to this study.
* ``limitation_flags(texts)`` reads an ordered run of sentences: an announcement such as
  "This study has several limitations." opens a passage, and the sentences that follow it
  count as limitations until a closing sentence ("Despite these limitations", "In
  conclusion") or the end of the run, except those that answer a limitation ("However, the
  groups were well matched.") or report others' work; "Second, ...", "Finally, ..."
  continue a list whose earlier item was a limitation.

Announcements: a bare announcement states no limitation, so it counts only as a stand-in,
when no stated limitation follows it in its run. A brief then lists the limitations
themselves, not "This study has several limitations." in front of them, and an article that
only says its study "has limitations" still does not turn into "none stated". The hand-labelled
research sentences agree (they never label an announcement). ``announcements=False`` drops
the stand-in too. ``find_limitations`` applies both layers to the body (one run per
paragraph; a paragraph that ends in an announcement runs on into the next) and judges each
quoted sentence on its own words; spans are verbatim, quotes without their quotation marks.
The whole sentence is the span, even when only a clause after a semicolon states the
limitation, so the reader sees the source's own framing. ``flag_labelled_sentences`` reads
labelled research sentences the same way, with their section heading as context: reporting
sections (methods, results ...) state no limitations, a "Limitations" section is a passage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from oncobrief.limitation_cues import has_strong_cue as _has_strong_cue
from oncobrief.models import Document, Quote, Sentence, Span

# Patterns are written in lower case and run on lower-cased text: several times faster
# than re.IGNORECASE on this many alternatives.

# A short sentence naming limitations without stating one ("Our study has some limitations.").
_ANNOUNCEMENT_MAX_WORDS = 25
# Wording after the noun that states the limitation ("the limitation is that ...").
_STATES_ONE = re.compile(
    r"\b(?:limitations?|weakness(?:es)?|shortcomings?|drawbacks?)\b[^.;:]{0,40}?\b(?:is|was|are|"
    r"were|include[sd]?|including|concerns?|concerning|relates?|related|lies|arises?|being|"
    r"that|because|due\s+to|such\s+as|namely|regarding|of\s+using)\b|\blimited\b|"
    r"\b(?:is|was|are|were|be|been|represents?|constitutes?|remains?)\s+(?:\w+\s+){0,3}"
    r"(?:limitations?|weakness(?:es)?|shortcomings?|drawbacks?)\b"
)
# Turns that put limitations behind the reader ("Despite these limitations, ...").
_PAST_LIMITATIONS = re.compile(
    r"\b(?:despite|notwithstanding|in\s+spite\s+of|regardless\s+of)\s+(?:these|this|the|such|its|"
    r"our|some|those|all|(?:the\s+)?(?:aforementioned|above(?:-mentioned)?))\s+(?:\w+\s+)?(?:limitations?|weakness(?:es)?|shortcomings?|drawbacks?)\b|"
    r"^\W*(?:nevertheless|nonetheless|in\s+conclusion|overall)\b"
)
_LIMIT_NOUNS = ("limitation", "weakness", "shortcoming", "drawback")  # cheap pre-test
_LIMIT_NOUN = re.compile(r"\b(?:limitations?|weakness(?:es)?|shortcomings?|drawbacks?)\b")
_LIMIT_NOUN_PHRASE = re.compile(
    r"\b(?:\w+\s+)?(?:limitations?|weakness(?:es)?|shortcomings?|drawbacks?)\b"
)

# Sentences that close a limitation passage.
_CLOSING = re.compile(
    r"\b(?:despite|notwithstanding|in\s+spite\s+of|regardless\s+of)\s+(?:these|this|the\s+above|"
    r"such|its|our|some|those|all|(?:the\s+)?(?:aforementioned|above-mentioned))\b|^\W*(?:in\s+conclusion|in\s+summary|to\s+conclude|to\s+summari[sz]e|"
    r"conclusions?|overall|taken\s+together|nevertheless|nonetheless|on\s+the\s+other\s+hand)\b|"
    r"\bstrengths?\b"
)
# Sentences that defend the study rather than limit it ("we were able to adjust ...").
_MITIGATION = re.compile(
    r"\b(?:strengths?|(?:were|was|are|is)\s+(?:however\s+|also\s+)?able\s+to|tried\s+to|"
    r"(?:in\s+order\s+)?to\s+(?:reduce|minimi[sz]e|avoid|mitigate)\b|"
    r"^\W*(?:to|in\s+order\s+to)\s+(?:overcome|explore|address|account\s+for|correct)\b|"
    r"likely\s+(?:minimal|small)|unlikely\s+to|did\s+not\s+appear\s+to|reassur\w*|"
    r"(?:were|was|are|remained|remains)\s+(?:\w+\s+)?robust|robustness|independently\s+validated|"
    r"not\s+different|no\s+such|imput(?:ation|ed)|if\s+anything|"
    r"(?:still|remains?)\s+(?:a\s+)?(?:valid|reliable|relevant|meaningful|informative|useful)|"
    r"bias(?:ed)?\s+(?:\w+\s+){0,2}(?:towards?|to)\s+the\s+null)\b"
)
# Wording that reports other authors' work: "as mentioned by Smith et al", "previous studies
# have shown". Their limitations are not this study's.
_OTHERS_STRONG = re.compile(
    r"\bet\s+al\b|\b(?:mentioned|(?<!-)reported|shown|suggested|described|proposed)\s+by\b|"
    r"\b(?:a|one|another|the|recent)\s+(?:\w+\s+)?(?:review|meta-analysis)\s+(?:\w+\s+)?"
    r"(?:found|showed|reported|concluded|suggested)\b|\b(?:a|one|another|previous|prior|earlier)"
    r"\s+(?:\w+\s+)?(?:study|trial|report)\s+(?:\w+\s+)?(?:found|showed|reported|concluded|"
    r"suggested|demonstrated)\b|\b(?:previous|prior|earlier|other|several|"
    r"many|some)\s+(?:\w+\s+)?(?:studies|reports|trials)\s+(?:have|has|had|showed|found|reported|"
    r"suggested|demonstrated)\b"
)
_OTHERS = re.compile(
    r"\b(?:it\s+has\s+been|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:reported|shown|"
    r"demonstrated|described|suggested|documented)(?:\d|\b)|\bstudies\s+have\b|\b(?:that|their|those)\s+"
    r"(?:studies|study|trials?)\b|\bthey\s+(?:report|found|showed|conclude|suggest)"
)
# Anchors to this study: first person, "this/the present study", "these results".
_OWN = re.compile(
    r"\b(?:we|our|us)\b|\b(?:this|the|present|current|these)\s+(?:present\s+|current\s+)?"
    r"(?:study|analysis|analyses|trial|work|report|cohort|series|investigation|data|findings|"
    r"results|sample|researchers|authors|investigators)\b"
)
# Advice to clinicians or patients ("patients should be assessed for ..."), not a research gap.
_PRACTICE_ADVICE = re.compile(
    r"\b(?:patients|clinicians|physicians|doctors|surgeons|practitioners)\s+should\b"
)
# A turn that usually answers the limitation before it ("However, most patients ...").
_CONTRAST_OPENING = re.compile(r"^\W*(?:however|but|yet|still|fortunately|importantly)\b")
# Negation, hedging and shortfall words: a contrasting sentence that has one of them adds a
# further weakness ("However, the data were not collected prospectively.").
_WEAKNESS_MARK = re.compile(
    r"\b(?:not|no|cannot|unable|lack\w*|without|only|limit\w*|low|small|few|insufficient|"
    r"inadequate|incomplete|difficult|unclear|uncertain|unknown|bias\w*|may|might|could|"
    r"possibl[ey]|potential(?:ly)?|concern\w*|error\w*|missing|(?:under|over)estimat\w*)\b"
)
_MAX_PASSAGE = 14  # sentences after an announcement that can still belong to it
# "Second, ...", "Finally, ...": the next item of a list whose earlier item was a limitation.
_NEXT_ITEM = re.compile(
    r"^\W*(?:second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|sixth(?:ly)?|finally|lastly|"
    r"last\s+but\s+not\s+least|another)\b"
)
_LIST_WINDOW = 6


def is_announcement(text: str) -> bool:
    """A sentence that names limitations without stating one ("This study has several
    limitations.", "The limitations of our trial need to be acknowledged.")."""
    text = text.lower()
    if not any(noun in text for noun in _LIMIT_NOUNS) or not _LIMIT_NOUN.search(text):
        return False
    head = re.split(r"[;:]\s+", text, maxsplit=1)[0]
    if len(head.split()) > _ANNOUNCEMENT_MAX_WORDS or _STATES_ONE.search(head):
        return False
    if _PAST_LIMITATIONS.search(head):
        return False
    return not _has_strong_cue(_LIMIT_NOUN_PHRASE.sub(" ", head))


def is_limitation_sentence(text: str, *, announcements: bool = True) -> bool:
    """True when the sentence, read alone, states a limitation of the study it reports.

    A bare announcement ("This study has several limitations.") counts unless
    ``announcements=False``. Read in context (``limitation_flags``) it counts only when no
    stated limitation follows it: see the module docstring.
    """
    text = text.lower()
    announced = is_announcement(text)
    return announced and announcements or _states_limitation(text, announced)


def _states_limitation(lowered: str, announced: bool) -> bool:
    """The sentence itself states a limitation of this study (a bare announcement does not)."""
    if announced:
        return _has_specific_clause(lowered)
    return (
        _has_strong_cue(lowered)
        and not _MITIGATION.search(lowered)
        and not _PRACTICE_ADVICE.search(lowered)
        and not _is_about_others(lowered)
    )


def _is_about_others(lowered: str, *, strict: bool = True) -> bool:
    """The sentence reports other authors' work and never anchors to this study."""
    others = _OTHERS_STRONG.search(lowered) or (not strict and _OTHERS.search(lowered))
    return bool(others) and not _OWN.search(lowered)


def _has_specific_clause(text: str) -> bool:
    """An announcement joined to a stated limitation: "... limitations; only M3B cells ..."."""
    parts = re.split(r"[;:]\s+", text, maxsplit=1)
    return len(parts) == 2 and bool(_has_strong_cue(parts[1]))


def _is_passage_member(lowered: str) -> bool:
    """A sentence inside an announced passage that continues it rather than answering it."""
    return (
        _is_prose(lowered)
        and not _MITIGATION.search(lowered)
        and (not _CONTRAST_OPENING.match(lowered) or bool(_WEAKNESS_MARK.search(lowered)))
        and not _is_about_others(lowered, strict=False)
    )


def limitation_flags(
    texts: Sequence[str], *, announcements: bool = True, opened: bool = False
) -> list[bool]:
    """Flag each sentence of an ordered run (a paragraph or a section), using its context.

    ``opened``: the run starts inside a limitation passage (it is a "Limitations" section).
    """
    texts = [text.lower() for text in texts]
    announced = [is_announcement(text) for text in texts]
    flags = [
        _states_limitation(text, is_bare) for text, is_bare in zip(texts, announced, strict=True)
    ]
    in_passage = _MAX_PASSAGE if opened else 0  # sentences left in the current passage
    last_flagged = -_LIST_WINDOW - 1
    for index, text in enumerate(texts):
        if flags[index]:
            last_flagged = index
        elif index - last_flagged <= _LIST_WINDOW and _NEXT_ITEM.match(text):
            flags[index] = not _is_about_others(text, strict=False)
            last_flagged = index
        if announced[index] or flags[index] and any(noun in text for noun in _LIMIT_NOUNS):
            in_passage = _MAX_PASSAGE
            continue
        if in_passage:
            if _CLOSING.search(text):
                in_passage = 0
                continue
            flags[index] = flags[index] or _is_passage_member(text)
            in_passage -= 1
    if announcements:
        # A bare announcement stands in for the limitations only when none is stated after it.
        for index, is_bare in enumerate(announced):
            if is_bare and not any(flags[index : index + 1 + _MAX_PASSAGE]):
                flags[index] = True
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


# Headings of the parts of a research article that report rather than appraise: the authors
# state their study's limitations in the discussion (or a section of their own), not here.
_DESCRIPTIVE_SECTION = re.compile(
    r"^\W*(?:abstract|summary|objectives?|purpose|aims?|introduction|background|methods?|"
    r"materials?|patients|subjects|participants|results|findings|case\s+(?:reports?|"
    r"presentation|description)|clinical\s+(?:data|details)|acknowledge?ments?)\b"
)


def is_descriptive_section(heading: str | None) -> bool:
    """A heading of a reporting part of an article (methods, results ...), not an appraising one."""
    if not heading:
        return False
    lowered = heading.lower()
    return "limitation" not in lowered and bool(_DESCRIPTIVE_SECTION.search(lowered))


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
                heading = rows[run[0]].get("section")
                if not is_descriptive_section(heading):
                    opened = "limitation" in (heading or "").lower()
                    for p, flag in zip(run, limitation_flags(texts, opened=opened), strict=True):
                        flags[p] = flag
                run = []
            if position != -1:
                run.append(position)
    return flags
