"""The /brief command group: Discord plumbing around :class:`BriefAnswers`."""

from __future__ import annotations

import asyncio
import functools
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.briefs.answers import LATEST_DEFAULT, Answer, BriefAnswers
from bot.exts.briefs.health import source_health
from bot.utils.errors import (
    defer_publicly,
    new_reference,
    placeholder_answered,
    send_ephemeral,
)
from bot.utils.paginator import DEFAULT_TIMEOUT, Page, Paginator

log = logging.getLogger(__name__)


class Briefs(commands.GroupCog, group_name="brief", group_description="Oncology news briefs"):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        super().__init__()

    @property
    def answers(self) -> BriefAnswers:
        # Built per call: cheap, and always over the bot's current library.
        return BriefAnswers(self.bot.library, self.bot.renderer)  # type: ignore[attr-defined]

    # --- replying ---------------------------------------------------------------------------

    async def reply(self, interaction: discord.Interaction, answer: Answer) -> None:
        if answer.briefs:
            await self._paginate(interaction, answer)
            placeholder_answered(interaction)
        elif answer.ephemeral:
            await send_ephemeral(interaction, answer.text or "")
        elif interaction.response.is_done():
            await interaction.followup.send(answer.text or "")
            placeholder_answered(interaction)
        else:
            await interaction.response.send_message(answer.text or "")

    async def _paginate(self, interaction: discord.Interaction, answer: Answer) -> None:
        embeds = self.bot.brief_embeds  # type: ignore[attr-defined]
        pages = [
            Page(
                embed=functools.partial(embeds.embed, brief),
                content=answer.heading,
                brief_id=brief.id,
            )
            for brief in answer.briefs
        ]
        refusal = self.bot.renderer.render("discord/not_yours.md.j2").strip()  # type: ignore[attr-defined]
        timeout = getattr(self.bot, "page_timeout", DEFAULT_TIMEOUT)
        paginator = Paginator(pages, owner_id=interaction.user.id, refusal=refusal, timeout=timeout)
        await paginator.start(interaction, ephemeral=answer.ephemeral)

    # --- commands ---------------------------------------------------------------------------

    @app_commands.command(name="latest", description="The newest briefs")
    @app_commands.describe(count="How many briefs (1-10, default 5)")
    async def latest(
        self,
        interaction: discord.Interaction,
        count: app_commands.Range[int, 1, 10] = LATEST_DEFAULT,
    ) -> None:
        await self.reply(interaction, self.answers.latest(count))

    @app_commands.command(name="drug", description="Briefs mentioning a drug (any name)")
    @app_commands.describe(name="Generic name, brand name or development code")
    async def drug(self, interaction: discord.Interaction, name: str) -> None:
        await self.reply(interaction, self.answers.drug(name))

    @drug.autocomplete("name")
    async def drug_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices("drug", lambda: self.answers.drug_choices(current))

    @app_commands.command(name="gene", description="Briefs mentioning a gene or its alterations")
    @app_commands.describe(symbol="Gene symbol or alias, e.g. NTRK1")
    async def gene(self, interaction: discord.Interaction, symbol: str) -> None:
        await self.reply(interaction, self.answers.gene(symbol))

    @gene.autocomplete("symbol")
    async def gene_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices("gene", lambda: self.answers.gene_choices(current))

    @app_commands.command(name="search", description="Full-text search over the briefs")
    @app_commands.describe(text="Words to look for")
    async def search(self, interaction: discord.Interaction, text: str) -> None:
        await defer_publicly(interaction)  # the search index may need a rebuild
        await self.reply(interaction, self.answers.search(text))

    @app_commands.command(name="show", description="One brief by id (type to search titles)")
    @app_commands.describe(id="Brief id; start typing a title to pick one")
    async def show(self, interaction: discord.Interaction, id: str) -> None:
        await self.reply(interaction, self.answers.show(id))

    @show.autocomplete("id")
    async def show_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return self._choices("brief", lambda: self.answers.brief_choices(current))

    @app_commands.command(name="sources", description="What is loaded, and files that failed")
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        health = await asyncio.to_thread(source_health, self.bot.settings)  # type: ignore[attr-defined]
        await self.reply(interaction, self.answers.sources(health))

    @app_commands.command(name="help", description="How to use OncoBrief")
    async def help(self, interaction: discord.Interaction) -> None:
        await self.reply(interaction, self.answers.help())

    # --- helpers ----------------------------------------------------------------------------

    def _choices(self, what: str, make) -> list[app_commands.Choice[str]]:
        """Autocomplete never raises: a failure offers nothing and is logged with a reference."""
        try:
            return [app_commands.Choice(name=shown, value=value) for shown, value in make()]
        except Exception:
            log.exception("%s autocomplete failed (reference %s)", what, new_reference())
            return []
