"""Alterations: protein changes normalised to HGVS-like ``p.G595R``, DNA changes and dbSNP ids,
fusions, rearrangements, amplifications and exon deletions/insertions.

Gene names inside these patterns are checked against the gene vocabulary, so "MET
amplification" counts and "amplification of the signal" does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from oncobrief.models import Entity

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Sec": "U",
}  # fmt: skip
_AA1 = "[ACDEFGHIKLMNPQRSTVWY]"
_AA3 = "(?:" + "|".join(THREE_TO_ONE) + ")"
_STOP = r"(?:\*|X|Ter|[Ss]top)"
_FS = r"fs(?:\*\d+|X\d*|Ter\d*|\*)?"
_EDIT = rf"(?:{_FS}|del(?:ins[A-Z]+)?|dup|ins[A-Z]*)"

# One-letter forms: G595R, p.R34*, Y329fs, E746_A750del; three-letter: p.Gly595Arg, Cys 23 Ser.
# Like DNA_FORMS, each pattern starts with a character class (or "p.") and checks what comes
# before afterwards, so that the regex engine can skip quickly to candidate positions.
_ONE = (
    rf"(?P<r1>{_AA1})(?<![\w.*]{_AA1})(?P<n1>\d{{1,5}})(?:_(?P<r1b>{_AA1})(?P<n1b>\d{{1,5}}))?"
    rf"(?P<a1>{_AA1}?{_FS}|{_EDIT}|{_AA1}|{_STOP})"
)
_THREE = (
    rf"(?P<r3>{_AA3})(?<![\w.*][A-Z][a-z]{{2}}) ?(?P<n3>\d{{1,5}})"
    rf"(?:_(?P<r3b>{_AA3})(?P<n3b>\d{{1,5}}))? ?(?P<a3>(?:{_AA3})?{_FS}|{_EDIT}|{_AA3}|{_STOP})"
)
_P_ONE = _ONE.replace(rf"(?<![\w.*]{_AA1})", "")
_P_THREE = _THREE.replace(r"(?<![\w.*][A-Z][a-z]{2})", "")
_AFTER = r"(?![A-Za-z0-9])"
PROTEIN_FORMS = [
    re.compile(rf"p\.(?<![\w.*]p\.)\s?(?:{_P_ONE}|{_P_THREE}){_AFTER}"),
    re.compile(_ONE + _AFTER),
    re.compile(_THREE + _AFTER),
]
# Dosing schedules and cell lines that look like one-letter changes.
_NOT_PROTEIN = re.compile(r"Q(?:[1-4]W|(?:7|14|21|28)D)|T47D", re.IGNORECASE)

# DNA changes and dbSNP ids. One pattern per form, each starting with a character class and
# checking the character before it afterwards: the regex engine can then skip ahead quickly,
# which a leading look-behind or a top-level alternation prevents (about 3x faster).
_B = r"(?<![\w.]{0})"  # no word character or dot before the first character
_END = r"(?![\w>])"
DNA_FORMS = [
    re.compile(p + _END)
    for p in (
        # c.1138G>A, c.474delA, g.-930A>G, c.609+28_610-16del
        r"[cgmn]" + _B.format("[cgmn]") + r"\.\s?[-*+]?\d+(?:[-+]\d+)?(?:_[-*+]?\d+(?:[-+]\d+)?)?"
        r"(?:[ACGT]\s?>\s?[ACGT]|del[ACGT]*\d*|dup[ACGT]*|ins[ACGT]+|delins[ACGT]+)",
        r"[-+\d]" + _B.format(r"[-+\d]") + r"\d{0,6} ?[ACGT] ?(?:>|-+>|→|/) ?[ACGT]",  # 677C>T, T/G
        r"[ACGT]" + _B.format("[ACGT]") + r"-\d{1,6}[ACGT]",  # G-395A
        r"[-+]" + _B.format("[-+]") + r"\d{1,6}[ACGT]{1,2}",  # -930G, -31TT
        r"[-+\d]"
        + _B.format(r"[-+\d]")
        + r"\d{0,6}(?:_\d{1,6})?(?:del|ins|dup)[ACGT]*\d*",  # 657del5
        r"[di]" + _B.format("[di]") + r"(?:el|up|ns)\d{1,4}(?:bp)?",  # dup24bp
        r"\d"
        + _B.format(r"\d")
        + r"\d{0,5}[ACDEFGHIKLMNPQRSTVWY]/[ACDEFGHIKLMNPQRSTVWY]",  # 192Q/R
        r"[ACGT]" + _B.format("[ACGT]") + r"/[ACGT]",  # G/A alleles
        r"rs" + _B.format("rs") + r"\d{3,12}",  # dbSNP
        r"\d" + _B.format(r"\d") + r"\d{0,3}[\s-]?(?:bp|base[\s-]pairs?|nucleotides?)[\s-]"
        r"(?:deletion|insertion|duplication)s?",
    )
]
# Substrings without which a DNA form cannot match (one per DNA_FORMS entry, same order):
# a text lacking all of them skips that scan, and most texts lack most of them.
_DNA_GATES = (
    ("c.", "g.", "m.", "n."),
    (">", "/", "→"),
    ("-",),
    ("-", "+"),
    ("del", "ins", "dup"),
    ("del", "ins", "dup"),
    ("/",),
    ("/",),
    ("rs",),
    ("bp", "base", "nucleotide"),
)
_AMINO_ACIDS = (
    "alanine|arginine|asparagine|aspartate|aspartic acid|cysteine|glutamine|glutamate|"
    "glutamic acid|glycine|histidine|isoleucine|leucine|lysine|methionine|phenylalanine|"
    "proline|serine|threonine|tryptophan|tyrosine|valine"
)
# Written-out changes: "arginine 150 proline", "glycine-594-valine", "Val-->Ala", "Ser 23 to Cys".
# Two patterns, each run only where it can match: an alternation of 22 names scanned at
# every position of a text costs more than all other alteration patterns together.
WORDED_NAMES = re.compile(
    rf"(?i:\b(?:{_AMINO_ACIDS})[\s-]?\(?\d{{1,5}}\)?[\s-]*(?:to[\s-]+)?(?:{_AMINO_ACIDS}|stop)\b)"
)
WORDED_ARROW = re.compile(rf"\b{_AA3} ?\(?\d{{0,5}}\)? ?-+> ?(?:{_AA3}|stop)\b")
_EX_NUMBER = re.compile(r"ex\d")  # "ex19del": a literal start, so the scan is quick
# Fusions need "::", a fusion word or a usual 3' partner; these prefixes of the partners
# (upper case as written) gate the FUSION scan.
_PARTNER_PREFIXES = ("ALK", "ROS", "RET", "NTRK", "TRK", "FGFR", "RAF", "ABL", "MET", "NRG",
                     "PDGFR", "RAR", "KMT", "ERG", "ETV", "MAML", "NUT", "EWS", "FLI", "TFE",
                     "BCL", "MYC", "JAK")  # fmt: skip
_NOT_CELLS = re.compile(r"\s+cells?\b|\s+cell line")

_GENE = r"(?P<gene>[A-Z][A-Za-z0-9]{1,9})"
_GENE2 = r"(?P<gene2>[A-Z][A-Za-z0-9]{1,9})"
FUSION = re.compile(
    rf"\b{_GENE}(?P<sep>::|[-–/]){_GENE2}"
    r"(?P<tail>[\s-]+(?:gene\s+)?(?:fusions?|fused|rearrangements?|translocations?))?\b"
)
GENE_FUSION = re.compile(
    rf"\b{_GENE}[\s-]+(?:gene[\s-]+)?(?P<kind>(?i:fusions?|rearrange(?:d|ments?)|amplifi(?:ed|cations?)))\b"
)
AMPLIFICATION_OF = re.compile(rf"\bamplification of (?:the )?{_GENE}\b")
# Anchored on "ex" so the scan is quick; the gene before it is looked for separately.
EXON = re.compile(
    r"\b(?:[Ee]xon[\s-]?(?P<exon>\d{1,2})[\s-]+(?P<kind>(?i:deletions?|del|insertions?|ins|skipping|duplications?))"
    r"|ex(?P<exon2>\d{1,2})(?P<kind2>del|ins))\b"
)
_GENE_BEFORE_EXON = re.compile(r"([A-Z][A-Za-z0-9]{1,9})[\s-]+$")
_NOT_FUSION_AFTER = re.compile(r"[\s-]*(?:pathways?|signal\w*|axis|interactions?|complex|binding)")

# Genes whose fusions drive cancers; the usual 3' partner of a written "A-B" fusion.
FUSION_PARTNERS = frozenset(
    """ALK ROS1 RET NTRK1 NTRK2 NTRK3 NTRK FGFR1 FGFR2 FGFR3 BRAF RAF1 ABL1 MET NRG1 PDGFRA
    PDGFRB RARA KMT2A ERG ETV1 ETV4 ETV6 MAML2 NUTM1 EWSR1 FLI1 TFE3 BCL2 MYC JAK2""".split()
)

GeneCheck = Callable[[str], str | None]  # raw text -> canonical gene, when it is one


def _protein_canonical(m: re.Match[str]) -> tuple[str, str]:
    g = m.groupdict()  # the patterns differ in which groups they have
    if g.get("r1"):
        ref, pos, alt = g["r1"], g["n1"], g["a1"]
        ref2, pos2 = g.get("r1b"), g.get("n1b")
    else:
        ref, pos, alt = THREE_TO_ONE[g["r3"]], g["n3"], g["a3"]
        ref2 = THREE_TO_ONE[g["r3b"]] if g.get("r3b") else None
        pos2 = g.get("n3b")
        for three, one in THREE_TO_ONE.items():
            alt = alt.replace(three, one) if alt.startswith(three) else alt
    first = f"{ref}{pos}" + (f"_{ref2}{pos2}" if ref2 else "")
    if re.fullmatch(_STOP, alt):
        return f"p.{first}*", "substitution"
    if "fs" in alt:
        return f"p.{first}{alt.split('fs')[0]}fs", "other"
    if alt.startswith("del") and "ins" not in alt:
        return f"p.{first}del", "deletion"
    if alt.startswith(("dup", "ins", "del")):
        return f"p.{first}{alt}", "other"
    return f"p.{first}{alt}", "substitution"


def _gene_before(text: str, start: int, genes: GeneCheck) -> tuple[str, int, bool] | None:
    """A gene written just before a change: 'NTRK1-G595R', 'EGFR T790M', 'BRAF (V600E)'."""
    m = re.search(r"([A-Z][A-Za-z0-9]{1,9})(-| \(| |\()$", text[max(0, start - 14) : start])
    if not m:
        return None
    gene = genes(m.group(1))
    if gene is None:
        return None
    return gene, start - len(m.group(0)), m.group(2) == "-"


_AMINO_WORDS = frozenset(_AMINO_ACIDS.replace(" acid", "").split("|"))
_STRUCTURE_WORDS = ("fusion", "fused", "rearrange", "amplifi", "translocation")


def find_alterations(
    text: str, offset: int, genes: GeneCheck, words: frozenset[str] | None = None
) -> list[Entity]:
    """All alterations of ``text``; ``words`` (its lowercase words, when known) lets patterns
    whose key words are absent be skipped without scanning."""
    found: list[Entity] = []
    lower = text.lower()
    words = words if words is not None else frozenset(lower.split())

    def add(start: int, end: int, canonical: str, kind: str, gene: str | None) -> None:
        found.append(
            Entity(
                kind="alteration",
                text=text[start:end],
                start=start + offset,
                end=end + offset,
                canonical=canonical,
                gene=gene,
                alteration_type=kind,  # type: ignore[arg-type]
            )
        )

    forms = PROTEIN_FORMS if "p." in text else PROTEIN_FORMS[1:]
    for m in (m for form in forms for m in form.finditer(text)):
        one_letter_position = m.groupdict().get("n1")
        single_digit = one_letter_position is not None and len(one_letter_position) == 1
        if _NOT_PROTEIN.fullmatch(m.group()) or _NOT_CELLS.match(text, m.end()):
            continue  # a dosing schedule, or a cell line ("T98G cells")
        change, kind = _protein_canonical(m)
        before = _gene_before(text, m.start(), genes)
        if single_digit and not (m.group().startswith("p.") or before):
            continue  # "E1A", "G2M": too short to be a change without a gene or "p."
        start = m.start()
        gene = None
        if before:
            gene, gene_start, glued = before
            start = gene_start if glued else start
        add(start, m.end(), f"{gene} {change}" if gene else change, kind, gene)

    for m in _worded(text, lower, words):
        add(m.start(), m.end(), " ".join(m.group().split()), "substitution", None)

    for form, gate in zip(DNA_FORMS, _DNA_GATES, strict=True):
        if not any(g in lower for g in gate):
            continue
        for m in form.finditer(text):
            canonical = re.sub(r"\s+", "", m.group()).replace("->", ">").replace("→", ">")
            add(m.start(), m.end(), canonical, "other", None)

    structural = any(w in lower for w in _STRUCTURE_WORDS)
    fusable = structural or "::" in text or any(p in text for p in _PARTNER_PREFIXES)
    for m in FUSION.finditer(text) if fusable else ():
        first, second = genes(m.group("gene")), genes(m.group("gene2"))
        if not first or not second or first == second:
            continue
        if not (m.group("sep") == "::" or m.group("tail")):
            # Without "fusion" written, "A-B" is a fusion only when B is a kinase or
            # transcription factor known for fusions ("ETV6-NTRK3", "BCR-ABL1"); "Sag/Rbx2"
            # is two names of one protein and "RAS-MAPK" is a pathway.
            if m.group("sep") == "/" or second not in FUSION_PARTNERS:
                continue
            if _NOT_FUSION_AFTER.match(text, m.end()):
                continue
        add(m.start(), m.end(), f"{first}-{second} fusion", "fusion", second)

    for m in GENE_FUSION.finditer(text) if structural else ():
        gene = genes(m.group("gene"))
        if not gene:
            continue
        kind = m.group("kind").lower()
        if kind.startswith("fusion"):
            add(m.start(), m.end(), f"{gene} fusion", "fusion", gene)
        elif kind.startswith("rearrange"):
            add(m.start(), m.end(), f"{gene} rearrangement", "rearrangement", gene)
        else:
            add(m.start(), m.end(), f"{gene} amplification", "amplification", gene)
    for m in AMPLIFICATION_OF.finditer(text) if "amplification of" in lower else ():
        gene = genes(m.group("gene"))
        if gene:
            add(m.start(), m.end(), f"{gene} amplification", "amplification", gene)

    exons = "exon" in lower or _EX_NUMBER.search(text)
    for m in EXON.finditer(text) if exons else ():
        before = _GENE_BEFORE_EXON.search(text, max(0, m.start() - 12), m.start())
        gene = genes(before.group(1)) if before else None
        start = before.start() if gene and before else m.start()
        number = m.group("exon") or m.group("exon2")
        word = (m.group("kind") or m.group("kind2")).lower()
        kind_name = {"del": "deletion", "ins": "insertion", "sk": "skipping", "du": "duplication"}
        label = next(v for k, v in kind_name.items() if word.startswith(k))
        canonical = f"{gene + ' ' if gene else ''}exon {number} {label}"
        add(start, m.end(), canonical, "deletion" if label == "deletion" else "other", gene)
    return _drop_nested(found)


def _worded(text: str, lower: str, words: frozenset[str]) -> list[re.Match[str]]:
    """Written-out changes, tried only where an amino acid name starts or "->" occurs."""
    found = list(WORDED_ARROW.finditer(text)) if "->" in text else []
    if not words & _AMINO_WORDS:
        return found
    if len(lower) != len(text):  # lower-casing moved offsets: scan the text itself
        return found + list(WORDED_NAMES.finditer(text))
    starts = set()
    for word in _AMINO_WORDS:  # every name: "arginine84" is one word, yet starts a change
        position = lower.find(word)
        while position >= 0:
            starts.add(position)
            position = lower.find(word, position + 1)
    end = 0
    for position in sorted(starts):
        m = WORDED_NAMES.match(text, position) if position >= end else None
        if m:
            found.append(m)
            end = m.end()
    return found


def _drop_nested(entities: list[Entity]) -> list[Entity]:
    """Keep the longest of overlapping alterations ('EGFR exon 19 deletion' over 'exon 19 ...')."""
    entities.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Entity] = []
    for entity in entities:
        if kept and entity.start < kept[-1].end:
            continue
        kept.append(entity)
    return kept
