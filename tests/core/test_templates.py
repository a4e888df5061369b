"""Templates: rendered briefs (snapshots), honesty of the limitations section, overrides, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from oncobrief.models import (
    Attribution,
    Brief,
    Entity,
    Evidence,
    EvidenceLevel,
    Investigator,
    Limitation,
    Span,
    Statement,
)
from oncobrief.render import Renderer, TemplateError

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2ff37f2944dc5c1f.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
CAVEAT = (
    "OncoBrief note: these results come from laboratory and animal models; "
    "they have not been shown in patients."
)


def verbatim(text: str, model: type, **fields: object):
    """A span of the seed with its real offsets."""
    start = SEED_TEXT.index(text)
    return model(text=text, start=start, end=start + len(text), **fields)


def hand_built_seed_brief() -> Brief:
    """The seed's brief built by hand, so template snapshots do not move with the pipeline."""
    return Brief(
        id="2ff37f2944dc5c1f",
        title="Brain Metastasis Model of NTRK-Rearranged Tumors: Focus on Treatment Resistance",
        attribution=Attribution(
            authors=["Kayci Reyer"],
            posted=dt.date(2022, 6, 28),
            journal="Cancer Science",
            investigators=[
                Investigator(
                    name="Seiji Yano",
                    credentials="MD, PhD",
                    affiliation="Kanazawa University, Japan",
                )
            ],
            site_editors=["Alexander Drilon, MD", "Gregory J. Riely, MD, PhD"],
            source_file="seeds/000_2ff37f2944dc5c1f.txt",
        ),
        evidence=Evidence(
            level=EvidenceLevel.PRECLINICAL_IN_VIVO,
            basis=verbatim("The study used a brain metastasis model that included M3B", Span),
        ),
        summary=[
            verbatim(
                "According to research presented in Cancer Science, resistance to "
                "second-generation TRK inhibitors such as repotrectinib may be triggered by "
                "resistant mutations plus alternative pathway activation in patients with NTRK "
                "gene fusion.",
                Statement,
            )
        ],
        findings=[
            verbatim(
                "Contrary to expectations, M3B cells that contained an NTRK1-G595R mutation "
                "were resistant to repotrectinib.",
                Statement,
            )
        ],
        limitations=[
            verbatim(
                "only M3B cells were analyzed as TRK inhibitor–resistant NTRK1-rearranged tumor "
                "cells.",
                Limitation,
            ),
            Limitation(text=CAVEAT, generated=True),
        ],
        limitations_stated=True,
        drugs=["repotrectinib", "entrectinib"],
        drug_classes=["TRK inhibitor", "EGFR inhibitor", "MEK inhibitor"],
        genes=["NTRK1", "EGFR"],
        alterations=["NTRK1 p.G595R"],
        cancer_types=[],
        entities=[
            verbatim("repotrectinib", Entity, kind="drug", canonical="repotrectinib"),
        ],
        quotes=[],
        warnings=["'NTRK-GF95R' looks like a typo of 'NTRK1-G595R'; left as written"],
    )


@pytest.fixture
def renderer() -> Renderer:
    return Renderer()


def test_hand_built_brief_is_faithful_to_the_seed() -> None:
    brief = hand_built_seed_brief()
    for item in [*brief.summary, *brief.findings, brief.evidence.basis]:
        assert SEED_TEXT[item.start : item.end] == item.text


def test_brief_text_snapshot(renderer: Renderer, snapshot) -> None:
    assert renderer.render("brief.txt.j2", brief=hand_built_seed_brief()) == snapshot


def test_brief_markdown_snapshot(renderer: Renderer, snapshot) -> None:
    assert renderer.render("brief.md.j2", brief=hand_built_seed_brief()) == snapshot


@pytest.mark.parametrize("template", ["brief.txt.j2", "brief.md.j2"])
def test_limitations_are_never_dropped(renderer: Renderer, template: str) -> None:
    brief = hand_built_seed_brief()
    shown = renderer.render(template, brief=brief)
    assert "“only M3B cells were analyzed as TRK inhibitor–resistant" in shown  # quoted, verbatim
    assert "OncoBrief note: these results come from laboratory and animal models" in shown
    assert "OncoBrief note: OncoBrief note" not in shown
    assert "PRECLINICAL" in shown
    assert "No limitations stated by the source." not in shown

    caveat_only = brief.model_copy(
        update={"limitations": [brief.limitations[1]], "limitations_stated": False}
    )
    shown = renderer.render(template, brief=caveat_only)
    assert "No limitations stated by the source." in shown
    assert "OncoBrief note: these results come from laboratory and animal models" in shown


def test_clinical_brief_is_not_marked_preclinical(renderer: Renderer) -> None:
    brief = hand_built_seed_brief()
    phase3 = brief.model_copy(update={"evidence": Evidence(level=EvidenceLevel.PHASE_3)})
    shown = renderer.render("brief.txt.j2", brief=phase3)
    assert "Evidence: Phase 3 trial" in shown
    assert "PRECLINICAL" not in shown


