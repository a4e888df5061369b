"""News abbreviations that are also gene aliases are not genes without gene context."""

from __future__ import annotations

import pytest

from oncobrief.entities import extract_from_text


def _genes(text: str) -> set[str]:
    return {e.canonical for e in extract_from_text(text) if e.kind == "gene"}


@pytest.mark.parametrize(
    "text",
    [
        "The study was published in JAMA Otolaryngology - Head & Neck Surgery on Thursday.",
        "Maria Lopez, MSc, a biostatistician at the centre, led the analysis.",
        "Adding computer-aided detection (CAD) to mammograms finds more early cancers; "
        "CAD raised the recall rate.",
    ],
)
def test_journal_degree_and_imaging_abbreviations_are_not_genes(text: str) -> None:
    assert _genes(text) == set()


def test_the_same_symbol_with_gene_context_is_still_a_gene() -> None:
    assert "CAD" in _genes("CAD expression was higher in the tumour samples.")


@pytest.mark.parametrize(
    "text",
    [
        "Patients who switched to generics did well.",
        "Former governor Sarah Palin said so.",
        "Aman Buzdar, MD, said the results were striking.",
        "Eat cashews and pecans daily.",
    ],
)
def test_everyday_words_and_names_are_not_drugs(text):
    from oncobrief.entities import extract_from_text

    assert [e.text for e in extract_from_text(text) if e.kind == "drug"] == []


def test_scientific_synonyms_and_curated_brands_still_count():
    from oncobrief.entities import extract_from_text

    text = "Augtyro, Keytruda, paracetamol and folate were given."
    drugs = {e.canonical for e in extract_from_text(text) if e.kind == "drug"}
    assert {"repotrectinib", "pembrolizumab", "acetaminophen", "folic acid"} <= drugs
