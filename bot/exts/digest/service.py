"""The digest machinery of a running bot: store, runner, scheduler loop and seeds-folder watcher.

The clock is injectable (``service.clock``) so tests can move time; the loop ticks every
``Settings.digest_tick_seconds`` and once right after the gateway is ready, which is when a
digest missed while the bot was down is posted (within ``Settings.digest_grace_hours``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable

from discord.ext import commands

from bot.exts.digest.sender import DiscordDigestSender
from oncobrief.digest import runner as runner_module
from oncobrief.digest.runner import DigestRunner
from oncobrief.digest.source import LibrarySource
from oncobrief.digest.store import SqliteDigestStore
from oncobrief.watch import watch_library

log = logging.getLogger(__name__)


class DigestService:
    def __init__(
        self, bot: commands.Bot, *, clock: Callable[[], dt.datetime] | None = None
    ) -> None:
        self.bot = bot
        settings = bot.settings  # type: ignore[attr-defined]
        self.settings = settings
        # Looked up at construction, so tests can replace ``oncobrief.digest.runner.utc_now``
        # (this module itself is re-imported whenever the extension is reloaded).
        self.clock = clock or runner_module.utc_now
        self.store = SqliteDigestStore.in_data_dir(settings.data_dir)
        self.runner = DigestRunner(
            self.store,
            DiscordDigestSender(bot),
            LibrarySource(lambda: bot.library),  # type: ignore[attr-defined]
            bot.renderer,  # type: ignore[attr-defined]
            grace=dt.timedelta(hours=settings.digest_grace_hours),
            clock=lambda: self.clock(),
        )
        self.ticks = 0  # scheduler ticks done (tests wait on it)
        self.refreshes = 0  # library refreshes done by the watcher (tests wait on it)
        self.refreshed = asyncio.Event()
        self._stop_watching = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        await self.store.open()  # creates the data folder and applies migrations
        self._tasks.append(asyncio.create_task(self._loop(), name="digest-scheduler"))
        library = getattr(self.bot, "library", None)
        if getattr(library, "folder", None) is not None and not getattr(
            self.bot, "seeds_watcher", None
        ):
            watcher = watch_library(
                library, stop_event=self._stop_watching, on_refreshed=self._on_refreshed
            )
            task = asyncio.create_task(watcher, name="seeds-watcher")
            self.bot.seeds_watcher = task  # type: ignore[attr-defined]
            self._tasks.append(task)

    async def stop(self) -> None:
        self._stop_watching.set()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if getattr(self.bot, "seeds_watcher", None) in self._tasks:
            self.bot.seeds_watcher = None  # type: ignore[attr-defined]
        self._tasks.clear()
        await self.store.close()

    def _on_refreshed(self, _result: object) -> None:
        self.refreshes += 1
        self.refreshed.set()

    async def _loop(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                await self.runner.tick()
            except Exception:  # the loop must survive anything one tick does
                log.exception("digest tick failed")
            self.ticks += 1
            await asyncio.sleep(self.settings.digest_tick_seconds)
