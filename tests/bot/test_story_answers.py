"""/brief answers show the same study from several outlets as one page listing every source
(the answer logic with the core directly, and the embed it becomes)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.exts.briefs.answers import BriefAnswers
from bot.utils.embeds import LIMITS, BriefEmbeds
from oncobrief.library import Library
from oncobrief.models import Attribution
from oncobrief.pipeline import brief_from_file
from oncobrief.render import Renderer
from oncobrief.settings import Settings
from tests.core.story_fixtures import write_story_articles


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    config = Settings(_env_file=None, cache_enabled=False)
    files = write_story_articles(tmp_path_factory.mktemp("stories"), other_journal=True)
    library = Library(settings=config)
    for path in files.values():
        library.add(brief_from_file(path, config))
    return library


@pytest.fixture(scope="module")
def answers(library) -> BriefAnswers:
    return BriefAnswers(library, Renderer())


def outlets(answer) -> list[tuple[str | None, list[str | None]]]:
    return [(b.attribution.outlet, [s.outlet for s in b.sources]) for b in answer.briefs]


def test_latest_gives_one_page_per_story(answers):
    answer = answers.latest(5)
    assert outlets(answer) == [
        ("Survivorship Today", []),
        ("Lung Cancer Report", []),  # same investigator and drug, another journal
        ("Oncology Wire", ["Cancer Daily News"]),  # the story, dated by the report shown
    ]
    dates = [b.attribution.posted for b in answer.briefs]
    assert dates == sorted(dates, reverse=True)
    assert answer.heading.startswith("The 3 newest briefs (3 loaded)")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_short_page_never_shows_a_report_without_its_story(answers, count):
    answer = answers.latest(count)
    assert len(answer.briefs) == count
    assert ("Cancer Daily News", []) not in outlets(answer)


@pytest.mark.parametrize("ask", [lambda a: a.drug("selpercatinib"), lambda a: a.gene("RET")])
def test_drug_and_gene_pages_list_the_story_once(answers, ask):
    answer = ask(answers)
    assert outlets(answer) == [
        ("Lung Cancer Report", []),
        ("Oncology Wire", ["Cancer Daily News"]),
    ]
    assert answer.heading.startswith("2 briefs")


def test_search_gives_the_story_one_page(answers):
    found = outlets(answers.search("Selpercatinib RET fusion lung"))
    assert ("Oncology Wire", ["Cancer Daily News"]) in found
    assert all(outlet != "Cancer Daily News" for outlet, _ in found)


def test_the_story_embed_names_every_source_within_limits(answers):
    embeds = BriefEmbeds(Renderer())
    story = answers.drug("selpercatinib").briefs[1]
    footer = embeds.embed(story).footer.text
    assert footer.startswith("Oncology Wire · By Jordan Hale · 28 Jun 2022")
    assert "Also reported by: Cancer Daily News (29 Jun 2022)" in footer
    assert footer.endswith(f"brief {story.id}")
    assert "Cancer Daily News (29 Jun 2022)" in embeds.full_text(story)


def test_many_sources_never_push_the_attribution_out_of_the_footer(answers):
    embeds = BriefEmbeds(Renderer())
    story = answers.drug("selpercatinib").briefs[1]
    many = [
        Attribution(outlet=f"Regional Outlet Number {i} " * 3, posted=dt.date(2022, 6, 29))
        for i in range(120)
    ]
    crowded = story.model_copy(update={"sources": many})
    embed = embeds.embed(crowded)
    footer = embed.footer.text
    assert len(footer) <= LIMITS.footer and len(embed) <= LIMITS.total
    assert footer.startswith("Oncology Wire · By Jordan Hale · 28 Jun 2022")
    assert footer.endswith(f"brief {story.id}")  # nothing cut: whole names, then "+N more"
    assert "Regional Outlet Number 0" in footer and "more · brief" in footer


def test_show_by_id_names_the_other_outlet(answers, library):
    daily = next(b for b in library if b.attribution.outlet == "Cancer Daily News")
    (shown,) = answers.show(daily.id).briefs
    assert shown.id == daily.id
    assert [s.outlet for s in shown.sources] == ["Oncology Wire"]
    unrelated = next(b for b in library if b.attribution.outlet == "Survivorship Today")
    assert answers.show(unrelated.id).briefs[0].sources == []
