"""How fast the bot answers `/brief drug` with 1,000 loaded articles.

    .venv/bin/python benchmarks/bot_latency.py [--articles 1000] [--invocations 300]

Writes a synthetic library (``benchmarks.synth``: variants of the seeds and of
../shared/corpus/news-dev when present; titles, dates, drugs vary) into a temp folder, loads
it, starts the real bot against the Discord API double (tests/bot/discord_double) on
127.0.0.1, and times each ``/brief drug`` from INTERACTION_CREATE sent by the double to the
interaction callback received by the double: gateway frame (zlib), discord.py's parsing,
the bot's lookup and embed building, and the HTTP callback. Prints p50 / p90 / p99 / max.
Target: p99 well under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synth import DRUGS, write_library  # noqa: E402
from oncobrief.library import Library  # noqa: E402
from oncobrief.settings import Settings  # noqa: E402
from tests.bot.discord_double import DiscordDouble  # noqa: E402

# Generic names plus brand names and a code, so synonym resolution is timed too.
QUERIES = [*DRUGS[:20], "Augtyro", "Rozlytrek", "Vitrakvi", "Tagrisso", "Keytruda", "TPX-0005"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def measure(library: Library, settings: Settings, invocations: int) -> dict[str, list]:
    from bot.bot import OncoBriefBot

    async with DiscordDouble(heartbeat_interval_ms=41_250) as double:
        settings = settings.model_copy(update={"guild_ids": [double.guild.id]})
        bot = OncoBriefBot(settings, library, guild_ready_timeout=0.05)
        task = asyncio.create_task(bot.start(double.token))
        await double.wait_until_ready(60)
        await bot.wait_until_ready()
        callback_ms: list[float] = []
        answered_ms: list[float] = []
        slowest: list[tuple[float, int, str]] = []
        found = 0
        for i in range(invocations + 20):  # the first 20 warm caches and are not counted
            query = QUERIES[i % len(QUERIES)]
            record = await double.invoke("brief", "drug", {"name": query}, timeout=10)
            answered = time.monotonic() - record.dispatched_at
            if i >= 20:
                callback_ms.append(record.callback_latency * 1000)
                slowest.append((callback_ms[-1], i, query))
                answered_ms.append(answered * 1000)
                found += bool(record.message.get("embeds"))
        await bot.close()
        await task
    slowest.sort(reverse=True)
    return {
        "callback": callback_ms,
        "answered": answered_ms,
        "found": [found],
        "slowest": slowest[:3],
    }


def report(name: str, values: list[float]) -> None:
    print(
        f"{name:<34} p50 {percentile(values, 0.50):6.1f} ms   p90 {percentile(values, 0.90):6.1f}"
        f" ms   p99 {percentile(values, 0.99):6.1f} ms   max {max(values):6.1f} ms"
        f"   mean {statistics.fmean(values):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--invocations", type=int, default=300)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after loading: moves the loaded briefs out of the collector's sight",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("discord").setLevel(logging.ERROR)  # no PyNaCl/voice notices
    with tempfile.TemporaryDirectory(prefix="oncobrief-bench-") as tmp:
        folder = write_library(args.articles, Path(tmp) / "articles", progress=False)
        settings = Settings(_env_file=None, seeds_dir=folder, data_dir=Path(tmp) / "data")  # type: ignore[call-arg]
        started = time.perf_counter()
        library = Library.load(folder, settings)
        load_s = time.perf_counter() - started
        print(f"library: {len(library)} briefs from {folder} in {load_s:.1f} s")
        if args.gc_freeze:
            gc.collect()
            gc.freeze()
        results = asyncio.run(measure(library, settings, args.invocations))
    n = len(results["callback"])
    print(
        f"/brief drug, {n} invocations over {len(QUERIES)} drug names "
        f"({results['found'][0]} answered with briefs):"
    )
    report("INTERACTION_CREATE -> callback", results["callback"])
    report("INTERACTION_CREATE -> user sees it", results["answered"])
    worst = ", ".join(f"#{i} {query} {ms:.1f} ms" for ms, i, query in results["slowest"])
    print(f"slowest callbacks: {worst}")


if __name__ == "__main__":
    main()