def test_markdown_escapes_article_text(renderer: Renderer) -> None:
    brief = hand_built_seed_brief()
    odd = brief.model_copy(update={"title": "Dose *up* to 5 mg_kg [see] `code`"})
    shown = renderer.render("brief.md.j2", brief=odd)
    assert r"Dose \*up\* to 5 mg\_kg \[see\] \`code\`" in shown


def test_missing_attribution_reads_as_not_stated(renderer: Renderer) -> None:
    bare = hand_built_seed_brief().model_copy(update={"attribution": Attribution(), "title": None})
    shown = renderer.render("brief.txt.j2", brief=bare)
    assert "Author not stated | Date not stated" in shown
    assert "(no title found)" in shown


def test_lists_and_not_found(renderer: Renderer) -> None:
    brief = hand_built_seed_brief()
    listed = renderer.render("list.txt.j2", heading="Latest", briefs=[brief], scores=[], total=3)
    assert "Latest (showing 1 of 3)" in listed
    assert "2022-06-28  2ff37f2944dc  Brain Metastasis Model" in listed
    listed_md = renderer.render("list.md.j2", heading="Hits", briefs=[brief], scores=[2.5], total=1)
    assert "score 2.50" in listed_md
    missing = renderer.render(
        "not_found.txt.j2",
        kind="drug",
        query="repotrectinb",
        canonical=None,
        suggestions=["repotrectinib"],
    )
    assert missing.splitlines() == [
        "No brief mentions the drug “repotrectinb”.",
        "Did you mean: repotrectinib?",
    ]


def test_override_folder_replaces_one_template_and_the_rest_fall_back(tmp_path: Path) -> None:
    (tmp_path / "brief.txt.j2").write_text("CUSTOM {{ brief.title }}\n", encoding="utf-8")
    renderer = Renderer(override=tmp_path)
    brief = hand_built_seed_brief()
    assert renderer.render("brief.txt.j2", brief=brief) == f"CUSTOM {brief.title}"
    assert "### Summary (verbatim from the article)" in renderer.render("brief.md.j2", brief=brief)


def test_broken_template_error_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "brief.txt.j2").write_text("line one\nline two\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"brief\.txt\.j2.*line 3"):
        Renderer(override=tmp_path).render("brief.txt.j2", brief=hand_built_seed_brief())


def test_runtime_template_error_names_template_and_line(tmp_path: Path) -> None:
    (tmp_path / "brief.txt.j2").write_text("ok\n{{ brief.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"brief\.txt\.j2.*line 2"):
        Renderer(override=tmp_path).render("brief.txt.j2", brief=hand_built_seed_brief())


# --- the real seed through the real pipeline ------------------------------------------------


@pytest.fixture(scope="module")
def seed_brief() -> Brief:
    from oncobrief.pipeline import brief_from_file

    brief = brief_from_file(SEED)
    # The snapshot must not depend on where the checkout lives.
    where = brief.attribution.model_copy(update={"source_file": "seeds/" + SEED.name})
    return brief.model_copy(update={"attribution": where})


@pytest.mark.parametrize("template", ["brief.txt.j2", "brief.md.j2"])
def test_seed_brief_snapshot(
    renderer: Renderer, seed_brief: Brief, template: str, snapshot
) -> None:
    """The seed as users see it. After a deliberate pipeline change, review the diff and
    update with ``pytest --snapshot-update``."""
    assert renderer.render(template, brief=seed_brief) == snapshot


@pytest.mark.parametrize("template", ["brief.txt.j2", "brief.md.j2"])
def test_seed_brief_shows_what_the_source_says_and_nothing_else(
    renderer: Renderer, seed_brief: Brief, template: str
) -> None:
    shown = renderer.render(template, brief=seed_brief)
    assert "Brain Metastasis Model of NTRK" in shown
    assert "Kayci Reyer" in shown and "2022-06-28" in shown and "Cancer Science" in shown
    assert "Seiji Yano" in shown and "Kanazawa University" in shown
    assert "PRECLINICAL" in shown
    assert "only M3B cells were analyzed" in shown
    assert "we were unable to obtain other native tumor cell lines" in shown
    assert "OncoBrief note:" in shown
    assert "repotrectinib" in shown and "NTRK1 p.G595R" in shown
    assert "NTRK-GF95R" in shown  # the typo warning
    for boilerplate in ("cookies", "Privacy Policy", "For full disclosures"):
        assert boilerplate not in shown


def test_sources_and_check_reports(renderer: Renderer) -> None:
    from oncobrief.library import SourcesSummary
    from oncobrief.models import LoadError

    summary = SourcesSummary(
        folder="seeds",
        count=2,
        files=3,
        newest=dt.date(2024, 5, 1),
        errors=[LoadError(origin="seeds/bad.txt", reason="file is empty")],
    )
    sources = renderer.render("sources.txt.j2", summary=summary).splitlines()
    assert sources == [
        "2 briefs from 3 files in seeds",
        "Newest: 2024-05-01",
        "1 file could not be loaded:",
        "  - seeds/bad.txt: file is empty",
    ]
    check = renderer.render("check.txt.j2", summary=summary).splitlines()
    assert check[0] == "Checked 3 files in seeds: 2 briefs loaded, 1 failed."
    assert check[1] == "  FAILED seeds/bad.txt: file is empty"
