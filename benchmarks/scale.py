"""Scale benchmark: synthetic libraries of growing size, cold and from the cache.

Run (one command; folders are made once under --work and reused)::

    .venv/bin/python -m benchmarks.scale --sizes 1000,10000,100000 [--work DIR]

Per size it prints: pipeline CPU ms per article (p50, p95) and sumy LexRank on the same texts
(ratio of medians); articles per second and start-up seconds cold (empty cache) and from the
cache; resident memory after load; lookup latency p50/p99 for ``latest``, ``drug``, ``gene``
and ``search``. Every load runs in a fresh subprocess (``python -m benchmarks.scale_child``),
so start-up and memory figures include nothing left over from earlier measurements.
Targets (issue 7, 2-core machine): pipeline >= 20x faster than LexRank; lookup p99 < 5 ms at
100,000 and at most 3x the 1,000 figure; start-up from cache < 3 s at 100,000 and >= 20x
faster than cold; RSS at 100,000 < 1.5 GB.

``--reuse-cold 100000`` keeps the cold measurement and cache an earlier run left in --work for
that size instead of parsing 100,000 files again (half an hour on 2 cores); the table marks it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synth import write_library

DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "oncobrief-scale"
CACHED_RUNS = 3  # start-ups from the cache per size; the median is shown


def ensure_library(work: Path, size: int) -> Path:
    folder = work / f"lib_{size}"
    have = sum(1 for _ in folder.glob("*.txt")) if folder.is_dir() else 0
    if have != size:
        shutil.rmtree(folder, ignore_errors=True)
        write_library(size, folder, progress=sys.stderr.isatty())
    return folder


def run_child(folder: Path, data: Path, queries: int) -> dict:
    """Load the library in a fresh process; returns its measurements."""
    command = [sys.executable, "-m", "benchmarks.scale_child", str(folder), str(data)]
    command += ["--queries", str(queries)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def pipeline_vs_lexrank(folder: Path, sample: int) -> dict:
    """CPU ms per article: the whole pipeline from the file, and LexRank on the same texts."""
    from benchmarks.pipeline import lexrank_summariser
    from oncobrief.pipeline import brief_from_file
    from oncobrief.reading import read_source
    from oncobrief.settings import Settings

    settings = Settings()
    files = sorted(folder.glob("*.txt"))
    chosen = random.Random(7).sample(files, min(sample, len(files)))
    brief_from_file(chosen[0], settings)  # vocabularies and patterns load once, not timed
    ours = [_cpu_ms(lambda p=p: brief_from_file(p, settings)) for p in chosen]
    summarise = lexrank_summariser()
    texts = [read_source(p).text for p in chosen]
    summarise(texts[0])
    theirs = [_cpu_ms(lambda t=t: summarise(t)) for t in texts]
    return {
        "pipeline_p50": statistics.median(ours),
        "pipeline_p95": percentile(ours, 0.95),
        "lexrank_p50": statistics.median(theirs),
        "lexrank_p95": percentile(theirs, 0.95),
        "ratio": statistics.median(theirs) / statistics.median(ours),
    }


def _cpu_ms(run) -> float:
    start = time.process_time()
    run()
    return (time.process_time() - start) * 1000


def measure(work: Path, size: int, args: argparse.Namespace) -> dict:
    folder = ensure_library(work, size)
    data = work / f"data_{size}"
    cold_file = work / f"cold_{size}.json"
    row: dict = {"size": size, **pipeline_vs_lexrank(folder, args.sample)}
    if size in args.reuse_cold and cold_file.is_file() and (data / "cache").is_dir():
        cold = json.loads(cold_file.read_text())
        cold["reused"] = True
        run_child(folder, data, 10)  # untimed: brings the index snapshot up to this code
    else:
        shutil.rmtree(data, ignore_errors=True)
        cold = run_child(folder, data, args.queries)
        cold_file.write_text(json.dumps(cold))
    warm_runs = [run_child(folder, data, args.queries) for _ in range(CACHED_RUNS)]
    warm = sorted(warm_runs, key=lambda run: run["startup_s"])[len(warm_runs) // 2]
    if warm["parsed"]:
        print(
            f"warning: {warm['parsed']} files parsed on a start-up from the cache", file=sys.stderr
        )
    row.update(
        cold_startup_s=cold["startup_s"],
        cold_load_s=cold["load_s"],
        cold_per_s=size / cold["load_s"],
        cold_reused=cold.get("reused", False),
        cold_peak_rss_mb=cold["peak_rss_mb"],
        cache_startup_s=warm["startup_s"],
        cache_load_s=warm["load_s"],
        cache_per_s=size / warm["load_s"],
        rss_mb=warm["rss_mb"],
        peak_rss_mb=warm["peak_rss_mb"],
        lookups=warm["lookups"],
        briefs=warm["briefs"],
    )
    return row


def print_table(rows: list[dict]) -> None:
    def line(label: str, cells: list[str]) -> None:
        print(f"| {label:<38} | " + " | ".join(f"{cell:>14}" for cell in cells) + " |")

    line("articles", [f"{row['size']:,}" for row in rows])
    print(f"|{'-' * 40}|" + "|".join("-" * 16 for _ in rows) + "|")
    line(
        "pipeline ms/article p50 / p95 (CPU)",
        [f"{r['pipeline_p50']:.1f} / {r['pipeline_p95']:.1f}" for r in rows],
    )
    line(
        "LexRank ms/article p50 / p95 (CPU)",
        [f"{r['lexrank_p50']:.1f} / {r['lexrank_p95']:.1f}" for r in rows],
    )
    line("pipeline vs LexRank (x faster, p50)", [f"{r['ratio']:.1f}x" for r in rows])
    line("articles/s cold (parse, all cores)", [f"{r['cold_per_s']:,.0f}" for r in rows])
    line("articles/s from cache", [f"{r['cache_per_s']:,.0f}" for r in rows])
    line(
        "start-up cold, s (process, load)",
        [f"{r['cold_startup_s']:.1f}" + ("*" if r["cold_reused"] else "") for r in rows],
    )
    line("start-up from cache, s (median of 3)", [f"{r['cache_startup_s']:.2f}" for r in rows])
    line("  of which Library.load, s", [f"{r['cache_load_s']:.2f}" for r in rows])
    line(
        "cache speed-up (cold / cached start)",
        [f"{r['cold_startup_s'] / r['cache_startup_s']:.0f}x" for r in rows],
    )
    line("RSS after load from cache, MB", [f"{r['rss_mb']:.0f}" for r in rows])
    line("  peak during that load, MB", [f"{r['peak_rss_mb']:.0f}" for r in rows])
    line("peak RSS during a cold load, MB", [f"{r['cold_peak_rss_mb']:.0f}" for r in rows])
    for kind in ("latest", "drug", "gene", "search"):
        line(
            f"lookup {kind} ms p50 / p99",
            [f"{r['lookups'][kind]['p50']:.2f} / {r['lookups'][kind]['p99']:.2f}" for r in rows],
        )
    if any(r["cold_reused"] for r in rows):
        print("* cold figure measured by an earlier run of this benchmark (--reuse-cold)")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = {
            kind: last["lookups"][kind]["p99"] / max(first["lookups"][kind]["p99"], 1e-9)
            for kind in first["lookups"]
        }
        shown = ", ".join(f"{kind} {value:.1f}x" for kind, value in growth.items())
        print(f"lookup p99 growth {first['size']:,} -> {last['size']:,}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="folders live here")
    parser.add_argument("--sample", type=int, default=100, help="articles timed per size")
    parser.add_argument("--queries", type=int, default=300, help="lookups timed per kind")
    parser.add_argument(
        "--reuse-cold",
        type=lambda text: {int(size) for size in text.split(",")},
        default=set(),
        metavar="SIZES",
        help="sizes whose cold figure (and cache) an earlier run made: not parsed again",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, work: {args.work}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(measure(args.work, size, args))
        print(f"measured {size:,} articles", file=sys.stderr)
    print_table(rows)
    (args.work / "results.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
