"""What /brief answers, tested with the core library directly (no Discord)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.exts.briefs.answers import BriefAnswers
from bot.exts.briefs.health import source_health
from oncobrief.ingest.state import IngestState
from oncobrief.library import Library
from oncobrief.models import Brief, SourceError
from oncobrief.render import Renderer
from oncobrief.settings import Settings
from tests.bot.brief_samples import make_brief


def older_brief(day: int, drug: str, gene: str = "KRAS") -> Brief:
    return make_brief(
        title=f"Study {day} of {drug}",
        summary=[f"Investigators studied {drug} on day {day}."],
        drugs=[drug],
        drug_synonyms={},
        genes=[gene],
        alterations=[],
        posted=dt.date(2021, 1, day),
    )


@pytest.fixture
def library() -> Library:
    library = Library(settings=Settings())
    library.add(make_brief())  # the seed's story: repotrectinib (Augtyro), NTRK1, 2022-06-28
    for day in range(1, 13):
        library.add(older_brief(day, f"drug{day:02d}"))
    return library


@pytest.fixture
def answers(library) -> BriefAnswers:
    return BriefAnswers(library, Renderer())


def test_drug_by_generic_and_by_brand_finds_the_same_brief(answers, library):
    seed = library.latest(1)[0]
    by_generic = answers.drug("repotrectinib")
    by_brand = answers.drug("Augtyro")
    assert [b.id for b in by_generic.briefs] == [seed.id]
    assert [b.id for b in by_brand.briefs] == [seed.id]
    assert "**Augtyro** (repotrectinib)" in by_brand.heading
    assert by_generic.heading.startswith("1 brief mentioning **repotrectinib**")


def test_drug_in_the_autocomplete_display_form_is_accepted(answers):
    assert answers.drug("Augtyro (repotrectinib)").found


def test_unknown_drug_is_ephemeral_with_suggestions(answers):
    answer = answers.drug("repotrectinb")
    assert not answer.found and answer.ephemeral and not answer.briefs
    assert "No loaded brief mentions the drug **repotrectinb**" in answer.text
    assert "Did you mean: repotrectinib" in answer.text


def test_submitted_values_are_validated_again(answers):
    long = answers.drug("x" * 5000)
    assert not long.found and len(long.text) < 400
    assert not answers.drug("   ").found
    hostile = answers.drug("@everyone <@&1>")
    assert "@everyone" not in hostile.text and "<@&" not in hostile.text


def test_latest_count_is_clamped_and_newest_first(answers):
    assert len(answers.latest(0).briefs) == 1
    assert len(answers.latest(99).briefs) == 10
    assert len(answers.latest("not a number").briefs) == 5
    dates = [b.attribution.posted for b in answers.latest(10).briefs]
    assert dates == sorted(dates, reverse=True)
    assert answers.latest(3).heading == "The 3 newest briefs (13 loaded)"


def test_latest_on_an_empty_library_says_so(tmp_path):
    answer = BriefAnswers(Library(settings=Settings()), Renderer()).latest(5)
    assert not answer.found and "No briefs are loaded yet" in answer.text


def test_drug_autocomplete_offers_matches_with_their_generic(answers):
    choices = answers.drug_choices("repo")
    assert ("repotrectinib", "repotrectinib") in choices
    assert ("Augtyro (repotrectinib)", "Augtyro") in answers.drug_choices("aug")
    assert len(answers.drug_choices("")) <= 25
    assert all(len(shown) <= 100 and len(value) <= 100 for shown, value in choices)


def test_autocomplete_is_capped_at_25(library):
    for n in range(40):
        library.add(older_brief(1 + n % 28, f"drugx{n:02d}"))
    choices = BriefAnswers(library, Renderer()).drug_choices("drugx")
    assert len(choices) == 25


def test_gene_lookup_and_autocomplete(answers):
    answer = answers.gene("ntrk1")
    assert answer.found and answer.briefs[0].title.startswith("Brain Metastasis")
    assert ("NTRK1", "NTRK1") in answers.gene_choices("NTR")
    missing = answers.gene("NTRK9")
    assert not missing.found and "NTRK1" in missing.text


def test_show_by_id_prefix_and_title_autocomplete(answers, library):
    seed = library.latest(1)[0]
    assert answers.show(seed.id).briefs == [seed]
    assert answers.show(seed.id[:8]).briefs == [seed]
    choices = answers.brief_choices("brain meta")
    assert choices[0][1] == seed.id
    assert choices[0][0].endswith(" · 2022-06-28")
    assert not answers.show("ffffffffffff").found
    by_title = answers.show("brain metastasis model of ntrk-rearranged tumors")
    assert by_title.briefs == [seed]  # a title typed in full instead of picked
    near = answers.show("brain metastasis")
    assert not near.found and f"`{seed.id}` (Brain Metastasis Model" in near.text


def test_search_finds_and_not_found_is_ephemeral(answers):
    answer = answers.search("repotrectinib resistance")
    assert answer.found and answer.briefs[0].title.startswith("Brain Metastasis")
    assert "matching **repotrectinib resistance**" in answer.heading
    missing = answers.search("zzzqqq")
    assert not missing.found and missing.ephemeral


def test_sources_lists_count_folder_newest_and_failed_files(tmp_path):
    good = make_brief()
    (tmp_path / "good.txt").write_text("an article")
    (tmp_path / "empty.txt").write_text("")

    def parse(path: Path) -> Brief:
        if path.stat().st_size == 0:
            raise SourceError(path, "empty file")
        return good

    library = Library.load(tmp_path, Settings(), parser=parse)
    text = BriefAnswers(library, Renderer()).sources().text
    assert "Briefs loaded: **1** from 2 files" in text
    assert "Newest article: 2022-06-28" in text
    assert "Files that failed to load (1):" in text
    assert "empty.txt: empty file" in text
    assert "Ingest sources" not in text


def test_sources_shows_ingest_health_when_ingestion_is_set_up(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path)
    assert source_health(settings) is None  # nothing set up: nothing shown, nothing created
    assert not (tmp_path / "data").exists()
    settings.data_dir.mkdir()
    settings.resolved_sources_file.write_text(
        '[[feed]]\nurl = "https://good.example/feed"\noutlet = "Good News"\n'
        '[[page]]\nurl = "https://bad.example/a"\noutlet = "Bad @everyone"\n'
    )
    state = IngestState.in_data_dir(settings.data_dir)
    state.record_success("https://good.example/feed", "Good News", 3)
    state.record_error("https://bad.example/a", None, "HTTP 404 Not Found")
    state.close()
    library = Library(settings=settings)
    text = BriefAnswers(library, Renderer()).sources(source_health(settings)).text
    assert "Ingest sources (2):" in text
    assert "**ok** Good News <https://good.example/feed>" in text and "3 articles seen" in text
    assert "**failing** Bad @\u200beveryone" in text and "last error: HTTP 404 Not Found" in text


def test_a_broken_sources_file_is_reported(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, seeds_dir=tmp_path)
    settings.resolved_sources_file.write_text("[[feed]]\nurl = 5\n")
    text = (
        BriefAnswers(Library(settings=settings), Renderer()).sources(source_health(settings)).text
    )
    assert "Sources file problem:" in text and "needs url" in text


def test_sources_with_many_failures_stays_within_one_message(tmp_path):
    for n in range(300):
        (tmp_path / f"bad_{n:03d}_with_a_rather_long_file_name.txt").write_text("x")

    def parse(path: Path) -> Brief:
        raise SourceError(path, "binary file (NUL bytes)")

    library = Library.load(tmp_path, Settings(), parser=parse)
    text = BriefAnswers(library, Renderer()).sources().text
    assert len(text) <= 2000
    assert "Files that failed to load (300):" in text and "more" in text


def test_help_names_every_command(answers):
    text = answers.help().text
    for command in ("latest", "drug", "gene", "search", "show", "sources"):
        assert f"`/brief {command}" in text
    assert answers.help().ephemeral
