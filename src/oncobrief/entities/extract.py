"""Running the passes and putting their results together."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from oncobrief.entities.abbreviations import apply_definitions
from oncobrief.entities.alterations import find_alterations
from oncobrief.entities.matching import (
    _case_allows,
    defined_abbreviations,
    find_cancers,
    find_classes,
    find_drugs,
    find_genes,
)
from oncobrief.entities.tokens import tokenize
from oncobrief.models import Document, Entity, Sentence
from oncobrief.vocab.diseases import cancer_vocabulary
from oncobrief.vocab.drugs import drug_vocabulary
from oncobrief.vocab.genes import gene_vocabulary
from oncobrief.vocab.text import compact_key

# A token that could be a mistyped change: letters and digits, maybe a gene before a dash.
_CHANGE_LIKE = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def _gene_check(raw: str) -> str | None:
    """A gene written inside an alteration pattern; the pattern itself is the context."""
    genes = gene_vocabulary()
    key = compact_key(raw)
    match = genes.lookup_key(key)
    if match is None or _case_allows(raw, key, match[1]) is False:
        return None
    return match[0]


def extract_from_text(text: str, offset: int = 0) -> list[Entity]:
    """Every entity of ``text``, sorted by start; offsets are ``offset`` + index into text."""
    drugs, genes = drug_vocabulary(), gene_vocabulary()
    tokens = tokenize(text, offset)
    alterations = find_alterations(text, offset, _gene_check, frozenset(tokens.lower))
    anchored: set[int] = set()
    if alterations:
        starts = tokens.starts
        for a in alterations:  # the words inside each alteration, found by bisection
            first = bisect_left(starts, a.start - offset)
            anchored.update(range(first, bisect_left(starts, a.end - offset)))
    classes = find_classes(tokens, drugs)
    found = [*alterations, *classes]
    found += find_genes(tokens, genes, anchored)
    drug_entities = find_drugs(tokens, drugs, genes)
    defined = _outside(defined_abbreviations(text, drug_entities, offset, genes), drug_entities)
    found += _outside(drug_entities + defined, classes)
    found += _outside(find_cancers(tokens, cancer_vocabulary()), classes)
    if "(" in text:
        found = apply_definitions(text, offset, found, genes.is_symbol)
    found.sort(key=lambda e: (e.start, e.end, e.kind))
    return _unique(found)


def _unique(entities: list[Entity]) -> list[Entity]:
    seen = set()
    kept = []
    for e in entities:
        if (e.kind, e.start, e.end) not in seen:
            seen.add((e.kind, e.start, e.end))
            kept.append(e)
    return kept


def _outside(entities: list[Entity], others: list[Entity]) -> list[Entity]:
    """Entities that overlap none of ``others`` (a class wins over a drug inside it)."""
    if not others:
        return entities
    return [e for e in entities if not any(e.start < o.end and o.start < e.end for o in others)]


def typo_warnings(text: str, offset: int, entities: Sequence[Entity]) -> list[str]:
    """Alteration-like tokens one or two edits away from an alteration found elsewhere,
    e.g. 'NTRK-GF95R' beside 'NTRK1-G595R'. Reported, never corrected or counted."""
    changes = {
        (e.text, e.canonical)
        for e in entities
        if e.kind == "alteration" and e.alteration_type in {"substitution", "deletion", "other"}
    }
    if not changes:
        return []
    # Genes may sit inside a typo ("NTRK" in "NTRK-GF95R"); other entities rule a token out.
    taken = [(e.start - offset, e.end - offset) for e in entities if e.kind != "gene"]
    warnings = []
    for m in _CHANGE_LIKE.finditer(text):
        token = m.group()
        if len(token) < 4 or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        for written, canonical in sorted(changes):
            last, written_last = token.split("-")[-1], written.split("-")[-1]
            close = Levenshtein.distance(token, written) <= 2 or (
                len(last) == len(written_last) and Levenshtein.distance(last, written_last) == 1
            )
            if close and token != written:
                warnings.append(
                    f"'{token}' (offset {m.start() + offset}) looks like a typo of the alteration "
                    f"'{written}' ({canonical}) found elsewhere in the article; it is not "
                    "reported as an alteration"
                )
                break
    return warnings


def extract_entities(
    document: Document, sentences: Sequence[Sentence] = ()
) -> tuple[list[Entity], list[str]]:
    """Entities of the title and body paragraphs (boilerplate and disclosure excluded)."""
    source = document.source.text
    spans = ([document.title] if document.title else []) + list(document.paragraphs)
    entities: list[Entity] = []
    for span in spans:
        entities += extract_from_text(source[span.start : span.end], span.start)
    warnings: list[str] = []
    for span in spans:
        inside = [e for e in entities if span.start <= e.start < span.end]
        others = [e for e in entities if not (span.start <= e.start < span.end)]
        # A typo is judged against alterations of the whole article.
        for warning in typo_warnings(source[span.start : span.end], span.start, inside + others):
            if warning not in warnings:
                warnings.append(warning)
    entities.sort(key=lambda e: (e.start, e.end, e.kind))
    return entities, warnings
