"""Entities of an article: drugs, drug classes, genes, alterations and cancer types.

``extract_from_text`` works on any raw text (the evaluation harness runs it on abstracts);
``extract_entities`` runs it over a document's title and body paragraphs and adds article-level
warnings (an alteration-like token that looks like a typo of one found elsewhere).
"""

from oncobrief.entities.extract import extract_entities, extract_from_text

__all__ = ["extract_entities", "extract_from_text"]
