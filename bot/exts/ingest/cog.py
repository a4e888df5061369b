"""Polls each source of the sources file at its own interval, then refreshes the library.

A tick runs every ``TICK_SECONDS``; a source is polled when its interval has passed since its
last poll and no Retry-After holds (``oncobrief.ingest.sources.due_sources``). New articles
are stored in the library folder by the core ingestor, and ``library.refresh()`` makes them
show in ``/brief latest`` and in digests. Off when ``Settings.poll_sources`` is false.
"""

from __future__ import annotations

import asyncio
import logging

from discord.ext import commands, tasks

from oncobrief.ingest.runner import Ingestor, SourceOutcome
from oncobrief.ingest.sources import SourcesFileError, due_sources, load_sources
from oncobrief.ingest.state import IngestState

log = logging.getLogger(__name__)
TICK_SECONDS = 60.0


class SourcePoller(commands.Cog):
    def __init__(self, bot: commands.Bot, tick_seconds: float = TICK_SECONDS) -> None:
        self.bot = bot
        self.last_outcomes: list[SourceOutcome] = []
        self._lock = asyncio.Lock()  # a slow poll and the next tick never overlap
        self._last_file_problem: str | None = None
        self.poll.change_interval(seconds=tick_seconds)

    async def cog_load(self) -> None:
        if self.bot.settings.poll_sources:
            self.poll.start()

    async def cog_unload(self) -> None:
        self.poll.cancel()

    @tasks.loop(seconds=TICK_SECONDS)
    async def poll(self) -> None:
        try:
            await self.poll_once()
        except Exception:  # the loop must survive anything one poll does
            log.exception("polling the sources failed; trying again next tick")

    @poll.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def poll_once(self) -> list[SourceOutcome]:
        """Poll the due sources once; returns what each gave (also kept in ``last_outcomes``)."""
        async with self._lock:
            settings = self.bot.settings
            try:
                specs = load_sources(settings.resolved_sources_file)
            except SourcesFileError as exc:
                if str(exc) != self._last_file_problem:  # say it once, not every minute
                    log.warning("sources file not used: %s", exc)
                    self._last_file_problem = str(exc)
                return []
            self._last_file_problem = None
            state = IngestState.in_data_dir(settings.data_dir)
            try:
                due = due_sources(specs, state)
            finally:
                state.close()
            if not due:
                return []
            async with Ingestor(settings) as ingestor:
                outcomes = await ingestor.poll(due)
            for outcome in outcomes:
                for error in outcome.errors:
                    log.warning("source %s: %s", outcome.source, error)
            new = sum(len(o.stored) for o in outcomes)
            library = getattr(self.bot, "library", None)
            if new and library is not None:
                # In the loop, not a thread: Library is not thread-safe, and a refresh only
                # parses the few new files.
                result = library.refresh()
                log.info("ingested %d new article(s); library added %d", new, len(result.added))
            self.last_outcomes = outcomes
            return outcomes
