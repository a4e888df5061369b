"""Entity extraction quality and speed on the dev corpora (BioRED, tmVar), beside plain
dictionary-lookup baselines.

    python -m benchmarks.entities [--corpus DIR] [--errors drug|gene|variant] [--limit N]

Span overlap: a prediction is correct when it overlaps a gold mention, a gold mention is found
when a prediction overlaps it. Genes: GeneOrGeneProduct. Variants: BioRED SequenceVariant, tmVar
ProteinMutation (our substitution/deletion/other alterations).

What counts as a drug (BioRED labels every chemical): a ChemicalEntity *concept* (MeSH id) is a
drug when at least one of its mentions in the corpus is a name that the drug library lists with
a DrugBank or MedlinePlus id (a medicine, not a metabolite); recall is measured on every mention
of those concepts, abbreviations included ("5-FU", "DOX", "STZ"). A predicted drug is correct
when it overlaps any ChemicalEntity. (The library's own ``mesh_id`` field covers mostly
MeSH-only chemicals such as ATP and creatinine, so it cannot define drugs.)
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from oncobrief.evaluation.corpus import find_corpus, read_jsonl
from oncobrief.evaluation.entities_eval import _drug_dictionary
from oncobrief.evaluation.metrics import Score, span_score

Spans = dict[str, list[tuple[int, int]]]
_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^\W+|\W+$")
_PLAIN_VARIANT = re.compile(r"\b[ACDEFGHIKLMNPQRSTVWY]\d{1,5}[ACDEFGHIKLMNPQRSTVWY]\b")


def ours(text: str) -> Spans:
    from oncobrief.entities import extract_from_text

    spans: Spans = {"drug": [], "gene": [], "variant": []}
    for e in extract_from_text(text):
        if e.kind == "drug":
            spans["drug"].append((e.start, e.end))
        elif e.kind == "gene":
            spans["gene"].append((e.start, e.end))
        elif (
            e.kind == "alteration"
            and "exon" not in e.canonical
            and e.alteration_type
            in {
                "substitution",
                "deletion",
                "other",
            }
        ):
            spans["variant"].append((e.start, e.end))
    return spans


def baseline(text: str) -> Spans:
    """The drug library's own find_drugs on whitespace tokens; gene symbols looked up exactly
    as written; one-letter substitutions by a plain regex."""
    from drug_named_entity_recognition import find_drugs

    from oncobrief.vocab.genes import gene_vocabulary

    tokens, spans = [], []
    for m in _TOKEN.finditer(text):
        word = _EDGE.sub("", m.group())
        if word:
            start = m.start() + m.group().index(word)
            tokens.append(word)
            spans.append((start, start + len(word)))
    result: Spans = {"drug": [], "gene": [], "variant": []}
    for _data, first, last in find_drugs(tokens):
        result["drug"].append((spans[first][0], spans[last - 1][1]))
    symbols = gene_vocabulary().symbols
    result["gene"] = [s for t, s in zip(tokens, spans, strict=True) if symbols.get(t) == t]
    result["variant"] = [m.span() for m in _PLAIN_VARIANT.finditer(text)]
    return result


def gold(doc: dict, dataset: str) -> dict[str, tuple[list, list]]:
    """kind -> (recall gold, precision gold)."""

    def of(*types: str) -> list[tuple[int, int]]:
        return [(m["start"], m["end"]) for m in doc["mentions"] if m["type"] in types]

    if dataset == "tmvar":
        return {"variant": (of("ProteinMutation"), of("ProteinMutation", "DNAMutation", "SNP"))}
    concepts = DRUG_CONCEPTS
    drugs = [
        (m["start"], m["end"])
        for m in doc["mentions"]
        if m["type"] == "ChemicalEntity" and m.get("id") in concepts
    ]
    chemicals = of("ChemicalEntity")
    genes = of("GeneOrGeneProduct")
    variants = of("SequenceVariant")
    return {"drug": (drugs, chemicals), "gene": (genes, genes), "variant": (variants, variants)}


DRUG_CONCEPTS: set[str] = set()


def drug_concepts(docs: list[dict]) -> set[str]:
    library = _drug_dictionary()
    variants, info = library["drug_variant_to_canonical"], library["drug_canonical_to_data"]
    concepts = set()
    for doc in docs:
        for m in doc["mentions"]:
            canonicals = variants.get(m["text"].lower()) if m["type"] == "ChemicalEntity" else None
            data = info.get(canonicals[0], {}) if canonicals else {}
            if data.get("drugbank_id") or data.get("medline_plus_id"):
                concepts.add(m["id"])
    concepts.discard("-")
    return concepts


def evaluate(docs: list[dict], dataset: str, predict, errors: str | None = None):
    scores: dict[str, Score] = {}
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    seconds = 0.0
    for doc in docs:
        text = doc["text"]
        started = time.process_time()  # CPU time: steadier than wall time on a busy machine
        predicted = predict(text)
        seconds += time.process_time() - started
        for kind, (recall_gold, precision_gold) in gold(doc, dataset).items():
            score = span_score(predicted[kind], recall_gold, precision_gold=precision_gold)
            scores.setdefault(kind, Score())
            scores[kind] += score
            if kind == errors:
                for g in recall_gold:
                    if not any(p[0] < g[1] and g[0] < p[1] for p in predicted[kind]):
                        missed[text[g[0] : g[1]]] += 1
                for p in predicted[kind]:
                    if not any(p[0] < g[1] and g[0] < p[1] for g in precision_gold):
                        wrong[text[p[0] : p[1]]] += 1
    return scores, seconds, missed, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--errors", choices=["drug", "gene", "variant"])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    corpus = find_corpus(args.corpus)
    if corpus is None:
        print("corpus not found: nothing to measure")
        return
    from oncobrief.vocab import drug_vocabulary, gene_vocabulary
    from oncobrief.vocab.diseases import cancer_vocabulary

    started = time.perf_counter()
    drug_vocabulary(), gene_vocabulary(), cancer_vocabulary()
    print(f"vocabularies loaded in {time.perf_counter() - started:.2f} s")
    print(
        f"{'dataset':8} {'kind':8} {'method':10} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}"
    )
    for dataset, filename in (("biored", "biored-dev.jsonl"), ("tmvar", "tmvar-dev.jsonl")):
        path = corpus / filename
        if not path.exists():
            continue
        docs = list(read_jsonl(path))[: args.limit or None]
        if dataset == "biored":
            DRUG_CONCEPTS.update(drug_concepts(docs))
        words = sum(len(d["text"].split()) for d in docs)
        for name, predict in (("oncobrief", ours), ("baseline", baseline)):
            scores, seconds, missed, wrong = evaluate(docs, dataset, predict, args.errors)
            for kind, s in scores.items():
                print(
                    f"{dataset:8} {kind:8} {name:10} {s.precision:6.3f} {s.recall:6.3f} "
                    f"{s.f1:6.3f} {s.pred_total:6} {s.gold_total:6}"
                )
            per_k = seconds / words * 1000 * 1000
            print(f"{dataset:8} {'speed':8} {name:10} {per_k:.2f} ms CPU per 1,000 words")
            if args.errors and name == "oncobrief":
                print("  missed:", missed.most_common(60))
                print("  wrong: ", wrong.most_common(60))


if __name__ == "__main__":
    main()
