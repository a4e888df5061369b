"""Brief assembly and the whole pipeline: the seed's exact expectations, offsets, robustness."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncobrief.models import Brief, EvidenceLevel, SourceError
from oncobrief.pipeline import brief_from_file, brief_from_source
from oncobrief.reading import read_source, source_from_text
from oncobrief.settings import Settings
from tests.core.conftest import NEWS_DEV

BOILERPLATE_MARKS = ("cookies", "Privacy Policy", "Disclosure:", "browse this site")


def verbatim_items(brief: Brief) -> list[tuple[str, int, int]]:
    items = [(s.text, s.start, s.end) for s in brief.summary + brief.findings]
    items += [(q.text, q.start, q.end) for q in brief.quotes]
    items += [(e.text, e.start, e.end) for e in brief.entities]
    items += [(lim.text, lim.start, lim.end) for lim in brief.limitations if not lim.generated]
    if brief.evidence.basis:
        basis = brief.evidence.basis
        items.append((basis.text, basis.start, basis.end))
    return items


def assert_offsets_exact(brief: Brief, text: str) -> None:
    for item_text, start, end in verbatim_items(brief):
        assert start is not None and end is not None
        assert text[start:end] == item_text


@pytest.fixture(scope="module")
def seed_brief(seed_path: Path) -> Brief:
    return brief_from_file(seed_path, Settings())


def test_seed_attribution(seed_brief: Brief) -> None:
    assert seed_brief.title == (
        "Brain Metastasis Model of NTRK-Rearranged Tumors: Focus on Treatment Resistance"
    )
    attribution = seed_brief.attribution
    assert attribution.authors == ["Kayci Reyer"]
    assert attribution.posted is not None and attribution.posted.isoformat() == "2022-06-28"
    assert attribution.journal == "Cancer Science"
    assert attribution.site_editors == ["Alexander Drilon", "Gregory J. Riely"]
    assert [i.name for i in attribution.investigators] == ["Seiji Yano"]
    assert attribution.investigators[0].affiliation in (
        "Kanazawa University",
        "Kanazawa University, Japan",
    )
    assert attribution.source_file and attribution.source_file.endswith("000_2ff37f2944dc5c1f.txt")


def test_seed_id_and_schema(seed_brief: Brief, seed_path: Path) -> None:
    source = source_from_text(seed_path.read_text("utf-8"), seed_path)
    assert seed_brief.id == source.sha256[:12]
    assert len(seed_brief.id) == 12
    assert seed_brief.schema_version == "1.0"


def test_seed_evidence_and_limitations(seed_brief: Brief) -> None:
    assert seed_brief.evidence.level.is_preclinical
    assert seed_brief.limitations_stated
    stated = [lim.text for lim in seed_brief.limitations if not lim.generated]
    assert any("only M3B cells were analyzed" in t for t in stated)
    assert any(t.startswith("As NTRK-rearranged cancer is a rare disease") for t in stated)
    assert any(t.startswith("Further experiments with other NTRK1-rearranged") for t in stated)
    generated = [lim for lim in seed_brief.limitations if lim.generated]
    assert len(generated) == 1 and generated[0].start is None
    assert generated[0].text.startswith("OncoBrief note:")
    assert "animal" in generated[0].text


def test_seed_summary_and_findings(seed_brief: Brief, seed_text: str) -> None:
    assert 1 <= len(seed_brief.summary) <= 3
    assert seed_brief.summary[0].text.startswith(
        "According to research presented in Cancer Science"
    )
    starts = [s.start for s in seed_brief.summary]
    assert starts == sorted(starts)
    assert 1 <= len(seed_brief.findings) <= 5
    finding_texts = [f.text for f in seed_brief.findings]
    assert any("were resistant to repotrectinib" in t for t in finding_texts)
    assert not set(finding_texts) & {s.text for s in seed_brief.summary}
    for text, _, _ in verbatim_items(seed_brief):
        assert not any(mark in text for mark in BOILERPLATE_MARKS)
    assert_offsets_exact(seed_brief, seed_text)


def test_seed_entities_when_the_extractor_exists(seed_brief: Brief) -> None:
    try:
        from oncobrief.entities import extract_entities  # noqa: F401
    except ImportError:
        pytest.skip("entities.extract_entities is not in this tree yet")
    assert {"repotrectinib", "entrectinib"} <= set(seed_brief.drugs)
    assert {"EGFR inhibitor", "MEK inhibitor"} <= set(seed_brief.drug_classes)
    assert {"NTRK1", "EGFR"} <= set(seed_brief.genes)
    assert "NTRK1 p.G595R" in seed_brief.alterations
    assert any("NTRK-GF95R" in w for w in seed_brief.warnings)


ARTICLE = """Phase 3 Trial Title For A Test

