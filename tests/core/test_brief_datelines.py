"""A wire or press-release dateline opening a paragraph is not part of a summary sentence."""

from __future__ import annotations

import pytest

from oncobrief.pipeline import brief_from_source
from oncobrief.reading import source_from_text
from oncobrief.settings import Settings

ARTICLE = """A Study Title For A Dateline Test

By: Test Writer
Posted: Monday, March 6, 2023

{lead}

The researchers enrolled 300 patients with advanced disease at 12 centres in Europe.
"""


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        (
            "CHICAGO (Reuters) - The experimental drug shrank tumours in 76 percent of patients.",
            "The experimental drug shrank tumours in 76 percent of patients.",
        ),
        (
            "MONDAY, Oct. 17 (HealthDay News) -- Women screened every two years had fewer "
            "false-positive results.",
            "Women screened every two years had fewer false-positive results.",
        ),
        (
            "SEATTLE - Dec. 5, 2016 - The centre announced promising results from an early trial.",
            "The centre announced promising results from an early trial.",
        ),
    ],
)
def test_dateline_is_left_out_of_the_summary_span(lead: str, expected: str) -> None:
    text = ARTICLE.format(lead=lead)
    brief = brief_from_source(source_from_text(text, "dateline.txt"), Settings())
    first = brief.summary[0]
    assert first.text == expected
    assert text[first.start : first.end] == first.text  # still verbatim, offsets moved


def test_a_lead_that_is_only_a_dateline_and_one_word_is_not_a_summary() -> None:
    lead = "MEMPHIS, Tenn., Oct. 26, 2015 /PRNewswire/ -- Imagine. A nick of the skin and a flash."
    brief = brief_from_source(source_from_text(ARTICLE.format(lead=lead), "pr.txt"), Settings())
    assert all("Imagine" not in s.text and "PRNewswire" not in s.text for s in brief.summary)


def test_a_gene_and_a_dash_at_a_paragraph_start_is_not_a_dateline() -> None:
    lead = "HER2 - Positive tumours shrank in 40 percent of the 120 patients treated."
    brief = brief_from_source(source_from_text(ARTICLE.format(lead=lead), "her2.txt"), Settings())
    assert brief.summary[0].text == lead
