"""Vocabularies: synonyms resolve to one canonical name, data files are valid, collisions."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from oncobrief.vocab import drug_vocabulary, gene_vocabulary
from oncobrief.vocab.drugs import supplement_problems
from oncobrief.vocab.genes import family_problems
from oncobrief.vocab.text import compact_key, phrase_key


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Augtyro", "repotrectinib"),
        ("TPX-0005", "repotrectinib"),
        ("TPX0005", "repotrectinib"),
        ("tpx 0005", "repotrectinib"),
        ("REPOTRECTINIB", "repotrectinib"),
        ("Rozlytrek", "entrectinib"),
        ("RXDX-101", "entrectinib"),
        ("Vitrakvi", "larotrectinib"),
        ("LOXO-101", "larotrectinib"),
        ("selitrectinib", "selitrectinib"),
        ("LOXO-195", "selitrectinib"),
        ("BAY 2731954", "selitrectinib"),
        ("Tagrisso", "osimertinib"),
        ("5-FU", "fluorouracil"),
    ],
)
def test_drug_synonyms_resolve_to_one_generic(name: str, canonical: str) -> None:
    assert drug_vocabulary().canonical(name) == canonical


def test_unknown_and_everyday_words_are_not_drugs() -> None:
    vocab = drug_vocabulary()
    assert vocab.canonical("repotrectinb") is None
    for word in ("the", "model", "cells", "treatment", "resistance"):
        assert vocab.canonical(word) is None, word


def test_names_for_lists_brands_and_codes() -> None:
    names = drug_vocabulary().names_for("repotrectinib")
    assert {"repotrectinib", "augtyro", "tpx 0005"} <= set(names)
    assert "repotrectinib" in drug_vocabulary().all_canonical()


@pytest.mark.parametrize(
    ("phrase", "klass"),
    [
        ("TRK inhibitor", "TRK inhibitor"),
        ("EGFR inhibitors", "EGFR inhibitor"),
        ("mitogen-activated extracellular signal–regulated kinase inhibitor", "MEK inhibitor"),
        ("PD-1 inhibitor", "PD-1 inhibitor"),
        ("tyrosine kinase inhibitors", "tyrosine kinase inhibitor"),
        ("checkpoint inhibitor", "checkpoint inhibitor"),
    ],
)
def test_drug_classes_are_classes_not_drugs(phrase: str, klass: str) -> None:
    vocab = drug_vocabulary()
    assert vocab.class_canonical(phrase) == klass
    assert vocab.canonical(phrase) is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("NTRK1", "NTRK1"),
        ("egfr", "EGFR"),
        ("HER2", "ERBB2"),
        ("IL-10", "IL10"),
        ("p53", "TP53"),
        ("NTRK", "NTRK"),
        ("Akt", "AKT"),
    ],
)
def test_gene_symbols_aliases_and_families(text: str, canonical: str) -> None:
    assert gene_vocabulary().canonical(text) == canonical


def test_gene_vocabulary_is_the_full_hgnc_set() -> None:
    genes = gene_vocabulary()
    assert len(genes.symbols) > 40_000  # approved symbols, not a hand-typed list
    assert genes.is_symbol("MET") and genes.is_symbol("NTRK3")
    assert not genes.is_symbol("HER2")  # an alias, not the approved symbol
    assert genes.members_of("NTRK") == ["NTRK1", "NTRK2", "NTRK3"]


def test_english_collisions_are_flagged_for_context() -> None:
    common = gene_vocabulary().common_words
    for symbol in ("MET", "SET", "KIT", "CAT", "MAX", "REST"):
        assert symbol in common, symbol
    assert "EGFR" not in common


def test_data_files_have_no_bad_entries() -> None:
    problems = supplement_problems() + family_problems()
    assert problems == [], "\n".join(problems)


def test_every_supplement_entry_agrees_with_the_library() -> None:
    """A brand or code in our file must not name another drug in the library."""
    with (resources.files("oncobrief") / "data" / "oncology_drugs.toml").open("rb") as handle:
        supplement = tomllib.load(handle)
    vocab = drug_vocabulary()
    wrong = [
        f"{name!r} -> {vocab.canonical(name)!r}, file says {canonical!r}"
        for canonical, entry in supplement.items()
        for name in [canonical, *entry.get("brands", []), *entry.get("codes", [])]
        if vocab.canonical(name) != canonical
    ]
    assert wrong == [], "\n".join(wrong)


def test_key_forms() -> None:
    assert phrase_key("TPX–0005") == "tpx 0005"
    assert compact_key("IL-10") == "IL10"


def test_gene_name_forms_move_and_abbreviate_greek_letters() -> None:
    from oncobrief.vocab.gene_names import name_forms

    forms = name_forms("catenin beta 1")
    assert {"catenin beta 1", "beta catenin", "β catenin", "b catenin"} <= forms
    assert "alpha synuclein" in name_forms("synuclein alpha")
    # The part before a comma counts only when it is no disease or everyday word.
    assert "hepatocellular carcinoma" not in name_forms(
        "hepatocellular carcinoma, down-regulated 1"
    )
    assert "leucine" not in name_forms("leucine, glutamate and lysine rich 1")
    assert "adiponectin" in name_forms("adiponectin, C1Q and collagen domain containing")
    assert "podocin" in name_forms("NPHS2 stomatin family member, podocin")


def test_family_heads_are_protein_nouns() -> None:
    from oncobrief.vocab.gene_names import _family_head

    assert _family_head("claudin") and _family_head("fibroblast growth factor")
    assert not _family_head("midline") and not _family_head("phosphatidylinositol")
    assert not _family_head("transcription factor") and not _family_head("family")


def test_hgnc_names_and_aliases_are_in_the_gene_vocabulary() -> None:
    genes = gene_vocabulary()
    assert genes.names.get("insulin") == "INS"
    assert genes.names.get("prolactin") == "PRL"
    assert genes.lookup_key("P21") == ("CDKN1A", "alias")  # the far better documented P21
    assert "nfkbia" in genes.lowercase and "raptor" not in genes.lowercase


def test_salt_forms_resolve_to_the_parent_drug() -> None:
    drugs = drug_vocabulary()
    assert drugs.canonical("imatinib mesylate") == "imatinib"
    assert drugs.canonical("erlotinib hydrochloride") == "erlotinib"
