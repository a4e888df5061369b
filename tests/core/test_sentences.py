"""Sentence splitting: offsets into the source, and the repairs news about medicine needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncobrief.document import parse_document
from oncobrief.models import SourceText
from oncobrief.reading import read_source, source_from_text
from oncobrief.sentences import split_sentences, split_text


def sentences_of(text: str) -> list[str]:
    return [text[start:end] for start, end in split_text(text)]


@pytest.fixture(scope="module")
def seed_sentences(seed_path: Path):
    document = parse_document(read_source(seed_path))
    return document, split_sentences(document)


def test_seed_sentences(seed_sentences) -> None:
    document, sentences = seed_sentences
    assert len(sentences) == 11
    assert [s.paragraph for s in sentences] == [0, 0, 1, 2, 2, 2, 2, 2, 3, 3, 3]
    texts = [s.text for s in sentences]
    assert texts[2] == (
        "“These findings highlight the importance of intensive examinations to identify "
        "resistance mechanisms and application of the appropriate combination treatment to "
        "circumvent the resistance,” concluded Seiji Yano, MD, PhD, of Kanazawa University, "
        "Japan, and colleagues."
    )
    assert texts[5] == (
        "Contrary to expectations, M3B cells that contained an NTRK1-G595R mutation were "
        "resistant to repotrectinib."
    )
    assert texts[8].startswith("The study authors acknowledged the limitations of this study;")
    assert texts[9].endswith("with NTRK1 rearrangement,” they noted.")
    assert texts[10].startswith("“Further experiments")
    assert texts[10].endswith("present study.”")
    for sentence in sentences:
        assert document.source.text[sentence.start : sentence.end] == sentence.text
        assert "cookie" not in sentence.text.lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The drug was given by Ann Lee, MD, PhD, of Yale. It worked.",
            ["The drug was given by Ann Lee, MD, PhD, of Yale.", "It worked."],
        ),
        (
            "Smith et al. reported a 2.5-fold rise vs. placebo. A second trial followed.",
            ["Smith et al. reported a 2.5-fold rise vs. placebo.", "A second trial followed."],
        ),
        (
            "The rate was 2.5 percent. It rose to 3.75 percent.",
            ["The rate was 2.5 percent.", "It rose to 3.75 percent."],
        ),
        (
            "An NTRK1-G595R mutation was found. It conferred resistance.",
            ["An NTRK1-G595R mutation was found.", "It conferred resistance."],
        ),
        (
            "Dr. Lee treated the patients. They recovered.",
            ["Dr. Lee treated the patients.", "They recovered."],
        ),
        (
            "Some agents, e.g. entrectinib, work. Others, i.e. the old ones, fail.",
            ["Some agents, e.g. entrectinib, work.", "Others, i.e. the old ones, fail."],
        ),
        (
            "See Fig. 2 for the curves. No. 5 was the outlier.",
            ["See Fig. 2 for the curves.", "No. 5 was the outlier."],
        ),
        (
            "“The results are strong,” concluded Seiji Yano, MD, PhD, of Kanazawa University, "
            "Japan, and colleagues. The next sentence.",
            [
                "“The results are strong,” concluded Seiji Yano, MD, PhD, of Kanazawa University, "
                "Japan, and colleagues.",
                "The next sentence.",
            ],
        ),
        (
            "“We saw responses.” The trial continues.",
            ["“We saw responses.”", "The trial continues."],
        ),
        (
            "“Is it real?” she asked. Yes.",
            ["“Is it real?” she asked.", "Yes."],
        ),
        (
            "Results were reported by Smith et al. The next study differs.",
            ["Results were reported by Smith et al.", "The next study differs."],
        ),
        (
            "The U.S. FDA approved the drug. It costs more in the U.S. than in Europe.",
            ["The U.S. FDA approved the drug.", "It costs more in the U.S. than in Europe."],
        ),
        (
            # nupunkt's default model lists "cancer" and "week" as abbreviations; pruned here.
            "It treats breast cancer. And it is cheap. It took a week. Patients improved.",
            [
                "It treats breast cancer.",
                "And it is cheap.",
                "It took a week.",
                "Patients improved.",
            ],
        ),
        (
            "The dose was 5 mg. Patients improved in Tampa, Fla. after a week.",
            ["The dose was 5 mg.", "Patients improved in Tampa, Fla. after a week."],
        ),
    ],
)
def test_tricky_cases(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_heading_line_stays_apart_from_the_next_line() -> None:
    assert sentences_of("# Results\nThe drug worked.") == ["# Results", "The drug worked."]
    assert sentences_of("MISSED TARGET\nThe drug failed.") == ["MISSED TARGET", "The drug failed."]


def test_wrapped_lines_form_one_sentence() -> None:
    text = "The drug was tested in a large randomised trial that enrolled patients\nfrom ten countries."
    assert sentences_of(text) == [text]


def test_offset_shifts_spans() -> None:
    assert split_text("One. Two.", offset=10) == [(10, 14), (15, 19)]


def test_empty_and_blank_text() -> None:
    assert split_text("") == []
    assert split_text("   \n  ") == []


def test_discord_markup_kept_verbatim() -> None:
    source = source_from_text(
        "Title\n\nBy: Ann Lee\nPosted: June 28, 2022\n\n@everyone <@&123> [masked](https://x) "
        "works. Second sentence.\n",
        "t.txt",
    )
    sentences = split_sentences(parse_document(source))
    assert [s.text for s in sentences] == [
        "@everyone <@&123> [masked](https://x) works.",
        "Second sentence.",
    ]


prose = st.lists(
    st.sampled_from(
        [
            "The drug worked.",
            "Dr. Lee, MD, PhD, agreed.",
            "“Good,” he said.",
            "Smith et al. found 2.5 vs. 3.1 in the U.S.",
            "NTRK1-G595R was seen.",
            "e.g.",
            "\n",
            "\n\n",
            " ",
            "Fig. 2",
            "“Yes.”",
            "?!",
            "\t",
        ]
    )
    | st.text(max_size=20),
    max_size=30,
).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose)
def test_sentence_properties(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = SourceText(text=text, origin="fuzz", sha256="0" * 64)
    document = parse_document(source)
    sentences = split_sentences(document)
    previous_end = -1
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        previous_end = sentence.end
        paragraph = document.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=1000))
def test_split_text_properties(text: str, offset: int) -> None:
    previous_end = offset - 1
    for start, end in split_text(text, offset):
        piece = text[start - offset : end - offset]
        assert piece and piece == piece.strip()
        assert start >= previous_end
        previous_end = end


def test_news_dev_sentences_are_verbatim(news_dev_folder: Path) -> None:
    for path in sorted(news_dev_folder.glob("*.txt")):
        document = parse_document(read_source(path))
        sentences = split_sentences(document)
        assert sentences, path.name
        for sentence in sentences:
            assert document.source.text[sentence.start : sentence.end] == sentence.text


def test_chrome_glued_into_a_paragraph_is_not_a_sentence() -> None:
    body = (
        "The drug shrank tumours in most of the patients who took it during the trial, and the "
        "investigators said that the responses lasted for more than a year in many of them. "
        "Advertisement Continue reading the main story. Side effects were mild. Read more"
    )
    source = source_from_text(f"Title\n\nBy: Ann Lee\n\n{body}\n", "t.txt")
    texts = [s.text for s in split_sentences(parse_document(source))]
    assert texts[-1] == "Side effects were mild."
    assert not any("Read more" in t or "Advertisement" in t for t in texts)
