"""The limitation detector against labelled sentences, beside a cue-word baseline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from oncobrief.evaluation.corpus import read_jsonl
from oncobrief.evaluation.metrics import Score, binary_score


def cue_word_baseline(sentence: str) -> bool:
    """The simplest detector worth beating: the sentence names a limitation."""
    lowered = sentence.lower()
    return "limitation" in lowered or "limited" in lowered


def evaluate_limitations(
    path: Path, detector: Callable[[str], bool] | None = None
) -> dict[str, Any]:
    # Without a detector: the product's one, reading each document's sentences in context.
    from oncobrief.limitations import flag_labelled_sentences

    rows = list(read_jsonl(path))
    result: dict[str, Any] = {"sentences": len(rows)}
    for subset in ("SEED", "SEMI", "all"):
        chosen = [r for r in rows if subset == "all" or r.get("subset") == subset]
        if not chosen:
            continue
        gold = [bool(r["is_limitation"]) for r in chosen]
        if detector is None:
            predicted = flag_labelled_sentences(chosen)
        else:
            predicted = [detector(r["sentence"]) for r in chosen]
        ours: Score = binary_score(predicted, gold)
        base: Score = binary_score([cue_word_baseline(r["sentence"]) for r in chosen], gold)
        result[subset] = {"oncobrief": ours.as_dict(), "baseline": base.as_dict()}
    return result
