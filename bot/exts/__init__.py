"""Feature packages of the bot. Every package (or module) here with an ``async def setup(bot)``
is loaded at start: drop a package in and it is picked up (like python-discord/bot)."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
from collections.abc import Iterator

log = logging.getLogger(__name__)


def walk_extensions() -> Iterator[str]:
    """Dotted names of extensions under ``bot.exts``, sorted.

    A package with ``setup`` in its ``__init__`` is one extension: its submodules are its own
    business and are not loaded separately. Names starting with ``_`` are skipped.
    """
    package = importlib.import_module(__name__)
    found: list[str] = []
    for module in pkgutil.walk_packages(package.__path__, f"{__name__}.", onerror=_skip):
        name = module.name
        if any(part.startswith("_") for part in name.split(".")[2:]):
            continue
        if any(name.startswith(parent + ".") for parent in found):
            continue
        try:
            imported = importlib.import_module(name)
        except Exception:
            log.exception("extension %s cannot be imported; skipped", name)
            continue
        if inspect.iscoroutinefunction(getattr(imported, "setup", None)):
            found.append(name)
    yield from sorted(found)


def _skip(name: str) -> None:
    log.error("cannot import %s while looking for extensions", name)
