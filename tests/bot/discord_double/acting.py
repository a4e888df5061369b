"""Acting as users: slash commands, autocomplete and component presses, dispatched as
INTERACTION_CREATE on the gateway and recorded as ``InteractionRecord``s.

A mixin of ``DiscordDouble`` (it uses the double's world, gateway and synced commands).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .commands import CHANNEL, MENTIONABLE, ROLE, USER, command_data, walk_options
from .payloads import FakeChannel, FakeUser, new_token
from .records import DoubleError, InteractionRecord, find_component, iter_components

if TYPE_CHECKING:
    from .double import DiscordDouble

COMMAND, COMPONENT, AUTOCOMPLETE = 2, 3, 4


class ActingAsUsers:
    async def invoke(
        self: DiscordDouble,
        name: str,
        subcommand: str | None = None,
        options: dict[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        wait: bool = True,
        timeout: float = 5.0,
        validate: bool = True,
    ) -> InteractionRecord:
        """A user runs ``/name subcommand option:value``; waits until the user sees an answer."""
        channel = channel or self.channel
        data = command_data(
            self.find_command(name, channel.guild_id), subcommand, options or {}, validate=validate
        )
        self._resolve(data, channel, strict=validate)
        record = await self._dispatch_interaction(COMMAND, data, user or self.alice, channel)
        if wait:
            await record.wait_until(lambda r: r.answered, timeout)
        return record

    async def autocomplete(
        self: DiscordDouble,
        name: str,
        subcommand: str | None,
        options: dict[str, Any],
        focused: str,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        timeout: float = 5.0,
    ) -> InteractionRecord:
        """A user types into option ``focused``; the record's ``.choices`` are the bot's offer.

        Returns once the bot's callback was accepted or refused (``record.refusals``)."""
        channel = channel or self.channel
        command = self.find_command(name, channel.guild_id)
        data = command_data(command, subcommand, options, focused=focused, validate=False)
        self._resolve(data, channel, strict=False)
        record = await self._dispatch_interaction(AUTOCOMPLETE, data, user or self.alice, channel)
        await record.wait_until(lambda r: r.acknowledged or bool(r.refusals), timeout)
        return record

    def _resolve(
        self: DiscordDouble, data: dict[str, Any], channel: FakeChannel, strict: bool
    ) -> None:
        """Add ``data.resolved`` for user, channel, role and mentionable options, as Discord does."""
        resolved: dict[str, dict[str, Any]] = {}
        guild = self.guilds.get(channel.guild_id) if channel.guild_id else None
        for option in walk_options(data.get("options", [])):
            kind, value = option["type"], str(option.get("value"))
            if kind not in (USER, CHANNEL, ROLE, MENTIONABLE) or option.get("focused"):
                continue
            user = self.users.get(int(value)) if value.isdigit() else None
            role = guild.roles.get(int(value)) if guild and value.isdigit() else None
            target = self.channels.get(int(value)) if value.isdigit() else None
            if kind in (USER, MENTIONABLE) and user is not None:
                resolved.setdefault("users", {})[value] = user.payload()
                if guild is not None:
                    member = user.member_payload(with_permissions=True)
                    member.pop("user")
                    resolved.setdefault("members", {})[value] = member
            elif kind in (ROLE, MENTIONABLE) and role is not None:
                resolved.setdefault("roles", {})[value] = role.payload()
            elif kind == CHANNEL and target is not None:
                entry = {**target.payload(), "permissions": str(self.app_permissions)}
                resolved.setdefault("channels", {})[value] = entry
            elif strict:
                raise DoubleError(f"option {option['name']}: nothing with id {value} exists")
        if resolved:
            data["resolved"] = resolved

    async def press(
        self: DiscordDouble,
        target: InteractionRecord | dict[str, Any],
        key: str,
        *,
        user: FakeUser | None = None,
        values: list[str] | None = None,
        wait: bool = True,
        timeout: float = 5.0,
    ) -> InteractionRecord:
        """A user presses a button (or picks select ``values``) on a message the bot sent.

        ``key`` is a custom_id or a label (exact, or the one label containing it: "Next").
        ``target`` is a record (its original and follow-ups are searched, newest state) or a
        message dict. Disabled components cannot be pressed, as in Discord's client.
        """
        candidates = target.messages if isinstance(target, InteractionRecord) else [target]
        for candidate in reversed(candidates):  # newest message first
            message = self.messages.by_id.get(int(candidate["id"]), candidate)
            component = find_component(list(iter_components(message.get("components", []))), key)
            if component is None:
                continue
            if component.get("disabled"):
                raise DoubleError(f"component {key!r} is disabled")
            if "custom_id" not in component:
                raise DoubleError(f"component {key!r} is a link, not pressable")
            data: dict[str, Any] = {
                "custom_id": component["custom_id"],
                "component_type": component["type"],
            }
            if values is not None:
                data["values"] = values
            channel = self.channels[int(message["channel_id"])]
            record = await self._dispatch_interaction(
                COMPONENT, data, user or self.alice, channel, message=message
            )
            if wait:
                await record.wait_until(lambda r: r.answered, timeout)
            return record
        raise DoubleError(f"no component {key!r} on {len(candidates)} message(s)")

    async def _dispatch_interaction(
        self: DiscordDouble,
        kind: int,
        data: dict[str, Any],
        user: FakeUser,
        channel: FakeChannel,
        *,
        message: dict[str, Any] | None = None,
    ) -> InteractionRecord:
        record = InteractionRecord(
            id=self.snowflakes.next(),
            token=new_token("interaction"),
            type=kind,
            user=user,
            channel_id=channel.id,
            guild_id=channel.guild_id,
            data=data,
            source_message_id=int(message["id"]) if message else None,
        )
        payload: dict[str, Any] = {
            "id": str(record.id),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": record.token,
            "version": 1,
            "channel_id": str(channel.id),
            "channel": channel.payload(),
            "app_permissions": str(self.app_permissions),
            "locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 26_214_400,
        }
        if channel.guild_id is not None:
            guild = self.guilds[channel.guild_id]
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.locale, "features": []},
                guild_locale=guild.locale,
                member=user.member_payload(with_permissions=True),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
        else:
            payload.update(
                user=user.payload(), authorizing_integration_owners={"0": "0"}, context=1
            )
        if message is not None:
            payload["message"] = message
        self.interactions[record.id] = record
        self.by_token[record.token] = record
        record.dispatched_at = time.monotonic()
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return record
