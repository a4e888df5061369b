"""The bot: shared state for extensions, extension discovery, command sync."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterable

import discord
from discord.ext import commands

from bot.exts import walk_extensions
from bot.utils.embeds import BriefEmbeds
from bot.utils.errors import install_error_handler
from bot.utils.full_brief import FullBriefButton
from bot.utils.paginator import DEFAULT_TIMEOUT
from oncobrief.library import Library
from oncobrief.render import Renderer
from oncobrief.settings import Settings

log = logging.getLogger(__name__)


def minimal_intents() -> discord.Intents:
    """Guilds only: slash commands need no message content and no member list."""
    intents = discord.Intents.none()
    intents.guilds = True
    return intents


class OncoBriefBot(commands.Bot):
    """``OncoBriefBot(settings, library=None, extensions=None, **kwargs)``.

    Extensions use ``bot.settings``, ``bot.library`` (loaded from ``settings.seeds_dir`` in
    ``setup_hook`` when not given), ``bot.renderer`` and ``bot.brief_embeds``.
    ``extensions`` limits which extensions load (default: all under ``bot/exts``); other
    keyword arguments go to :class:`discord.ext.commands.Bot` (e.g. ``proxy``, ``http_trace``).
    Mentions are always off: nothing the bot sends can ping anyone. After start,
    ``failed_extensions`` maps an extension that failed to load to why, ``synced_commands``
    lists what Discord accepted, and ``page_timeout`` (seconds) can be lowered in tests.
    """

    def __init__(
        self,
        settings: Settings,
        library: Library | None = None,
        *,
        extensions: Iterable[str] | None = None,
        **kwargs: object,
    ) -> None:
        kwargs.setdefault("intents", minimal_intents())
        kwargs.setdefault("command_prefix", commands.when_mentioned)
        kwargs.setdefault("help_command", None)
        kwargs["allowed_mentions"] = discord.AllowedMentions.none()
        # The bot never joins voice: silence discord.py's warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.settings = settings
        self.library: Library | None = library
        self.renderer = Renderer(settings)
        self.brief_embeds = BriefEmbeds(self.renderer)
        self.wanted_extensions = list(extensions) if extensions is not None else None
        self.failed_extensions: dict[str, str] = {}
        self.page_timeout: float = DEFAULT_TIMEOUT  # Previous / Next stop working after this
        self.synced_commands: list[discord.app_commands.AppCommand] = []

    async def setup_hook(self) -> None:
        if self.library is None:
            folder = self.settings.seeds_dir
            log.info("loading articles from %s", folder)
            # In a thread: parsing a large folder must not block the event loop.
            self.library = await asyncio.to_thread(Library.load, folder, self.settings)
            log.info(
                "loaded %d briefs (%d files failed)", len(self.library), len(self.library.errors)
            )
            # The loaded library lives as long as the bot: keep the collector from rescanning
            # it on every pass (measured: halves /brief latency outliers at 1,000 briefs).
            gc.collect()
            gc.freeze()
        install_error_handler(self.tree)
        self.add_dynamic_items(FullBriefButton)
        await self.load_all_extensions()
        await self.sync_commands()

    async def load_all_extensions(self) -> None:
        names = self.wanted_extensions
        if names is None:
            names = list(walk_extensions())
        for name in names:
            try:
                await self.load_extension(name)
            except Exception as exc:  # one broken extension must not take /brief down
                self.failed_extensions[name] = f"{type(exc).__name__}: {exc}"
                log.exception("extension %s failed to load", name)
            else:
                log.info("loaded extension %s", name)

    async def sync_commands(self) -> None:
        """Sync to each configured guild (instant) or globally (may take up to an hour)."""
        try:
            if self.settings.guild_ids:
                for guild_id in self.settings.guild_ids:
                    guild = discord.Object(id=guild_id)
                    self.tree.copy_global_to(guild=guild)
                    self.synced_commands += await self.tree.sync(guild=guild)
                log.info("commands synced to guilds %s", self.settings.guild_ids)
            else:
                self.synced_commands = await self.tree.sync()
                log.info("commands synced globally (may take a while to show up)")
        except discord.Forbidden:
            log.error(
                "Discord refused the command sync: invite the bot with the "
                "applications.commands scope (see the README, section Discord bot)"
            )
