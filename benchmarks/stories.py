"""How long grouping briefs into stories takes: a lookup's window and a whole library.

    .venv/bin/python benchmarks/stories.py [--briefs 20000]

Made-up briefs (40 journals, 3,000 investigators, 2,000 drugs, two years of dates, one in
five a second outlet's report of another's study) are grouped with
``oncobrief.stories.group_stories``; the window case is what ``/brief latest`` and the CLI
collapse (3 x limit briefs), the library case is what a digest groups. Prints milliseconds
and the number of stories; for 600 briefs also the every-pair grouping, for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from oncobrief.models import Attribution, Brief, Investigator  # noqa: E402
from oncobrief.stories import collapse_stories, group_stories, same_study  # noqa: E402

JOURNALS = [f"Journal of Oncology {n}" for n in range(40)] + [None] * 10


def _surname(number: int) -> str:
    """A letters-only surname per number (digits are not part of a name)."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters += chr(ord("a") + rest)
        if not number:
            return "Mc" + letters


def made_up(count: int, seed: int = 7) -> list[Brief]:
    rng = random.Random(seed)
    briefs: list[Brief] = []
    for index in range(count):
        if briefs and rng.random() < 0.2:  # another outlet's report of an earlier study
            base = rng.choice(briefs[-50:])
            attribution = base.attribution.model_copy(
                update={"outlet": f"Outlet {index % 40}", "posted": base.attribution.posted}
            )
            drugs = base.drugs
        else:
            attribution = Attribution(
                outlet=f"Outlet {index % 40}",
                journal=rng.choice(JOURNALS),
                investigators=[Investigator(name=f"Ann {_surname(rng.randrange(3000))}")],
                posted=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730)),
            )
            drugs = [f"drug{rng.randrange(2000)}" for _ in range(rng.randrange(1, 4))]
        briefs.append(
            Brief(
                id=f"{index:016x}",
                title=None,
                attribution=attribution,
                limitations_stated=False,
                drugs=drugs,
            )
        )
    briefs.sort(key=lambda b: b.attribution.posted, reverse=True)
    return briefs


def every_pair(briefs: list[Brief]) -> int:
    """Number of stories by comparing every pair (the naive way), for comparison."""
    parent = list(range(len(briefs)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(briefs)):
        for j in range(i + 1, len(briefs)):
            if root(i) != root(j) and same_study(briefs[i], briefs[j]):
                parent[root(j)] = root(i)
    return len({root(i) for i in range(len(briefs))})


def timed(label: str, action) -> object:
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {1000 * (time.perf_counter() - start):9.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=20_000)
    args = parser.parse_args()
    briefs = made_up(args.briefs)
    window = briefs[:30]
    timed("collapse a window of 30 (latest -n 10)", lambda: collapse_stories(window, 10))
    stories = timed(f"group a library of {len(briefs):,}", lambda: group_stories(briefs))
    print(f"{'':<44} {len(stories):,} stories")  # type: ignore[arg-type]
    small = briefs[:600]
    fast = timed("group 600 (blocked)", lambda: len(group_stories(small)))
    naive = timed("group 600 (every pair)", lambda: every_pair(small))
    print(f"{'':<44} same count: {fast == naive} ({fast:,} stories)")


if __name__ == "__main__":
    main()
