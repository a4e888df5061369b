"""Fixtures for every test: the parsed-corpus cache goes to a temporary folder, never ./data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Settings() built without an explicit data_dir (Library.load in tests, the CLI) keep
    their cache and state in a fresh temporary folder."""
    data = tmp_path_factory.mktemp("oncobrief-data")
    monkeypatch.setenv("ONCOBRIEF_DATA_DIR", str(data))
    return data
