"""Compact index rows: what the library's indexes need from a brief, without the brief.

A ``Brief`` object costs tens of kilobytes in memory; 100,000 of them would not fit the memory
budget. The library keeps one small ``BriefRow`` per brief for its indexes and loads whole
briefs from the cache only when a lookup returns them. Rows are made where the brief is made
(in the worker processes), stored in the cache beside the brief, and read back at start-up.
"""

from __future__ import annotations

import json
import sys
from typing import NamedTuple

from oncobrief.models import Brief

# (canonical, names as the article wrote it)
Terms = tuple[tuple[str, tuple[str, ...]], ...]


class BriefRow(NamedTuple):  # a tuple: small, and pickles fast in the library snapshot
    id: str
    posted: int | None  # date ordinal; None when undated
    drugs: Terms
    drug_classes: Terms
    genes: Terms  # the brief's genes plus the genes its alterations belong to
    alterations: Terms
    cancer_types: Terms


def _names(brief: Brief, kind: str) -> dict[str, list[str]]:
    """How the article wrote each entity of one kind, keyed by canonical form."""
    names: dict[str, list[str]] = {}
    for entity in brief.entities:
        if entity.kind == kind:
            names.setdefault(entity.canonical, []).append(entity.text)
    return names


def _terms(canonicals: list[str], names: dict[str, list[str]]) -> Terms:
    return tuple((c, tuple(dict.fromkeys(names.get(c, ())))) for c in canonicals)


def _genes_of(brief: Brief) -> list[str]:
    genes = list(brief.genes)
    for entity in brief.entities:
        if entity.kind == "alteration" and entity.gene and entity.gene not in genes:
            genes.append(entity.gene)
    return genes


def row_of(brief: Brief) -> BriefRow:
    posted = brief.attribution.posted
    return BriefRow(
        id=brief.id,
        posted=posted.toordinal() if posted else None,
        drugs=_terms(brief.drugs, _names(brief, "drug")),
        drug_classes=_terms(brief.drug_classes, _names(brief, "drug_class")),
        genes=_terms(_genes_of(brief), _names(brief, "gene")),
        alterations=_terms(brief.alterations, _names(brief, "alteration")),
        cancer_types=_terms(brief.cancer_types, _names(brief, "cancer_type")),
    )


def encode_row(row: BriefRow, tokens: list[str]) -> bytes:
    """JSON of the row and the brief's search tokens (tokens never contain spaces)."""
    fields = [row.id, row.posted, row.drugs, row.drug_classes, row.genes, row.alterations]
    fields += [row.cancer_types, " ".join(tokens)]
    return json.dumps(fields, separators=(",", ":")).encode()


def decode_row(data: bytes) -> tuple[BriefRow, list[str]]:
    """The row and tokens; raises ValueError on anything that is not a row of this layout."""
    try:
        brief_id, posted, *kinds, tokens = json.loads(data)
        if len(kinds) != 5 or not isinstance(brief_id, str) or not isinstance(tokens, str):
            raise ValueError("not an index row")
        if posted is not None and not isinstance(posted, int):
            raise ValueError("not an index row")
        terms = [_decode_terms(kind) for kind in kinds]
    except (TypeError, ValueError, json.JSONDecodeError) as exc:
        raise ValueError(f"damaged index row: {exc}") from None
    return BriefRow(brief_id, posted, *terms), tokens.split()


def _decode_terms(kind: list) -> Terms:
    intern = sys.intern  # the same canonical names repeat across thousands of rows
    return tuple((intern(canonical), tuple(map(intern, names))) for canonical, names in kind)
