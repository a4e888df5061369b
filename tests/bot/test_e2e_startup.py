"""End to end: the real bot logs in to the Discord API double and syncs /brief."""

from __future__ import annotations

import discord

from tests.bot.discord_double import DiscordDouble

SUBCOMMANDS = {"latest", "drug", "gene", "search", "show", "sources", "help"}


async def test_login_syncs_brief_with_its_subcommands(double: DiscordDouble, bot) -> None:
    commands = double.synced_commands(double.guild.id)
    brief = next(c for c in commands if c["name"] == "brief")
    assert SUBCOMMANDS <= {o["name"] for o in brief["options"] if o["type"] == 1}
    drug = next(o for o in brief["options"] if o["name"] == "drug")
    (name,) = drug["options"]
    assert name["required"] and name["autocomplete"]
    latest = next(o for o in brief["options"] if o["name"] == "latest")
    count = next(o for o in latest["options"] if o["name"] == "count")
    assert (count["min_value"], count["max_value"]) == (1, 10)
    assert double.synced_commands(None) == []  # guild ids configured: no global sync


async def test_minimal_intents_and_a_live_gateway(double: DiscordDouble, bot) -> None:
    (identify,) = double.gateway.identifies
    intents = discord.Intents._from_value(identify["intents"])
    assert intents.guilds and not intents.message_content and not intents.members
    await double.wait_for(lambda: double.gateway.heartbeats >= 1, 5, "a heartbeat")
    assert bot.get_guild(double.guild.id) is not None
