"""Vocabularies: drugs (+ classes), genes (+ families) and cancer types, loaded once."""

from oncobrief.vocab.drugs import DrugVocabulary, drug_vocabulary
from oncobrief.vocab.genes import GeneVocabulary, gene_vocabulary

__all__ = ["DrugVocabulary", "GeneVocabulary", "drug_vocabulary", "gene_vocabulary"]
