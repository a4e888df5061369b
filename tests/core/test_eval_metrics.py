"""The metric code of the quality harness, on small hand-made cases."""

import json

import pytest

from oncobrief.evaluation.limitations_eval import cue_word_baseline, evaluate_limitations
from oncobrief.evaluation.metrics import Score, binary_score, overlaps, span_score


def test_binary_score_counts_and_ratios():
    score = binary_score([True, True, False, False], [True, False, True, False])
    assert (score.pred_correct, score.pred_total, score.gold_found, score.gold_total) == (
        1,
        2,
        1,
        2,
    )
    assert score.precision == 0.5 and score.recall == 0.5 and score.f1 == 0.5


def test_empty_score_is_zero_not_a_division_error():
    assert Score().precision == 0.0 and Score().recall == 0.0 and Score().f1 == 0.0


def test_binary_score_refuses_lists_of_different_length():
    with pytest.raises(ValueError):
        binary_score([True], [True, False])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 5), (4, 9), True),
        ((0, 5), (5, 9), False),
        ((3, 4), (0, 10), True),
        ((0, 1), (2, 3), False),
    ],
)
def test_overlap_is_half_open(a, b, expected):
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_span_score_counts_precision_and_recall_separately():
    # one prediction covers two gold mentions; one prediction hits nothing
    score = span_score([(0, 20), (30, 35)], [(0, 5), (10, 15), (40, 45)])
    assert score.pred_correct == 1 and score.pred_total == 2
    assert score.gold_found == 2 and score.gold_total == 3
    assert score.precision == pytest.approx(0.5) and score.recall == pytest.approx(2 / 3)


def test_span_score_precision_gold_is_wider_than_recall_gold():
    # a predicted chemical that is not a listed drug is not a false positive
    score = span_score([(0, 4), (10, 14)], [(0, 4)], precision_gold=[(0, 4), (10, 14)])
    assert score.precision == 1.0 and score.recall == 1.0


def test_scores_add_up():
    total = Score()
    total += Score(1, 2, 1, 1)
    total += Score(0, 1, 0, 2)
    assert (total.pred_correct, total.pred_total, total.gold_found, total.gold_total) == (
        1,
        3,
        1,
        3,
    )


def test_cue_word_baseline():
    assert cue_word_baseline("A limitation of this study is its size.")
    assert cue_word_baseline("Data were limited.")
    assert not cue_word_baseline("We enrolled 40 patients.")


def test_evaluate_limitations_per_subset(tmp_path):
    rows = [
        {"sentence": "Our sample was small.", "is_limitation": True, "subset": "SEED"},
        {"sentence": "Patients were enrolled.", "is_limitation": False, "subset": "SEED"},
        {"sentence": "This limitation matters.", "is_limitation": True, "subset": "SEMI"},
    ]
    path = tmp_path / "lims.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = evaluate_limitations(path, detector=lambda s: "small" in s)
    assert result["sentences"] == 3
    assert result["SEED"]["oncobrief"]["f1"] == 1.0
    assert result["SEMI"]["oncobrief"]["recall"] == 0.0
    assert result["all"]["baseline"]["recall"] == pytest.approx(0.5)


def test_news_evaluation_on_the_seed_and_a_broken_file(tmp_path, seed_path):
    from oncobrief.evaluation.news import evaluate_news

    (tmp_path / "seed.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    report = evaluate_news(tmp_path).as_dict()
    assert report["files"] == 2 and report["loaded"] == 1
    assert [r["file"] for r in report["refused"]] == ["broken.txt"]
    assert report["crashed"] == []
    assert report["faithfulness"] == 1.0 and report["verbatim_texts_checked"] > 5
    assert report["boilerplate_share"] == 0.0
    assert report["evidence_levels"] == {"preclinical-in-vivo": 1}


def test_news_scoring_catches_a_moved_offset_and_boilerplate(seed_path):
    from oncobrief.evaluation.news import NewsReport, _score_brief
    from oncobrief.models import Statement
    from oncobrief.pipeline import brief_from_file
    from oncobrief.reading import read_source

    brief = brief_from_file(seed_path)
    text = read_source(seed_path).text
    first = brief.summary[0]
    cookie = text.index("By continuing to browse")
    tampered = brief.model_copy(
        update={
            "summary": [
                Statement(text=first.text, start=first.start + 1, end=first.end + 1),
                Statement(text=text[cookie : cookie + 140], start=cookie, end=cookie + 140),
            ]
        }
    )
    report = NewsReport(loaded=1)
    _score_brief(report, tampered, text, None)
    assert report.verbatim_exact == report.verbatim_total - 1
    assert report.briefs_with_boilerplate
