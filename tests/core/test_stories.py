"""The same study reported by several outlets is one story: grouping, collapsing, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from oncobrief.cli import app
from oncobrief.ingest.dedupe import merge_stories
from oncobrief.library import Lookup
from oncobrief.models import Attribution, Brief, Investigator
from oncobrief.pipeline import brief_from_file
from oncobrief.render import Renderer
from oncobrief.settings import Settings
from oncobrief.stories import (
    collapse_lookup,
    collapse_stories,
    find_stories,
    group_stories,
    same_study,
)
from tests.core.story_fixtures import write_story_articles

runner = CliRunner()


@pytest.fixture(scope="module")
def story_files(tmp_path_factory) -> dict[str, Path]:
    return write_story_articles(tmp_path_factory.mktemp("stories"), other_journal=True)


@pytest.fixture(scope="module")
def briefs(story_files) -> dict[str, Brief]:
    config = Settings(_env_file=None, cache_enabled=False)
    return {name: brief_from_file(path, config) for name, path in story_files.items()}


def test_two_outlets_same_study_but_another_journal_never_merges(briefs):
    wire, daily = briefs["wire"], briefs["daily"]
    assert wire.attribution.outlet == "Oncology Wire"
    assert daily.attribution.outlet == "Cancer Daily News"
    assert same_study(wire, daily)
    assert not same_study(wire, briefs["unrelated"])
    # Same investigator, drug, alteration and week, but another journal: another paper.
    assert not same_study(wire, briefs["other_journal"])
    assert not same_study(daily, briefs["other_journal"])
    groups = group_stories([briefs[k] for k in ("daily", "unrelated", "other_journal", "wire")])
    assert [[b.attribution.outlet for b in g] for g in groups] == [
        ["Cancer Daily News", "Oncology Wire"],
        ["Survivorship Today"],
        ["Lung Cancer Report"],
    ]


def test_collapse_keeps_the_most_complete_report_in_its_place_with_the_others_as_sources(briefs):
    window = [briefs["unrelated"], briefs["daily"], briefs["other_journal"], briefs["wire"]]
    collapsed = collapse_stories(window)
    assert [b.attribution.outlet for b in collapsed] == [
        "Survivorship Today",
        "Lung Cancer Report",
        "Oncology Wire",  # the fuller report stands for the story, where it stood
    ]
    story = collapsed[-1]
    assert story.id == briefs["wire"].id and story.findings == briefs["wire"].findings
    assert story.sources == [briefs["daily"].attribution]
    assert all(b.sources == [] for b in collapsed[:2])
    assert collapse_stories(window, limit=2) == collapsed[:2]
    (only,) = find_stories([briefs["daily"], briefs["wire"]])
    assert only.ids == (briefs["wire"].id, briefs["daily"].id)


def test_collapsed_lookup_counts_stories_and_keeps_scores(briefs):
    window = [briefs["wire"], briefs["other_journal"], briefs["daily"]]
    lookup = Lookup(kind="search", query="selpercatinib", briefs=window, scores=[3.0, 2.0, 1.0])
    collapsed = collapse_lookup(lookup.model_copy(update={"total": 3}), limit=5)
    assert [b.id for b in collapsed.briefs] == [briefs["wire"].id, briefs["other_journal"].id]
    assert collapsed.scores == [3.0, 2.0]
    assert collapsed.total == 2
    assert collapse_lookup(lookup, limit=1).briefs == collapsed.briefs[:1]


def test_templates_list_other_sources_but_never_the_brief_itself(briefs):
    # merge_stories (ingest) lists every report, the lead's own included.
    merged = merge_stories([briefs["wire"], briefs["daily"]])
    (story,) = merged
    assert len(story.sources) == 2
    renderer = Renderer()
    for name in ("brief.txt.j2", "brief.md.j2"):
        text = renderer.render(name, brief=story)
        assert "Also reported by: Cancer Daily News (2022-06-29)" in text
        assert "Also reported by: Oncology Wire" not in text
    plain = renderer.render("brief.txt.j2", brief=briefs["unrelated"])
    assert "Also reported by" not in plain


# --- the grouping is exact: the same groups as comparing every pair --------------------------


def _made_up(index: int, journal, surname, drugs, day) -> Brief:
    return Brief(
        id=f"{index:04d}",
        title=None,
        attribution=Attribution(
            outlet=f"Outlet {index}",
            journal=journal,
            investigators=[Investigator(name=f"Ann {surname}")] if surname else [],
            posted=dt.date(2024, 1, 1) + dt.timedelta(days=day) if day is not None else None,
        ),
        limitations_stated=False,
        drugs=sorted(drugs),
    )


def _every_pair(briefs: list[Brief]) -> list[list[str]]:
    parent = list(range(len(briefs)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(briefs)):
        for j in range(i + 1, len(briefs)):
            if same_study(briefs[i], briefs[j]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[str]] = {}
    for i, brief in enumerate(briefs):
        groups.setdefault(root(i), []).append(brief.id)
    return list(groups.values())


brief_specs = st.tuples(
    st.sampled_from([None, "JCO", "Lancet", "jco "]),
    st.sampled_from([None, "Yano", "Lee", "Park"]),
    st.sets(st.sampled_from(["a", "b", "c", "d"]), max_size=3),
    st.one_of(st.none(), st.integers(0, 60)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(brief_specs, max_size=12))
def test_grouping_equals_comparing_every_pair(specs):
    briefs = [_made_up(i, *spec) for i, spec in enumerate(specs)]
    assert [[b.id for b in g] for g in group_stories(briefs)] == _every_pair(briefs)


# --- the CLI --------------------------------------------------------------------------------


def cli(folder: Path, tmp_path: Path, *args: str):
    env = {"ONCOBRIEF_DATA_DIR": str(tmp_path / "data"), "ONCOBRIEF_CACHE_ENABLED": "false"}
    result = runner.invoke(app, ["--seeds", str(folder), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def seeds(tmp_path) -> Path:
    write_story_articles(tmp_path / "seeds")
    return tmp_path / "seeds"


def test_latest_shows_one_story_listing_both_outlets(seeds, tmp_path):
    out = cli(seeds, tmp_path, "latest")
    assert out.count("Selpercatinib Keeps RET Fusion") == 1
    assert "RET Inhibitor Shows Lasting Benefit" not in out  # the other report is a source
    assert "Exercise After Breast Cancer" in out
    assert "| Oncology Wire" in out
    assert "Also reported by: Cancer Daily News (2022-06-29)" in out
    assert len([line for line in out.splitlines() if line[:4] == "2022"]) == 2  # two stories
    markdown = cli(seeds, tmp_path, "-f", "markdown", "latest")
    assert "Also reported by: Cancer Daily News (2022-06-29)" in markdown
    # Two stories exist: asking for two still gets both although three files are loaded.
    two = json.loads(cli(seeds, tmp_path, "-f", "json", "latest", "-n", "2"))
    assert [[s["outlet"] for s in b["sources"]] for b in two] == [[], ["Cancer Daily News"]]


def test_json_output_fills_sources(seeds, tmp_path):
    listed = json.loads(cli(seeds, tmp_path, "-f", "json", "latest"))
    assert len(listed) == 2
    story = next(b for b in listed if b["sources"])
    assert story["attribution"]["outlet"] == "Oncology Wire"
    assert [s["outlet"] for s in story["sources"]] == ["Cancer Daily News"]
    assert story["sources"][0]["posted"] == "2022-06-29"
    assert next(b for b in listed if not b["sources"])["attribution"]["journal"] == "JAMA Oncology"


@pytest.mark.parametrize(
    "args",
    [("drug", "selpercatinib"), ("gene", "RET"), ("search", "selpercatinib lung"), ("list",)],
)
def test_every_list_shows_the_story_once(seeds, tmp_path, args):
    briefs = json.loads(cli(seeds, tmp_path, "-f", "json", *args))
    stories = [b for b in briefs if "RET" in (b["title"] or "") or "Selpercatinib" in b["title"]]
    assert len(stories) == 1
    assert [s["outlet"] for s in stories[0]["sources"]] == ["Cancer Daily News"]
    full = cli(seeds, tmp_path, *args, "--full") if args != ("list",) else ""
    if full:
        assert "Also reported by: Cancer Daily News (2022-06-29)" in full


def test_two_journals_stay_two_stories_in_the_cli(tmp_path):
    write_story_articles(tmp_path / "seeds", other_journal=True)
    listed = json.loads(cli(tmp_path / "seeds", tmp_path, "-f", "json", "drug", "selpercatinib"))
    assert sorted(b["attribution"]["journal"] for b in listed) == [
        "Annals of Oncology",
        "Journal of Thoracic Oncology",
    ]


def test_show_of_either_report_names_the_other(seeds, tmp_path):
    config = Settings(_env_file=None, cache_enabled=False)
    wire, daily = (brief_from_file(path, config) for path in sorted(seeds.iterdir())[:2])
    shown = json.loads(cli(seeds, tmp_path, "-f", "json", "show", wire.id[:10]))
    assert [s["outlet"] for s in shown["sources"]] == ["Cancer Daily News"]
    # The report merged into the story stays reachable by its id, naming the other outlet.
    text = cli(seeds, tmp_path, "show", daily.id)
    assert text.startswith("RET Inhibitor Shows Lasting Benefit")
    assert "Also reported by: Oncology Wire (2022-06-28)" in text
