"""A small on-disk cache for vocabularies that are slow to build (pandas/HDF5, bz2 pickles).

The compacted tables are pickled once under the user cache folder, keyed by the versions of
the libraries they come from, so a new library version rebuilds them on first use.
"""

from __future__ import annotations

import bz2
import hashlib
import importlib.util
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

BUILDER_VERSION = "24"  # bump when the compacted layout changes


def cache_dir() -> Path:
    """``$ONCOBRIEF_VOCAB_CACHE``, else ``$XDG_CACHE_HOME/oncobrief``, else ``~/.cache/oncobrief``."""
    explicit = os.environ.get("ONCOBRIEF_VOCAB_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "oncobrief"


def cached(name: str, key: str, build: Callable[[], Any]) -> Any:
    """Load ``name`` from the cache when its key matches, else build it and store it.

    A cache that cannot be read or written is not an error: the table is rebuilt in memory.
    """
    digest = hashlib.sha256(f"{BUILDER_VERSION}:{key}".encode()).hexdigest()[:16]
    path = cache_dir() / f"{name}-{digest}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception as error:  # a truncated or foreign file: rebuild it
        log.warning("vocabulary cache %s unreadable (%s); rebuilding", path, error)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic, so parallel processes never read half a file
    except OSError as error:
        log.warning("cannot write vocabulary cache %s: %s", path, error)
    return value


def package_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def packaged_pickle(package: str, filename: str) -> Any:
    """A bz2 pickle shipped inside an installed package, read without importing the package:
    drug-named-entity-recognition's ``__init__`` spends seconds building fuzzy-match n-grams
    we do not use."""
    spec = importlib.util.find_spec(package)
    if not spec or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed (pip install -e . installs it)")
    with bz2.open(Path(spec.submodule_search_locations[0]) / filename, "rb") as handle:
        return pickle.load(handle)
