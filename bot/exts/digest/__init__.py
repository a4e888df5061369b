"""/digest slash commands and the daily digest scheduler (see the README, section Daily digest)."""

from __future__ import annotations

from discord.ext import commands


async def setup(bot: commands.Bot) -> None:
    from bot.exts.digest.cog import Digest

    await bot.add_cog(Digest(bot))
