"""The runner's ``DigestSender`` over discord.py: one embed per message, faults classified.

- 403 (missing access or permissions) and 404 (the channel was deleted) are permanent: the
  runner pauses the subscription with the reason and does not retry.
- 5xx and network errors are transient: retried with bounded backoff by the runner (on top of
  discord.py's own retries of 500/502/504).
- 429 is waited out inside discord.py (``Retry-After``); the request is repeated with the same
  body, hence the same nonce, so a retried post cannot land twice.

Every post carries a deterministic nonce with ``enforce_nonce`` (discord.py 2.7 sets
``enforce_nonce: true`` whenever ``nonce=`` is given), so Discord returns the first message
instead of creating a second one when the same part is sent again within its dedupe window.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

from oncobrief.digest.runner import PermanentSendError, TransientSendError

log = logging.getLogger(__name__)

HISTORY_LOOKBACK = 50  # recent messages searched for a part that may have gone out


def embed_from_payload(payload: dict) -> discord.Embed:
    embed = discord.Embed(title=payload["title"], description=payload["description"])
    embed.set_footer(text=payload["footer"])
    return embed


def _channel_label(channel_id: int, channel: object | None = None) -> str:
    name = getattr(channel, "name", None)
    return f"#{name}" if name else f"channel {channel_id}"


def classify(error: BaseException, channel_id: int, channel: object | None = None) -> Exception:
    """The runner's view of a discord.py failure."""
    where = _channel_label(channel_id, channel)
    if isinstance(error, discord.Forbidden):
        detail = error.text or "Missing Access"
        return PermanentSendError(
            f"403 from Discord in {where}: {detail} (the bot needs View Channel, Send Messages "
            "and Embed Links there; fix it, then run /digest resume)"
        )
    if isinstance(error, discord.NotFound):
        return PermanentSendError(
            f"{where} no longer exists (404 Unknown Channel); subscribe another channel"
        )
    if isinstance(error, discord.DiscordServerError):
        return TransientSendError(f"Discord server error {error.status} in {where}")
    if isinstance(error, discord.RateLimited):
        return TransientSendError(f"rate limited for {error.retry_after:.0f} s in {where}")
    if isinstance(error, discord.HTTPException):
        # Another 4xx is a request Discord will refuse again: stop, say why.
        return PermanentSendError(f"Discord refused the post in {where}: {error.status} {error}")
    return TransientSendError(f"network error posting in {where}: {type(error).__name__}")


_NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, OSError)


class DiscordDigestSender:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.client.fetch_channel(channel_id)
            except (discord.HTTPException, *_NETWORK_ERRORS) as exc:
                raise classify(exc, channel_id) from exc
        if not isinstance(channel, discord.abc.Messageable):
            raise PermanentSendError(f"{_channel_label(channel_id, channel)} is not a text channel")
        return channel

    async def send(self, channel_id: int, payload: dict, nonce: str) -> int:
        channel = await self._channel(channel_id)
        try:
            message = await channel.send(
                embed=embed_from_payload(payload),
                nonce=nonce,
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except (discord.HTTPException, *_NETWORK_ERRORS) as exc:
            raise classify(exc, channel_id, channel) from exc
        return message.id

    async def find_sent(self, channel_id: int, nonce: str, ref: str) -> int | None:
        """Look for a part that went out before a crash: same nonce, or its ``ref`` footer."""
        try:
            channel = await self._channel(channel_id)
            me = self.client.user.id if self.client.user else None
            marker = f"ref {ref}"
            async for message in channel.history(limit=HISTORY_LOOKBACK):
                if message.author.id != me:
                    continue
                if message.nonce is not None and str(message.nonce) == nonce:
                    return message.id
                for embed in message.embeds:
                    footer = embed.footer.text or ""
                    if footer.endswith(marker):
                        return message.id
        except (PermanentSendError, TransientSendError, discord.HTTPException, *_NETWORK_ERRORS):
            # Without history (no Read Message History, or an outage) the resend's nonce is
            # the remaining guard; the send itself reports a permanent failure properly.
            log.info("could not read recent messages of channel %s", channel_id, exc_info=True)
        return None
