"""Article -> Brief: summary, key findings, limitations with a generated caveat, attribution.

Every summary, finding and stated limitation is a sentence (or quote span) of the source with
its offsets; the only generated text is the evidence caveat, rendered from a template and
marked ``generated=True``.

Choices:
* Boilerplate is removed by the document parser before sentences exist, so it cannot reach
  any section; it is not checked again here.
* Summary: the first ``summary_sentences`` candidate body sentences, in source order (news
  leads state the study and its result); quote-only sentences, limitation sentences and very
  short or very long sentences are not candidates. A news dateline opening a paragraph
  ("CHICAGO (Reuters) - ", "MONDAY, Oct. 17 (HealthDay News) -- ") is left out of the span:
  it names the wire, not the study, and a lead that is only a dateline and one word
  ("... /PRNewswire/ -- Imagine.") is then too short to summarise.
* Findings: sentences carrying results (numbers, ratios, result verbs, drugs or genes), best
  first, up to ``max_findings``; a sentence already in the summary is not repeated, so the
  two sections together show more of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from oncobrief.models import (
    SCHEMA_VERSION,
    Article,
    Attribution,
    Brief,
    Entity,
    Limitation,
    Sentence,
    Statement,
)
from oncobrief.render import render
from oncobrief.settings import Settings, get_settings

_MIN_WORDS = 6
_MAX_WORDS = 90
_QUOTE_SHARE = 0.5  # sentences more than half quoted are quotes, not the article's account
# Case-sensitive on purpose: "HR", "OR", "CI" are acronyms only in capitals.
_NUMBER = re.compile(
    r"\d+(?:\.\d+)?\s*%|\b(?:HR|OR|RR|CI|[Pp]\s*[<=>]|[Hh]azard\s+ratio|[Oo]dds\s+ratio|"
    r"[Mm]edian)\b|\b\d+(?:\.\d+)?\s*(?:months?|years?|weeks?|days?|patients|percent|fold|times)\b"
)
# The patterns below are lower case and run on lower-cased text (faster than IGNORECASE).
_RESULT_VERB = re.compile(
    r"\b(?:found|find|finds|showed|shows|shown|demonstrated|increased?|increases|decreased?|"
    r"reduced?|reduces|improved?|improves|resistant|resistance|sensitivity|associated|linked|"
    r"lower|higher|longer|shorter|better|worse|prolonged|response|responded|survival|effective|"
    r"efficacy|benefit|risk|significant(?:ly)?|doubled|halved|cut|boosted|prevented|inhibited|"
    r"suppressed|triggered|prompted|led\s+to)\b",
)
# Wording of methods rather than results ("cells were inserted ... before ... was evaluated").
_METHODS = re.compile(
    r"\b(?:were|was)\s+(?:inserted|implanted|injected|evaluated|assessed|measured|enrolled|"
    r"recruited|randomi[sz]ed|assigned|used|analy[sz]ed|collected|included|followed)\b|"
    r"\b(?:the\s+study\s+used|researchers\s+(?:used|looked|examined|analy[sz]ed))\b",
)
_STRONG_RESULT = re.compile(
    r"\b(?:found|showed|demonstrated|resulted|contrary\s+to\s+expectations|were\s+resistant|"
    r"significantly|increased?|reduced?|improved?|prolonged|associated)\b",
)
# Results of other, earlier work are background, not this article's findings.
_OTHER_WORK = re.compile(
    r"\b(?:earlier|previous(?:ly)?|prior|past|other|many)\s+(?:\w+\s+){0,2}(?:studies|study|"
    r"research|analysis|analyses|trials?|work|reports?)\b|\b(?:studies|research)\s+(?:have|has)\s+"
    r"(?:shown|found|suggested|reported|revealed)\b"
)
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
)
# A dateline: a place or weekday in capitals ("SAN DIEGO", "MONDAY") or a date, then state,
# date, "(Reuters)" or "/PRNewswire/" parts, then a dash. Capitals alone never end with a
# digit ("HER2 -", "PD-L1 -" are not places) and a bracket must start with a capital or hold
# a digit, so "EGFR (epidermal ...) - " stays.
_DATELINE = re.compile(
    rf"(?:[A-Z][A-Z.'’]{{2,}}(?:[\s-][A-Z][A-Z.'’]+)*|{_MONTH})(?![\w-])"
    rf"(?:,\s*(?:{_MONTH}|[A-Z][a-z]*\.?(?:\s[A-Z][a-z]*\.?)?))*"
    r"(?:\s*\((?:[A-Z][^()]{0,40}|[^()]*\d[^()]*)\)|\s*/[A-Za-z]+/)?"
    r"\s+(?:--|-|–|—)\s*(?=[A-Z\"“‘'])"
)
_FINDING_QUOTE_SHARE = 0.3  # findings are the article's account, not mostly someone's words
_BACKGROUND = re.compile(
    r"\b(?:will|would|planned|future|previous(?:ly)?|warranted|needed|should)\b"
)


def make_brief(article: Article, settings: Settings | None = None) -> Brief:
    settings = settings or get_settings()
    document = article.document
    source = document.source
    limitation_keys = {(s.start, s.end) for s in article.limitation_sentences}
    paragraph_starts = {p.start for p in document.paragraphs}
    sentences = [
        _without_dateline(s, paragraph_starts)
        for s in article.sentences
        if (s.start, s.end) not in limitation_keys
    ]
    quoted = {(s.start, s.end): _quoted_share(s, article) for s in sentences}
    candidates = [s for s in sentences if _is_candidate(s, quoted[(s.start, s.end)])]
    summary = _pick_summary(candidates, settings.summary_sentences)
    summary_keys = {(s.start, s.end) for s in summary}
    findings = _pick_findings(
        [
            s
            for s in candidates
            if (s.start, s.end) not in summary_keys
            and quoted[(s.start, s.end)] <= _FINDING_QUOTE_SHARE
        ],
        article.entities,
        settings.max_findings,
    )
    limitations = [
        Limitation(text=span.text, start=span.start, end=span.end)
        for span in article.limitation_sentences
    ]
    caveat = render("caveat.txt.j2", settings, level=article.evidence.level.value).strip()
    limitations.append(Limitation(text=caveat, generated=True))
    entities = sorted(article.entities, key=lambda e: (e.start, e.end))
    return Brief(
        schema_version=SCHEMA_VERSION,
        id=source.sha256[:12],
        title=document.title.text if document.title else None,
        attribution=Attribution(
            outlet=document.outlet,
            authors=list(document.authors),
            posted=document.posted,
            journal=article.journal,
            investigators=list(article.investigators),
            site_editors=list(document.site_editors),
            source_file=None if source.url else source.origin,
            url=source.url,
            disclosure=document.disclosure.text if document.disclosure else None,
        ),
        evidence=article.evidence,
        summary=[_statement(s) for s in summary],
        findings=[_statement(s) for s in findings],
        limitations=limitations,
        limitations_stated=bool(article.limitation_sentences),
        drugs=_canonical(entities, "drug"),
        drug_classes=_canonical(entities, "drug_class"),
        genes=_canonical(entities, "gene"),
        alterations=_canonical(entities, "alteration"),
        cancer_types=_canonical(entities, "cancer_type"),
        entities=entities,
        quotes=list(article.quotes),
        warnings=list(article.warnings),
    )


def _without_dateline(sentence: Sentence, paragraph_starts: set[int]) -> Sentence:
    """The sentence without a dateline opening its paragraph (offsets moved to match)."""
    if sentence.start not in paragraph_starts:
        return sentence
    cut = 0
    while m := _DATELINE.match(sentence.text, cut):  # "SEATTLE - Dec. 5, 2016 - ..."
        cut = m.end()
    if not cut or cut >= len(sentence.text):
        return sentence
    return sentence.model_copy(update={"text": sentence.text[cut:], "start": sentence.start + cut})


def _is_candidate(sentence: Sentence, quoted_share: float) -> bool:
    words = len(sentence.text.split())
    return _MIN_WORDS <= words <= _MAX_WORDS and quoted_share <= _QUOTE_SHARE


def _quoted_share(sentence: Sentence, article: Article) -> float:
    quoted = sum(
        min(sentence.end, q.end) - max(sentence.start, q.start)
        for q in article.quotes
        if q.start < sentence.end and q.end > sentence.start
    )
    return quoted / max(1, sentence.end - sentence.start)


def _pick_summary(candidates: Sequence[Sentence], limit: int) -> list[Sentence]:
    """The leading candidates: news leads state the study and its result."""
    return list(candidates[:limit])


def _pick_findings(
    candidates: Sequence[Sentence], entities: Sequence[Entity], limit: int
) -> list[Sentence]:
    scored = []
    for rank, sentence in enumerate(candidates):
        lowered = sentence.text.lower()
        if _OTHER_WORK.search(lowered):
            continue
        numbers = len(_NUMBER.findall(sentence.text))
        verbs = len(_RESULT_VERB.findall(lowered))
        if not numbers and not verbs:
            continue
        inside = [e for e in entities if sentence.start <= e.start < sentence.end]
        kinds = {e.kind for e in inside}
        score = 2.0 * min(numbers, 3) + min(verbs, 3) + 0.5 * min(len(kinds), 3)
        score += 1.5 if _STRONG_RESULT.search(lowered) else 0.0
        if _BACKGROUND.search(lowered):
            score -= 1.5
        if _METHODS.search(lowered):
            score -= 3.0
        if score > 0:
            scored.append((score, -rank, sentence))
    best = sorted(scored, key=lambda item: (item[0], item[1]), reverse=True)[:limit]
    return [item[2] for item in best]


def _statement(sentence: Sentence) -> Statement:
    return Statement(text=sentence.text, start=sentence.start, end=sentence.end)


def _canonical(entities: Iterable[Entity], kind: str) -> list[str]:
    return list(dict.fromkeys(e.canonical for e in entities if e.kind == kind))
