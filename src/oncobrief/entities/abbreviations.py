"""Abbreviations a text defines, "long form (SHORT)" (after Schwartz & Hearst, 2003).

They settle what a short form means in this text: "coronary artery disease (CAD)" makes every
"CAD" a disease, not the CAD gene; "hepatocyte nuclear factor 6 (HNF-6)" makes "HNF-6" a gene.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from oncobrief.entities.tokens import occurrences
from oncobrief.models import Entity

_PAREN = re.compile(r"\(\s*([A-Za-z][\w\-/]{0,11})\s*\)")
_WORDS = re.compile(r"[^\W_]+")
# Last words of long forms that name no gene product ("coronary artery disease (CAD)").
_NOT_GENE_HEADS = frozenset(
    """disease diseases syndrome disorder disorders carcinoma cancer cancers tumor tumors tumour
    infarction failure injury ratio interval score survival rate index test scale model
    syndromes deficiency anemia leukemia lymphoma sclerosis hypertension therapy treatment
    radiotherapy chemotherapy study trial analysis assay imaging tomography resonance group
    stimulation response acid""".split()
)


def definitions(text: str) -> list[tuple[str, int, int]]:
    """(short form, long form start, long form end) for every definition in ``text``."""
    found = []
    for m in _PAREN.finditer(text):
        short = m.group(1)
        letters = [c.lower() for c in short if c.isalnum()]
        if len(letters) < 2 or not any(c.isupper() for c in short) or short.isdigit():
            continue
        window_start = max(0, m.start() - 150)
        words = list(_WORDS.finditer(text, window_start, m.start()))
        for size in range(1, min(len(letters) + 5, len(words)) + 1):
            first = words[-size]
            if first.group()[0].lower() != letters[0]:
                continue
            long_form = text[first.start() : words[-1].end()].lower()
            if _in_order(letters, long_form):
                found.append((short, first.start(), words[-1].end()))
                break
    return found


def _in_order(letters: list[str], text: str) -> bool:
    position = 0
    for letter in letters:
        position = text.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def apply_definitions(
    text: str, offset: int, entities: list[Entity], is_symbol: Callable[[str], bool]
) -> list[Entity]:
    """Drop gene readings of short forms defined as something else; add gene mentions of short
    forms defined by a gene name."""
    result = entities
    for short, long_start, long_end in definitions(text):
        a, b = long_start + offset, long_end + offset
        inside = [e for e in result if a <= e.start and e.end <= b]
        gene = next((e for e in inside if e.kind == "gene"), None)
        uses = occurrences(text, short)
        head = text[long_start:long_end].split()[-1].lower().strip("-")
        # A drug or disease that is most of the long form ("streptozotocin (STZ)"); not one
        # inside a gene's name ("breast cancer 1 (BRCA1)").
        not_gene = gene is None and (
            head in _NOT_GENE_HEADS
            or not is_symbol(short)  # "VIP", "MEN1": a drug or disease named like its gene
            and any(
                e.kind in ("drug", "cancer_type") and (e.end - e.start) * 5 >= (b - a) * 3
                for e in inside
            )
        )
        if not_gene:
            spans = {(s + offset, e + offset) for s, e in uses}
            result = [e for e in result if not (e.kind == "gene" and (e.start, e.end) in spans)]
        elif (
            gene is not None and (gene.end - gene.start) * 2 >= b - a
        ):  # the gene name is most of the long form
            taken = {(e.start, e.end) for e in result if e.kind == "gene"}
            result = result + [
                Entity(
                    kind="gene",
                    text=short,
                    start=s + offset,
                    end=e + offset,
                    canonical=gene.canonical,
                )
                for s, e in uses
                if (s + offset, e + offset) not in taken
            ]
    return result
