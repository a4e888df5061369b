"""Study facts: journal or meeting, investigators, quotes with speakers, evidence level."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncobrief.document import parse_document
from oncobrief.evidence import _CUES, _NOT_THIS_STUDY, _about_other_work, _cue_matches
from oncobrief.models import Document, EvidenceLevel, Investigator, Sentence
from oncobrief.reading import source_from_text
from oncobrief.sentences import split_sentences
from oncobrief.study import classify_evidence, find_investigators, find_journal, find_quotes


def parsed(body: str) -> tuple[Document, list[Sentence]]:
    text = f"A Test Title About A Study\n\nBy: Test Writer\n\n{body}\n"
    document = parse_document(source_from_text(text, "test.txt"))
    return document, split_sentences(document)


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> tuple[Document, list[Sentence]]:
    document = parse_document(source_from_text(seed_path.read_text("utf-8"), seed_path))
    return document, split_sentences(document)


@pytest.mark.parametrize(
    ("body", "journal"),
    [
        ("According to research presented in Cancer Science, the drug worked.", "Cancer Science"),
        ("The results were published in The Lancet Oncology on Monday.", "The Lancet Oncology"),
        (
            "The findings appear in the Journal of Clinical Oncology this week.",
            "Journal of Clinical Oncology",
        ),
        (
            "Data were presented at the 2022 ASCO Annual Meeting in Chicago.",
            "2022 ASCO Annual Meeting",
        ),
        ("The report, which ran in JAMA Oncology, covered 300 patients.", "JAMA Oncology"),
        ("Researchers reported the trial in NEJM last month.", "NEJM"),
        ("The drug shrank tumours in mice.", None),
        (
            "Their study, published in the June 30 issue of Breast Cancer Research, found more.",
            "Breast Cancer Research",
        ),
        (
            "The team published their outcomes in JAMA Otolaryngology - Head and Neck Surgery.",
            "JAMA Otolaryngology - Head and Neck Surgery",
        ),
        (
            "It was presented at the American Society of Clinical Oncology's annual meeting.",
            "American Society of Clinical Oncology's annual meeting",
        ),
        ("Fred Hutchinson Cancer Research Center announced the results.", None),
    ],
)
def test_find_journal(body: str, journal: str | None) -> None:
    assert find_journal(parsed(body)[1]) == journal


def test_seed_journal_and_investigator(seed: tuple[Document, list[Sentence]]) -> None:
    _, sentences = seed
    assert find_journal(sentences) == "Cancer Science"
    assert find_investigators(sentences) == [
        Investigator(
            name="Seiji Yano", credentials="MD, PhD", affiliation="Kanazawa University, Japan"
        )
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The trial was led by Dr. Maria Lopez of the University of Texas MD Anderson Cancer Center.",
            Investigator(
                name="Maria Lopez", affiliation="University of Texas MD Anderson Cancer Center"
            ),
        ),
        (
            "“This matters a great deal,” said Ann Lee, MD, professor at Yale University.",
            Investigator(name="Ann Lee", credentials="MD", affiliation="Yale University"),
        ),
    ],
)
def test_find_investigators_patterns(body: str, expected: Investigator) -> None:
    assert find_investigators(parsed(body)[1]) == [expected]


def test_seed_quotes_are_verbatim_with_speakers(seed: tuple[Document, list[Sentence]]) -> None:
    document, sentences = seed
    quotes = find_quotes(document, sentences)
    assert len(quotes) == 3
    assert quotes[0].text.startswith("These findings highlight the importance")
    assert quotes[0].text.endswith("to circumvent the resistance")
    assert [q.speaker for q in quotes] == ["Seiji Yano", "the study authors", "the study authors"]
    assert quotes[2].text.endswith("obtained in the present study.")
    for quote in quotes:
        assert document.source.text[quote.start : quote.end] == quote.text
        assert not quote.text.startswith(("“", '"')) and not quote.text.endswith(("”", '"', ","))


def test_straight_and_multi_sentence_quotes() -> None:
    document, sentences = parsed(
        'Dr. Jane Smith said: "The drug works. It works well in older patients too." '
        'Scare "quotes" are ignored.'
    )
    quotes = find_quotes(document, sentences)
    assert [q.text for q in quotes] == ["The drug works. It works well in older patients too."]
    assert quotes[0].speaker == "Jane Smith"
    assert document.source.text[quotes[0].start : quotes[0].end] == quotes[0].text


def test_speaker_after_a_job_title_and_affiliation_full_stop() -> None:
    document, sentences = parsed(
        "“The drug works in most of the patients we treated,” said Exelixis Chief Executive "
        "Officer Michael Morrissey. The lead author was Jane Roe, MD, of Lenox Hill Hospital in "
        "New York City."
    )
    assert [q.speaker for q in find_quotes(document, sentences)] == ["Michael Morrissey"]
    assert find_investigators(sentences) == [
        Investigator(
            name="Jane Roe", credentials="MD", affiliation="Lenox Hill Hospital in New York City"
        )
    ]


def test_seed_evidence_is_preclinical_in_vivo(seed: tuple[Document, list[Sentence]]) -> None:
    document, sentences = seed
    evidence = classify_evidence(sentences, document)
    assert evidence.level is EvidenceLevel.PRECLINICAL_IN_VIVO
    assert evidence.level.is_preclinical
    assert evidence.basis is not None
    assert "brain metastasis model" in evidence.basis.text
    assert document.source.text[evidence.basis.start : evidence.basis.end] == evidence.basis.text


@pytest.mark.parametrize(
    ("body", "level"),
    [
        ("In a phase 3 trial, the drug improved survival.", EvidenceLevel.PHASE_3),
        ("The phase III study enrolled 600 patients.", EvidenceLevel.PHASE_3),
        ("Results of the phase 1/2 trial were reported.", EvidenceLevel.PHASE_1),
        ("A phase II trial of 80 patients found responses in 40%.", EvidenceLevel.PHASE_2),
        ("The drug killed cancer cell lines in vitro.", EvidenceLevel.PRECLINICAL_IN_VITRO),
        ("The drug shrank xenograft tumors in mice.", EvidenceLevel.PRECLINICAL_IN_VIVO),
        (
            "The retrospective analysis of a national registry covered 9,000 people.",
            EvidenceLevel.REAL_WORLD,
        ),
        ("The meta-analysis pooled 12 trials.", EvidenceLevel.REVIEW),
        ("Patients were randomized to the drug or placebo.", EvidenceLevel.CLINICAL),
        ("The weather was pleasant in Chicago.", EvidenceLevel.UNKNOWN),
        (
            # A background mention of patients does not outvote cell-line work; a planned trial is not this study.
            "Many patients with lung cancer relapse. The team tested the drug on cell lines in vitro. "
            "A phase 3 trial is planned for next year.",
            EvidenceLevel.PRECLINICAL_IN_VITRO,
        ),
    ],
)
def test_classify_evidence(body: str, level: EvidenceLevel) -> None:
    document, sentences = parsed(body)
    assert classify_evidence(sentences, document).level is level


_EVIDENCE_WORDS = st.sampled_from(
    "mice rats xenograft in vivo animal model cell lines in vitro cultured organoids tumor cells "
    "were treated injected into preclinical real-world retrospective registry claims database "
    "cohort study of 120 patients randomized placebo trial enrolled received the meta-analysis "
    "systematic review will planned previous studies have is believed research has , . the "
    "(rats) phase 3 medical records population-based case-control double-blind".split()
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_EVIDENCE_WORDS, min_size=1, max_size=25))
def test_evidence_gates_never_change_what_the_patterns_find(words: list[str]) -> None:
    text = " ".join(words)
    for level, pattern in _CUES:
        assert _cue_matches(level, pattern, text) == bool(pattern.search(text))
    assert _about_other_work(text) == bool(_NOT_THIS_STUDY.search(text))


def test_speaker_after_a_role_and_from_a_colon_paragraph() -> None:
    document, sentences = parsed(
        '"The drug extended survival in most patients," said the study\'s lead author Evan '
        "Alley, MD, PhD.\n\nOne patient described the treatment. He says:\n\n"
        "\u201cThe treatment I received on the trial changed my life.\u201d\n\n"
        "The trial is continuing. Dr. Jane Roe said:\n\n"
        "\u201cWe will report the final results next year.\u201d"
    )
    quotes = find_quotes(document, sentences)
    # "He" after a new, unnamed person is not guessed; a named speaker before a colon is found.
    assert [q.speaker for q in quotes] == ["Evan Alley", None, "Jane Roe"]
