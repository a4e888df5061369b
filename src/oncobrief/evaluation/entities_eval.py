"""Drug, gene and protein-variant mentions against BioRED and tmVar gold, beside plain
dictionary-lookup baselines.

What counts as a drug: BioRED labels every chemical; a gold *drug* mention is a ChemicalEntity
whose MeSH id the offline drug vocabulary (drug-named-entity-recognition) lists. Recall is
measured on those; a predicted drug counts as correct when it overlaps any gold chemical.
"""

from __future__ import annotations

import bz2
import pickle
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from oncobrief.evaluation.corpus import read_jsonl
from oncobrief.evaluation.metrics import Score, Span, span_score

Predictor = Callable[[str], dict[str, list[Span]]]  # kind -> spans


@lru_cache(maxsize=1)
def _drug_dictionary() -> dict[str, Any]:
    data = resources.files("drug_named_entity_recognition") / "drug_ner_dictionary.pkl.bz2"
    with data.open("rb") as raw, bz2.open(raw) as handle:
        return pickle.load(handle)


@lru_cache(maxsize=1)
def drug_mesh_ids() -> frozenset[str]:
    canon = _drug_dictionary()["drug_canonical_to_data"]
    return frozenset(v["mesh_id"] for v in canon.values() if v.get("mesh_id"))


def oncobrief_predictor(text: str) -> dict[str, list[Span]]:
    from oncobrief.entities import extract_from_text

    spans: dict[str, list[Span]] = {"drug": [], "gene": [], "variant": []}
    for entity in extract_from_text(text):
        if entity.kind == "drug":
            spans["drug"].append((entity.start, entity.end))
        elif entity.kind == "gene":
            spans["gene"].append((entity.start, entity.end))
        elif entity.kind == "alteration" and entity.alteration_type in {
            "substitution",
            "deletion",
            "other",
        }:
            spans["variant"].append((entity.start, entity.end))
    return spans


_WORD = re.compile(r"[A-Za-z0-9][\w-]*")
_PLAIN_VARIANT = re.compile(r"\b[ACDEFGHIKLMNPQRSTVWY]\d{1,5}[ACDEFGHIKLMNPQRSTVWY]\b")


def baseline_predictor(text: str) -> dict[str, list[Span]]:
    """Exact dictionary lookup, word by word: the drug library's names, gene symbols as written."""
    from oncobrief.vocab.genes import gene_vocabulary

    names = _drug_dictionary()["drug_variant_to_canonical"]
    genes = gene_vocabulary()
    spans: dict[str, list[Span]] = {"drug": [], "gene": [], "variant": []}
    for match in _WORD.finditer(text):
        word = match.group()
        if word.lower() in names and len(word) > 3:
            spans["drug"].append(match.span())
        if word.isupper() and genes.is_symbol(word):
            spans["gene"].append(match.span())
    spans["variant"] = [m.span() for m in _PLAIN_VARIANT.finditer(text)]
    return spans


def _gold(doc: dict[str, Any], types: Iterable[str]) -> list[Span]:
    wanted = set(types)
    return [(m["start"], m["end"]) for m in doc["mentions"] if m["type"] in wanted]


def _score_docs(docs: list[dict[str, Any]], predict: Predictor, dataset: str) -> dict[str, Score]:
    mesh = drug_mesh_ids()
    scores: dict[str, Score] = {}
    for doc in docs:
        predicted = predict(doc["text"])
        if dataset == "biored":
            chemicals = _gold(doc, ["ChemicalEntity"])
            drugs = [
                (m["start"], m["end"])
                for m in doc["mentions"]
                if m["type"] == "ChemicalEntity" and set(str(m.get("id", "")).split(",")) & mesh
            ]
            parts = {
                "drug": span_score(predicted["drug"], drugs, precision_gold=chemicals),
                "gene": span_score(predicted["gene"], _gold(doc, ["GeneOrGeneProduct"])),
                "variant (BioRED)": span_score(
                    predicted["variant"], _gold(doc, ["SequenceVariant"])
                ),
            }
        else:
            parts = {
                "protein variant (tmVar)": span_score(
                    predicted["variant"], _gold(doc, ["ProteinMutation"])
                )
            }
        for name, score in parts.items():
            scores.setdefault(name, Score())
            scores[name] += score
    return scores


def evaluate_entities(corpus: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for dataset, filename in (("biored", "biored-dev.jsonl"), ("tmvar", "tmvar-dev.jsonl")):
        path = corpus / filename
        if not path.exists():
            continue
        docs = list(read_jsonl(path))
        ours = _score_docs(docs, oncobrief_predictor, dataset)
        base = _score_docs(docs, baseline_predictor, dataset)
        for name in ours:
            result[name] = {"oncobrief": ours[name].as_dict(), "baseline": base[name].as_dict()}
    return result
