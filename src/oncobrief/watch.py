"""Watch the seeds folder and refresh the library when article files appear, change or go.

``watchfiles`` batches file-system events (``debounce_ms``), so a copy of 100 files is one
refresh, not 100. ``Library.refresh`` only parses new or changed files. A refresh that fails
is logged and the watch goes on: a bad file never stops the bot from picking up the next one.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import watchfiles

log = logging.getLogger(__name__)

_IGNORED_SUFFIXES = (".swp", ".tmp", ".part", "~")


def _relevant(change: watchfiles.Change, path: str) -> bool:
    name = Path(path).name
    return not name.startswith(".") and not name.endswith(_IGNORED_SUFFIXES)


async def watch_folder(
    folder: Path,
    on_change: Callable[[], Any],
    *,
    debounce_ms: int = 500,
    stop_event: asyncio.Event | None = None,
    force_polling: bool | None = None,
    on_refreshed: Callable[[Any], Any] | None = None,
) -> None:
    """Call ``on_change()`` (sync or async) after each batch of relevant changes, until stopped.

    ``on_refreshed(result)`` is called with what ``on_change`` returned (e.g. to log it or to
    let tests wait for a refresh).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    log.info("watching %s for new article files", folder)
    async for _changes in watchfiles.awatch(
        folder,
        watch_filter=_relevant,
        debounce=debounce_ms,
        stop_event=stop_event,
        force_polling=force_polling,
        recursive=False,
    ):
        try:
            result = on_change()
            if inspect.isawaitable(result):
                result = await result
        except Exception:
            log.exception("refresh after a change in %s failed; still watching", folder)
            continue
        if on_refreshed is not None:
            outcome = on_refreshed(result)
            if inspect.isawaitable(outcome):
                await outcome


def watch_library(library, *, debounce_ms: int = 500, stop_event=None, on_refreshed=None):
    """Coroutine watching ``library.folder`` and calling ``library.refresh()`` on changes.

    The refresh runs on the event loop thread: the library's indexes are not thread-safe and a
    refresh only parses the files that changed.
    """

    def refresh():
        result = library.refresh()
        if getattr(result, "added", None) or getattr(result, "removed", None):
            log.info(
                "library refreshed: %d added, %d removed, %d failed",
                len(result.added),
                len(result.removed),
                len(result.errors),
            )
        return result

    return watch_folder(
        library.folder,
        refresh,
        debounce_ms=debounce_ms,
        stop_event=stop_event,
        on_refreshed=on_refreshed,
    )
