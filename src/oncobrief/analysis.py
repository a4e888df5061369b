"""Document -> Article: sentences, entities, study facts and limitations, warnings merged.

Each step is guarded: a bug or a surprising text in one extractor becomes a warning on the
article, never an exception, so one odd article cannot stop a folder from loading.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from oncobrief.limitations import find_limitations
from oncobrief.models import Article, Document, Entity, Evidence, Sentence
from oncobrief.sentences import split_sentences
from oncobrief.study import classify_evidence, find_investigators, find_journal, find_quotes

log = logging.getLogger(__name__)
T = TypeVar("T")


def analyse(document: Document) -> Article:
    warnings = list(document.warnings)

    def guarded(step: str, run: Callable[[], T], fallback: T) -> T:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - one failing extractor must not lose the article
            log.exception("%s failed on %s", step, document.source.origin)
            warnings.append(f"{step} failed ({type(exc).__name__}); results may be incomplete")
            return fallback

    sentences: list[Sentence] = guarded("sentence splitting", lambda: split_sentences(document), [])
    entities: list[Entity] = guarded(
        "entity extraction", lambda: _extract_entities(document, sentences, warnings), []
    )
    quotes = guarded("quote finding", lambda: find_quotes(document, sentences), [])
    investigators = guarded("investigator finding", lambda: find_investigators(sentences), [])
    journal = guarded("journal finding", lambda: find_journal(sentences), None)
    evidence = guarded(
        "evidence classification", lambda: classify_evidence(sentences, document), Evidence()
    )
    limitations = guarded(
        "limitation finding", lambda: find_limitations(document, sentences, quotes), []
    )
    if not sentences and document.paragraphs:
        warnings.append("no sentences found in the body")
    return Article(
        document=document,
        sentences=sentences,
        entities=entities,
        quotes=quotes,
        investigators=investigators,
        journal=journal,
        evidence=evidence,
        limitation_sentences=limitations,
        warnings=_unique(warnings),
    )


@lru_cache(maxsize=1)
def _entity_extractor() -> Callable[..., tuple[list[Entity], list[str]]] | None:
    """The entity extractor when it is installed in this tree; looked up once per process."""
    try:
        from oncobrief.entities import extract_entities
    except ImportError:
        return None
    return extract_entities


def _extract_entities(
    document: Document, sentences: list[Sentence], warnings: list[str]
) -> list[Entity]:
    extract_entities = _entity_extractor()
    if extract_entities is None:
        return []
    entities, entity_warnings = extract_entities(document, sentences)
    warnings.extend(entity_warnings)
    return list(entities)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
