"""A sentence saying what has NOT been shown in trials is no evidence of a clinical study."""

from __future__ import annotations

import pytest

from oncobrief.document import parse_document
from oncobrief.models import EvidenceLevel
from oncobrief.reading import source_from_text
from oncobrief.sentences import split_sentences
from oncobrief.study import classify_evidence


def level_of(body: str) -> EvidenceLevel:
    text = f"A Test Title About A Drug\n\nBy: Test Writer\n\n{body}\n"
    document = parse_document(source_from_text(text, "t.txt"))
    return classify_evidence(split_sentences(document), document).level


@pytest.mark.parametrize(
    "body",
    [
        "Doctors are excited about the old drug. Pollak says that none of the most exciting "
        "benefits for the drug have yet been proved in randomized clinical trials.",
        "The supplement is popular. Its benefits have not been tested in clinical trials.",
        "The drug is cheap and widely used. Its effect on cancer has yet to be studied in a "
        "randomized trial.",
    ],
)
def test_trials_that_did_not_happen_do_not_make_it_clinical(body: str) -> None:
    assert level_of(body) is EvidenceLevel.UNKNOWN


def test_a_trial_that_happened_is_still_clinical() -> None:
    body = "In a randomized trial, 300 patients were treated with the drug or a placebo."
    assert level_of(body) is EvidenceLevel.CLINICAL


def test_a_cohort_is_real_world_evidence():
    from oncobrief.pipeline import brief_from_source
    from oncobrief.reading import source_from_text

    text = (
        "Fish Oil and Cancer\n\nBy: A Writer\nPosted: June 1, 2015\n\n"
        "Researchers followed a cohort of 35,016 women for six years. "
        "Women who took fish oil had fewer cancers.\n"
    )
    brief = brief_from_source(source_from_text(text, "cohort.txt"))
    assert brief.evidence.level.value == "real-world"
