"""A tiny discord.py bot for testing the Discord API double itself (not the product).

Each command exercises one piece of the protocol: typed options, autocomplete, deferral,
follow-ups, buttons with an owner check, an oversized embed.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands

from tests.bot.discord_double import DiscordDouble


class OwnerPager(discord.ui.View):
    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=30)
        self.owner_id = owner_id
        self.page = 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("not yours", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Next", custom_id="probe:next")
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.page += 1
        button.disabled = self.page >= 2
        await interaction.response.edit_message(content=f"page {self.page}", view=self)


class ProbeBot(discord.Client):
    def __init__(self, guild_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("intents", discord.Intents(guilds=True))
        super().__init__(
            allowed_mentions=discord.AllowedMentions.none(), guild_ready_timeout=0.05, **kwargs
        )
        self.guild_id = guild_id
        self.tree = app_commands.CommandTree(self)
        self.errors: list[BaseException] = []
        self.tree.add_command(self._probe_group())

    async def setup_hook(self) -> None:
        guild = discord.Object(self.guild_id)
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5 s pause before re-identifying (discord.py's default): keeps tests fast."""

    def _probe_group(self) -> app_commands.Group:
        group = app_commands.Group(name="probe", description="Protocol probes")
        errors = self.errors

        @group.command(name="echo", description="Echo typed options")
        async def echo(
            interaction: discord.Interaction,
            text: str,
            count: app_commands.Range[int, 1, 5] = 1,
            secret: bool = False,
        ) -> None:
            await interaction.response.send_message(
                f"{text}|{count}|{type(count).__name__}", ephemeral=secret
            )

        @group.command(name="pick", description="Autocomplete")
        async def pick(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(name)

        @pick.autocomplete("name")
        async def pick_choices(interaction: discord.Interaction, current: str):
            many = 30 if current == "many" else 0
            names = [f"item{i}" for i in range(many)] or ["repotrectinib", "entrectinib"]
            return [app_commands.Choice(name=n, value=n) for n in names if current in n or many]

        @group.command(name="slow", description="Defer then follow up")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0)
            await interaction.followup.send("done")
            await interaction.followup.send("second")

        @group.command(name="pager", description="Buttons")
        async def pager(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("page 1", view=OwnerPager(interaction.user.id))

        @group.command(name="where", description="A channel and a user option")
        async def where(
            interaction: discord.Interaction, channel: discord.TextChannel, member: discord.Member
        ) -> None:
            await interaction.response.send_message(f"{channel.name}|{member.name}")

        @group.command(name="huge", description="An embed over Discord's limits")
        async def huge(interaction: discord.Interaction) -> None:
            try:
                embed = discord.Embed(title="t", description="x" * 4097)
                await interaction.response.send_message(embed=embed)
            except discord.HTTPException as exc:
                errors.append(exc)
                await interaction.response.send_message("too big", ephemeral=True)

        return group


async def start_probe(double: DiscordDouble, **kwargs: Any) -> tuple[ProbeBot, asyncio.Task]:
    bot = ProbeBot(double.guild.id, **kwargs)
    task = asyncio.create_task(bot.start(double.token))
    await double.wait_until_ready(10)
    await asyncio.wait_for(bot.wait_until_ready(), 10)
    return bot, task


async def stop_probe(bot: ProbeBot, task: asyncio.Task) -> None:
    await bot.close()
    await asyncio.wait_for(task, 10)
