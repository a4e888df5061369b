"""Faithfulness and attribution on the news stories: every verbatim field must equal the source."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oncobrief.evaluation.corpus import read_jsonl
from oncobrief.models import Brief, SourceError
from oncobrief.settings import Settings

# Independent of the parser's own boilerplate rules on purpose: the harness must not grade the
# detector with itself.
BOILERPLATE_MARKERS = re.compile(
    r"cookie|privacy policy|terms of use|all rights reserved|subscribe|sign up for|"
    r"share this|click here|advertisement|^disclosure:|\bvisit$",
    re.IGNORECASE,
)


@dataclass
class NewsReport:
    files: int = 0
    loaded: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    crashed: list[tuple[str, str]] = field(default_factory=list)
    verbatim_total: int = 0
    verbatim_exact: int = 0
    briefs_with_boilerplate: list[str] = field(default_factory=list)
    with_title: int = 0
    with_date: int = 0
    with_author: int = 0
    title_agree: int = 0
    date_agree: int = 0
    author_agree: int = 0
    gold_with_author: int = 0
    with_limitation_or_none_stated: int = 0
    evidence: Counter[str] = field(default_factory=Counter)

    def share(self, n: int, of: int | None = None) -> float:
        total = self.loaded if of is None else of
        return round(n / total, 4) if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "loaded": self.loaded,
            "refused": [{"file": f, "reason": r} for f, r in self.refused],
            "crashed": [{"file": f, "error": e} for f, e in self.crashed],
            "faithfulness": self.share(self.verbatim_exact, self.verbatim_total),
            "verbatim_texts_checked": self.verbatim_total,
            "boilerplate_share": self.share(len(self.briefs_with_boilerplate)),
            "briefs_with_boilerplate": self.briefs_with_boilerplate,
            "title_extracted": self.share(self.with_title),
            "date_extracted": self.share(self.with_date),
            "author_extracted": self.share(self.with_author),
            "title_agreement": self.share(self.title_agree),
            "date_agreement": self.share(self.date_agree),
            "author_agreement": self.share(self.author_agree, self.gold_with_author),
            "limitation_or_none_stated": self.share(self.with_limitation_or_none_stated),
            "evidence_levels": dict(sorted(self.evidence.items())),
        }


def _verbatim_texts(brief: Brief) -> list[tuple[str, int | None, int | None]]:
    texts = [(s.text, s.start, s.end) for s in (*brief.summary, *brief.findings)]
    texts += [(q.text, q.start, q.end) for q in brief.quotes]
    texts += [(lim.text, lim.start, lim.end) for lim in brief.limitations if not lim.generated]
    return texts


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").lower()).strip()


def evaluate_news(folder: Path, settings: Settings | None = None) -> NewsReport:
    from oncobrief.pipeline import brief_from_file  # late: the harness must load without it
    from oncobrief.reading import read_source

    settings = settings or Settings()
    manifest = {}
    if (folder / "manifest.jsonl").exists():
        manifest = {row["file"]: row for row in read_jsonl(folder / "manifest.jsonl")}
    report = NewsReport()
    for path in sorted(folder.glob("*.txt")):
        report.files += 1
        try:
            brief = brief_from_file(path, settings)
            source = read_source(path, settings.max_file_bytes)
        except SourceError as exc:
            report.refused.append((path.name, exc.reason))
            continue
        except Exception as exc:  # a crash is what the harness exists to catch
            report.crashed.append((path.name, f"{type(exc).__name__}: {exc}"))
            continue
        report.loaded += 1
        _score_brief(report, brief, source.text, manifest.get(path.name))
    return report


def _score_brief(report: NewsReport, brief: Brief, text: str, gold: dict | None) -> None:
    verbatim = _verbatim_texts(brief)
    report.verbatim_total += len(verbatim)
    report.verbatim_exact += sum(
        start is not None and end is not None and text[start:end] == t for t, start, end in verbatim
    )
    if any(BOILERPLATE_MARKERS.search(t.strip()) for t, _, _ in verbatim):
        report.briefs_with_boilerplate.append(brief.attribution.source_file or brief.id)
    attribution = brief.attribution
    report.with_title += bool(brief.title)
    report.with_date += attribution.posted is not None
    report.with_author += bool(attribution.authors)
    report.with_limitation_or_none_stated += bool(brief.limitations) or not brief.limitations_stated
    report.evidence[brief.evidence.level.value] += 1
    if gold:
        report.title_agree += _norm(brief.title) == _norm(gold.get("title"))
        report.date_agree += str(attribution.posted) == str(gold.get("date"))
        if gold.get("authors"):
            report.gold_with_author += 1
            report.author_agree += {_norm(a) for a in attribution.authors} == {
                _norm(a) for a in gold["authors"]
            }
