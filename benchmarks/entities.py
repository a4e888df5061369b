"""Entity extraction quality and speed on the dev corpora (BioRED, tmVar), beside plain
dictionary-lookup baselines.

    python -m benchmarks.entities [--corpus DIR] [--errors drug|gene|variant] [--limit N]

Scoring (span overlap, what counts as a drug) lives in ``oncobrief.evaluation.entities_eval``,
shared with ``oncobrief eval``; this script adds CPU time per 1,000 words and error listings.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from oncobrief.evaluation.corpus import find_corpus, read_jsonl
from oncobrief.evaluation.entities_eval import baseline_spans, oncobrief_spans, score_dataset


def _timed(predict):
    spent = [0.0]

    def run(text: str):
        started = time.process_time()  # CPU time: steadier than wall time on a busy machine
        try:
            return predict(text)
        finally:
            spent[0] += time.process_time() - started

    return run, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--errors", choices=["drug", "gene", "variant"])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    corpus = find_corpus(args.corpus)
    if corpus is None:
        print("corpus not found: nothing to measure")
        return
    from oncobrief.vocab import drug_vocabulary, gene_vocabulary
    from oncobrief.vocab.diseases import cancer_vocabulary

    started = time.perf_counter()
    drug_vocabulary(), gene_vocabulary(), cancer_vocabulary()
    print(f"vocabularies loaded in {time.perf_counter() - started:.2f} s")
    header = f"{'dataset':8} {'kind':8} {'method':10} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}"
    print(header)
    for dataset, filename in (("biored", "biored-dev.jsonl"), ("tmvar", "tmvar-dev.jsonl")):
        path = corpus / filename
        if not path.exists():
            continue
        docs = list(read_jsonl(path))[: args.limit or None]
        words = sum(len(d["text"].split()) for d in docs)
        for name, predict in (("oncobrief", oncobrief_spans), ("baseline", baseline_spans)):
            run, spent = _timed(predict)
            result = score_dataset(docs, dataset, run)
            for kind, s in result.scores.items():
                print(
                    f"{dataset:8} {kind:8} {name:10} {s.precision:6.3f} {s.recall:6.3f} "
                    f"{s.f1:6.3f} {s.pred_total:6} {s.gold_total:6}"
                )
            print(
                f"{dataset:8} {'speed':8} {name:10} {spent[0] / words * 1e6:.2f} ms CPU per 1,000 words"
            )
            if args.errors and name == "oncobrief":
                prefix = f"{args.errors}: "
                print(
                    "  missed:",
                    [(k, n) for k, n in result.missed.most_common(200) if k.startswith(prefix)][
                        :60
                    ],
                )
                print(
                    "  wrong: ",
                    [(k, n) for k, n in result.wrong.most_common(200) if k.startswith(prefix)][:60],
                )


if __name__ == "__main__":
    main()
