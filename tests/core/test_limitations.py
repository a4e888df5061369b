"""The limitation detector: cue patterns, announced passages, quotes, and the seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oncobrief.document import parse_document
from oncobrief.limitation_cues import _CUE_TABLE, _CUES, has_strong_cue
from oncobrief.limitations import (
    find_limitations,
    flag_labelled_sentences,
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
        "Third, variations in vaccine effectiveness cannot be specifically addressed.",
        "Moreover, further studies should focus on higher stimulation frequencies.",
        "Also, the long observation period might contribute confounding factors to the analysis.",
        "Secondly, we assumed that the trial population was a random sample.",
        "However, the data on diet were not collected prospectively.",
        "The sample was too small to detect a difference.",
    ],
)
def test_limitation_cues(sentence: str) -> None:
    assert is_limitation_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Osimertinib improved median overall survival to 38.6 months.",
        "Patients were enrolled at 29 centres in Europe.",
        "A strength of the study is its size and the duration of follow-up.",
        "We were able to adjust for a number of differences using propensity matching.",
        # limitations of other studies, advice, defence, background
        "As reported by Smith et al, further studies are needed to confirm the benefit.",
        "Before surgery, patients should be assessed for risk of kidney injury.",
        "Any misclassification would bias the estimates towards the null.",
        "Missing values were handled by multiple imputation.",
        "The small size of the polyps makes them hard to see on ultrasound.",
        "The mechanism by which the drug acts remains unclear.",
        "Laboratory tests may be valid if movement patterns do not have to change.",
    ],
)
def test_not_limitations(sentence: str) -> None:
    assert not is_limitation_sentence(sentence)


def test_bare_announcement_counts_only_when_asked() -> None:
    # Alone it is the source saying limitations exist (so not "none stated"); the manually
    # labelled research sentences do not count it.
    assert is_limitation_sentence("This study has several limitations.")
    assert not is_limitation_sentence("This study has several limitations.", announcements=False)
    assert is_limitation_sentence(
        "The authors acknowledged the limitations; only 12 patients were enrolled.",
        announcements=False,
    )


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
    # The stated limitations follow, so the announcement itself is not one of them.
    assert limitation_flags(texts) == [False, False, True, True, False, False]
    assert limitation_flags(texts, announcements=False) == [False, False, True, True, False, False]


def test_announcement_with_nothing_stated_after_it_stands_in_for_them() -> None:
    texts = [
        "The tumours shrank in most patients.",
        "The authors said the study had some limitations.",
        "Despite these limitations, the results are encouraging.",
    ]
    assert limitation_flags(texts) == [False, True, False]
    assert limitation_flags(texts, announcements=False) == [False, False, False]


@pytest.mark.parametrize(
    "sentence",
    [
        "Our study had strengths and limitations.",
        "The limitations of our trial need to be acknowledged when applying the findings.",
        "This work needs to be considered in the context of its limitations.",
    ],
)
def test_announcements(sentence: str) -> None:
    assert is_announcement(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # these state a limitation (or close the passage) rather than announce one
        "The fact that bleeding lesions were treated with open surgery was another limitation.",
        "One limitation is that the cohort was small.",
        "Despite these limitations, the association was strong.",
        "Nonetheless, the conclusion remains robust regardless of these limitations.",
    ],
)
def test_not_announcements(sentence: str) -> None:
    assert not is_announcement(sentence)


def test_answers_and_other_authors_work_do_not_continue_a_passage() -> None:
    texts = [
        "Our study has several limitations.",
        "First, the trial was not blinded.",
        "However, the groups were well matched at baseline.",
        "However, the data on diet were not collected prospectively.",
        "It has been reported that such assays drift over time in other laboratories.",
        "The follow-up lasted only until the first relapse.",
    ]
    assert limitation_flags(texts) == [False, True, False, True, False, True]


def test_a_limitations_section_is_a_passage_of_its_own() -> None:
    texts = ["The assay was run on frozen samples.", "Outcomes were rated by one surgeon."]
    assert limitation_flags(texts) == [False, False]
    assert limitation_flags(texts, opened=True) == [True, True]


def test_seed_limitations_are_verbatim_and_include_the_quoted_ones(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    document = parse_document(source_from_text(text, seed_path))
    sentences = split_sentences(document)
    spans = find_limitations(document, sentences, find_quotes(document, sentences))
    texts = [span.text for span in spans]
    assert any(
        t.endswith(
            "only M3B cells were analyzed as TRK inhibitor–resistant NTRK1-rearranged tumor cells."
        )
        for t in texts
    )
    assert (
        "As NTRK-rearranged cancer is a rare disease, we were unable to obtain other native tumor "
        "cell lines with NTRK1 rearrangement" in texts
    )
    assert any(
        t.startswith("Further experiments with other NTRK1-rearranged tumor cells") for t in texts
    )
    for span in spans:
        assert document.source.text[span.start : span.end] == span.text
        assert "“" not in span.text and "”" not in span.text
    assert not any("cookies" in t or "Disclosure" in t for t in texts)


def test_article_without_limitations_finds_none() -> None:
    text = "A Title For The Test\n\nBy: A Writer\n\nThe drug shrank tumours in 40% of patients.\n"
    document = parse_document(source_from_text(text, "plain.txt"))
    sentences = split_sentences(document)
    assert find_limitations(document, sentences, find_quotes(document, sentences)) == []


_CUE_WORDS = st.sampled_from(
    "we were could not unable to obtain the study limitation limited by small sample size "
    "retrospective single-center bias selection generalizable further studies are warranted "
    "needed only cells analyzed may have underestimated lack of data follow-up short caution "
    "causal cannot be rule out remains unclear randomized not powered few patients failed "
    "heterogeneity inevitable , . ; self-reported confounding power insufficient assumed too "
    "complete unknown whether these results less reliable might enough prevented".split()
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_CUE_WORDS, min_size=1, max_size=30))
def test_word_gates_never_change_what_the_patterns_find(words: list[str]) -> None:
    # The gates only skip patterns that cannot match; results equal running every pattern.
    text = " ".join(words)
    assert has_strong_cue(text) == any(pattern.search(text) for pattern in _CUES)


def test_gate_words_are_the_words_the_sentence_is_split_into() -> None:
    # has_strong_cue looks gates up among runs of letters and hyphens.
    for gate, _ in _CUE_TABLE:
        for word in gate.split():
            assert re.fullmatch(r"[a-z\-]+\*?", word), word


def test_announcement_at_a_paragraph_end_covers_the_next_paragraph() -> None:
    body = (
        "The drug shrank tumours in 40% of patients. The authors noted several limitations.\n\n"
        "The trial enrolled patients at one hospital. Tumours were measured by one radiologist."
        "\n\nThe company plans a larger trial next year."
    )
    text = f"A Title For The Test\n\nBy: A Writer\n\n{body}\n"
    document = parse_document(source_from_text(text, "announced.txt"))
    sentences = split_sentences(document)
    texts = [s.text for s in find_limitations(document, sentences, [])]
    # The announcement opens the passage; the limitations it announces are listed, not it.
    assert texts == [
        "The trial enrolled patients at one hospital.",
        "Tumours were measured by one radiologist.",
    ]


def test_flag_labelled_sentences_reads_each_document_in_order() -> None:
    rows = [
        {
            "doc_id": "B",
            "sent_index": 2,
            "section": "Discussion",
            "sentence": "Second, the cohort came from one region.",
        },
        {
            "doc_id": "A",
            "sent_index": 1,
            "section": "Results",
            "sentence": "Tumours shrank in 40% of patients.",
        },
        {
            "doc_id": "B",
            "sent_index": 1,
            "section": "Discussion",
            "sentence": "Our study has some limitations.",
        },
        {
            "doc_id": "A",
            "sent_index": 9,
            "section": "Discussion",
            "sentence": "The sample size was small.",
        },
    ]
    assert flag_labelled_sentences(rows) == [True, False, False, True]


def _row(sent_index: int, section: str, sentence: str) -> dict[str, object]:
    return {"doc_id": "D", "sent_index": sent_index, "section": section, "sentence": sentence}


def test_reporting_sections_state_no_limitations_and_a_limitations_section_is_one() -> None:
    rows = [
        _row(3, "Methods", "Smoking status was self-reported by the participants."),
        _row(20, "Results", "The association could not be established in the small subgroup."),
        _row(40, "Discussion", "Smoking status was self-reported by the participants."),
        _row(60, "Study limitations", "Outcomes were rated by a single surgeon."),
        _row(61, "Study limitations", "The questionnaire had not been translated before."),
    ]
    assert flag_labelled_sentences(rows) == [False, False, True, True, True]


def test_quoted_limitation_inside_a_flagged_sentence_is_not_repeated() -> None:
    body = 'The sample was small, and the authors said "further studies are needed to confirm it" today.'
    text = f"A Title For The Test\n\nBy: A Writer\n\n{body}\n"
    document = parse_document(source_from_text(text, "nested.txt"))
    sentences = split_sentences(document)
    spans = find_limitations(document, sentences, find_quotes(document, sentences))
    assert [s.text for s in spans] == [body]
