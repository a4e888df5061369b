"""Briefs built directly from the models (no pipeline), for bot unit tests.

Every verbatim text is a slice of one synthetic source text, so offsets stay honest.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from oncobrief.models import (
    Attribution,
    Brief,
    Entity,
    Evidence,
    EvidenceLevel,
    Limitation,
    Quote,
    Statement,
)


class _Source:
    """Collects sentences into one text and hands out their offsets."""

    def __init__(self) -> None:
        self.text = ""

    def span(self, sentence: str) -> tuple[str, int, int]:
        start = len(self.text) + (1 if self.text else 0)
        self.text += (" " if self.text else "") + sentence
        return sentence, start, start + len(sentence)

    def statement(self, sentence: str) -> Statement:
        text, start, end = self.span(sentence)
        return Statement(text=text, start=start, end=end)


def make_brief(
    *,
    title: str | None = "Brain Metastasis Model of NTRK-Rearranged Tumors",
    summary: list[str] | None = None,
    findings: list[str] | None = None,
    limitations: list[str] | None = None,
    caveat: str | None = "OncoBrief note: these results come from laboratory and animal models; "
    "they have not been shown in patients.",
    level: EvidenceLevel = EvidenceLevel.PRECLINICAL_IN_VIVO,
    drugs: list[str] | None = None,
    drug_synonyms: dict[str, str] | None = None,
    genes: list[str] | None = None,
    alterations: list[str] | None = None,
    outlet: str | None = "JNCCN 360",
    authors: list[str] | None = None,
    posted: dt.date | None = dt.date(2022, 6, 28),
    journal: str | None = "Cancer Science",
    url: str | None = None,
    quotes: list[str] | None = None,
) -> Brief:
    src = _Source()
    summary = (
        summary
        if summary is not None
        else [
            "Resistance to second-generation TRK inhibitors such as repotrectinib may be "
            "triggered by resistant mutations plus alternative pathway activation."
        ]
    )
    findings = (
        findings
        if findings is not None
        else ["M3B cells that contained an NTRK1-G595R mutation were resistant to repotrectinib."]
    )
    limitations = (
        limitations
        if limitations is not None
        else ["Only M3B cells were analyzed as TRK inhibitor-resistant NTRK1-rearranged cells."]
    )
    drugs = drugs if drugs is not None else ["repotrectinib", "entrectinib"]
    drug_synonyms = drug_synonyms if drug_synonyms is not None else {"Augtyro": "repotrectinib"}
    genes = genes if genes is not None else ["NTRK1", "EGFR"]
    alterations = alterations if alterations is not None else ["NTRK1 p.G595R"]

    summary_statements = [src.statement(s) for s in summary]
    finding_statements = [src.statement(s) for s in findings]
    limitation_items = []
    for sentence in limitations:
        text, start, end = src.span(sentence)
        limitation_items.append(Limitation(text=text, start=start, end=end))
    if caveat:
        limitation_items.append(Limitation(text=caveat, generated=True))
    entities = []
    for name in drugs + list(drug_synonyms):
        text, start, end = src.span(name)
        entities.append(
            Entity(
                kind="drug",
                text=text,
                start=start,
                end=end,
                canonical=drug_synonyms.get(name, name),
            )
        )
    for name in genes:
        text, start, end = src.span(name)
        entities.append(Entity(kind="gene", text=text, start=start, end=end, canonical=name))
    quote_items = []
    for sentence in quotes or []:
        text, start, end = src.span(sentence)
        quote_items.append(Quote(text=text, start=start, end=end, speaker="the study authors"))
    if title:
        src.span(title)
    return Brief(
        id=hashlib.sha256(src.text.encode()).hexdigest()[:16],
        title=title,
        attribution=Attribution(
            outlet=outlet,
            authors=authors if authors is not None else ["Kayci Reyer"],
            posted=posted,
            journal=journal,
            url=url,
        ),
        evidence=Evidence(level=level),
        summary=summary_statements,
        findings=finding_statements,
        limitations=limitation_items,
        limitations_stated=bool(limitations),
        drugs=drugs,
        genes=genes,
        alterations=alterations,
        entities=entities,
        quotes=quote_items,
    )


def long_sentence(n: int, words: int = 60) -> str:
    """A distinct, realistic-looking sentence of roughly ``words`` words."""
    body = " ".join(f"term{n}_{i}" if i % 7 == 0 else "resistance" for i in range(words))
    return f"Finding {n}: {body} in cohort {n}."


def huge_brief() -> Brief:
    """The brief of a ~20 KB article: everything far beyond Discord's embed limits."""
    return make_brief(
        title="A very long title about TRK inhibitor resistance " * 12,
        summary=[long_sentence(i, 80) for i in range(10)],
        findings=[long_sentence(100 + i, 70) for i in range(20)],
        limitations=[
            f"Limitation {i}: the authors noted that only a small number of cell lines "
            f"(set {i}) were analysed, so the results may not generalise to patients."
            for i in range(8)
        ],
        drugs=[f"drugname{i}" for i in range(40)],
        drug_synonyms={},
        genes=[f"GENE{i}" for i in range(60)],
        alterations=[f"GENE{i} p.G{i}R" for i in range(30)],
        authors=[f"Author Number {i}" for i in range(30)],
        journal="Journal of Extremely Long Names in Translational Oncology Research",
        url="https://example.org/articles/ntrk-resistance",
        quotes=[long_sentence(500 + i, 50) for i in range(5)],
    )
