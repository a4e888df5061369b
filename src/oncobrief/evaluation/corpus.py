"""Finding and reading the dev corpus. Absent data is not an error: the harness skips it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_CORPUS_CANDIDATES = (Path("../shared/corpus"), Path("corpus"))


def find_corpus(explicit: Path | None = None) -> Path | None:
    """The corpus folder: the one given, else ``../shared/corpus`` beside the checkout."""
    if explicit is not None:
        return explicit if explicit.is_dir() else None
    repo_root = Path(__file__).resolve().parents[3]
    for candidate in (*DEFAULT_CORPUS_CANDIDATES, repo_root.parent / "shared" / "corpus"):
        if candidate.is_dir():
            return candidate
    return None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
