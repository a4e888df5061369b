"""Speed of the whole pipeline (file text -> Brief), beside sumy's LexRank on the same texts.

Run: ``.venv/bin/python -m benchmarks.pipeline [--repeat 200] [--corpus DIR]``

Prints CPU milliseconds per article (p50 / p95) and articles per second for the seed repeated and
for ``../shared/corpus/news-dev`` when present. The first call of the process loads
vocabularies and compiles patterns; it is timed and reported on its own, not in the figures.
LexRank gets a tokenizer built on OncoBrief's own sentence splitter (no NLTK downloads).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from oncobrief.models import SourceText
from oncobrief.pipeline import brief_from_source
from oncobrief.reading import read_source
from oncobrief.sentences import split_text
from oncobrief.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_2ff37f2944dc5c1f.txt"
NEWS_DEV = REPO.parent / "shared" / "corpus" / "news-dev"


def timed(run: Callable[[], object]) -> float:
    """CPU milliseconds of this process: steady on a shared machine, unlike wall time."""
    start = time.process_time()
    run()
    return (time.process_time() - start) * 1000


def describe(label: str, millis: Sequence[float]) -> dict[str, float]:
    ordered = sorted(millis)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    per_second = 1000 * len(ordered) / sum(ordered) if sum(ordered) else float("inf")
    print(
        f"{label:<34} n={len(ordered):<5} p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  "
        f"{per_second:8.1f} articles/s"
    )
    return {"p50": p50, "p95": p95, "per_second": per_second, "mean": statistics.fmean(ordered)}


def lexrank_summariser() -> Callable[[str], object]:
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class OwnTokenizer(Tokenizer):
        """sumy's Tokenizer without NLTK data: our splitter and a plain word pattern."""

        _WORDS = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")

        def __init__(self) -> None:
            self._language = "english"

        def to_sentences(self, paragraph: str) -> tuple[str, ...]:
            return tuple(paragraph[s:e].strip() for s, e in split_text(paragraph))

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(self._WORDS.findall(sentence))

    tokenizer = OwnTokenizer()
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def summarise(text: str) -> object:
        parser = PlaintextParser.from_string(text, tokenizer)
        return summarizer(parser.document, 3)

    return summarise


def stages(source: SourceText, settings: Settings, repeat: int) -> None:
    """CPU ms per stage on one article, so the slow stage is visible."""
    from oncobrief.analysis import _extract_entities, analyse
    from oncobrief.brief import make_brief
    from oncobrief.document import parse_document
    from oncobrief.limitations import find_limitations
    from oncobrief.sentences import split_sentences
    from oncobrief.study import classify_evidence, find_investigators, find_journal, find_quotes

    document = parse_document(source)
    sentences = split_sentences(document)
    quotes = find_quotes(document, sentences)
    article = analyse(document)
    steps: dict[str, Callable[[], object]] = {
        "document": lambda: parse_document(source),
        "sentences": lambda: split_sentences(document),
        "entities": lambda: _extract_entities(document, sentences, []),
        "journal + investigators": lambda: (find_journal(sentences), find_investigators(sentences)),
        "quotes": lambda: find_quotes(document, sentences),
        "evidence": lambda: classify_evidence(sentences, document),
        "limitations": lambda: find_limitations(document, sentences, quotes),
        "brief": lambda: make_brief(article, settings),
    }
    parts = []
    for name, step in steps.items():
        parts.append(f"{name} {statistics.median(timed(step) for _ in range(repeat)):.2f}")
    print("seed stages (CPU ms, median): " + ", ".join(parts))


def bench(label: str, sources: Sequence[SourceText], repeat: int, settings: Settings) -> None:
    ours = [
        timed(lambda s=s: brief_from_source(s, settings)) for _ in range(repeat) for s in sources
    ]
    mine = describe(f"{label}: OncoBrief pipeline", ours)
    try:
        summarise = lexrank_summariser()
    except ImportError as exc:
        print(f"{label}: sumy not installed ({exc}); no LexRank comparison")
        return
    summarise(sources[0].text)  # warm-up
    lex_repeat = max(1, repeat // 10)
    theirs = [timed(lambda s=s: summarise(s.text)) for _ in range(lex_repeat) for s in sources]
    lex = describe(f"{label}: sumy LexRank (3 sentences)", theirs)
    ratio = lex["mean"] / mine["mean"] if mine["mean"] else float("inf")
    print(
        f"{label}: pipeline is {ratio:.1f}x faster per article than LexRank (mean; target >= 20x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="runs of the seed (default 200)")
    parser.add_argument("--corpus", type=Path, default=NEWS_DEV, help="folder of .txt articles")
    args = parser.parse_args()
    settings = Settings()
    seed = read_source(SEED)
    cold = timed(lambda: brief_from_source(seed, settings))
    print(f"first call (loads vocabularies, compiles patterns): {cold:.1f} ms")
    for _ in range(5):
        brief_from_source(seed, settings)
    bench("seed", [seed], args.repeat, settings)
    stages(seed, settings, max(10, args.repeat // 4))
    files = sorted(args.corpus.glob("*.txt")) if args.corpus.is_dir() else []
    if files:
        sources = [read_source(path) for path in files]
        bench(f"{args.corpus.name} ({len(sources)} files)", sources, 3, settings)
    else:
        print(f"{args.corpus} not present; corpus figures skipped")


if __name__ == "__main__":
    main()
