"""Synthetic article libraries for the scale benchmarks.

`python -m benchmarks.synth --size 10000 --out /tmp/lib10k` writes N article files in the seed's
layout, built from the bundled seeds and ../shared/corpus/news-dev/ when present. Each file is a
different text: titles, dates, drugs, alterations, outlets and paragraph order vary, driven by a
fixed random seed so runs are comparable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

from rich.progress import track

REPO = Path(__file__).resolve().parents[1]
NEWS_DEV = REPO.parent / "shared" / "corpus" / "news-dev"

# Targeted oncology drugs and genes used to vary the texts. These are inputs to a generator,
# not a vocabulary of the product: the extractor must find them through its real vocabularies.
DRUGS = [
    "repotrectinib",
    "entrectinib",
    "larotrectinib",
    "selpercatinib",
    "pralsetinib",
    "osimertinib",
    "erlotinib",
    "gefitinib",
    "afatinib",
    "lorlatinib",
    "alectinib",
    "brigatinib",
    "crizotinib",
    "capmatinib",
    "tepotinib",
    "sotorasib",
    "adagrasib",
    "dabrafenib",
    "trametinib",
    "pembrolizumab",
    "nivolumab",
    "atezolizumab",
    "durvalumab",
    "olaparib",
    "niraparib",
    "palbociclib",
    "ribociclib",
    "abemaciclib",
    "trastuzumab",
    "imatinib",
    "dasatinib",
    "ibrutinib",
    "venetoclax",
    "cisplatin",
    "carboplatin",
]
GENES = [
    "NTRK1",
    "NTRK3",
    "ALK",
    "ROS1",
    "EGFR",
    "KRAS",
    "BRAF",
    "MET",
    "RET",
    "ERBB2",
    "PIK3CA",
    "BRCA1",
    "BRCA2",
    "TP53",
    "KIT",
    "FGFR2",
    "IDH1",
    "ESR1",
]
AMINO = "ACDEFGHIKLMNPQRSTVWY"
OUTLETS = ["OncoNews Daily", "Cancer Wire", "The Tumor Board", "Precision Oncology Report", ""]
AUTHORS = ["Kayci Reyer", "Sam Lee", "Maria Gomez", "Ken Ito", "Priya Nair", "Tom Berg"]
TITLE_OPENERS = [
    "New data on",
    "Study examines",
    "Researchers report",
    "Update:",
    "Insights into",
    "Trial readout:",
    "Early look at",
    "Mechanisms of",
]
_DRUG_RE = re.compile(r"\b(" + "|".join(DRUGS) + r")\b", re.IGNORECASE)
_VARIANT_RE = re.compile(r"\b([A-Z])(\d{2,4})([A-Z])\b")


@dataclass
class BaseArticle:
    title: str
    paragraphs: list[str]


def _parse_base(text: str) -> BaseArticle | None:
    """Title = first line followed by a By:/Posted: line; paragraphs = what follows, minus noise."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    for i, line in enumerate(lines):
        if line.startswith(("By:", "Posted:")) and i > 0:
            title_index = max(j for j in range(i) if lines[j])
            body = "\n".join(lines[i + 1 :])
            paragraphs = [
                p.strip()
                for p in re.split(r"\n\s*\n", body)
                if len(p.split()) > 12
                and not p.lstrip().startswith(("Posted:", "By:", "Disclosure"))
                and "cookie" not in p.lower()
            ]
            if paragraphs:
                return BaseArticle(lines[title_index], paragraphs)
    return None


def load_bases() -> list[BaseArticle]:
    files = sorted((REPO / "seeds").glob("*.txt"))
    if NEWS_DEV.is_dir():
        files += sorted(NEWS_DEV.glob("*.txt"))
    bases = [b for f in files if (b := _parse_base(f.read_text(encoding="utf-8-sig")))]
    if not bases:
        raise SystemExit("no base articles found in seeds/ (and ../shared/corpus/news-dev/)")
    return bases


def _vary(text: str, rng: random.Random, drug_map: dict[str, str]) -> str:
    text = _DRUG_RE.sub(lambda m: drug_map.setdefault(m.group(1).lower(), rng.choice(DRUGS)), text)
    return _VARIANT_RE.sub(
        lambda m: f"{rng.choice(AMINO)}{rng.randint(12, 1200)}{rng.choice(AMINO)}", text
    )


def make_article(index: int, base: BaseArticle, rng: random.Random) -> str:
    drug_map: dict[str, str] = {}
    drug, gene = rng.choice(DRUGS), rng.choice(GENES)
    change = f"{rng.choice(AMINO)}{rng.randint(12, 1200)}{rng.choice(AMINO)}"
    posted = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 4300))
    paragraphs = [_vary(p, rng, drug_map) for p in base.paragraphs]
    rng.shuffle(paragraphs[1:]) if len(paragraphs) > 2 else None
    paragraphs.insert(
        rng.randint(1, len(paragraphs)),
        f"In report {index}, tumors with {gene}-{change} were treated with {drug}; "
        f"{rng.randint(5, 95)}% of {rng.randint(12, 600)} samples responded.",
    )
    outlet = rng.choice(OUTLETS)
    head = [outlet, "", ""] if outlet else []
    title = f"{rng.choice(TITLE_OPENERS)} {_vary(base.title, rng, drug_map)} ({gene}, no. {index})"
    head += [
        title,
        "",
        f"By: {rng.choice(AUTHORS)}",
        f"Posted: {posted:%A, %B} {posted.day}, {posted.year}",
        "",
    ]
    return "\n".join(head) + "\n" + "\n\n".join(paragraphs) + "\n"


def write_library(size: int, out: Path, seed: int = 1234, progress: bool = True) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    bases = load_bases()
    rng = random.Random(seed)
    steps = range(size)
    for i in track(steps, description=f"writing {size} articles", disable=not progress):
        base = bases[i % len(bases)]
        (out / f"synth_{i:06d}.txt").write_text(make_article(i, base, rng), encoding="utf-8")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    write_library(args.size, args.out, args.seed)
    print(f"wrote {args.size} articles to {args.out}")
