"""Quote speakers in the forms news stories use, and no speaker rather than a wrong one."""

from __future__ import annotations

import pytest

from oncobrief.document import parse_document
from oncobrief.quotes import find_quotes
from oncobrief.reading import source_from_text


def speakers(body: str) -> list[str | None]:
    text = f"A Test Title About A Study\n\nBy: Test Writer\n\n{body}\n"
    return [q.speaker for q in find_quotes(parse_document(source_from_text(text, "t.txt")))]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "“We are very excited by these results,” lead researcher Jose Baselga of the "
            "Massachusetts General Hospital Cancer Center told the meeting.",
            "Jose Baselga",
        ),
        (
            '"The evidence is too limited for a recommendation," cautions study researcher '
            "Emily White, PhD, an epidemiologist in Seattle.",
            "Emily White",
        ),
        (
            '"The therapy shrank the tumors in many of these women," study chair Dr. Matthew '
            "Ellis, a breast cancer specialist at Washington University, said in a release.",
            "Matthew Ellis",
        ),
        (
            '"You cannot draw conclusions about health benefits" based on the findings, said '
            "lead author Suzanna Zick of the University of Michigan.",
            "Suzanna Zick",
        ),
        (
            "Dr. Jennifer Obel, chair of the society's communications committee, said: "
            '"This study adds to our knowledge of mammogram performance."',
            "Jennifer Obel",
        ),
    ],
)
def test_speaker_named_with_a_role_or_an_affiliation(body: str, speaker: str) -> None:
    assert speakers(body) == [speaker]


def test_a_place_in_an_affiliation_is_not_the_speaker() -> None:
    body = (
        "Helvie and colleague Edward Hendrick of the University of Colorado wrote that "
        "“the panel chose to ignore the science available to them.”"
    )
    assert speakers(body) == ["Edward Hendrick"]


def test_a_new_sentence_after_a_quote_does_not_name_its_speaker() -> None:
    body = (
        '"This does not even compare with chemotherapy," Hershey says. "For me to complain '
        'about fatigue now seems kind of silly." Tim Turnham, director of a foundation, says '
        "he is encouraged."
    )
    assert speakers(body) == ["Hershey", "Hershey"]


def test_he_after_another_person_was_introduced_is_not_the_earlier_speaker() -> None:
    body = (
        '"You cannot draw conclusions about definite health benefits," said lead author '
        "Suzanna Zick.\n\n"
        "Dr. Andrew Chan, a gastroenterologist in Boston, said the findings are promising.\n\n"
        '"We know there are anti-inflammatory drugs with anti-cancer properties," he said.'
    )
    assert speakers(body) == ["Suzanna Zick", None]


def test_he_right_after_the_same_speaker_is_resolved() -> None:
    body = (
        "“We are very excited by these results,” lead researcher Jose Baselga told the meeting."
        "\n\nBaselga said that level of improvement was rarely seen.\n\n"
        "“This study clearly opens the field for these agents,” he said."
    )
    assert speakers(body) == ["Jose Baselga", "Jose Baselga"]
