"""Library: loading a folder (bad files recorded, the rest loads), indexes, lookups, refresh."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from oncobrief.library import FolderError, Library
from oncobrief.models import Attribution, Brief, Entity, Evidence, EvidenceLevel, Statement

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2ff37f2944dc5c1f.txt"


def make_brief(
    brief_id: str,
    title: str,
    posted: dt.date | None = None,
    drugs: tuple[str, ...] = (),
    genes: tuple[str, ...] = (),
    body: str = "",
    entities: tuple[Entity, ...] = (),
) -> Brief:
    """A small brief built by hand, for index behaviour independent of the pipeline."""
    summary = [Statement(text=body, start=0, end=len(body))] if body else []
    return Brief(
        id=brief_id,
        title=title,
        attribution=Attribution(posted=posted),
        evidence=Evidence(level=EvidenceLevel.PHASE_2),
        summary=summary,
        limitations_stated=False,
        drugs=list(drugs),
        genes=list(genes),
        entities=list(entities),
    )


def library_of(*briefs: Brief) -> Library:
    library = Library()
    for brief in briefs:
        library.add(brief)
    return library


# --- hand-built briefs: ordering, indexes, search ---------------------------------------------


def test_latest_is_newest_first_with_undated_last_and_ties_by_id() -> None:
    library = library_of(
        make_brief("c1", "old", dt.date(2020, 1, 1)),
        make_brief("u2", "undated b"),
        make_brief("n2", "new b", dt.date(2024, 5, 1)),
        make_brief("u1", "undated a"),
        make_brief("n1", "new a", dt.date(2024, 5, 1)),
    )
    assert [b.id for b in library.latest(10)] == ["n1", "n2", "c1", "u1", "u2"]
    assert [b.id for b in library.latest(2)] == ["n1", "n2"]
    assert library.sources_summary().newest == dt.date(2024, 5, 1)


def test_by_drug_uses_names_written_in_the_article_case_insensitively() -> None:
    mention = Entity(kind="drug", text="Augtyro", start=0, end=7, canonical="repotrectinib")
    library = library_of(
        make_brief("a1", "one", dt.date(2023, 1, 1), drugs=("repotrectinib",), entities=(mention,)),
        make_brief("a2", "two", dt.date(2024, 1, 1), drugs=("repotrectinib", "entrectinib")),
        make_brief("a3", "three", dt.date(2022, 1, 1), drugs=("entrectinib",)),
    )
    for query in ("repotrectinib", "REPOTRECTINIB", "augtyro", " Augtyro "):
        lookup = library.by_drug(query)
        assert lookup.canonical == "repotrectinib", query
        assert [b.id for b in lookup.briefs] == ["a2", "a1"], query
    assert library.by_drug("entrectinib", limit=1).total == 2
    assert "Augtyro" in library.drug_names()


def test_near_miss_gives_suggestions_and_no_briefs() -> None:
    library = library_of(make_brief("a1", "t", drugs=("repotrectinib", "entrectinib")))
    lookup = library.by_drug("repotrectinb")
    assert not lookup.found
    assert lookup.suggestions[0] == "repotrectinib"
    assert library.by_drug("zzzzqqq").suggestions == []


def test_by_gene_is_case_insensitive_and_suggests() -> None:
    library = library_of(make_brief("g1", "t", genes=("NTRK1", "EGFR")))
    assert [b.id for b in library.by_gene("ntrk1").briefs] == ["g1"]
    assert library.by_gene("EGFR").canonical == "EGFR"
    assert "NTRK1" in library.by_gene("NTRK11").suggestions


def test_search_ranks_the_brief_most_about_the_words_first() -> None:
    library = library_of(
        make_brief("s1", "Lung cancer screening", body="Screening found early lung tumours."),
        make_brief("s2", "Brain metastasis model", body="A brain metastasis model in mice."),
        make_brief("s3", "Brain imaging", body="MRI of the brain was used for staging."),
    )
    lookup = library.search("brain metastasis")
    assert [b.id for b in lookup.briefs] == ["s2", "s3"]
    assert lookup.scores[0] > lookup.scores[1] > 0
    assert not library.search("pancreas").found
    assert library.search("brain", limit=1).briefs[0].id in {"s2", "s3"}


def test_removed_brief_leaves_every_index() -> None:
    library = library_of(
        make_brief("r1", "Brain model", dt.date(2024, 1, 1), drugs=("entrectinib",)),
        make_brief("r2", "Brain study", dt.date(2023, 1, 1), drugs=("entrectinib",)),
    )
    assert library.search("brain").total == 2  # builds the text index before removal
    assert library.remove("r1") is not None
    assert [b.id for b in library.by_drug("entrectinib").briefs] == ["r2"]
    assert [b.id for b in library.search("brain").briefs] == ["r2"]
    assert [b.id for b in library.latest(5)] == ["r2"]
    assert library.get("r1") is None
    assert library.remove("r1") is None


def test_get_accepts_a_unique_prefix_only() -> None:
    library = library_of(make_brief("abc123", "x"), make_brief("abd456", "y"))
    assert library.get("abc123").id == "abc123"
    assert library.get("ABC").id == "abc123"
    assert library.get("ab") is None  # ambiguous
    assert library.find_id("ab").suggestions == ["abc123", "abd456"]
    assert library.get("zz") is None


def test_missing_folder_is_a_folder_error(tmp_path: Path) -> None:
    with pytest.raises(FolderError, match="does not exist"):
        Library.load(tmp_path / "absent")


# --- real files through the real pipeline ---------------------------------------------------


def seed_variant(title: str, posted: str) -> str:
    """The seed with another title and date: a different article to the pipeline."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace(
        "Brain Metastasis Model of NTRK-Rearranged Tumors: Focus on Treatment Resistance", title
    )
    return text.replace("Tuesday, June 28, 2022", posted)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seed, a binary file and an empty file."""
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00 not text")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.csv").write_text("not an article", encoding="utf-8")
    return tmp_path


def test_bad_files_are_recorded_and_the_seed_loads(folder: Path) -> None:
    library = Library.load(folder)
    assert len(library) == 1
    brief = library.latest(1)[0]
    assert brief.title.startswith("Brain Metastasis Model of NTRK-Rearranged Tumors")
    reasons = {Path(error.origin).name: error.reason for error in library.errors}
    assert set(reasons) == {"binary.txt", "empty.txt"}  # notes.csv is not an article file
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    summary = library.sources_summary()
    assert (summary.count, summary.files, summary.newest) == (1, 3, dt.date(2022, 6, 28))


def test_an_unexpected_parser_failure_is_recorded_not_raised(folder: Path) -> None:
    def parser(path: Path) -> Brief:
        raise RuntimeError(f"bug while reading {path.name}")

    library = Library.load(folder, parser=parser)
    assert len(library) == 0
    assert any("unexpected RuntimeError: bug while reading" in e.reason for e in library.errors)


@pytest.mark.parametrize("name", ["Augtyro", "TPX-0005", "REPOTRECTINIB", "tpx0005"])
def test_by_drug_finds_the_seed_by_any_name(folder: Path, name: str) -> None:
    lookup = Library.load(folder).by_drug(name)
    assert lookup.canonical == "repotrectinib"
    assert [b.title[:20] for b in lookup.briefs] == ["Brain Metastasis Mod"]


def test_seed_lookups_by_gene_class_search_and_suggestion(folder: Path) -> None:
    library = Library.load(folder)
    assert library.by_gene("ntrk1").found
    assert library.by_gene("TRKA").canonical == "NTRK1"  # an alias, via the gene vocabulary
    assert library.by_gene("TRKA").found
    assert library.by_drug("EGFR inhibitor").found
    assert library.by_drug("repotrectinb").suggestions[0] == "repotrectinib"
    assert library.search("brain metastasis resistance").found
    assert not library.search("cookies privacy policy").found  # boilerplate is not indexed
    assert "repotrectinib" in library.drugs()


def test_refresh_parses_only_new_or_changed_files_and_drops_deleted(tmp_path: Path) -> None:
    from oncobrief.pipeline import brief_from_file

    parsed: list[str] = []

    def counting_parser(path: Path) -> Brief:
        parsed.append(path.name)
        return brief_from_file(path)

    (tmp_path / "a.txt").write_text(seed_variant("Alpha study", "June 1, 2021"), "utf-8")
    (tmp_path / "b.txt").write_text(seed_variant("Beta study", "June 1, 2022"), "utf-8")
    library = Library.load(tmp_path, parser=counting_parser)
    assert sorted(parsed) == ["a.txt", "b.txt"]
    kept = list(library)
    beta_id = library.search("beta").briefs[0].id

    parsed.clear()
    (tmp_path / "a.txt").unlink()
    (tmp_path / "c.txt").write_text(seed_variant("Gamma study", "June 1, 2023"), "utf-8")
    result = library.refresh()

    assert parsed == ["c.txt"]  # b.txt unchanged: not read again
    assert len(result.added) == 1 and len(result.removed) == 1
    assert [b.title for b in library.latest(5)] == ["Gamma study", "Beta study"]
    assert library.get(beta_id) is next(b for b in kept if b.id == beta_id)  # same object
    assert not library.search("alpha").found

    parsed.clear()
    changed = tmp_path / "b.txt"
    changed.write_text(seed_variant("Beta study, revised", "June 2, 2022"), "utf-8")
    os.utime(changed, ns=(changed.stat().st_mtime_ns + 10**9,) * 2)
    library.refresh()
    assert parsed == ["b.txt"]
    assert library.get(beta_id) is None
    assert "Beta study, revised" in [b.title for b in library.latest(5)]
    assert library.refresh().changed is False


def test_the_same_text_twice_is_one_brief_until_both_files_go(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "one.txt")
    shutil.copy(SEED, tmp_path / "two.txt")
    library = Library.load(tmp_path)
    assert len(library) == 1
    (tmp_path / "one.txt").unlink()
    library.refresh()
    assert len(library) == 1
    (tmp_path / "two.txt").unlink()
    library.refresh()
    assert len(library) == 0


def test_vectorised_bm25_build_scores_exactly_like_bm25s() -> None:
    """The fast index build must rank exactly as bm25s's own per-document build."""
    import random

    import bm25s
    import numpy as np

    from oncobrief.fulltext import vectorised_bm25

    rng = random.Random(7)
    vocab = {f"t{i}": i for i in range(200)}
    corpus = [[rng.randrange(200) for _ in range(rng.randrange(1, 30))] for _ in range(300)]
    reference = bm25s.BM25()
    reference.index((corpus, dict(vocab)), create_empty_token=False, show_progress=False)
    fast = vectorised_bm25()()
    arrays = [np.asarray(doc, dtype=np.int32) for doc in corpus]
    fast.index((arrays, dict(vocab)), create_empty_token=False, show_progress=False)
    for _ in range(30):
        query = [f"t{rng.randrange(200)}" for _ in range(3)]
        assert np.allclose(reference.get_scores(query), fast.get_scores(query), atol=1e-5)


