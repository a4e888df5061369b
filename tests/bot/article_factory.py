"""Article files for bot tests and benchmarks: the seed and variants of it.

A variant keeps the seed's layout (site-editor header, title, ``By:``/``Posted:`` lines, body,
truncated disclosure, cookie banner) and changes the title, date, drug or body, so parsing
stays realistic while each file is a different article.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_PATH = REPO / "seeds" / "000_2ff37f2944dc5c1f.txt"
SEED_TITLE = "Brain Metastasis Model of NTRK-Rearranged Tumors: Focus on Treatment Resistance"
SEED_DATE = dt.date(2022, 6, 28)
_POSTED = re.compile(r"^Posted: .*$", re.M)
_ZWSP = "\u200b"


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def posted_line(day: dt.date) -> str:
    return f"Posted: {day:%A}, {day:%B} {day.day}, {day.year}"


def variant(
    *,
    title: str,
    posted: dt.date = SEED_DATE,
    drug: str | None = None,
    extra_paragraphs: list[str] | None = None,
    base: str | None = None,
) -> str:
    """The seed (or ``base``) with another title and date; ``drug`` replaces repotrectinib."""
    text = base if base is not None else seed_text()
    if base is None:
        text = text.replace(SEED_TITLE, title, 1)
    text = _POSTED.sub(posted_line(posted), text, count=1)
    if drug:
        text = text.replace("repotrectinib", drug)
    if extra_paragraphs:
        marker = "\n\nDisclosure:"
        head, sep, tail = text.partition(marker)
        text = head + "\n\n" + "\n\n".join(extra_paragraphs) + sep + tail
    return text


def write_article(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _long_sentence(i: int) -> str:
    doses = ", ".join(f"at dose level {i}.{k} for {k + 2} days in culture {k}" for k in range(12))
    return (
        f"In experiment {i}, the investigators exposed M3B cells carrying the NTRK1-G595R "
        f"mutation to repotrectinib {doses}, and resistance persisted in {i % 7 + 1} of 8 cultures."
    )


LONG_TITLE = f"{SEED_TITLE}: Extended Report on Combination Strategies, Dosing and Resistance"
LONG_AUTHORS = ["Kayci Reyer", "Sam Lee", "Maria Gomez", "Ken Ito", "Priya Nair"]


def long_article(min_bytes: int = 20_000) -> str:
    """The seed grown past ``min_bytes`` to strain every embed limit: very long sentences,
    a dozen more limitation sentences, five authors."""
    paragraphs: list[str] = []
    i = 0
    limitations = " ".join(
        f"A further limitation was that experiment {n} used only M3B cells and a single brain "
        f"metastasis model, so the results may not apply to other NTRK1-rearranged tumors."
        for n in range(1, 13)
    )
    text = ""
    while len(text.encode()) < min_bytes:
        i += 1
        paragraphs.append(" ".join(_long_sentence(i * 3 + j) for j in range(3)))
        text = variant(
            title=LONG_TITLE,
            posted=dt.date(2023, 3, 1),
            extra_paragraphs=[*paragraphs, limitations],
        )
    return text.replace("By: Kayci Reyer", "By: " + ", ".join(LONG_AUTHORS), 1)


def plain(text: str) -> str:
    """Discord-escaped text back to what a reader sees (backslashes and ZWSP removed)."""
    return re.sub(r"\\(.)", r"\1", text).replace(_ZWSP, "")
