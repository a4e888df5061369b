"""Rule-based detection of sentences that state a study's limitations.

Two layers:

* ``is_limitation_sentence(text)`` looks at one sentence alone: general cue patterns
  (``limitation``, small sample, retrospective design, could not / unable to, further studies
  are warranted, generalisability, not powered, single-centre, selection bias, short follow-up).
* ``limitation_flags(texts)`` reads an ordered run of sentences: an announcement such as
  "This study has several limitations." opens a limitation passage, and the sentences that
  follow it (``First, ...``, ``Second, ...``, ``Moreover, ...``) count as limitations until a
  closing sentence ("Despite these limitations", "In conclusion") or the end of the run.

A bare announcement with nothing specific in it is not itself reported: it tells a reader
nothing. ``find_limitations`` applies both layers to an article's body sentences and to the
quotes inside them, and returns verbatim spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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

# Cues that state a limitation on their own.
# Each cue: (gate, pattern). The gate lists words (or stems ending in *) of which one must
# occur for the pattern to match; checking a set of words is far cheaper than a regex scan.
_CUE_TABLE: list[tuple[str, str]] = [
    ('limitation limitations', '\\b(?:a|one|another|main|major|key|important|further|additional|potential|first|second|third|final|last|notable|obvious|inherent|chief|primary|other|important)\\s+limitations?\\b'),
    ('limitation limitations', '\\blimitations?\\s+(?:of|to|in)\\s+(?:this|our|the\\s+(?:present|current))\\b'),
    ('limitation limitations', '\\blimitations?\\s+(?:is|was|are|were|include|includes|included|concern|concerns|relates?)\\b'),
    ('limited', '\\b(?:is|was|are|were|be|been|remains?)\\s+(?:also\\s+|further\\s+|somewhat\\s+|therefore\\s+)?limited\\s+(?:by|in|to|because|due|as)\\b'),
    ('limited', '\\blimited\\s+(?:by|sample|number|data|follow-up|statistical|power|generali[sz]ability|size|information|availability|access)\\b'),
    ('small modest limited relatively low insufficient', '\\b(?:small|modest|limited|relatively small|low|insufficient)\\s+(?:sample|number\\s+of|cohort|study\\s+population|population|size)\\b'),
    ('sample', '\\bsample\\s+size\\s+(?:was|is|were)\\s+(?:relatively\\s+)?(?:small|limited|low|modest|insufficient)\\b'),
    ('powered underpowered inpowered', '\\b(?:under|not\\s+adequately\\s+|not\\s+sufficiently\\s+|in)powered\\b'),
    ('powered', '\\bnot\\s+(?:\\w+\\s+)?powered\\b'),
    ('retrospective', '\\bretrospective\\s+(?:nature|design|study\\s+design)\\b'),
    ('retrospective observational cross-sectional', '\\b(?:due\\s+to|because\\s+of|given|owing\\s+to)\\s+(?:the|its|our)\\s+(?:retrospective|observational|cross-sectional)\\b'),
    ('retrospective observational cross-sectional non-randomized non-randomised nonrandomized nonrandomised', '\\b(?:was|is|being|were)\\s+(?:a\\s+)?(?:retrospective|observational|cross-sectional|non-randomi[sz]ed)\\b(?!\\s+(?:and|multi))'),
    ('single-center single-centre single center centre single-institution single-institutional single-site', '\\b(?:single[- ]cent(?:er|re)|single[- ]institution(?:al)?|single[- ]site|one\\s+cent(?:er|re)|only\\s+1\\s+cent(?:er|re))\\b'),
    ('bias', '\\b(?:selection|recall|information|reporting|referral|publication|observer|measurement|misclassification|survivor(?:ship)?|detection)\\s+bias\\b'),
    ('bias*', '\\b(?:potential|possible|risk\\s+of|source\\s+of|some|may\\s+(?:be|have\\s+been)|susceptible\\s+to|prone\\s+to|subject\\s+to|introduce[sd]?|cannot\\s+exclude|be\\s+a)\\s+(?:\\w+\\s+)?bias'),
    ('confound*', '\\bresidual\\s+confounding\\b|\\bunmeasured\\s+confound|\\bconfounding\\s+(?:factors?|variables?)\\s+(?:may|might|could|cannot|can\\s*not)\\b'),
    ('generali*', '\\b(?:(?:might|may|could|can|will)\\s+not\\s+be\\s+|not\\s+(?:be\\s+)?|limited\\s+)generali[sz]'),
    ('generali*', '\\bgenerali[sz]ab(?:ility|le)\\b'),
    ('unable able', '\\b(?:we|they|authors|it)\\s+(?:were|was|are|is)\\s+(?:unable|not\\s+able)\\s+to\\b'),
    ('could can couldn cannot', "\\b(?:we|they|it)\\s+(?:could|can)\\s*(?:not|n't)\\b"),
    ('cannot could can', '\\b(?:could|can)\\s*not\\s+(?:be\\s+)?(?:rule[ds]?\\s+out|exclude[sd]?|determine[sd]?|assess(?:ed)?|evaluate[sd]?|confirm(?:ed)?|establish(?:ed)?|obtain(?:ed)?|account(?:ed)?|adjust(?:ed)?|control(?:led)?|examine[sd]?|verif(?:y|ied)|analy[sz]e[sd]?|measure[sd]?|collect(?:ed)?|investigate[sd]?|identif(?:y|ied)|include[sd]?|perform(?:ed)?|compare[sd]?|distinguish(?:ed)?|draw|infer(?:red)?|clarif(?:y|ied)|address(?:ed)?)\\b'),
    ('possible available recorded collected assessed measured', '\\bwas\\s+not\\s+possible\\b|\\bwere\\s+not\\s+(?:available|recorded|collected|assessed|measured)\\b'),
    ('available recorded collected assessed measured evaluated examined considered investigated performed analyzed analysed blinded randomized randomised', '\\b(?:was|is)\\s+not\\s+(?:available|recorded|collected|assessed|measured|evaluated|examined|considered|investigated|performed|analy[sz]ed|blinded|randomi[sz]ed)\\b'),
    ('did do', '\\b(?:did|do)\\s+not\\s+(?:have|include|assess|evaluate|measure|collect|account|adjust|control|examine|investigate|consider|analy[sz]e|record|obtain|perform|check|explore|capture|test|know|address)\\b'),
    ('lack lacked lacks lacking', '\\black\\s+of\\b|\\black(?:ed|s|ing)\\s+(?:data|information|a\\s+control|an?\\s+)'),
    ('missing incomplete unavailable', '\\b(?:missing|incomplete|unavailable)\\s+(?:data|information|values|records)\\b'),
    ('data information', '\\bno\\s+(?:data|information)\\s+(?:on|about|regarding|were|was)\\b'),
    ('follow-up follow', '\\b(?:short|limited|insufficient|relatively\\s+short)\\s+(?:duration\\s+of\\s+)?follow[- ]up\\b'),
    ('follow-up follow', '\\bfollow[- ]up\\s+(?:period\\s+)?(?:was|is)\\s+(?:relatively\\s+)?(?:short|limited)\\b'),
    ('warranted needed required necessary essential', '\\b(?:further|future|additional|larger|more|prospective|longer|well-designed|randomi[sz]ed)\\s+(?:\\w+\\s+){0,3}(?:studies|study|research|trials?|investigations?|experiments|work|validation|analyses|follow-up|evaluation|data)\\s+(?:\\w+\\s+){0,2}(?:is|are|will\\s+be|would\\s+be|should|must|may\\s+be)?\\s*(?:warranted|needed|required|necessary|essential)\\b'),
    ('warranted needed required necessary', '\\b(?:further|future|additional|larger|prospective)\\b[^.;]{0,120}\\b(?:are|is|be|remain)\\s+(?:still\\s+|also\\s+|therefore\\s+)?(?:warranted|needed|required|necessary)\\b'),
    ('warrant warrants require requires need needs', '\\b(?:warrant|warrants|require|requires|need|needs)\\s+(?:further|additional|future|more|larger)\\s+(?:\\w+\\s+){0,2}(?:studies|study|research|investigations?|validation|confirmation|evaluation|exploration)\\b'),
    ('caution cautious cautiously', '\\bshould\\s+be\\s+(?:interpreted|viewed|considered|taken)\\s+with\\s+caution\\b|\\b(?:with|requires?|warrants?)\\s+caution\\b|\\bcautious(?:ly)?\\b'),
    ('interpret interpreted interpretation', '\\binterpret(?:ed|ation)?\\s+(?:\\w+\\s+){0,3}(?:with\\s+caution|cautiously)\\b'),
    ('caus*', '\\b(?:causal|causality|cause-and-effect)\\b.{0,60}\\b(?:cannot|can\\s*not|not\\s+be|unable|impossible|preclude)|\\b(?:cannot|can\\s*not|unable\\s+to|not\\s+(?:possible|able)\\s+to)\\b.{0,40}\\b(?:causal|causality)\\b|\\bnot\\s+(?:imply|establish|prove|infer)\\s+(?:a\\s+)?caus'),
    ('preclude precluded precludes hamper hampers hampered confounded underestimat* overestimat*', '\\bpreclude[sd]?\\b|\\bhamper(?:s|ed)?\\b|\\bconfounded\\b|\\bunderestimat|\\boverestimat'),
    ('self-report self-reported recall', '\\bself-report(?:ed)?\\b|\\brecall\\b(?=.{0,40}\\b(?:bias|error|accuracy)\\b)'),
    ('only', '\\bonly\\s+(?:\\w+\\s+){0,4}(?:were|was)\\s+(?:analy[sz]ed|included|examined|studied|assessed|evaluated|measured|investigated|tested|used|enrolled|available)\\b'),
    ('only', '\\b(?:were|was)\\s+only\\s+(?:\\w+\\s+)?(?:analy[sz]ed|included|examined|studied|assessed|evaluated|measured|investigated|tested|used|available|collected)\\b'),
    ('only', '\\bonly\\s+(?:a\\s+)?(?:small|few|limited|one|single|two|\\d+)\\b'),
    ('biased influenced affected underestimated overestimated missed led resulted introduced limited confounded', '\\b(?:may|might|could)\\s+(?:not\\s+)?(?:have\\s+)?(?:been\\s+)?(?:biased|influenced|affected|underestimated|overestimated|missed|led\\s+to|resulted\\s+in|introduced|limited|confounded)\\b'),
    ('reflect represent apply capture account extrapolate translate allow permit rule', '\\b(?:may|might|could|does|do|did)\\s+not\\s+(?:be\\s+)?(?:fully\\s+|accurately\\s+|necessarily\\s+|completely\\s+|directly\\s+|entirely\\s+)?(?:reflect|represent|apply|capture|account|extrapolate|translate|allow|permit|rule)\\b'),
    ('representative nonrepresentative non-representative', '\\bnot\\s+(?:\\w+\\s+)?representative\\b|\\bnon-?representative\\b'),
    ('heterogeneity heterogeneous', '\\b(?:heterogene(?:ity|ous))\\b(?=.{0,60}\\b(?:may|might|could|limit|inevitabl|bias)\\b)'),
    ('caveat caveats shortcoming shortcomings weakness weaknesses drawback drawbacks', '\\bcaveats?\\b|\\bshortcomings?\\b|\\bweakness(?:es)?\\b|\\bdrawbacks?\\b'),
    ('future investigated explored examined studied validated confirmed assessed evaluated addressed clarified elucidated', '\\bin\\s+(?:the\\s+)?future\\b.{0,80}\\b(?:should|need|needed|required|warranted|important)\\b|\\b(?:should|need\\s+to|needs\\s+to|must)\\s+be\\s+(?:further\\s+)?(?:investigated|explored|examined|studied|validated|confirmed|assessed|evaluated|addressed|clarified|elucidated)\\b'),
    ('remain remains', '\\bremains?\\s+(?:unclear|unknown|to\\s+be\\s+(?:determined|elucidated|clarified|established|investigated|seen|confirmed))\\b'),
    ('unknown unclear uncertain', '\\b(?:is|are|was|were)\\s+(?:still\\s+)?(?:unknown|unclear|uncertain)\\b'),
    ('randomized randomised blinded prospective controlled nonrandomized nonrandomised non-randomized non-randomised open-label', '\\b(?:not|no)\\s+(?:a\\s+)?(?:randomi[sz]ed|blinded|prospective|controlled)\\b|\\bnon-?randomi[sz]ed\\b|\\bopen-label\\b(?=.{0,40}\\bbias)'),
    ('rare small few', '\\b(?:rare\\s+disease|small\\s+numbers?|few\\s+(?:patients|cases|subjects|participants|events))\\b'),
    ('failed', '\\bfailed\\s+to\\s+(?:show|detect|reach|demonstrate|identify)\\b'),
    ('inevitable unavoidable inevitably', '\\b(?:is|are|was|were)\\s+(?:not\\s+)?(?:inevitable|unavoidable)\\b|\\binevitabl[ey]\\b'),
]
_CUES = [re.compile(cue) for _, cue in _CUE_TABLE]
# Inverted index: gate word -> cues it opens; stems are few and checked as substrings.
_CUES_BY_WORD: dict[str, list[int]] = {}
_CUES_BY_STEM: dict[str, list[int]] = {}
for _index, (_gate, _) in enumerate(_CUE_TABLE):
    for _word in _gate.split():
        if _word.endswith("*"):
            _CUES_BY_STEM.setdefault(_word[:-1], []).append(_index)
        else:
            _CUES_BY_WORD.setdefault(_word, []).append(_index)
_EDGE_PUNCTUATION = ".,;:()[]\"'“”’‘!?"


def _has_strong_cue(lowered: str) -> bool:
    opened: set[int] = set()
    for word in {token.strip(_EDGE_PUNCTUATION) for token in lowered.split()}:
        opened.update(_CUES_BY_WORD.get(word, ()))
    for stem, indexes in _CUES_BY_STEM.items():
        if stem in lowered:
            opened.update(indexes)
    return any(_CUES[index].search(lowered) for index in sorted(opened))


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
    r"last\s+but\s+not\s+least|another|in\s+addition|additionally|moreover|furthermore|also)\b",
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
            flags[index] = not _MITIGATION.search(text)
            in_passage -= 1
    return flags


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
    for quote in quotes:
        for start, end in _quote_sentences(quote):
            piece = text[start:end]
            if is_limitation_sentence(piece):
                spans[(start, end)] = Span(text=piece, start=start, end=end)
    return [spans[key] for key in sorted(spans)]


def _by_paragraph(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    groups: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        groups.setdefault(sentence.paragraph, []).append(sentence)
    return [groups[key] for key in sorted(groups)]


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
