"""Permission checks for posting into a channel (digests, announcements).

Slash-command replies go through the interaction webhook and need no channel permission;
messages the bot posts on its own do: View Channel, Send Messages, Embed Links (and Send
Messages in Threads for threads).
"""

from __future__ import annotations

import discord

REQUIRED_FOR_POSTING = ("view_channel", "send_messages", "embed_links")


def missing_post_permissions(
    channel: discord.abc.GuildChannel | discord.Thread, member: discord.Member
) -> list[str]:
    """Names of the permissions ``member`` lacks to post briefs in ``channel`` (empty: fine)."""
    permissions = channel.permissions_for(member)
    needed = list(REQUIRED_FOR_POSTING)
    if isinstance(channel, discord.Thread):
        needed.append("send_messages_in_threads")
    return [name for name in needed if not getattr(permissions, name)]


def describe_permissions(names: list[str]) -> str:
    """``["embed_links"]`` -> ``"Embed Links"``, as the Discord UI spells them."""
    return ", ".join(name.replace("_", " ").title() for name in names)
