"""Limitation detector on the labelled sentences: SEED split in two halves by document, SEMI,
all, and the detector's speed.

The halves guard against tuning to the hand-labelled data: rules are developed on half A
(documents whose md5(doc_id) is even) and half B must not drop. Speed is the best of several
runs, in ms per 1,000 sentences, for one sentence at a time and for sentences read in context.

    .venv/bin/python -m benchmarks.limitation_halves [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from oncobrief.evaluation.corpus import read_jsonl
from oncobrief.evaluation.metrics import binary_score
from oncobrief.limitations import flag_labelled_sentences, is_limitation_sentence

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def half(doc_id: str) -> str:
    return "A" if int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % 2 == 0 else "B"


def subsets(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    seed = [r for r in rows if r.get("subset") == "SEED"]
    return {
        "SEED": seed,
        "SEED half A": [r for r in seed if half(str(r["doc_id"])) == "A"],
        "SEED half B": [r for r in seed if half(str(r["doc_id"])) == "B"],
        "SEMI": [r for r in rows if r.get("subset") == "SEMI"],
        "all": list(rows),
    }


def best_ms(step: Callable[[], object], runs: int = 7) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    path = parser.parse_args().corpus / "limitations-dev.jsonl"
    if not path.is_file():
        print(f"no labelled sentences at {path}; nothing to measure")
        return
    rows = list(read_jsonl(path))
    for name, chosen in subsets(rows).items():
        score = binary_score(
            flag_labelled_sentences(chosen), [bool(r["is_limitation"]) for r in chosen]
        )
        print(
            f"{name:12s} n={len(chosen):5d}  "
            + "  ".join(f"{k} {v}" for k, v in score.as_dict().items())
        )
    texts = [str(r["sentence"]) for r in rows]
    per_thousand = 1000 / len(texts)
    alone = best_ms(lambda: [is_limitation_sentence(t) for t in texts]) * per_thousand
    in_context = best_ms(lambda: flag_labelled_sentences(rows)) * per_thousand
    print(f"speed: {alone:.1f} ms per 1,000 sentences alone, {in_context:.1f} in context")


if __name__ == "__main__":
    main()
