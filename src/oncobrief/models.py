"""Typed objects of the pipeline: file -> SourceText -> Document -> Article -> Brief.

Every text that claims to come from the article carries ``start``/``end`` offsets into
``SourceText.text`` (decoded, BOM removed, line ends normalised to ``\\n``), so that
``source.text[start:end] == text`` can be checked at any time.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Span(Frozen):
    """A verbatim piece of the source text."""

    text: str
    start: int
    end: int


class SourceText(Frozen):
    """A decoded file or page, the single source of truth for offsets."""

    text: str
    origin: str  # file path or URL, for error messages and attribution
    encoding: str = "utf-8"
    sha256: str
    url: str | None = None


class SourceError(Exception):
    """A file or page that cannot be read; the message names it and the problem."""

    def __init__(self, origin: str | Path, reason: str) -> None:
        self.origin = str(origin)
        self.reason = reason
        super().__init__(f"{self.origin}: {reason}")


class LoadError(Frozen):
    """A file that failed to load, kept so `check`, `/brief sources` and logs can show why."""

    origin: str
    reason: str


# --- document -----------------------------------------------------------------------------


class Document(Frozen):
    """The scraped page split into its parts. Missing parts are None, with a warning."""

    source: SourceText
    header_lines: list[Span] = []
    site_editors: list[str] = []
    title: Span | None = None
    authors: list[str] = []
    byline: Span | None = None
    posted: dt.date | None = None
    posted_span: Span | None = None
    outlet: str | None = None
    paragraphs: list[Span] = []  # body paragraphs only, boilerplate removed
    boilerplate: list[Span] = []
    disclosure: Span | None = None
    warnings: list[str] = []


class Sentence(Frozen):
    text: str
    start: int
    end: int
    paragraph: int  # index into Document.paragraphs


# --- entities and study facts -------------------------------------------------------------

EntityKind = Literal["drug", "drug_class", "gene", "alteration", "cancer_type"]


class Entity(Frozen):
    kind: EntityKind
    text: str  # as written in the source
    start: int
    end: int
    canonical: str  # generic drug name, HGNC symbol, "NTRK1 p.G595R", class or disease name
    gene: str | None = None  # alterations: the gene they belong to, when known
    alteration_type: (
        Literal["substitution", "fusion", "rearrangement", "amplification", "deletion", "other"]
        | None
    ) = None


class Quote(Frozen):
    text: str  # verbatim, without the quotation marks
    start: int
    end: int
    speaker: str | None = None  # "Seiji Yano" or "the study authors"; None when not stated


class Investigator(Frozen):
    name: str
    credentials: str | None = None  # "MD, PhD"
    affiliation: str | None = None  # "Kanazawa University, Japan"


class EvidenceLevel(StrEnum):
    """Ordered from weakest to strongest clinical relevance; see ``rank``."""

    UNKNOWN = "unknown"
    REVIEW = "review"
    PRECLINICAL_IN_VITRO = "preclinical-in-vitro"
    PRECLINICAL_IN_VIVO = "preclinical-in-vivo"
    REAL_WORLD = "real-world"
    CLINICAL = "clinical"  # a clinical study whose phase is not stated
    PHASE_1 = "phase-1"
    PHASE_2 = "phase-2"
    PHASE_3 = "phase-3"

    @property
    def rank(self) -> int:
        return list(EvidenceLevel).index(self)

    @property
    def is_preclinical(self) -> bool:
        return self in (EvidenceLevel.PRECLINICAL_IN_VITRO, EvidenceLevel.PRECLINICAL_IN_VIVO)

    @property
    def label(self) -> str:
        return _EVIDENCE_LABELS[self]


_EVIDENCE_LABELS = {
    EvidenceLevel.UNKNOWN: "Evidence level not stated",
    EvidenceLevel.REVIEW: "Review",
    EvidenceLevel.PRECLINICAL_IN_VITRO: "Preclinical (cell lines)",
    EvidenceLevel.PRECLINICAL_IN_VIVO: "Preclinical (animal model)",
    EvidenceLevel.REAL_WORLD: "Real-world data",
    EvidenceLevel.CLINICAL: "Clinical study",
    EvidenceLevel.PHASE_1: "Phase 1 trial",
    EvidenceLevel.PHASE_2: "Phase 2 trial",
    EvidenceLevel.PHASE_3: "Phase 3 trial",
}


class Evidence(Frozen):
    level: EvidenceLevel = EvidenceLevel.UNKNOWN
    basis: Span | None = None  # the sentence that shows the level


class Article(Frozen):
    """A document with everything extracted from it; the input of brief building."""

    document: Document
    sentences: list[Sentence]
    entities: list[Entity]
    quotes: list[Quote]
    investigators: list[Investigator]
    journal: str | None
    evidence: Evidence
    limitation_sentences: list[Span]  # verbatim, including limitations inside quotes
    warnings: list[str]


# --- brief --------------------------------------------------------------------------------


class Statement(Frozen):
    """A verbatim sentence of the source shown as coming from the article."""

    text: str
    start: int
    end: int


class Limitation(Frozen):
    """A limitation: verbatim from the source, or generated from the evidence level.

    Generated caveats have no offsets and read as OncoBrief's own words.
    """

    text: str
    start: int | None = None
    end: int | None = None
    generated: bool = False


class Attribution(Frozen):
    outlet: str | None = None
    authors: list[str] = []
    posted: dt.date | None = None
    journal: str | None = None
    investigators: list[Investigator] = []
    site_editors: list[str] = []
    source_file: str | None = None
    url: str | None = None
    disclosure: str | None = None


class Brief(Frozen):
    schema_version: str = SCHEMA_VERSION
    id: str  # stable: derived from the source text's hash
    title: str | None
    attribution: Attribution
    evidence: Evidence = Evidence()
    # Lists default to empty so code and tests build a brief from the parts they have;
    # limitations_stated stays required: whether the source states limitations is never implied.
    summary: list[Statement] = []
    findings: list[Statement] = []
    limitations: list[Limitation] = []
    limitations_stated: bool  # False: the source states none, and the brief says so
    drugs: list[str] = []  # canonical generic names, in order of first mention
    drug_classes: list[str] = []
    genes: list[str] = []  # HGNC symbols
    alterations: list[str] = []  # "NTRK1 p.G595R", "ETV6-NTRK3 fusion"
    cancer_types: list[str] = []
    entities: list[Entity] = []
    quotes: list[Quote] = []
    warnings: list[str] = []
    sources: list[Attribution] = Field(
        default_factory=list,
        description="Other outlets reporting the same study (filled when stories are grouped).",
    )
