"""Entity extraction: the seed's expectations, normalisation, collisions, offsets, warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncobrief.document import parse_document
from oncobrief.entities import extract_entities, extract_from_text
from oncobrief.models import Entity
from oncobrief.reading import read_source
from oncobrief.sentences import split_sentences


@pytest.fixture(scope="module")
def seed_result(seed_path: Path) -> tuple[list[Entity], list[str], str]:
    document = parse_document(read_source(seed_path))
    entities, warnings = extract_entities(document, split_sentences(document))
    return entities, warnings, document.source.text


def _canonicals(entities: list[Entity], kind: str) -> set[str]:
    return {e.canonical for e in entities if e.kind == kind}


def test_seed_entities(seed_result) -> None:
    entities, _warnings, text = seed_result
    assert {"repotrectinib", "entrectinib"} <= _canonicals(entities, "drug")
    assert {"EGFR inhibitor", "MEK inhibitor", "TRK inhibitor"} <= _canonicals(
        entities, "drug_class"
    )
    assert {"NTRK1", "EGFR"} <= _canonicals(entities, "gene")
    assert "NTRK1 p.G595R" in _canonicals(entities, "alteration")
    assert all(text[e.start : e.end] == e.text for e in entities)
    assert entities == sorted(entities, key=lambda e: (e.start, e.end, e.kind))


def test_seed_drugs_are_only_drugs(seed_result) -> None:
    """No drug from ordinary words, and classes never counted as drugs."""
    entities, _warnings, _text = seed_result
    assert _canonicals(entities, "drug") == {"repotrectinib", "entrectinib"}


def test_seed_typo_is_warned_not_reported(seed_result) -> None:
    entities, warnings, _text = seed_result
    typo = [w for w in warnings if "NTRK-GF95R" in w]
    assert len(typo) == 1 and "NTRK1-G595R" in typo[0]
    assert not any("GF95R" in e.text for e in entities if e.kind == "alteration")


@pytest.mark.parametrize(
    ("text", "canonical", "kind"),
    [
        ("the p.Gly595Arg change", "p.G595R", "substitution"),
        ("the p.G595R change", "p.G595R", "substitution"),
        ("a G595R mutation", "p.G595R", "substitution"),
        ("a Gly595Arg mutation", "p.G595R", "substitution"),
        ("cells with NTRK1-G595R were", "NTRK1 p.G595R", "substitution"),
        ("BRAF V600E melanoma", "BRAF p.V600E", "substitution"),
        ("a nonsense p.R34* allele", "p.R34*", "substitution"),
        ("the R34X allele", "p.R34*", "substitution"),
        ("frameshift Y329fs in", "p.Y329fs", "other"),
        ("p.E746_A750del in", "p.E746_A750del", "deletion"),
        ("ETV6-NTRK3 fusion", "ETV6-NTRK3 fusion", "fusion"),
        ("an ETV6::NTRK3 tumour", "ETV6-NTRK3 fusion", "fusion"),
        ("EML4-ALK fusion", "EML4-ALK fusion", "fusion"),
        ("NTRK1-rearranged cells", "NTRK1 rearrangement", "rearrangement"),
        ("with NTRK1 rearrangement", "NTRK1 rearrangement", "rearrangement"),
        ("NTRK-rearranged cancer", "NTRK rearrangement", "rearrangement"),
        ("MET amplification", "MET amplification", "amplification"),
        ("EGFR exon 19 deletion", "EGFR exon 19 deletion", "deletion"),
        ("exon 20 insertion", "exon 20 insertion", "other"),
        ("c.1138G>A", "c.1138G>A", "other"),
    ],
)
def test_alteration_forms_are_normalised(text: str, canonical: str, kind: str) -> None:
    alterations = [e for e in extract_from_text(text) if e.kind == "alteration"]
    assert [(e.canonical, e.alteration_type) for e in alterations] == [(canonical, kind)]


def test_gene_of_an_alteration_is_kept() -> None:
    (alteration,) = [e for e in extract_from_text("NTRK1-G595R") if e.kind == "alteration"]
    assert alteration.gene == "NTRK1" and alteration.text == "NTRK1-G595R"


@pytest.mark.parametrize(
    "text", ["every Q3W dosing", "T47D cells", "the E2F family", "RAS-MAPK pathway activity"]
)
def test_look_alikes_are_not_alterations(text: str) -> None:
    assert [e.text for e in extract_from_text(text) if e.kind == "alteration"] == []


@pytest.mark.parametrize(
    ("text", "gene"),
    [
        ("MET amplification drives resistance", "MET"),
        ("KIT mutations were found", "KIT"),
        ("RET fusion-positive tumours", "RET"),
        ("loss of the SET gene", "SET"),
    ],
)
def test_english_looking_symbols_count_in_gene_context(text: str, gene: str) -> None:
    assert gene in _canonicals(extract_from_text(text), "gene")


@pytest.mark.parametrize(
    "text",
    [
        "we met the team at the conference",
        "We Met the team",
        "a first-aid kit and a cat",
        "patients with ALL were enrolled",
        "the HR was 0.5 (95% CI 0.3-0.8) and OS improved",
        "Set the dose; the max was reached after rest",
        "Dr. Fry of Juno Therapeutics in Calif. said",
        "Patients with coronary artery disease (CAD) had CAD events",
    ],
)
def test_english_words_are_not_genes(text: str) -> None:
    assert _canonicals(extract_from_text(text), "gene") == set()


@pytest.mark.parametrize(
    "text",
    [
        "The patients were treated for more than a year and felt better.",
        "Results highlight the importance of intensive examinations.",
        "Contrary to expectations, cells were analyzed in the model.",
    ],
)
def test_ordinary_sentences_have_no_drugs(text: str) -> None:
    assert _canonicals(extract_from_text(text), "drug") == set()


def test_brands_and_codes_in_text() -> None:
    text = "Augtyro (TPX-0005) and Rozlytrek (RXDX-101) versus LOXO-195."
    drugs = [(e.text, e.canonical) for e in extract_from_text(text) if e.kind == "drug"]
    assert drugs == [
        ("Augtyro", "repotrectinib"),
        ("TPX-0005", "repotrectinib"),
        ("Rozlytrek", "entrectinib"),
        ("RXDX-101", "entrectinib"),
        ("LOXO-195", "selitrectinib"),
    ]


def test_defined_abbreviation_of_a_drug_counts() -> None:
    text = "Doxorubicin (DOX) was given. DOX caused toxicity."
    drugs = [e for e in extract_from_text(text) if e.kind == "drug"]
    assert [e.text for e in drugs] == ["Doxorubicin", "DOX", "DOX"]
    assert {e.canonical for e in drugs} == {"doxorubicin"}


def test_cancer_types() -> None:
    text = "Patients with non-small cell lung cancer (NSCLC) or breast cancer."
    assert {"non-small-cell lung carcinoma", "breast cancer"} <= _canonicals(
        extract_from_text(text), "cancer_type"
    )
    assert _canonicals(extract_from_text("the cancer and the tumor"), "cancer_type") == set()


def test_offsets_are_shifted() -> None:
    (drug,) = [e for e in extract_from_text("Entrectinib", offset=100) if e.kind == "drug"]
    assert (drug.start, drug.end) == (100, 111)


_NAMES = [
    "repotrectinib", "Augtyro", "TPX-0005", "EGFR", "NTRK1-G595R", "MET amplification",
    "ETV6::NTRK3", "p.Gly595Arg", "IL-10", "Ca2+", "TRK inhibitor", "exon 19 deletion", "αβ",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from(_NAMES), st.text(max_size=12)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([" ", "-", "", "\n", ", ", "(", "–"]),
    st.integers(min_value=0, max_value=500),
)
def test_every_entity_text_equals_its_span(parts: list[str], glue: str, offset: int) -> None:
    text = glue.join(parts)
    for entity in extract_from_text(text, offset):
        assert text[entity.start - offset : entity.end - offset] == entity.text
        assert entity.start < entity.end


def _genes(text: str) -> dict[str, str]:
    return {e.text: e.canonical for e in extract_from_text(text) if e.kind == "gene"}


@pytest.mark.parametrize(
    ("text", "written", "symbol"),
    [
        ("Serum prolactin rose.", "prolactin", "PRL"),
        ("Plasma renin activity fell.", "renin", "REN"),
        ("Insulin-like growth factor 1 receptor was high.", "Insulin-like growth factor 1 receptor", "IGF1R"),
        ("Loss of podocin in podocytes.", "podocin", "NPHS2"),
        ("Levels of nfkbia were measured.", "nfkbia", "NFKBIA"),
    ],
)  # fmt: skip
def test_genes_by_full_or_protein_name(text: str, written: str, symbol: str) -> None:
    assert _genes(text).get(written) == symbol


@pytest.mark.parametrize(
    ("written", "symbol"),
    [
        ("b-catenin", "CTNNB1"),
        ("β-catenin", "CTNNB1"),
        ("beta-catenin", "CTNNB1"),
        ("alpha-synuclein", "SNCA"),
        ("hGRalpha", "NR3C1"),
        ("alpha-ENaC", "SCNN1A"),
    ],
)
def test_greek_forms_of_gene_names_and_symbols(written: str, symbol: str) -> None:
    assert _genes(f"We measured {written} in the tissue.").get(written) == symbol


def test_family_heads_and_lowercase_compounds_are_genes() -> None:
    genes = _genes("Claudins and fibroblast growth factors bind; c-kit and c-Fos rose.")
    assert genes.get("Claudins") == "claudin"
    assert genes.get("fibroblast growth factors") == "fibroblast growth factor"
    assert genes.get("c-kit") == "KIT"
    assert genes.get("c-Fos") == "FOS"


@pytest.mark.parametrize(
    "text",
    [
        "Blood platelet counts and cytosolic calcium were normal.",
        "Sepsis-induced leucine (Leu) resistance; Leu flux fell.",
        "The G/A and C/T genotypes were common.",
        "Several transcription factors were bound.",
        "Patients with hepatocellular carcinoma were enrolled.",
    ],
)
def test_words_that_only_look_like_gene_names_are_not_genes(text: str) -> None:
    assert _genes(text) == {}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("irinotecan hydrochloride", "irinotecan"),
        ("imatinib mesylate", "imatinib"),
        ("erlotinib HCl", "erlotinib"),
        ("doxorubicin hydrochloride", "doxorubicin"),
    ],
)
def test_salt_forms_name_the_parent_drug(written: str, canonical: str) -> None:
    drugs = [
        e for e in extract_from_text(f"Patients received {written} daily.") if e.kind == "drug"
    ]
    assert [(d.text, d.canonical) for d in drugs] == [(written, canonical)]


def test_defined_drug_abbreviations_count_in_compounds() -> None:
    text = (
        "Doxorubicin (Dox) is cardiotoxic. Dox-induced injury and anti-Dox effects; DOX-2 is not."
    )
    drugs = [(e.text, e.start) for e in extract_from_text(text) if e.kind == "drug"]
    assert [t for t, _ in drugs] == ["Doxorubicin", "Dox", "Dox", "Dox"]


def test_a_short_form_confirmed_once_is_a_gene_throughout_the_text() -> None:
    text = "AR expression was high in tumours. Later, AR was found in nuclei."
    assert [e.text for e in extract_from_text(text) if e.kind == "gene"] == ["AR", "AR"]
    assert [e for e in extract_from_text("AR was found in nuclei.") if e.kind == "gene"] == []
