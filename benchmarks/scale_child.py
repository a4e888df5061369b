"""One measured start-up for ``benchmarks.scale``: load a library, time lookups, print JSON.

``python -m benchmarks.scale_child FOLDER DATA_DIR [--queries N]``. Start-up is timed from
before the first oncobrief import to the library being ready (vocabularies and the search
index included), so it is what a user of the CLI or the bot waits for.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 - the clock starts before any import
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
from pathlib import Path  # noqa: E402

SEARCHES = [
    "brain metastasis resistance",
    "phase 2 trial response rate",
    "fusion positive lung cancer",
    "acquired resistance mutation",
    "overall survival improved",
    "preclinical mouse model",
    "solvent front mutation",
    "progression free survival",
]


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def timed_ms(run) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("data", type=Path)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()

    from oncobrief.library import Library
    from oncobrief.settings import Settings

    settings = Settings(data_dir=args.data)
    load_start = time.perf_counter()
    library = Library.load(args.folder, settings)
    ready = time.perf_counter()
    rss = current_rss_mb()

    from benchmarks.synth import DRUGS, GENES  # after the clock stopped: it imports rich

    rng = random.Random(11)
    kinds = {
        "latest": lambda: library.latest(5),
        "drug": lambda: library.by_drug(rng.choice(DRUGS), limit=10),
        "gene": lambda: library.by_gene(rng.choice(GENES), limit=10),
        "search": lambda: library.search(rng.choice(SEARCHES), limit=10),
    }
    lookups = {}
    for kind, run in kinds.items():
        run()  # the first query of a kind is timed with the rest; this one is a warm-up only
        times = [timed_ms(run) for _ in range(args.queries)]
        ordered = sorted(times)
        lookups[kind] = {
            "p50": statistics.median(ordered),
            "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        }
    print(
        json.dumps(
            {
                "startup_s": ready - STARTED,
                "load_s": ready - load_start,
                "rss_mb": rss,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3,
                "briefs": len(library),
                "parsed": library.last_sync.parsed if library.last_sync else 0,
                "lookups": lookups,
            }
        )
    )


if __name__ == "__main__":
    main()
