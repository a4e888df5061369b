"""One page per result with Previous / Next buttons that only the invoking user can press.

Reusable by any extension: build :class:`Page` objects, then ``await Paginator(pages,
owner_id).start(interaction)`` (a command) or ``await Paginator(pages, None).send(channel)``
(a channel post anyone may page). A page with ``brief_id`` also gets a "Full brief" button,
answered by :class:`bot.utils.full_brief.FullBriefButton` (it keeps working after the view
times out and after restarts).

custom_id formats: ``oncobrief:page:prev:<nonce>``, ``oncobrief:page:next:<nonce>``,
``oncobrief:page:count:<nonce>`` (disabled label), ``oncobrief:full:<brief id>``.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import discord

from bot.utils.errors import report_failure
from bot.utils.full_brief import FULL_PREFIX, full_brief_button

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 300.0  # seconds; well under the 15 minutes an interaction token lives
NOT_YOURS = "Only the person who ran this command can turn these pages."


@dataclass
class Page:
    """One page. ``embed`` may be a function building it, called when the page is first
    shown: answering with 25 results then costs one embed, not 25."""

    embed: discord.Embed | Callable[[], discord.Embed]
    content: str | None = None
    brief_id: str | None = None  # adds the "Full brief" button

    def built_embed(self) -> discord.Embed:
        if not isinstance(self.embed, discord.Embed):
            self.embed = self.embed()
        return self.embed


class Paginator(discord.ui.View):
    def __init__(
        self,
        pages: Sequence[Page],
        owner_id: int | None,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        refusal: str = NOT_YOURS,
    ) -> None:
        if not pages:
            raise ValueError("a paginator needs at least one page")
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.owner_id = owner_id
        self.refusal = refusal
        self.index = 0
        self.nonce = secrets.token_hex(4)
        self._edit: Callable[..., Awaitable[object]] | None = None
        self.previous = self._button("◀ Previous", "prev", self._on_previous)
        self.counter = discord.ui.Button(
            label="", disabled=True, custom_id=f"oncobrief:page:count:{self.nonce}"
        )
        self.next = self._button("Next ▶", "next", self._on_next)
        self._layout()

    def _button(
        self, label: str, name: str, callback: Callable[[discord.Interaction], Awaitable[None]]
    ) -> discord.ui.Button:
        button = discord.ui.Button(
            label=label,
            style=discord.ButtonStyle.secondary,
            custom_id=f"oncobrief:page:{name}:{self.nonce}",
        )
        button.callback = callback  # type: ignore[method-assign]
        return button

    @property
    def page(self) -> Page:
        return self.pages[self.index]

    def _layout(self, *, expired: bool = False) -> None:
        """Rebuild the buttons for the current page."""
        self.clear_items()
        if len(self.pages) > 1:
            self.previous.disabled = expired or self.index == 0
            self.next.disabled = expired or self.index == len(self.pages) - 1
            self.counter.label = f"{self.index + 1} / {len(self.pages)}"
            self.add_item(self.previous)
            self.add_item(self.counter)
            self.add_item(self.next)
        if self.page.brief_id:
            self.add_item(full_brief_button(self.page.brief_id))

    # --- sending ----------------------------------------------------------------------------

    def _first_message(self) -> dict[str, object]:
        return {"content": self.page.content, "embed": self.page.built_embed(), "view": self}

    async def start(self, interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
        """Answer a command (or its deferred response) with the first page."""
        if interaction.response.is_done():
            message = await interaction.followup.send(
                **self._first_message(), ephemeral=ephemeral, wait=True
            )
            self._edit = message.edit
        else:
            await interaction.response.send_message(**self._first_message(), ephemeral=ephemeral)
            self._edit = interaction.edit_original_response

    async def send(self, channel: discord.abc.Messageable) -> discord.Message:
        """Post the first page into a channel (for extensions posting on their own)."""
        message = await channel.send(**self._first_message())  # type: ignore[arg-type]
        self._edit = message.edit
        return message

    # --- pressing ---------------------------------------------------------------------------

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        if custom_id.startswith(FULL_PREFIX):
            return False  # answered by the FullBriefButton dynamic item, for anyone
        if self.owner_id is not None and interaction.user.id != self.owner_id:
            await interaction.response.send_message(self.refusal, ephemeral=True)
            return False
        return True

    async def _on_previous(self, interaction: discord.Interaction) -> None:
        await self._show(interaction, self.index - 1)

    async def _on_next(self, interaction: discord.Interaction) -> None:
        await self._show(interaction, self.index + 1)

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = min(max(index, 0), len(self.pages) - 1)
        self._layout()
        await interaction.response.edit_message(
            content=self.page.content, embed=self.page.built_embed(), view=self
        )

    async def on_timeout(self) -> None:
        """Disable Previous / Next (Full brief stays usable) by editing the message."""
        self._layout(expired=True)
        if self._edit is None or len(self.pages) < 2:
            return
        try:
            await self._edit(view=self)
        except discord.HTTPException:
            log.info("could not disable the page buttons (message gone or token expired)")

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await report_failure(interaction, error, where=f"button {item.custom_id}")  # type: ignore[attr-defined]
