"""Dictionary passes over a tokenised text: drugs, drug classes, cancer types and genes."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from oncobrief.entities.alterations import THREE_TO_ONE
from oncobrief.entities.tokens import PHRASE_GAPS, Tokens, occurrences
from oncobrief.models import Entity
from oncobrief.vocab.diseases import CancerVocabulary
from oncobrief.vocab.drugs import DrugVocabulary
from oncobrief.vocab.genes import GeneVocabulary
from oncobrief.vocab.phrases import PhraseIndex

# Words near a gene symbol that show it is one ("MET amplification", "KIT mutation").
GENE_CONTEXT = frozenset(
    """mutation mutations mutated mutant mutants fusion fusions fused amplification amplified
    rearrangement rearrangements rearranged inhibitor inhibitors inhibition gene genes exon exons
    expression expressed overexpression overexpressed protein proteins kinase receptor signaling
    signalling pathway positive negative alteration alterations altered variant variants wild
    wildtype knockdown knockout deletion deleted loss activation activated phosphorylation
    phosphorylated mrna polymorphism polymorphisms allele alleles locus promoter transcription
    encoding driven status testing germline somatic splice skipping copy levels level activity
    mediated dependent induced antagonist agonist binding deficient deficiency transgenic null
    antibody antibodies staining immunoreactivity isoform isoforms subunit ligand blockade
    sirna knockdown expressing""".split()
)
_CONTEXT_WINDOW = 4
# Function words never start a name worth finding (the library has a few such as "a 23187").
_FUNCTION_WORDS = frozenset(
    "a an the in and with by is at or of to for on as was were be are this that these from than"
    " not no but we it its which".split()
)
_ION = re.compile(r"[A-Z][a-z]?\d?")
_ION_CHARGE = re.compile(r"\(?\d?[+-]")


@cache
def not_genes() -> frozenset[str]:
    text = (resources.files("oncobrief") / "data" / "not_genes.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _entity(tokens: Tokens, i: int, j: int, kind: str, canonical: str) -> Entity:
    start, end = tokens.start(i), tokens.end(j - 1)
    return Entity(
        kind=kind,  # type: ignore[arg-type]
        text=tokens.text[start:end],
        start=start + tokens.offset,
        end=end + tokens.offset,
        canonical=canonical,
    )


def _phrases(tokens: Tokens, index: PhraseIndex, accept) -> list[tuple[int, int, object]]:
    """Longest dictionary names, left to right, that ``accept(i, j, value)`` keeps."""
    found = []
    lower, joined = tokens.lower, tokens.phrase_joined
    free = 0  # words before this one are inside a name already found
    values, prefixes, gaps, last = index.values, index.prefixes, tokens.gaps, len(lower) - 1
    starts = (tokens.distinct_lower & index.first_words()) - _FUNCTION_WORDS
    for i in tokens.positions(starts) if starts else ():
        if i < free:
            continue
        # Most starts begin no name here: the word alone is none, and with the next word it
        # is no name or prefix. Checked inline, as a call per word costs more than the test.
        if lower[i] not in values and (
            i == last
            or gaps[i + 1] not in PHRASE_GAPS
            or (pair := f"{lower[i]} {lower[i + 1]}") not in prefixes
            and pair not in values
        ):
            continue
        hit = index.longest_at(lower, i, joined)
        if hit is not None and accept(i, i + hit[0], hit[1]):
            found.append((i, i + hit[0], hit[1]))
            free = i + hit[0]
    return found


def find_classes(tokens: Tokens, drugs: DrugVocabulary) -> list[Entity]:
    return [
        _entity(tokens, i, j, "drug_class", value)
        for i, j, value in _phrases(tokens, drugs.classes, lambda i, j, v: True)
    ]


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _everyday_synonym(word: str, drugs: DrugVocabulary) -> bool:
    """A library synonym that people write often for other things (a surname, a plural noun)
    is not evidence of a drug; our curated oncology names always count."""
    return word not in drugs.curated and _zipf(word) >= EVERYDAY_ZIPF


def _plural_or_name(words: list[str], i: int) -> bool:
    """A plural noun, or a capitalised word beside another capitalised word (a person's name)."""
    raw = words[i]
    if raw.endswith("s") and raw.islower():
        return True
    if not (raw[:1].isupper() and raw[1:].islower()):
        return False
    beside = [words[k] for k in (i - 1, i + 1) if 0 <= k < len(words)]
    return any(w[:1].isupper() and w[1:].isalpha() and w[1:].islower() for w in beside)


# Zipf 2.5 is about one use in 3 million words: "Palin" 3.3, "generics" 2.6, while brands
# such as Keytruda (1.4) or Herceptin (1.7) sit well below it.
EVERYDAY_ZIPF = 2.5


def find_drugs(tokens: Tokens, drugs: DrugVocabulary, genes: GeneVocabulary) -> list[Entity]:
    words = tokens.words

    def accept(i: int, j: int, value: tuple[str, bool]) -> bool:
        raw = words[i]
        if value[1] and not raw[0].isupper():
            return False  # brand names are capitalised; "focus" is a word, "Focus" may be a drug
        if genes.names.values.get(" ".join(tokens.lower[i:j])) is not None:
            return False  # a gene's own name ("aggrecan") is the gene
        if j - i == 1:
            if tokens.lower[i] in drugs.common_words and tokens.lower[i] != value[0]:
                return False  # "more" (a brand of enzymes); "cocaine" names itself
            if (
                _plural_or_name(words, i)
                and tokens.lower[i] != value[0]
                and _everyday_synonym(tokens.lower[i], drugs)
            ):
                return False  # "Sarah Palin", "Aman Buzdar", "generics": not medicines
            # An upper-case token the gene list knows ("IL-2", "APOE") is a gene, not a drug.
            if not raw.islower() and genes.lookup_key(raw.upper()) is not None:
                return False
        elif j - i <= 3 and not tokens.span_text(i, j).islower():
            key = "".join(words[i:j]).upper()
            if genes.lookup_key(key) is not None:
                return False
        return True

    return [
        _entity(tokens, i, j, "drug", value[0])
        for i, j, value in _phrases(tokens, drugs.names, accept)
    ]


_DEFINITION = re.compile(r"\s*\(\s*([A-Za-z0-9][\w\-]{1,9})\s*\)")


def defined_abbreviations(
    text: str, drugs: list[Entity], offset: int, genes: GeneVocabulary
) -> list[Entity]:
    """Mentions of abbreviations the text defines for a drug: 'doxorubicin (DOX) ... DOX'.

    The abbreviation must start with the drug name's first letter (Schwartz-Hearst style)."""
    found: list[Entity] = []
    for drug in drugs:
        m = _DEFINITION.match(text, drug.end - offset)
        if not m or m.group(1).isdigit():
            continue
        abbreviation = m.group(1)
        if abbreviation[0].lower() != drug.text[0].lower():
            continue  # "doxorubicin (DOX)" defines; "pembrolizumab (Merck)" does not
        if genes.names.get(drug.text) is not None:
            continue  # "von Willebrand factor (VWF)": a gene product's name and symbol
        # "DOX" is also written "Dox"; two-letter forms must match exactly.
        for start, end in occurrences(text, abbreviation, ignore_case=len(abbreviation) >= 3):
            found.append(
                Entity(
                    kind="drug",
                    text=text[start:end],
                    start=start + offset,
                    end=end + offset,
                    canonical=drug.canonical,
                )
            )
    return found


def find_cancers(tokens: Tokens, cancers: CancerVocabulary) -> list[Entity]:
    found = [
        _entity(tokens, i, j, "cancer_type", value)
        for i, j, value in _phrases(tokens, cancers.names, lambda i, j, v: True)
    ]
    abbreviations = cancers.abbreviations
    for k in [k for k, word in enumerate(tokens.words) if word in abbreviations]:
        found.append(_entity(tokens, k, k + 1, "cancer_type", abbreviations[tokens.words[k]]))
    return found


# Words right after a symbol that make it a gene beyond doubt ("AR expression").
_GENE_NEXT = frozenset(
    """gene genes expression mrna protein mutation mutations knockdown knockout promoter
    sirna overexpression transcripts transcript deficient null""".split()
)


def _beside_gene_word(tokens: Tokens, i: int, j: int) -> bool:
    return j < len(tokens) and tokens.lower[j] in _GENE_NEXT


def _has_context(tokens: Tokens, i: int, j: int) -> bool:
    lower = tokens.lower
    window = lower[max(0, i - _CONTEXT_WINDOW) : i] + lower[j : j + _CONTEXT_WINDOW]
    return any(word in GENE_CONTEXT for word in window)


def _case_allows(raw: str, key: str, how: str) -> bool | None:
    """True: a gene as written; False: not one; None: a gene only with context nearby."""
    letters = [c for c in raw if c.isalpha()]
    if not letters:
        return False
    has_digit = any(c.isdigit() for c in raw)
    if all(c.islower() for c in letters):
        # "p53", "sgk1", "c-kit", "bcl-xl"; not "met"
        compound = len(key) < len(raw) and len(key) >= 4
        return (has_digit and len(key) >= 3 or compound) and raw[0].isalpha()
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        # "Bach1", "Akt": genes; "Kras" needs gene context, as names of people and places
        # ("Bach", "Fry", "Juno", "Calif") are written the same way
        return True if has_digit or how == "family" else None
    return True


def find_genes(
    tokens: Tokens, genes: GeneVocabulary, anchored: set[int] | None = None
) -> list[Entity]:
    """Gene symbols, aliases and families; ``anchored`` holds word indexes inside alterations,
    where an English-looking symbol ("MET amplification") needs no further context."""
    found: list[Entity] = []
    words, joined = tokens.words, tokens.compound_joined
    blocked = not_genes()
    anchored = anchored or set()
    n = len(tokens)
    free = 0
    pending: list[tuple[int, int, str, str]] = []  # short forms still waiting for context
    confirmed: list[tuple[str, str]] = []  # short forms a gene word stands right beside
    misses: set[str] = set()
    # Only words with a capital or a digit can start a symbol ("p53" has a digit), or a
    # one-letter prefix joined to a symbol ("c-kit", "c-Fos").
    wanted = {
        w
        for w in tokens.distinct
        if not (w.islower() and w.isalpha())
        and w.lower() not in _FUNCTION_WORDS
        or len(w) == 1
        or w in _GREEK_WORDS
        or w in genes.lowercase
    }
    # A lone number or letter starts a symbol only joined to the next word ("5-HT", "c-kit").
    candidates = [
        k
        for k in tokens.positions(wanted, lower=False)
        if not (len(words[k]) == 1 or words[k].isdigit()) or joined(k)
    ]
    for i in candidates:
        if i < free:
            continue
        hit = None
        longest = 1
        while longest < 3 and i + longest < n and joined(i + longest - 1):
            longest += 1
        if longest == 1 and words[i] in misses:
            continue  # a word standing alone that was no symbol earlier in this text
        for size in range(longest, 0, -1):
            key = "".join(words[i : i + size]).upper()
            match = genes.lookup_key(key)
            if match is not None and len(key) >= 2:
                hit = (size, key, *match)
                break
        if hit is None:
            hit = _stem_hit(words[i], genes) or _greek_prefix_hit(tokens, i, genes)
        if hit is None:
            if longest == 1:
                misses.add(words[i])
            continue
        size, key, canonical, how = hit
        raw = tokens.span_text(i, i + size)
        if size > 1 and all(len(w) == 1 for w in words[i : i + size]):
            continue  # a genotype or pair of bases: "G/A", "C/T", not a symbol
        if raw in THREE_TO_ONE:
            continue  # an amino acid: "Leu", "Arg"
        verdict = _case_allows(raw, key, how)
        if verdict is False and size == 1 and raw in genes.lowercase:
            verdict = True  # "nfkbia", "autotaxin": no English word
        if raw[0].isupper() and raw[1:].islower() and key in genes.common_words:
            verdict = False  # "For", "Set": a capitalised word, not a symbol
        if _ION.fullmatch(raw) and _ION_CHARGE.match(tokens.text, tokens.end(i + size - 1)):
            verdict = False  # an ion: "Ca2+", "Mg(2+)"; "CD4+" stays a gene
        if (
            verdict
            and how != _STEM_HOW
            and (
                key in genes.common_words
                or key in blocked
                or len(key) <= 2
                or (how == "alias" and len(key) <= 3 and not any(c.isdigit() for c in key))
            )
        ):
            verdict = None
        if (
            verdict is None
            and raw[0].isupper()
            and raw[1:].islower()
            and len(key) >= (3 if how == "symbol" else 5)
            and key not in genes.wordlike
        ):
            verdict = True  # "Kras", "Lifr": a symbol that reads as no English word or name
        if verdict is None:
            verdict = i in anchored or _has_context(tokens, i, i + size)
            if verdict and _beside_gene_word(tokens, i, i + size):
                confirmed.append((raw, canonical))
            elif not verdict and key not in blocked:
                pending.append((i, i + size, raw, canonical))
        if verdict:
            found.append(_entity(tokens, i, i + size, "gene", canonical))
            free = i + size
    found.extend(_same_form_elsewhere(tokens, found, pending, confirmed))
    found.extend(_gene_names(tokens, genes, found))
    return found


def _same_form_elsewhere(
    tokens: Tokens,
    found: list[Entity],
    pending: list[tuple[int, int, str, str]],
    confirmed: list[tuple[str, str]],
) -> list[Entity]:
    """One sense per text: a short form that context showed to be a gene once ("AR
    expression") is the gene wherever else the text writes it exactly so ("AR was ...")."""
    if not pending:
        return []
    accepted = {raw: canonical for raw, canonical in confirmed}
    taken = [(e.start - tokens.offset, e.end - tokens.offset) for e in found]
    return [
        _entity(tokens, i, j, "gene", accepted[raw])
        for i, j, raw, _canonical in pending
        if raw in accepted
        and not any(a < tokens.end(j - 1) and tokens.start(i) < b for a, b in taken)
    ]


_STEM = re.compile(r"^(?:[hm](?=[A-Z]))?(.+?)(?:alpha|beta|gamma|delta|kappa)$")
_ISOFORM = re.compile(r"^(.*\d)[A-Z]$|^(.*[A-Z])[abg]$")  # "OCT4A", "AMPKa"
_PLURAL = re.compile(r"^([A-Z][A-Z0-9]{2,}[A-Z0-9])s$")  # "GLUTs"; not "HSCs" (cells)
_GREEK_WORDS = {"alpha": "ALPHA", "beta": "BETA", "gamma": "GAMMA", "α": "ALPHA", "β": "BETA"}
_STEM_HOW = "stem"  # the isoform or Greek suffix itself marks a gene: no context needed


def _stem_hit(word: str, genes: GeneVocabulary) -> tuple[int, str, str, str] | None:
    """Isoform, species and plural forms of a symbol: "Hsp90beta", "OCT4A"->"OCT4",
    "hGRalpha"->"GR", "AMPKa", "PAKs"."""
    if len(word) < 4 or word.islower():
        return None
    greek = _STEM.match(word)
    m = greek or _ISOFORM.match(word) or _PLURAL.match(word)
    if not m:
        return None
    stem = next(g for g in m.groups() if g is not None)
    if len(stem) < (2 if greek else 3):
        return None
    key = stem.upper()
    match = genes.lookup_key(key)
    if match is None or key in genes.common_words:
        return None
    return 1, key, match[0], _STEM_HOW if greek else match[1]


def _greek_prefix_hit(tokens: Tokens, i: int, genes: GeneVocabulary):
    """A Greek word joined to a symbol whose alias carries it at the end: "alpha-ENaC" is
    ENaCalpha (SCNN1A)."""
    greek = _GREEK_WORDS.get(tokens.lower[i])
    if greek is None or i + 1 >= len(tokens) or not tokens.compound_joined(i):
        return None
    key = tokens.words[i + 1].upper() + greek
    match = genes.lookup_key(key)
    return None if match is None else (2, key, match[0], _STEM_HOW)


def _gene_names(tokens: Tokens, genes: GeneVocabulary, symbols: list[Entity]) -> list[Entity]:
    """Full names and protein names ("adiponectin", "caspase 3") where no symbol matched."""
    taken = {e.start for e in symbols}
    words = tokens.words

    def name_ok(i: int, j: int, value: str) -> bool:
        return j - i > 1 or len(words[i]) > 3  # a three-letter name is a symbol ("Leu")

    return [
        _entity(tokens, i, j, "gene", value)
        for i, j, value in _phrases(tokens, genes.names, name_ok)
        if tokens.start(i) + tokens.offset not in taken
    ]
