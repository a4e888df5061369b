"""The parsed-corpus cache: same briefs as a cold parse, only changed files parsed again, and a
corrupt or stale cache detected (with a warning) and rebuilt, never trusted."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import oncobrief.cache as cache_module
import oncobrief.pipeline as pipeline
from oncobrief.cache import CACHE_FILE
from oncobrief.library import Library
from oncobrief.settings import Settings
from tests.core.conftest import SAMPLE_ARTICLE, SEED_PATH


def variant(title: str, posted: str) -> str:
    return SAMPLE_ARTICLE.replace(
        "Osimertinib Improves Survival in EGFR-Mutant Lung Cancer", title
    ).replace("Monday, March 6, 2023", posted)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_PATH, folder / "seed.txt")
    (folder / "a.txt").write_text(variant("Alpha study of osimertinib", "May 1, 2023"), "utf-8")
    (folder / "b.txt").write_text(variant("Beta study of osimertinib", "May 2, 2023"), "utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not an article")
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data")


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Names of the files the pipeline parses (small folders parse in this process)."""
    seen: list[str] = []
    original = pipeline.brief_from_file

    def counting(path, settings=None):
        seen.append(Path(path).name)
        return original(path, settings)

    monkeypatch.setattr(pipeline, "brief_from_file", counting)
    return seen


def snapshot_of(library: Library) -> dict:
    """Everything a user can see of a library."""
    return {
        "briefs": [brief.model_dump() for brief in library],
        "errors": [error.model_dump() for error in library.errors],
        "drug": [b.id for b in library.by_drug("Tagrisso").briefs],
        "gene": [b.id for b in library.by_gene("EGFR").briefs],
        "search": [(b.id, round(s, 5)) for b, s in zip(*_search(library), strict=True)],
    }


def _search(library: Library):
    lookup = library.search("osimertinib survival study")
    return lookup.briefs, lookup.scores


def cache_path(settings: Settings) -> Path:
    return settings.data_dir / "cache" / CACHE_FILE


def test_cached_start_gives_exactly_the_briefs_of_a_cold_parse(folder, settings, parses) -> None:
    uncached = snapshot_of(Library.load(folder, Settings(_env_file=None, cache_enabled=False)))
    parses.clear()
    cold = Library.load(folder, settings)
    assert sorted(parses) == ["a.txt", "b.txt", "binary.txt", "seed.txt"]
    assert snapshot_of(cold) == uncached
    cold.close()

    parses.clear()
    warm = Library.load(folder, settings)
    assert parses == []  # nothing parsed: briefs, errors and indexes came from the cache
    assert snapshot_of(warm) == uncached
    assert len(warm) == 3 and len(warm.errors) == 1


def test_only_new_and_changed_files_are_parsed_on_restart(folder, settings, parses) -> None:
    Library.load(folder, settings).close()
    changed = folder / "a.txt"
    changed.write_text(variant("Alpha study, revised", "May 3, 2023"), "utf-8")
    os.utime(changed, ns=(changed.stat().st_mtime_ns + 10**9,) * 2)
    (folder / "c.txt").write_text(variant("Gamma study of osimertinib", "May 4, 2023"), "utf-8")
    touched = folder / "b.txt"  # same content, new time: recognised by its hash, not parsed
    os.utime(touched, ns=(touched.stat().st_mtime_ns + 10**9,) * 2)
    (folder / "seed.txt").unlink()

    parses.clear()
    library = Library.load(folder, settings)
    assert sorted(parses) == ["a.txt", "c.txt"]
    titles = {brief.title for brief in library}
    assert titles == {
        "Alpha study, revised",
        "Beta study of osimertinib",
        "Gamma study of osimertinib",
    }


def test_refresh_reads_a_file_back_from_the_cache_without_parsing(folder, settings, parses):
    library = Library.load(folder, settings)
    kept = (folder / "a.txt").read_bytes()
    (folder / "a.txt").unlink()
    assert library.refresh().removed
    (folder / "again.txt").write_bytes(kept)  # the same text under another name
    parses.clear()
    result = library.refresh()
    assert parses == [] and len(result.added) == 1
    brief = library.get(result.added[0])
    assert brief.attribution.source_file == str(folder / "again.txt")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database at all " * 200)


def _foreign_layout(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE briefs (x)")


@pytest.mark.parametrize("damage", [_truncate, _garbage, _foreign_layout])
def test_a_corrupt_cache_is_detected_and_rebuilt(folder, settings, parses, caplog, damage):
    expected = snapshot_of(Library.load(folder, Settings(_env_file=None, cache_enabled=False)))
    Library.load(folder, settings).close()
    damage(cache_path(settings))

    parses.clear()
    with caplog.at_level(logging.WARNING, logger="oncobrief.cache"):
        library = Library.load(folder, settings)
    assert "rebuilding" in caplog.text
    assert len(parses) == 4  # nothing from the damaged file was trusted
    assert snapshot_of(library) == expected
    library.close()

    parses.clear()
    assert snapshot_of(Library.load(folder, settings)) == expected
    assert parses == []  # the rebuilt cache serves the next start


def test_a_cache_of_another_parser_version_is_stale(folder, settings, parses, caplog, monkeypatch):
    Library.load(folder, settings).close()
    monkeypatch.setattr(cache_module, "PARSER_VERSION", cache_module.PARSER_VERSION + "-next")
    parses.clear()
    with caplog.at_level(logging.WARNING, logger="oncobrief.cache"):
        Library.load(folder, settings)
    assert "stale" in caplog.text
    assert len(parses) == 4


def test_a_damaged_entry_or_snapshot_is_not_trusted(folder, settings, parses, caplog) -> None:
    expected = snapshot_of(Library.load(folder, Settings(_env_file=None, cache_enabled=False)))
    Library.load(folder, settings).close()
    with sqlite3.connect(cache_path(settings)) as db:
        db.execute("UPDATE briefs SET payload = x'789c0300000000'")  # valid zlib, not a brief
    (snapshot,) = cache_path(settings).parent.glob("snapshot-*.pickle")
    data = bytearray(snapshot.read_bytes())
    data[-100:-90] = b"0123456789"  # the checksum no longer holds
    snapshot.write_bytes(bytes(data))
    parses.clear()
    with caplog.at_level(logging.WARNING):
        library = Library.load(folder, settings)
        assert snapshot_of(library) == expected
    assert "snapshot" in caplog.text and "damaged" in caplog.text
    assert sorted(parses) == ["a.txt", "b.txt", "seed.txt"]  # re-parsed when first read


def test_a_cached_library_holds_only_the_briefs_in_use(folder, settings) -> None:
    Library.load(folder, settings).close()
    library = Library.load(folder, settings)
    store = library._catalogue.store
    assert len(library) == 3 and len(store._lru) == 0  # rows and indexes only, no Brief yet
    shown = library.by_drug("osimertinib", limit=1).briefs
    assert len(shown) == 1 and list(store._lru) == [shown[0].id]
    assert library.by_drug("osimertinib", limit=1).briefs[0] is shown[0]  # served from the LRU


def test_a_change_to_the_parsing_code_changes_the_fingerprint(tmp_path, monkeypatch):
    """A rule edited without bumping PARSER_VERSION must still invalidate cached briefs."""
    from oncobrief import cache
    from oncobrief.settings import Settings

    module = tmp_path / "brief.py"
    module.write_text("RULE = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_parser_sources", lambda: [module])
    before = cache.parser_fingerprint(Settings())
    module.write_text("RULE = 2\n", encoding="utf-8")
    assert cache.parser_fingerprint(Settings()) != before
