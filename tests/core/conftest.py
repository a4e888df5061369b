"""Shared fixtures for the core tests: the seed article and temporary article files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED_PATH = REPO / "seeds" / "000_2ff37f2944dc5c1f.txt"
NEWS_DEV = REPO.parent / "shared" / "corpus" / "news-dev"

# A small well-formed article in the seed's layout, for tests that need a second file.
SAMPLE_ARTICLE = """Site Editors

Jane Roe, MD


Osimertinib Improves Survival in EGFR-Mutant Lung Cancer

By: John Smith
Posted: Monday, March 6, 2023

In a phase 3 trial published in The New England Journal of Medicine, osimertinib improved survival.

“These results are practice changing,” said Ann Lee, MD, PhD, of Yale University.

The study was limited by its open-label design.
"""

WriteArticle = Callable[..., Path]


@pytest.fixture(scope="session")
def seed_path() -> Path:
    assert SEED_PATH.is_file(), f"seed missing: {SEED_PATH}"
    return SEED_PATH


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture
def write_article(tmp_path: Path) -> WriteArticle:
    """Write an article file into tmp_path: text (encoded) or raw bytes; returns its path.

    ``write_article("text", name="a.txt", encoding="cp1252", newline="\\r\\n")``
    ``write_article(b"\\x00\\x01", name="binary.txt")``
    """

    def write(
        content: str | bytes = SAMPLE_ARTICLE,
        name: str = "article.txt",
        encoding: str = "utf-8",
        newline: str = "\n",
        folder: Path | None = None,
    ) -> Path:
        target = (folder or tmp_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.replace("\n", newline).encode(encoding)
        target.write_bytes(content)
        return target

    return write


@pytest.fixture(scope="session")
def news_dev_folder() -> Path:
    """The dev news corpus; tests using it skip cleanly when it is absent."""
    if not (NEWS_DEV / "manifest.jsonl").is_file():
        pytest.skip("dev corpus ../shared/corpus/news-dev not present")
    return NEWS_DEV
