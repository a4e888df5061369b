"""The seeds-folder watcher: real files, real watchfiles, a real Library refresh."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from pathlib import Path

import watchfiles

from oncobrief.library import Library
from oncobrief.watch import _relevant, watch_folder, watch_library

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2ff37f2944dc5c1f.txt"
WAIT = 20.0  # generous: only a bound on a hang, never a speed assertion


async def test_a_new_file_is_loaded_while_watching(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    library = Library.load(folder)
    assert len(library) == 1
    refreshed: asyncio.Queue = asyncio.Queue()
    stop = asyncio.Event()
    task = asyncio.create_task(
        watch_library(library, debounce_ms=50, stop_event=stop, on_refreshed=refreshed.put_nowait)
    )
    await asyncio.sleep(0.2)  # let the watcher start before the file appears
    text = SEED.read_text(encoding="utf-8").replace("Tuesday, June 28, 2022", "Monday, May 4, 2026")
    (folder / "001_new.txt").write_text(text, encoding="utf-8")
    result = None
    while result is None or not result.added:
        result = await asyncio.wait_for(refreshed.get(), WAIT)
    assert len(result.added) == 1
    assert len(library) == 2
    assert library.latest(1)[0].attribution.posted.isoformat() == "2026-05-04"
    stop.set()
    await asyncio.wait_for(task, WAIT)


async def test_a_failing_refresh_is_logged_and_watching_goes_on(tmp_path, caplog):
    calls = []

    def refresh():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("parser bug")
        return "ok"

    done: asyncio.Queue = asyncio.Queue()
    stop = asyncio.Event()
    task = asyncio.create_task(
        watch_folder(
            tmp_path, refresh, debounce_ms=50, stop_event=stop, on_refreshed=done.put_nowait
        )
    )
    await asyncio.sleep(0.2)
    (tmp_path / "a.txt").write_text("first", encoding="utf-8")
    with contextlib.suppress(TimeoutError):  # the first batch fails: nothing is reported
        await asyncio.wait_for(done.get(), 1.0)
    while not calls:
        await asyncio.sleep(0.05)
    (tmp_path / "b.txt").write_text("second", encoding="utf-8")
    assert await asyncio.wait_for(done.get(), WAIT) == "ok"
    assert "still watching" in caplog.text
    stop.set()
    await asyncio.wait_for(task, WAIT)
    assert len(calls) == 2


def test_hidden_and_partial_files_do_not_trigger_a_refresh():
    added = watchfiles.Change.added
    assert _relevant(added, "/seeds/002_article.txt")
    assert not _relevant(added, "/seeds/.002_article.txt.swp")
    assert not _relevant(added, "/seeds/download.part")
    assert not _relevant(added, "/seeds/notes.txt~")
