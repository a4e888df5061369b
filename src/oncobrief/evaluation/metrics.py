"""Precision, recall and F1 for binary labels and for character spans."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass
class Score:
    """Counts kept separately for precision (predictions) and recall (gold), as span overlap
    can match one prediction to several gold mentions and the other way round."""

    pred_correct: int = 0
    pred_total: int = 0
    gold_found: int = 0
    gold_total: int = 0

    @property
    def precision(self) -> float:
        return self.pred_correct / self.pred_total if self.pred_total else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Score) -> Score:
        self.pred_correct += other.pred_correct
        self.pred_total += other.pred_total
        self.gold_found += other.gold_found
        self.gold_total += other.gold_total
        return self

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.pred_total,
            "gold": self.gold_total,
        }


def binary_score(predicted: Iterable[bool], gold: Iterable[bool]) -> Score:
    score = Score()
    for p, g in zip(predicted, gold, strict=True):
        score.pred_total += p
        score.gold_total += g
        score.pred_correct += p and g
        score.gold_found += p and g
    return score


Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_score(
    predicted: Sequence[Span],
    gold: Sequence[Span],
    *,
    precision_gold: Sequence[Span] | None = None,
) -> Score:
    """Span-overlap score. ``precision_gold`` (default: ``gold``) is what a prediction may hit to
    count as correct; it lets recall use a narrower gold set than precision (drugs among
    chemicals)."""
    hit_targets = gold if precision_gold is None else precision_gold
    return Score(
        pred_correct=sum(any(overlaps(p, g) for g in hit_targets) for p in predicted),
        pred_total=len(predicted),
        gold_found=sum(any(overlaps(g, p) for p in predicted) for g in gold),
        gold_total=len(gold),
    )
