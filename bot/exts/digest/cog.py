"""The /digest command group: subscribe, unsubscribe, status, preview, send-now, resume.

Changing digests needs Manage Server, checked here in code on every call: Discord's
``default_permissions`` are only a hint (server admins can override them, and they are
ignored for subcommands). Replies are ephemeral; the digests themselves are channel posts.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.exts.digest.sender import embed_from_payload
from bot.exts.digest.service import DigestService
from bot.exts.digest.texts import (
    channel_ref,
    choice_label,
    epoch,
    filters_of,
    outcome_text,
    split_message,
    status_text,
)
from bot.utils.checks import describe_permissions, missing_post_permissions
from bot.utils.errors import UserFacingError
from oncobrief.digest.schedule import DailySchedule, ScheduleError, suggest_zones
from oncobrief.digest.store import NewSubscription, Subscription
from oncobrief.models import EvidenceLevel

log = logging.getLogger(__name__)

MAX_SUBSCRIPTIONS_PER_GUILD = 25  # what one autocomplete list can show
EVIDENCE_CHOICES = [
    app_commands.Choice(name=level.label, value=level.value)
    for level in EvidenceLevel
    if level is not EvidenceLevel.UNKNOWN
]


class TextChannelOption(app_commands.Transformer):
    """A text channel of this server, resolved from the guild cache by id.

    Works whether or not the interaction carries ``resolved`` channel data.
    """

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(
        self, interaction: discord.Interaction, value: object
    ) -> discord.TextChannel:
        channel_id = getattr(value, "id", value)
        guild = interaction.guild
        channel = guild.get_channel(int(channel_id)) if guild else None  # type: ignore[arg-type]
        if not isinstance(channel, discord.TextChannel):
            raise UserFacingError("Pick a text channel of this server for the digest.")
        return channel


def require_manager(interaction: discord.Interaction) -> None:
    if interaction.guild is None:
        raise UserFacingError("Digests are set up in a server, not in direct messages.")
    permissions = interaction.permissions
    member = interaction.user
    if isinstance(member, discord.Member):
        permissions = permissions | member.guild_permissions
    if not (permissions.manage_guild or permissions.administrator):
        raise UserFacingError("Changing digests needs the **Manage Server** permission.")


class Digest(
    commands.GroupCog, group_name="digest", group_description="Daily digest of new briefs"
):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.service = DigestService(bot)
        super().__init__()

    async def cog_load(self) -> None:
        await self.service.start()

    async def cog_unload(self) -> None:
        await self.service.stop()

    @property
    def store(self):
        return self.service.store

    @property
    def runner(self):
        return self.service.runner

    @property
    def renderer(self):
        return self.bot.renderer  # type: ignore[attr-defined]

    async def _own(self, interaction: discord.Interaction, number: int | None) -> Subscription:
        """The chosen subscription of this server (a client can send any number)."""
        if interaction.guild is None:
            raise UserFacingError("Digests belong to a server; use this command in one.")
        subs = await self.store.list_subscriptions(interaction.guild.id)
        if number is None:
            if len(subs) == 1:
                return subs[0]
            if not subs:
                raise UserFacingError("No digest is set up here yet: use `/digest subscribe`.")
            raise UserFacingError("This server has several digests: pick one in `subscription`.")
        for sub in subs:
            if sub.id == number:
                return sub
        raise UserFacingError(f"There is no digest {number} in this server; see `/digest status`.")

    # --- autocomplete ---------------------------------------------------------------------

    async def zone_autocomplete(self, interaction: discord.Interaction, current: str):
        return [app_commands.Choice(name=z, value=z) for z in suggest_zones(current, 25)]

    async def subscription_autocomplete(self, interaction: discord.Interaction, current: str):
        if interaction.guild is None:
            return []
        subs = await self.store.list_subscriptions(interaction.guild.id)
        choices = []
        for sub in subs:
            channel = interaction.guild.get_channel(sub.channel_id)
            label = choice_label(sub, getattr(channel, "name", None))
            if current.lower() in label.lower():
                choices.append(app_commands.Choice(name=label, value=sub.id))
        return choices[:25]

    async def drug_autocomplete(self, interaction: discord.Interaction, current: str):
        needle = current.casefold()
        names = [n for n in self.bot.library.drug_names() if needle in n.casefold()]  # type: ignore[attr-defined]
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names[:25]]

    async def gene_autocomplete(self, interaction: discord.Interaction, current: str):
        needle = current.casefold()
        names = [n for n in self.bot.library.gene_names() if needle in n.casefold()]  # type: ignore[attr-defined]
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names[:25]]

    # --- commands -------------------------------------------------------------------------

    @app_commands.command(name="subscribe", description="Post new briefs to a channel every day")
    @app_commands.describe(
        channel="Text channel to post in",
        time="Local time of day, 24-hour HH:MM (e.g. 08:00)",
        timezone="IANA time zone, e.g. Europe/Berlin",
        drug="Only briefs about this drug (any name)",
        gene="Only briefs about this gene",
        min_evidence="Only briefs at or above this evidence level",
        announce_empty='Post a "nothing new" line on days without new briefs',
    )
    @app_commands.choices(min_evidence=EVIDENCE_CHOICES)
    @app_commands.autocomplete(timezone=zone_autocomplete)
    @app_commands.autocomplete(drug=drug_autocomplete, gene=gene_autocomplete)
    async def subscribe(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[discord.TextChannel, TextChannelOption],
        time: app_commands.Range[str, 3, 5],
        timezone: app_commands.Range[str, 1, 64],
        drug: app_commands.Range[str, 1, 100] | None = None,
        gene: app_commands.Range[str, 1, 40] | None = None,
        min_evidence: str | None = None,
        announce_empty: bool = False,
    ) -> None:
        require_manager(interaction)
        # Resolving a drug name may load the vocabulary: answer within Discord's 3 s first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            schedule = DailySchedule.parse(time, timezone)
        except ScheduleError as exc:
            raise UserFacingError(str(exc)) from exc
        if min_evidence is not None and min_evidence not in {c.value for c in EVIDENCE_CHOICES}:
            raise UserFacingError("Pick the minimum evidence level from the list.")
        me = interaction.guild.me  # type: ignore[union-attr]
        missing = missing_post_permissions(channel, me) if me is not None else []
        if missing:
            raise UserFacingError(
                f"I cannot post in {channel.mention}: missing {describe_permissions(missing)}. "
                "Grant these to the bot in that channel (or pick another channel) and try again."
            )
        guild_id = interaction.guild.id  # type: ignore[union-attr]
        if len(await self.store.list_subscriptions(guild_id)) >= MAX_SUBSCRIPTIONS_PER_GUILD:
            raise UserFacingError("This server has 25 digests already; remove one first.")
        notes: list[str] = []
        drug = self._resolve_term("drug", drug, notes)
        gene = self._resolve_term("gene", gene, notes)
        new = NewSubscription(
            guild_id=guild_id,
            channel_id=channel.id,
            time_of_day=schedule.time_of_day.strftime("%H:%M"),
            timezone=schedule.zone.key,
            drug=drug,
            gene=gene,
            min_evidence=min_evidence,
            announce_empty=announce_empty,
            created_by=interaction.user.id,
        )
        sub = await self.store.add_subscription(new, self.service.clock())
        preview = await self.runner.preview(sub)
        log.info(
            "digest %s subscribed by %s in channel %s", sub.id, interaction.user.id, channel.id
        )
        text = self.renderer.render(
            "discord/digest_subscribed.md.j2",
            number=sub.id,
            channel=channel.mention,
            time=sub.time_of_day,
            zone=sub.timezone,
            filters=self.filters_text(sub),
            announce_empty=sub.announce_empty,
            next_run=epoch(self.runner.next_run(sub)),
            pending=len(preview.included) + len(preview.carried_over),
            notes=notes,
        )
        await interaction.followup.send(text.strip(), ephemeral=True)

    def _resolve_term(self, kind: str, value: str | None, notes: list[str]) -> str | None:
        """The canonical name when the library knows it; otherwise kept as typed, with a note."""
        if not value:
            return None
        library = self.bot.library  # type: ignore[attr-defined]
        lookup = library.by_drug(value) if kind == "drug" else library.by_gene(value)
        if lookup.found and lookup.canonical:
            return lookup.canonical
        hint = f" (did you mean {', '.join(lookup.suggestions[:3])}?)" if lookup.suggestions else ""
        notes.append(
            f"no loaded brief mentions the {kind} {value!r} yet{hint}; "
            "the digest will include briefs that do."
        )
        return lookup.canonical or value.strip()

    @staticmethod
    def filters_text(sub: Subscription) -> str:
        return filters_of(sub).describe()

    @app_commands.command(name="unsubscribe", description="Stop a daily digest")
    @app_commands.describe(subscription="The digest to stop")
    @app_commands.autocomplete(subscription=subscription_autocomplete)
    async def unsubscribe(self, interaction: discord.Interaction, subscription: int) -> None:
        require_manager(interaction)
        sub = await self._own(interaction, subscription)
        await self.store.remove_subscription(sub.id)
        log.info("digest %s removed by %s", sub.id, interaction.user.id)
        text = outcome_text(self.renderer, sub, "removed")
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="resume", description="Resume a paused digest after fixing it")
    @app_commands.describe(subscription="The paused digest")
    @app_commands.autocomplete(subscription=subscription_autocomplete)
    async def resume(self, interaction: discord.Interaction, subscription: int) -> None:
        require_manager(interaction)
        sub = await self._own(interaction, subscription)
        await self.store.resume(sub.id)
        sub = await self.store.get_subscription(sub.id)
        next_run = epoch(self.runner.next_run(sub))
        text = outcome_text(self.renderer, sub, "resumed", next_run=next_run)
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="status", description="Digests of this server: next run, last post")
    async def status(self, interaction: discord.Interaction) -> None:
        if interaction.guild is None:
            raise UserFacingError("Digests belong to a server; use this command in one.")
        subs = await self.store.list_subscriptions(interaction.guild.id)
        chunks = split_message(status_text(self.renderer, self.runner, subs))
        await interaction.response.send_message(chunks[0], ephemeral=True)
        for chunk in chunks[1:]:  # many subscriptions: more messages, none left out
            await interaction.followup.send(chunk, ephemeral=True)

    @app_commands.command(
        name="preview", description="What a digest would post now (only you see it)"
    )
    @app_commands.describe(subscription="The digest to preview (default: the only one)")
    @app_commands.autocomplete(subscription=subscription_autocomplete)
    async def preview(
        self, interaction: discord.Interaction, subscription: int | None = None
    ) -> None:
        sub = await self._own(interaction, subscription)
        await interaction.response.defer(ephemeral=True, thinking=True)
        digest = await self.runner.preview(sub)
        heading = self.renderer.render(
            "discord/digest_preview.md.j2",
            number=sub.id,
            channel=channel_ref(sub),
            count=len(digest.included),
            messages=len(digest.messages),
            carried=len(digest.carried_over),
            announce_empty=sub.announce_empty,
        ).strip()
        embeds = [embed_from_payload(m.payload()) for m in digest.messages]
        first = embeds[0] if embeds else discord.utils.MISSING
        await interaction.followup.send(heading, embed=first, ephemeral=True)
        for embed in embeds[1:]:  # one embed per message: each may use most of the 6000 limit
            await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(name="send-now", description="Post a digest now (to test a setup)")
    @app_commands.describe(subscription="The digest to post (default: the only one)")
    @app_commands.autocomplete(subscription=subscription_autocomplete)
    async def send_now(
        self, interaction: discord.Interaction, subscription: int | None = None
    ) -> None:
        require_manager(interaction)
        sub = await self._own(interaction, subscription)
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.runner.send_now(sub, request_id=interaction.id)
        text = outcome_text(
            self.renderer,
            sub,
            outcome.state,
            count=len(outcome.message_ids),
            detail=outcome.detail,
        )
        await interaction.followup.send(text, ephemeral=True)