def test_parallel_load_gives_the_same_library_as_a_sequential_one(folder: Path) -> None:
    (folder / "other.txt").write_text(seed_variant("Other study", "May 2, 2023"), "utf-8")
    sequential = Library.load(folder, workers=1)
    parallel = Library.load(folder, workers=2)
    assert [b.model_dump() for b in parallel.latest(10)] == [
        b.model_dump() for b in sequential.latest(10)
    ]
    assert parallel.errors == sequential.errors


def test_drug_class_query_finds_briefs_naming_the_class(folder: Path) -> None:
    lookup = Library.load(folder).by_drug("mek inhibitors")
    assert (lookup.kind, lookup.canonical) == ("drug_class", "MEK inhibitor")
    assert lookup.found


def test_briefs_added_after_the_search_index_was_built_are_found_and_ranked() -> None:
    library = library_of(
        make_brief("s1", "Lung cancer screening", body="Screening found early lung tumours."),
        make_brief("s2", "Brain imaging", body="MRI of the brain was used for staging."),
    )
    library.build_search_index()
    library.add(make_brief("s3", "Brain metastasis model", body="A brain metastasis model."))
    lookup = library.search("brain metastasis")
    assert [b.id for b in lookup.briefs] == ["s3", "s2"]
    assert lookup.scores[0] > lookup.scores[1] > 0
    library.remove("s3")
    library.remove("s2")
    assert not library.search("brain").found


def test_digest_candidates_read_only_unposted_and_nearby_posted_briefs(tmp_path):
    """A daily digest of a big library must not read every brief: only the unposted ones and
    the posted ones that could be another outlet's report of the same study."""
    from oncobrief.library import Library

    dates = {"old": "January 5, 2022", "recent": "June 20, 2022", "new": "June 28, 2022"}
    for name, day in dates.items():
        (tmp_path / f"{name}.txt").write_text(
            f"Study {name} of drug resistance\n\nBy: A Writer\nPosted: {day}\n\n"
            f"Researchers report result {name} in cell lines treated with osimertinib.\n",
            encoding="utf-8",
        )
    library = Library.load(tmp_path)
    ids = {b.title.split()[1]: b.id for b in library}
    posted = {ids["old"], ids["recent"]}
    chosen = [b.id for b in library.digest_candidates(posted, max_days=14)]
    assert chosen == [ids["new"], ids["recent"]]
    assert library.digest_candidates(set(ids.values()), max_days=14) == []
