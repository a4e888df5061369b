"""Drug, gene and protein-variant mentions against BioRED and tmVar gold, beside plain
dictionary-lookup baselines.

Span overlap: a prediction is correct when it overlaps a gold mention; a gold mention is found
when a prediction overlaps it. Genes: GeneOrGeneProduct. Variants: BioRED SequenceVariant and
tmVar ProteinMutation (our substitution, deletion and other protein alterations).

What counts as a drug (BioRED labels every chemical): a ChemicalEntity *concept* (MeSH id) is a
drug when at least one of its mentions is a name that the offline drug library lists with a
DrugBank or MedlinePlus id (a medicine, not a metabolite); recall is measured on every mention
of those concepts, abbreviations included ("5-FU", "DOX"). A predicted drug is correct when it
overlaps any ChemicalEntity. (The library's ``mesh_id`` field covers mostly MeSH-only chemicals
such as ATP and creatinine, so it cannot define drugs.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from oncobrief.evaluation.corpus import read_jsonl
from oncobrief.evaluation.metrics import Score, Span, overlaps, span_score
from oncobrief.vocab.cache import packaged_pickle

Spans = dict[str, list[Span]]  # kind ("drug", "gene", "variant") -> spans
Predictor = Callable[[str], Spans]
VARIANT_TYPES = {"substitution", "deletion", "other"}


@lru_cache(maxsize=1)
def drug_dictionary() -> dict[str, Any]:
    return packaged_pickle("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")


def drug_concepts(docs: Iterable[dict[str, Any]]) -> set[str]:
    library = drug_dictionary()
    variants, info = library["drug_variant_to_canonical"], library["drug_canonical_to_data"]
    concepts = set()
    for doc in docs:
        for mention in doc["mentions"]:
            if mention["type"] != "ChemicalEntity":
                continue
            canonicals = variants.get(mention["text"].lower())
            data = info.get(canonicals[0], {}) if canonicals else {}
            if data.get("drugbank_id") or data.get("medline_plus_id"):
                concepts.add(mention["id"])
    concepts.discard("-")
    return concepts


def oncobrief_spans(text: str) -> Spans:
    from oncobrief.entities import extract_from_text

    spans: Spans = {"drug": [], "gene": [], "variant": []}
    for entity in extract_from_text(text):
        if entity.kind in ("drug", "gene"):
            spans[entity.kind].append((entity.start, entity.end))
        elif (
            entity.kind == "alteration"
            and entity.alteration_type in VARIANT_TYPES
            and "exon" not in entity.canonical
        ):
            spans["variant"].append((entity.start, entity.end))
    return spans


_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^\W+|\W+$")
_PLAIN_VARIANT = re.compile(r"\b[ACDEFGHIKLMNPQRSTVWY]\d{1,5}[ACDEFGHIKLMNPQRSTVWY]\b")


def baseline_spans(text: str) -> Spans:
    """The drug library's own find_drugs on whitespace tokens; gene symbols looked up exactly
    as written; one-letter substitutions by a plain regex."""
    from drug_named_entity_recognition import find_drugs

    from oncobrief.vocab.genes import gene_vocabulary

    tokens, token_spans = [], []
    for match in _TOKEN.finditer(text):
        word = _EDGE.sub("", match.group())
        if word:
            start = match.start() + match.group().index(word)
            tokens.append(word)
            token_spans.append((start, start + len(word)))
    result: Spans = {"drug": [], "gene": [], "variant": []}
    for _data, first, last in find_drugs(tokens):
        result["drug"].append((token_spans[first][0], token_spans[last - 1][1]))
    symbols = gene_vocabulary().symbols
    result["gene"] = [s for t, s in zip(tokens, token_spans, strict=True) if symbols.get(t) == t]
    result["variant"] = [m.span() for m in _PLAIN_VARIANT.finditer(text)]
    return result


def gold_spans(doc: dict[str, Any], dataset: str, concepts: set[str]) -> dict[str, tuple]:
    """kind -> (recall gold, precision gold)."""

    def of(*types: str) -> list[Span]:
        return [(m["start"], m["end"]) for m in doc["mentions"] if m["type"] in types]

    if dataset == "tmvar":
        return {"variant": (of("ProteinMutation"), of("ProteinMutation", "DNAMutation", "SNP"))}
    drugs = [
        (m["start"], m["end"])
        for m in doc["mentions"]
        if m["type"] == "ChemicalEntity" and m.get("id") in concepts
    ]
    genes, variants = of("GeneOrGeneProduct"), of("SequenceVariant")
    return {
        "drug": (drugs, of("ChemicalEntity")),
        "gene": (genes, genes),
        "variant": (variants, variants),
    }


@dataclass
class DatasetResult:
    scores: dict[str, Score] = field(default_factory=dict)
    missed: Counter[str] = field(default_factory=Counter)  # gold texts no prediction overlaps
    wrong: Counter[str] = field(default_factory=Counter)  # predictions overlapping no gold


def score_dataset(docs: list[dict[str, Any]], dataset: str, predict: Predictor) -> DatasetResult:
    concepts = drug_concepts(docs) if dataset == "biored" else set()
    result = DatasetResult()
    for doc in docs:
        text, predicted = doc["text"], predict(doc["text"])
        for kind, (recall_gold, precision_gold) in gold_spans(doc, dataset, concepts).items():
            result.scores.setdefault(kind, Score())
            result.scores[kind] += span_score(
                predicted[kind], recall_gold, precision_gold=precision_gold
            )
            result.missed.update(
                f"{kind}: {text[g[0] : g[1]]}"
                for g in recall_gold
                if not any(overlaps(p, g) for p in predicted[kind])
            )
            result.wrong.update(
                f"{kind}: {text[p[0] : p[1]]}"
                for p in predicted[kind]
                if not any(overlaps(p, g) for g in precision_gold)
            )
    return result


LABELS = {
    ("biored", "drug"): "drug",
    ("biored", "gene"): "gene",
    ("biored", "variant"): "variant (BioRED)",
    ("tmvar", "variant"): "protein variant (tmVar)",
}


def evaluate_entities(corpus: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for dataset, filename in (("biored", "biored-dev.jsonl"), ("tmvar", "tmvar-dev.jsonl")):
        path = corpus / filename
        if not path.exists():
            continue
        docs = list(read_jsonl(path))
        ours = score_dataset(docs, dataset, oncobrief_spans).scores
        base = score_dataset(docs, dataset, baseline_spans).scores
        for kind in ours:
            result[LABELS[dataset, kind]] = {
                "oncobrief": ours[kind].as_dict(),
                "baseline": base[kind].as_dict(),
            }
    return result
