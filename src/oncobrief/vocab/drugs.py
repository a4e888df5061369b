"""Drug names: the offline library drug-named-entity-recognition plus a small oncology
supplement (brands and development codes) and a curated list of drug classes.

``drug_vocabulary()`` is cached per process; the library's 100k names are compacted once into
the user cache folder (see ``vocab.cache``) because unpickling its bz2 file takes ~0.6 s.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

from oncobrief.vocab.cache import cached, package_version, packaged_pickle
from oncobrief.vocab.phrases import PhraseIndex
from oncobrief.vocab.text import WORD, common_english, phrase_key

SUPPLEMENT_FILE = "oncology_drugs.toml"
CLASSES_FILE = "drug_classes.toml"
_SUPPLEMENT_KEYS = {"brands", "codes", "synonyms"}
_CLASS_KEYS = {"targets", "phrases"}
_CLASS_SUFFIXES = ("inhibitor", "inhibitors")
# MeSH lists enzymes and receptors among chemicals; as drugs they would shadow gene mentions.
_PROTEIN_HEADS = {"kinase", "kinases", "receptor", "receptors", "protein", "proteins"}


# A name's value: (canonical generic, is_brand). Plain tuples keep the cache quick to load.
DrugName = tuple[str, bool]


@dataclass
class DrugVocabulary:
    names: PhraseIndex[DrugName] = field(default_factory=PhraseIndex)
    classes: PhraseIndex[str] = field(default_factory=PhraseIndex)
    common_words: frozenset[str] = frozenset()  # single-word names that are everyday English
    curated: set[str] = field(default_factory=set)  # keys from our oncology supplement

    def canonical(self, name: str) -> str | None:
        """Any generic, brand or development code (case-insensitive) -> canonical generic."""
        found = self.names.get(name) or self.names.get(_squeezed(name))
        return found[0] if found else None

    def class_canonical(self, name: str) -> str | None:
        return self.classes.get(name)

    @cached_property
    def synonyms(self) -> dict[str, list[str]]:
        """canonical -> every name of it (lowercase keys), built on first use."""
        result: dict[str, list[str]] = {}
        for key, (canonical, _brand) in self.names.items():
            result.setdefault(canonical, []).append(key)
        return result

    def names_for(self, canonical: str) -> list[str]:
        return list(self.synonyms.get(canonical.lower(), []))

    def all_canonical(self) -> list[str]:
        return sorted(self.synonyms)


def _squeezed(name: str) -> str:
    """'TPX-0005' -> 'TPX0005', so codes written without a dash or space also match."""
    return "".join(WORD.findall(name))


# MeSH tree branches of chemical structures (inorganic, organic, heterocyclic, polycyclic,
# carbohydrates, lipids). Other branches hold proteins (D12), nucleic acids (D13), enzymes (D08),
# actions such as "Analgesics" (D27) and solutions: not drugs, and they shadow gene mentions.
_STRUCTURE_BRANCHES = ("D01", "D02", "D03", "D04", "D09", "D10")


_AMINO_ACIDS = frozenset(
    """alanine arginine asparagine aspartate cysteine glutamine glutamate glycine histidine
    isoleucine leucine lysine methionine phenylalanine proline serine threonine tryptophan
    tyrosine valine""".split()
) | {"aspartic acid", "glutamic acid"}


def _is_drug_like(data: dict[str, Any]) -> bool:
    if data.get("drugbank_id") or data.get("medline_plus_id") or data.get("nhs_url"):
        return True
    trees = data.get("mesh_tree") or []
    return not trees or any(tree.startswith(_STRUCTURE_BRANCHES) for tree in trees)


def _library_names() -> dict[str, Any]:
    """The library's names compacted to {key: (canonical, is_brand)} plus common words."""
    library = packaged_pickle("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    variants = library["drug_variant_to_canonical"]
    info = library["drug_canonical_to_data"]
    keep = {canonical for canonical, data in info.items() if _is_drug_like(data)}
    variant_data = library["drug_variant_to_variant_data"]
    names: dict[str, DrugName] = {}
    # A medicine's canonical is a name too: "glucose" is listed only under "d-glucose". Not
    # everyday words ("water", "iron") nor amino acids, which abstracts name as residues.
    unlisted = {
        c
        for c in keep
        if c not in variants
        and (info[c].get("drugbank_id") or info[c].get("medline_plus_id"))
        and c not in _AMINO_ACIDS
    }
    unlisted -= common_english(unlisted, 3.5)
    own_names = ((canonical, [canonical]) for canonical in unlisted)
    for variant, canonicals in (*variants.items(), *own_names):
        if canonicals[0] not in keep:
            continue
        key = phrase_key(variant)
        # Two letters or digits only ("5", "ab") are never safe to match as a drug.
        if len(key.replace(" ", "")) < 3 or key.replace(" ", "").isdigit():
            continue
        if key.rsplit(" ", 1)[-1] in _PROTEIN_HEADS:
            continue  # "extracellular signal-regulated kinase" is a protein, not a drug
        brand = bool(variant_data.get(variant, {}).get("is_brand"))
        names.setdefault(key, (canonicals[0], brand))
    _salts_to_parent(names)
    max_words: dict[str, int] = {}
    prefixes: set[str] = set()
    for key in names:
        words = key.split(" ")
        max_words[words[0]] = max(max_words.get(words[0], 0), len(words))
        prefixes.update(" ".join(words[:n]) for n in range(1, len(words)))
    single = {k for k in names if " " not in k and k.isalpha()}
    common = common_english(single)
    return {
        "names": names,
        "max_words": max_words,
        "prefixes": prefixes,
        "common": sorted(common),
        "proteins": _protein_names(variants, info, common),
    }


# MeSH branches of proteins and peptides (D12.776, D12.644) and enzymes (D08.811): specific
# ones ("Caspase 3", "Desmin", "Insulin") are gene products; plural names are classes.
_PROTEIN_BRANCHES = ("D12.776.", "D12.644.", "D08.811.")


def _protein_names(variants: dict, info: dict, common: set[str]) -> dict[str, str]:
    proteins = {}
    for variant, canonicals in variants.items():
        data = info.get(canonicals[0], {})
        name = data.get("name") or canonicals[0]
        trees = data.get("mesh_tree") or []
        if data.get("drugbank_id") or data.get("medline_plus_id"):
            continue  # a medicine ("vancomycin" is a peptide too)
        if not any(tree.startswith(_PROTEIN_BRANCHES) for tree in trees):
            continue
        last = name.split()[-1].lower()
        if last.endswith("s") and not last.endswith(("ss", "us", "is")):
            continue
        key = phrase_key(variant)
        if len(key) >= 4 and key not in common:
            proteins[key] = name.lower()
    return proteins


# Salt and hydrate words after a drug name: "irinotecan hydrochloride" is irinotecan.
SALT_WORDS = frozenset(
    """hydrochloride hcl dihydrochloride sulfate sulphate mesylate mesilate besylate maleate
    tartrate citrate phosphate acetate sodium potassium calcium succinate fumarate tosylate
    bromide chloride lactate malate hydrobromide monohydrate dihydrate trihydrate hydrate
    anhydrous disodium dimesylate esylate gluconate nitrate""".split()
)


def _salts_to_parent(names: dict[str, DrugName]) -> None:
    """A salt form names its parent drug ("imatinib mesylate" -> imatinib) when the parent
    is itself a listed drug, so one drug has one canonical whatever the form written."""
    for key, (_canonical, brand) in list(names.items()):
        words = key.split(" ")
        while len(words) > 1 and words[-1] in SALT_WORDS:
            words.pop()
        parent = names.get(" ".join(words))
        if parent is not None and len(words) < len(key.split(" ")):
            names[key] = (parent[0], brand)


def library_tables() -> dict[str, Any]:
    """The compacted library (cached on disk): names, first-word index, proteins."""
    return cached(
        "drugs",
        package_version("drug-named-entity-recognition") + package_version("wordfreq"),
        _library_names,
    )


def _read_toml(filename: str) -> dict[str, Any]:
    with (resources.files("oncobrief") / "data" / filename).open("rb") as handle:
        return tomllib.load(handle)


def supplement_problems() -> list[str]:
    """Every bad entry of the two data files, one message each (empty when all are valid)."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for canonical, entry in _read_toml(SUPPLEMENT_FILE).items():
        where = f"{SUPPLEMENT_FILE} [{canonical}]"
        if canonical != canonical.lower() or not phrase_key(canonical):
            problems.append(f"{where}: the canonical name must be a lowercase generic name")
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table")
            continue
        problems += _list_problems(where, entry, _SUPPLEMENT_KEYS)
        for key in _SUPPLEMENT_KEYS & set(entry):
            values = entry[key]
            if not _is_name_list(values):
                continue
            for value in values:
                other = seen.setdefault(phrase_key(value), canonical)
                if other != canonical:
                    problems.append(f"{where}: {value!r} already names {other!r}")
    for name, entry in _read_toml(CLASSES_FILE).items():
        where = f"{CLASSES_FILE} [{name}]"
        if not isinstance(entry, dict) or not entry:
            problems.append(f"{where}: must be a table with targets or phrases")
            continue
        problems += _list_problems(where, entry, _CLASS_KEYS)
    return problems


def _is_name_list(values: Any) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) and phrase_key(v) for v in values)


def _list_problems(where: str, entry: dict, allowed: set[str] | frozenset[str]) -> list[str]:
    """Unknown keys, and known keys that are not lists of non-empty names."""
    problems = [f"{where}: unknown key {key!r}" for key in sorted(set(entry) - allowed)]
    problems += [
        f"{where}: {key} must be a list of non-empty names"
        for key in sorted(allowed & set(entry))
        if not _is_name_list(entry[key])
    ]
    return problems


def _add_supplement(vocab: DrugVocabulary) -> None:
    for canonical, entry in _read_toml(SUPPLEMENT_FILE).items():
        names = [(canonical, False)]
        names += [(synonym, False) for synonym in entry.get("synonyms", [])]
        names += [(brand, True) for brand in entry.get("brands", [])]
        for code in entry.get("codes", []):
            names += [(code, False), (_squeezed(code), False)]
        for name, brand in names:
            vocab.names.add(name, (canonical, brand))
            vocab.curated.add(name.lower())


def _add_classes(vocab: DrugVocabulary) -> None:
    for name, entry in _read_toml(CLASSES_FILE).items():
        vocab.classes.add(name, name)
        for target in entry.get("targets", []):
            for suffix in _CLASS_SUFFIXES:
                vocab.classes.add(f"{target} {suffix}", name)
        for phrase in entry.get("phrases", []):
            vocab.classes.add(phrase, name)


@cache
def drug_vocabulary() -> DrugVocabulary:
    compact = library_tables()
    vocab = DrugVocabulary(common_words=frozenset(compact["common"]))
    vocab.names.values = compact["names"]  # the cache is ours alone: no copy needed
    vocab.names.max_words = compact["max_words"]
    vocab.names.prefixes = compact["prefixes"]
    _add_supplement(vocab)
    _add_classes(vocab)
    # A class name is never a drug ("checkpoint inhibitor" must not resolve to a drug).
    for key in vocab.classes.values:
        vocab.names.values.pop(key, None)
    return vocab
