"""The limitation detector: cue patterns, announced passages, quotes, and the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncobrief.document import parse_document
from oncobrief.limitations import (
    find_limitations,
    is_announcement,
    is_limitation_sentence,
    limitation_flags,
)
from oncobrief.reading import source_from_text
from oncobrief.sentences import split_sentences
from oncobrief.study import find_quotes


@pytest.mark.parametrize(
    "sentence",
    [
        "Our study was limited by its small sample size.",
        "First, this was a retrospective, single-center study.",
        "We were unable to obtain other native tumor cell lines with NTRK1 rearrangement.",
        "Further prospective studies are warranted to confirm these findings.",
        "The results may not be generalizable to other populations.",
        "The trial was not powered to detect a difference in overall survival.",
        "Selection bias cannot be excluded.",
        "The follow-up was relatively short.",
        "These results should be interpreted with caution.",
        "The study authors acknowledged the limitations of this study; only M3B cells were analyzed.",
    ],
)
def test_limitation_cues(sentence: str) -> None:
    assert is_limitation_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Osimertinib improved median overall survival to 38.6 months.",
        "Patients were enrolled at 29 centres in Europe.",
        "This study has several limitations.",  # an announcement states no limitation itself
        "A strength of the study is its size and the duration of follow-up.",
        "We were able to adjust for a number of differences using propensity matching.",
    ],
)
def test_not_limitations(sentence: str) -> None:
    assert not is_limitation_sentence(sentence)


def test_announcement_opens_a_passage_until_it_closes() -> None:
    texts = [
        "The results were consistent across subgroups.",
        "Our study has some limitations.",
        "The assay was run on frozen samples.",
        "Second, the cohort came from one region.",
        "Despite these limitations, the association was strong.",
        "The tumours shrank in most patients.",
    ]
    assert is_announcement(texts[1])
    assert limitation_flags(texts) == [False, False, True, True, False, False]


def test_seed_limitations_are_verbatim_and_include_the_quoted_ones(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    document = parse_document(source_from_text(text, seed_path))
    sentences = split_sentences(document)
    spans = find_limitations(document, sentences, find_quotes(document, sentences))
    texts = [span.text for span in spans]
    assert any(t.endswith("only M3B cells were analyzed as TRK inhibitor–resistant NTRK1-rearranged tumor cells.") for t in texts)
    assert (
        "As NTRK-rearranged cancer is a rare disease, we were unable to obtain other native tumor "
        "cell lines with NTRK1 rearrangement" in texts
    )
    assert any(t.startswith("Further experiments with other NTRK1-rearranged tumor cells") for t in texts)
    for span in spans:
        assert document.source.text[span.start : span.end] == span.text
        assert "“" not in span.text and "”" not in span.text
    assert not any("cookies" in t or "Disclosure" in t for t in texts)


def test_article_without_limitations_finds_none() -> None:
    text = "A Title For The Test\n\nBy: A Writer\n\nThe drug shrank tumours in 40% of patients.\n"
    document = parse_document(source_from_text(text, "plain.txt"))
    sentences = split_sentences(document)
    assert find_limitations(document, sentences, find_quotes(document, sentences)) == []
