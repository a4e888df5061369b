"""Evidence level of the study an article reports, with the sentence that shows it.

Each body sentence that describes the study (not future plans or earlier work) votes for the
kind of evidence its cue shows; the first three sentences count double, since news leads
name the study. Tie and priority rules, chosen to never overstate the evidence:

* A trial phase stated for this study wins (it is the most specific statement). A range such
  as "phase 1/2" counts as the lower phase: early results usually come from the first part.
* Otherwise the kind with most votes wins; a tie goes to the weaker kind (lower rank).
* Preclinical cues (cell lines, mice, xenografts, "tumor cells ... inserted into the model")
  outvote a passing mention of "patients", which is not a cue at all: only enrolment,
  treatment or trial wording counts as clinical.
* Within preclinical, any animal-model cue makes it in vivo; cell lines alone, in vitro.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from oncobrief.models import Document, Evidence, EvidenceLevel, Sentence, Span

# Patterns are lower case and run on lower-cased text (much faster than re.IGNORECASE);
# the few case-sensitive cues (acronyms, cell-line names) run on the original text.
_I = 0
_PHASE = re.compile(
    r"\bphase\s*(?P<first>iii|ii|iv|i|[1-4])[ab]?"
    r"(?:\s*(?:/|-|–|and|or|to)\s*(?P<second>iii|ii|iv|i|[1-4])[ab]?)?\b",
    _I,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PHASE_LEVELS = {1: EvidenceLevel.PHASE_1, 2: EvidenceLevel.PHASE_2, 3: EvidenceLevel.PHASE_3}
# Sentences about plans, earlier work or what is still needed do not describe this study.
_NOT_THIS_STUDY = re.compile(
    r"\b(?:will|would|planned|plans?|planning|future|ongoing|underway|warranted|needed|"
    r"next\s+step|previous(?:ly)?|prior\s+(?:studies|trials|research)|earlier\s+(?:studies|trials)|"
    r"upcoming|is\s+being|are\s+being|hopes?|should|could\s+lead|must|studies\s+have|"
    r"(?:is|are)\s+(?:believed|thought)|research\s+has|"
    # What has not been done is not this study: "none ... yet been proved in randomized trials"
    r"yet\s+(?:been\s+)?(?:proved|proven|tested|shown|studied)|(?:has|have)\s+yet\s+to|"
    r"not\s+(?:been\s+)?(?:proved|proven|tested|shown|studied)\s+in|no\s+(?:randomi[sz]ed\s+|"
    r"clinical\s+)*trials?\s+(?:has|have)|lack\s+of\s+(?:randomi[sz]ed\s+|clinical\s+)*trials?)\b",
    _I,
)
_CUES: list[tuple[EvidenceLevel, re.Pattern[str]]] = [
    (
        EvidenceLevel.REVIEW,
        re.compile(
            r"\b(?:meta-?analys[ie]s|systematic(?:\s+literature)?\s+review|pooled\s+analysis\s+of\s+"
            r"\d+|review\s+of\s+(?:\d+|the|published|existing)\s+(?:\w+\s+)?(?:studies|trials|"
            r"literature|evidence)|umbrella\s+review|consensus\s+(?:statement|guideline))\b",
            _I,
        ),
    ),
    (
        EvidenceLevel.PRECLINICAL_IN_VIVO,
        re.compile(
            r"\b(?:mice|mouse|murine|rats?|rodents?|zebrafish|xenografts?|pdx|in\s+vivo|"
            r"animal\s+(?:models?|studies|study|experiments)|(?:brain\s+)?metastasis\s+model|"
            r"orthotopic|syngeneic|(?:tumou?r\s+)?cells\s+(?:\w+\s+){0,3}(?:were\s+)?"
            r"(?:inserted|implanted|injected|inoculated|transplanted)\s+into)\b",
            _I,
        ),
    ),
    (
        EvidenceLevel.PRECLINICAL_IN_VITRO,
        re.compile(
            r"\b(?:cell\s+lines?|in\s+vitro|cultured|cell\s+cultures?|organoids?|petri\s+dish|"
            r"laboratory\s+(?:study|studies|experiments?|tests?)|preclinical|pre-clinical|"
            r"(?:tumou?r|cancer)\s+cells\s+(?:were|was)\s+(?:treated|exposed|grown|cultured|incubated))\b",
            _I,
        ),
    ),
    (
        EvidenceLevel.REAL_WORLD,
        re.compile(
            r"\b(?:real-world|real\s+world|retrospective(?:ly)?|registry|registries|claims\s+"
            r"(?:data|database)|(?:health|medical|electronic)\s+records|observational|population-based|"
            r"cohorts?|seer|national\s+cancer\s+database|database\s+(?:study|analysis)|"
            r"case-control)\b",
            _I,
        ),
    ),
    (
        EvidenceLevel.CLINICAL,
        re.compile(
            r"\b(?:randomi[sz]ed|placebo|clinical\s+trial|(?:patients|participants|women|men|people)"
            r"\s+(?:were\s+)?(?:enrolled|randomly\s+assigned|randomi[sz]ed|treated|received)|"
            r"enrolled\s+\d[\d,]*|trial\s+(?:of|in|involving|included)|double-blind|open-label|"
            r"single-arm|prospective\s+(?:study|trial)|"
            r"stud(?:y|ies)\s+(?:of|involving|including|that\s+included|in)\s+(?:more\s+than\s+|"
            r"nearly\s+|about\s+|almost\s+|over\s+)?\d[\d,]*\s+(?:\w+\s+){0,3}(?:patients|women|"
            r"men|people|participants|adults|children|survivors|smokers|volunteers)|"
            r"(?:patients|participants|those)\s+(?:who\s+)?(?:received|given|taking|took)\s+the)\b",
            _I,
        ),
    ),
]
# Case-sensitive: "M3B cells", "KM12SM cells" (cell-line names are capitalised codes).
_CELL_LINE = re.compile(r"\b[A-Z][A-Z0-9]+\s+cells\b")
# Substrings one of which must occur for a level's pattern to match: a few substring tests
# cost far less than a regex scan of every sentence.
_GATES = {
    EvidenceLevel.REVIEW: ("analys", "review", "pooled", "consensus"),
    EvidenceLevel.PRECLINICAL_IN_VIVO: (
        "mice",
        "mouse",
        "murine",
        "rat",
        "rodent",
        "zebrafish",
        "xenograft",
        "pdx",
        "vivo",
        "animal",
        "model",
        "orthotopic",
        "syngeneic",
        "inserted",
        "implanted",
        "injected",
        "inoculated",
        "transplanted",
    ),
    EvidenceLevel.PRECLINICAL_IN_VITRO: (
        "cell line",
        "cell culture",
        "cells were",
        "cells was",
        "vitro",
        "cultur",
        "organoid",
        "petri",
        "laborator",
        "preclinical",
        "pre-clinical",
    ),
    EvidenceLevel.REAL_WORLD: (
        "real-world",
        "real world",
        "retrospectiv",
        "registr",
        "claims",
        "records",
        "observational",
        "population",
        "cohort",
        "seer",
        "database",
        "case-control",
    ),
    EvidenceLevel.CLINICAL: (
        "random",
        "placebo",
        "trial",
        "enrolled",
        "assigned",
        "treated",
        "received",
        "blind",
        "open-label",
        "single-arm",
        "prospective",
        "stud",
        "given",
        "taking",
        "took",
    ),
}
_NOT_THIS_STUDY_GATE = (
    "will",
    "would",
    "plan",
    "future",
    "ongoing",
    "underway",
    "warrant",
    "need",
    "next",
    "previous",
    "prior",
    "earlier",
    "upcoming",
    "being",
    "hope",
    "should",
    "could",
    "must",
    "studies have",
    "believed",
    "thought",
    "research has",
    "yet",
    "not",
    "no ",
    "lack",
)
_LEAD_SENTENCES = 3
_LEAD_WEIGHT = 2


def classify_evidence(sentences: Sequence[Sentence], document: Document | None = None) -> Evidence:
    """The evidence level and the sentence that shows it; UNKNOWN without any cue."""
    phase = _stated_phase(sentences)
    if phase:
        return phase
    votes: dict[EvidenceLevel, int] = {}
    basis: dict[EvidenceLevel, Sentence] = {}
    for index, sentence in enumerate(sentences):
        lowered = _normalised(sentence.text)
        if _about_other_work(lowered):
            continue
        weight = _LEAD_WEIGHT if index < _LEAD_SENTENCES else 1
        for level, pattern in _CUES:
            if _cue_matches(level, pattern, lowered) or (
                level is EvidenceLevel.PRECLINICAL_IN_VITRO and _CELL_LINE.search(sentence.text)
            ):
                votes[level] = votes.get(level, 0) + weight
                basis.setdefault(level, sentence)
    if not votes:
        return Evidence(level=EvidenceLevel.UNKNOWN)
    preclinical = votes.get(EvidenceLevel.PRECLINICAL_IN_VIVO, 0) + votes.get(
        EvidenceLevel.PRECLINICAL_IN_VITRO, 0
    )
    kinds = {
        EvidenceLevel.REVIEW: votes.get(EvidenceLevel.REVIEW, 0),
        EvidenceLevel.PRECLINICAL_IN_VITRO: preclinical,
        EvidenceLevel.REAL_WORLD: votes.get(EvidenceLevel.REAL_WORLD, 0),
        EvidenceLevel.CLINICAL: votes.get(EvidenceLevel.CLINICAL, 0),
    }
    # max() keeps the first of equal counts, and kinds are listed weakest first.
    level = max(kinds, key=lambda kind: kinds[kind])
    if level is EvidenceLevel.PRECLINICAL_IN_VITRO and EvidenceLevel.PRECLINICAL_IN_VIVO in votes:
        level = EvidenceLevel.PRECLINICAL_IN_VIVO
    return Evidence(level=level, basis=_span(basis[level]))


def _stated_phase(sentences: Sequence[Sentence]) -> Evidence | None:
    for sentence in sentences:
        lowered = _normalised(sentence.text)
        if "phase" not in lowered or _about_other_work(lowered):
            continue
        match = _PHASE.search(lowered)
        if not match:
            continue
        numbers = [_ROMAN[match.group("first").lower()]]
        if match.group("second"):
            numbers.append(_ROMAN[match.group("second").lower()])
        phase = min(numbers)
        level = _PHASE_LEVELS.get(phase, EvidenceLevel.CLINICAL)  # phase 4: post-approval
        return Evidence(level=level, basis=_span(sentence))
    return None


def _normalised(text: str) -> str:
    """Lower case with single spaces, so the multi-word gates are exact."""
    return " ".join(text.lower().split())


def _cue_matches(level: EvidenceLevel, pattern: re.Pattern[str], lowered: str) -> bool:
    """The gate (cheap substring tests) first; the pattern only when it can match."""
    return any(part in lowered for part in _GATES[level]) and bool(pattern.search(lowered))


def _about_other_work(lowered: str) -> bool:
    return any(part in lowered for part in _NOT_THIS_STUDY_GATE) and bool(
        _NOT_THIS_STUDY.search(lowered)
    )


def _span(sentence: Sentence) -> Span:
    return Span(text=sentence.text, start=sentence.start, end=sentence.end)
