"""One place that answers every failure: an ephemeral reply with a short reference, and the
trace in the log under that reference. The bot never leaves "The application did not respond"."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from oncobrief.render import Renderer

log = logging.getLogger("bot.errors")


class UserFacingError(app_commands.AppCommandError):
    """A request the bot cannot carry out as given; ``message`` is shown as is (no trace)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_reference() -> str:
    """8 hex characters: short enough to read out, unique enough to find in the log."""
    return secrets.token_hex(4)


PLACEHOLDER = "oncobrief_public_placeholder"  # interaction.extras key


async def defer_publicly(interaction: discord.Interaction) -> None:
    """Defer with a public "thinking..." placeholder, remembering that it is still there
    (a private reply must remove it first, or Discord turns that reply into the public one)."""
    await interaction.response.defer(thinking=True)
    interaction.extras[PLACEHOLDER] = True


def placeholder_answered(interaction: discord.Interaction) -> None:
    interaction.extras.pop(PLACEHOLDER, None)


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Reply privately, whether or not the interaction was already answered or deferred."""
    if interaction.type is discord.InteractionType.autocomplete:
        if not interaction.response.is_done():
            await interaction.response.autocomplete([])
        return
    if not interaction.response.is_done():
        await interaction.response.send_message(text, ephemeral=True)
        return
    if interaction.extras.pop(PLACEHOLDER, False):
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            await interaction.edit_original_response(content=text)
            return
    await interaction.followup.send(text, ephemeral=True)


def _renderer(interaction: discord.Interaction) -> Renderer:
    renderer = getattr(interaction.client, "renderer", None)
    return renderer if isinstance(renderer, Renderer) else Renderer()


def user_message(error: BaseException) -> str | None:
    """The text for an error the user can fix; None for a failure of the bot."""
    if isinstance(error, UserFacingError):
        return error.message
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Please wait {error.retry_after:.0f} s before using this command again."
    if isinstance(error, app_commands.TransformerError):
        return (
            f"That value is not valid here: {discord.utils.escape_markdown(str(error.value))[:200]}"
        )
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You cannot use this command here."
    return None


async def report_failure(
    interaction: discord.Interaction, error: BaseException, where: str = "command"
) -> str | None:
    """Answer ``interaction`` about ``error``; returns the reference when it was a bot failure."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    message = user_message(error)
    reference = None
    if message is not None:
        log.info("%s refused for user %s: %s", where, interaction.user.id, message)
        text = _renderer(interaction).render("discord/user_error.md.j2", message=message)
    else:
        reference = new_reference()
        log.error(
            "%s failed (reference %s, user %s, data %s)",
            where,
            reference,
            interaction.user.id,
            _describe(interaction),
            exc_info=(type(error), error, error.__traceback__),
        )
        text = _renderer(interaction).render("discord/error.md.j2", reference=reference)
    try:
        await send_ephemeral(interaction, text.strip())
    except discord.HTTPException:
        # The interaction may have expired; the log line above still has the reference.
        log.warning("could not send the failure reply for reference %s", reference, exc_info=True)
    return reference


def _describe(interaction: discord.Interaction) -> str:
    """Which command or button failed, without user text longer than a short preview."""
    data = interaction.data or {}
    name = data.get("name") or data.get("custom_id") or "?"
    return f"{interaction.type.name}:{name}"[:120]


def install_error_handler(tree: app_commands.CommandTree) -> None:
    """Route every app-command failure through :func:`report_failure`."""

    async def on_app_command_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report_failure(interaction, error, where="app command")

    tree.on_error = on_app_command_error  # type: ignore[method-assign]
