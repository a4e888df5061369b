"""Runs every part of the quality harness that has data, prints one table and writes JSON."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from oncobrief.evaluation.corpus import find_corpus
from oncobrief.evaluation.entities_eval import evaluate_entities
from oncobrief.evaluation.limitations_eval import evaluate_limitations
from oncobrief.evaluation.news import evaluate_news
from oncobrief.settings import Settings

TARGETS = {
    "faithfulness": 1.0,
    "boilerplate_share": 0.0,
    "limitation_f1": 0.80,
    "drug_recall": 0.90,
    "drug_precision": 0.85,
    "gene_recall": 0.85,
    "variant_recall": 0.85,
}


def run_harness(corpus: Path | None = None, settings: Settings | None = None) -> dict[str, Any]:
    folder = find_corpus(corpus)
    results: dict[str, Any] = {"corpus": str(folder) if folder else None, "targets": TARGETS}
    if folder is None:
        return results
    started = time.perf_counter()
    if (folder / "news-dev").is_dir():
        results["news"] = evaluate_news(folder / "news-dev", settings).as_dict()
    if (folder / "limitations-dev.jsonl").exists():
        results["limitations"] = evaluate_limitations(folder / "limitations-dev.jsonl")
    results["entities"] = evaluate_entities(folder)
    results["seconds"] = round(time.perf_counter() - started, 2)
    return results


def _fmt(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def render_table(results: dict[str, Any]) -> Table:
    table = Table(title=f"OncoBrief quality on {results.get('corpus')}")
    for column in ("measure", "OncoBrief", "baseline", "target"):
        table.add_column(column)
    news = results.get("news")
    if news:
        table.add_row(
            "news: files loaded / refused / crashed",
            f"{news['loaded']} / {len(news['refused'])} / {len(news['crashed'])}",
            "",
            "no crash",
        )
        table.add_row(
            "news: faithfulness (verbatim at offsets)", _fmt(news["faithfulness"]), "", "1.000"
        )
        table.add_row("news: briefs with boilerplate", _fmt(news["boilerplate_share"]), "", "0.000")
        for key in ("title", "date", "author"):
            table.add_row(
                f"news: {key} extracted / agrees with manifest",
                f"{_fmt(news[f'{key}_extracted'])} / {_fmt(news[f'{key}_agreement'])}",
                "",
                "",
            )
        table.add_row(
            "news: limitation or 'none stated'",
            _fmt(news["limitation_or_none_stated"]),
            "",
            "1.000",
        )
        table.add_row(
            "news: evidence levels",
            ", ".join(f"{k} {v}" for k, v in news["evidence_levels"].items()),
            "",
            "",
        )
    for subset, figures in (results.get("limitations") or {}).items():
        if isinstance(figures, dict):
            ours, base = figures["oncobrief"], figures["baseline"]
            table.add_row(
                f"limitations {subset}: P / R / F1",
                f"{ours['precision']:.3f} / {ours['recall']:.3f} / {ours['f1']:.3f}",
                f"{base['precision']:.3f} / {base['recall']:.3f} / {base['f1']:.3f}",
                "" if subset == "SEMI" else "F1 0.80",
            )
    goals = {"drug": "R 0.90 @ P 0.85", "gene": "R 0.85", "protein variant (tmVar)": "R 0.85"}
    for name, figures in (results.get("entities") or {}).items():
        ours, base = figures["oncobrief"], figures["baseline"]
        table.add_row(
            f"{name}: P / R (gold {ours['gold']})",
            f"{ours['precision']:.3f} / {ours['recall']:.3f}",
            f"{base['precision']:.3f} / {base['recall']:.3f}",
            goals.get(name, ""),
        )
    return table


def main(
    corpus: Path | None = None, json_out: Path | None = None, console: Console | None = None
) -> int:
    # A fixed width keeps the table readable when piped to a file or CI log.
    console = console or Console(width=140)
    results = run_harness(corpus)
    if results["corpus"] is None:
        console.print(
            "No evaluation corpus found (looked for ../shared/corpus); nothing to measure."
        )
        return 0
    console.print(render_table(results))
    if json_out:
        json_out.write_text(json.dumps(results, indent=2), encoding="utf-8")
        console.print(f"Figures written to {json_out}")
    return 0
