"""Background polling of the sources file (feeds and pages) into the library."""

from __future__ import annotations

from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    from bot.exts.ingest.cog import SourcePoller

    await bot.add_cog(SourcePoller(bot))
