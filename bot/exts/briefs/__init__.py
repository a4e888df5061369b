"""/brief slash commands: latest, drug, gene, search, show, sources, help."""

from __future__ import annotations

from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    from bot.exts.briefs.cog import Briefs

    await bot.add_cog(Briefs(bot))
