"""Sentence splitters compared: OncoBrief's (nupunkt + repairs), plain nupunkt, pysbd.

Prints speed (ms per article, body paragraphs only) on the seed and on ../shared/corpus/news-dev
when present, and how each handles the tricky cases of medical news.

    .venv/bin/python benchmarks/sentence_splitters.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from oncobrief.document import parse_document
from oncobrief.models import Document
from oncobrief.reading import read_source
from oncobrief.sentences import split_sentences, split_text

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_2ff37f2944dc5c1f.txt"
NEWS_DEV = REPO.parent / "shared" / "corpus" / "news-dev"

# (text, expected sentences)
TRICKY: list[tuple[str, list[str]]] = [
    (
        "It was led by Ann Lee, MD, PhD, of Yale. It worked.",
        ["It was led by Ann Lee, MD, PhD, of Yale.", "It worked."],
    ),
    (
        "Smith et al. found it. Jones et al. did not.",
        ["Smith et al. found it.", "Jones et al. did not."],
    ),
    (
        "The rise was 2.5 vs. 1.2 percent. It held.",
        ["The rise was 2.5 vs. 1.2 percent.", "It held."],
    ),
    ("NTRK1-G595R was found. It mattered.", ["NTRK1-G595R was found.", "It mattered."]),
    ("Dr. Lee agreed. So did others.", ["Dr. Lee agreed.", "So did others."]),
    (
        "Agents, e.g. entrectinib, i.e. TRK drugs, work. Yes.",
        ["Agents, e.g. entrectinib, i.e. TRK drugs, work.", "Yes."],
    ),
    ("See Fig. 2 and No. 5 here. Done.", ["See Fig. 2 and No. 5 here.", "Done."]),
    (
        "“It is clear,” concluded Seiji Yano, MD, PhD, of Kanazawa University, Japan, and "
        "colleagues. Next.",
        [
            "“It is clear,” concluded Seiji Yano, MD, PhD, of Kanazawa University, Japan, and "
            "colleagues.",
            "Next.",
        ],
    ),
    ("“We saw responses.” The trial goes on.", ["“We saw responses.”", "The trial goes on."]),
    ("“Is it real?” she asked. Yes.", ["“Is it real?” she asked.", "Yes."]),
    ("The U.S. FDA approved it. Sales rose.", ["The U.S. FDA approved it.", "Sales rose."]),
    ("It treats breast cancer. And it is cheap.", ["It treats breast cancer.", "And it is cheap."]),
    ("It took a week. Patients improved.", ["It took a week.", "Patients improved."]),
    ("The dose was 5 mg. It worked.", ["The dose was 5 mg.", "It worked."]),
]


def _stripped(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e].strip() for s, e in spans if text[s:e].strip()]


def make_splitters() -> dict[str, Callable[[str], list[str]]]:
    import nupunkt
    import pysbd

    plain = nupunkt.load("default")
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return {
        "oncobrief": lambda t: [t[s:e] for s, e in split_text(t)],
        "nupunkt": lambda t: _stripped(t, list(plain.span_tokenize(t))),
        "pysbd": lambda t: _stripped(t, [(s.start, s.end) for s in segmenter.segment(t)]),
    }


def documents() -> dict[str, list[Document]]:
    corpora = {"seed": [parse_document(read_source(SEED))]}
    if NEWS_DEV.is_dir():
        corpora["news-dev"] = [
            parse_document(read_source(p)) for p in sorted(NEWS_DEV.glob("*.txt"))
        ]
    return corpora


def ms_per_article(split: Callable[[str], list[str]], docs: list[list[str]], repeat: int) -> float:
    """Best of ``repeat`` rounds over all articles (the machine may be busy with other work)."""
    for paragraphs in docs[:3]:  # warm-up: model loading is not per article
        for paragraph in paragraphs:
            split(paragraph)
    rounds = []
    for _ in range(repeat):
        began = time.perf_counter()
        for paragraphs in docs:
            for paragraph in paragraphs:
                split(paragraph)
        rounds.append(time.perf_counter() - began)
    return min(rounds) * 1000 / len(docs)


def ms_per_document(documents: list[Document], repeat: int) -> float:
    """OncoBrief's real path: all paragraphs of an article in one tokenizer call."""
    split_sentences(documents[0])
    rounds = []
    for _ in range(repeat):
        began = time.perf_counter()
        for document in documents:
            split_sentences(document)
        rounds.append(time.perf_counter() - began)
    return min(rounds) * 1000 / len(documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    splitters = make_splitters()
    parsed = documents()
    corpora = {
        name: [[p.text for p in d.paragraphs] for d in docs] for name, docs in parsed.items()
    }
    words = {
        name: sum(len(p.split()) for doc in docs for p in doc) / len(docs)
        for name, docs in corpora.items()
    }
    print("Speed, ms per article (body paragraphs; model loaded once; best of N rounds):")
    print(f"{'splitter':<24}" + "".join(f"{n + f' ({words[n]:.0f} words)':>24}" for n in corpora))
    print(
        f"{'oncobrief (document)':<24}"
        + "".join(f"{ms_per_document(docs, args.repeat):>24.3f}" for docs in parsed.values())
    )
    for name, split in splitters.items():
        row = f"{name + ' (paragraphs)':<24}"
        for docs in corpora.values():
            repeat = args.repeat if name != "pysbd" else max(2, args.repeat // 5)
            row += f"{ms_per_article(split, docs, repeat):>24.3f}"
        print(row)

    print(f"\nTricky cases passed (of {len(TRICKY)}):")
    failures: dict[str, list[str]] = {}
    for name, split in splitters.items():
        failed = [text for text, expected in TRICKY if split(text) != expected]
        failures[name] = failed
        print(f"{name:<10}{len(TRICKY) - len(failed):>4}")
    for name, failed in failures.items():
        for text in failed:
            print(f"  {name} fails: {splitters[name](text)}")

    if "news-dev" in corpora:
        ours, other = splitters["oncobrief"], splitters["pysbd"]
        same = total = 0
        for doc in corpora["news-dev"]:
            for paragraph in doc:
                a, b = ours(paragraph), other(paragraph)
                total += 1
                same += a == b
        print(f"\nnews-dev paragraphs split identically by oncobrief and pysbd: {same}/{total}")


if __name__ == "__main__":
    main()
