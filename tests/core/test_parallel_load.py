"""Parallel parsing: worker processes give exactly what a serial parse gives, in file order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from oncobrief.cache import decompress
from oncobrief.library import Library
from oncobrief.parallel import parse_records
from oncobrief.rows import decode_row
from oncobrief.settings import Settings
from tests.core.conftest import SAMPLE_ARTICLE, SEED_PATH


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    shutil.copy(SEED_PATH, folder / "000_seed.txt")
    for n, drug in enumerate(["osimertinib", "lorlatinib", "sotorasib", "olaparib"]):
        text = SAMPLE_ARTICLE.replace("osimertinib", drug).replace("Osimertinib", drug.title())
        (folder / f"{n + 1:03d}_{drug}.txt").write_text(text, "utf-8")
    (folder / "005_empty.txt").write_text("", "utf-8")
    (folder / "006_binary.txt").write_bytes(bytes(range(256)))
    return folder


def outcomes(folder: Path, workers: int) -> list[tuple]:
    files = sorted(folder.iterdir())
    settings = Settings(_env_file=None, cache_enabled=False)
    return [
        (
            record.path.name,
            record.sha256,
            record.brief_id,
            decompress(record.payload) if record.payload else None,
            decode_row(decompress(record.row)) if record.row else None,
            record.error,
        )
        for record in parse_records(files, settings, workers=workers)
    ]


def test_workers_give_the_serial_records_in_file_order(folder: Path) -> None:
    serial = outcomes(folder, workers=1)
    parallel = outcomes(folder, workers=2)
    assert [outcome[0] for outcome in parallel] == sorted(p.name for p in folder.iterdir())
    assert parallel == serial
    assert sum(outcome[5] is not None for outcome in serial) == 2  # empty and binary


def test_parallel_load_through_the_cache_equals_a_serial_load(folder, tmp_path) -> None:
    serial = Library.load(folder, Settings(_env_file=None, cache_enabled=False), workers=1)
    parallel = Library.load(folder, Settings(_env_file=None, data_dir=tmp_path), workers=2)
    assert [b.model_dump() for b in parallel] == [b.model_dump() for b in serial]
    assert parallel.errors == serial.errors
    assert parallel.last_sync.parsed == 7
    again = Library.load(folder, Settings(_env_file=None, data_dir=tmp_path), workers=2)
    assert again.last_sync.parsed == 0
    assert [b.model_dump() for b in again] == [b.model_dump() for b in serial]