By: Test Writer
Posted: Monday, March 6, 2023

{body}
"""


def test_article_without_limitations_gets_none_stated_and_a_caveat() -> None:
    body = (
        "In a phase 3 trial published in The Lancet Oncology, the drug improved overall survival "
        "to 24 months from 18 months.\n\nThe hazard ratio was 0.70 for the 600 patients treated."
    )
    brief = brief_from_source(source_from_text(ARTICLE.format(body=body), "p3.txt"), Settings())
    assert brief.evidence.level is EvidenceLevel.PHASE_3
    assert not brief.limitations_stated
    assert len(brief.limitations) == 1 and brief.limitations[0].generated
    assert "phase 3" in brief.limitations[0].text
    assert brief.attribution.journal == "The Lancet Oncology"


def test_settings_limit_summary_and_findings(seed_path: Path) -> None:
    brief = brief_from_file(seed_path, Settings(summary_sentences=1, max_findings=1))
    assert len(brief.summary) == 1 and len(brief.findings) == 1


def test_unreadable_file_raises_source_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(SourceError):
        brief_from_file(empty, Settings())
    with pytest.raises(SourceError):
        brief_from_file(tmp_path / "missing.txt", Settings())


_WORDS = st.sampled_from(
    [
        "the",
        "drug",
        "limitations",
        "only",
        "cells",
        "were",
        "analyzed",
        "phase",
        "3",
        "40%",
        "said",
        "Dr.",
        "Smith",
        "MD,",
        "PhD,",
        "of",
        "Yale",
        "University",
        "mice",
        "in",
        "vitro",
        "“quoted",
        "words”",
        '"straight',
        'quote"',
        "retrospective",
        "e.g.",
        "vs.",
        "NTRK1-G595R",
        "could",
        "not",
        "unable",
        "to",
        "published",
        "Cancer",
        "Science",
        "...",
        ";",
        ":",
        "—",
    ]
)
_SENTENCES = st.lists(_WORDS, min_size=1, max_size=25).map(lambda ws: " ".join(ws) + ".")
_PARAGRAPHS = st.lists(_SENTENCES, min_size=1, max_size=5).map(" ".join)
_BODIES = st.lists(_PARAGRAPHS, min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_BODIES, crlf=st.booleans())
def test_any_parsed_text_yields_exact_offsets(body: str, crlf: bool) -> None:
    text = ARTICLE.format(body=body)
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        source = source_from_text(text, "generated.txt")
    except SourceError:
        return
    brief = brief_from_source(source, Settings())
    assert_offsets_exact(brief, source.text)
    assert len(brief.summary) <= 3 and len(brief.findings) <= 5


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=400))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        source = source_from_text(text, "random.txt")
    except SourceError:
        return
    brief = brief_from_source(source, Settings())
    assert_offsets_exact(brief, source.text)


@pytest.mark.skipif(not NEWS_DEV.is_dir(), reason="dev corpus not present")
def test_news_dev_corpus_loads_with_exact_offsets() -> None:
    files = sorted(NEWS_DEV.glob("*.txt"))
    assert files
    for path in files:
        brief = brief_from_file(path, Settings())
        text = read_source(path).text
        assert_offsets_exact(brief, text)
        assert brief.limitations and brief.limitations[-1].generated
        for item_text, _, _ in verbatim_items(brief):
            assert "cookies" not in item_text
