"""The "Full brief" button: sends the whole brief as ephemeral messages to whoever presses it.

A dynamic item (custom_id ``oncobrief:full:<brief id>``) registered on the bot, so it works on
any message, after a paginator times out, and after a restart.
"""

from __future__ import annotations

import logging
import re

import discord

from bot.utils.errors import report_failure
from oncobrief.stories import story_of

log = logging.getLogger(__name__)

FULL_PREFIX = "oncobrief:full:"
_ID = r"[A-Za-z0-9_.\-]{1,80}"


def full_brief_button(brief_id: str) -> discord.ui.Button:
    """A plain button carrying the dynamic custom_id (for views and hand-built messages)."""
    return discord.ui.Button(
        label="Full brief", style=discord.ButtonStyle.primary, custom_id=FULL_PREFIX + brief_id
    )


class FullBriefButton(
    discord.ui.DynamicItem[discord.ui.Button], template=re.escape(FULL_PREFIX) + f"(?P<id>{_ID})"
):
    def __init__(self, brief_id: str) -> None:
        super().__init__(full_brief_button(brief_id))
        self.brief_id = brief_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> FullBriefButton:
        return cls(match["id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._send(interaction)
        except Exception as error:  # answer every press, even on a bug
            await report_failure(interaction, error, where=f"full brief {self.brief_id}")

    async def _send(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        brief = client.library.get(self.brief_id) if client.library is not None else None  # type: ignore[attr-defined]
        if brief is None:
            text = client.renderer.render("discord/brief_gone.md.j2").strip()  # type: ignore[attr-defined]
            await interaction.response.send_message(text, ephemeral=True)
            return
        brief = story_of(brief, client.library)  # type: ignore[attr-defined]  # other outlets too
        messages = client.brief_embeds.full_messages(brief)  # type: ignore[attr-defined]
        await interaction.response.send_message(messages[0], ephemeral=True)
        for message in messages[1:]:
            await interaction.followup.send(message, ephemeral=True)
