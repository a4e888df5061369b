"""The double's world (users, guilds, channels) and the JSON payloads Discord sends about it.

Field sets follow Discord's API v10 documentation and what discord.py 2.7 reads
(``discord/user.py``, ``guild.py``, ``channel.py``, ``message.py``, ``interactions.py``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000

# Permission bits the bot and members get by default: View Channel, Send Messages,
# Embed Links, Read Message History, Use Application Commands.
DEFAULT_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31)

CHANNEL_TEXT = 0
CHANNEL_DM = 1

INTENT_GUILDS = 1 << 0
INTENT_GUILD_MESSAGES = 1 << 9


class Snowflakes:
    """Increasing snowflake ids whose timestamp part is the current time, as Discord's are."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        value = max(value, self._last + 1)
        self._last = value
        return value


def iso_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


_token_counter = itertools.count(1)


def new_token(prefix: str) -> str:
    """An opaque interaction token; unique within the process."""
    return f"{prefix}-{next(_token_counter)}-{time.monotonic_ns():x}"


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    permissions: int = DEFAULT_PERMISSIONS
    roles: list[int] = field(default_factory=list)

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name or self.username,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }

    def member_payload(self, *, with_permissions: bool = False) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "user": self.payload(),
            "nick": None,
            "avatar": None,
            "roles": [str(r) for r in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_permissions:
            payload["permissions"] = str(self.permissions)
        return payload


@dataclass
class FakeChannel:
    id: int
    name: str
    guild_id: int | None
    type: int = CHANNEL_TEXT
    position: int = 0
    last_message_id: int | None = None

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "topic": None,
            "nsfw": False,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }
        if self.guild_id is not None:
            payload["guild_id"] = str(self.guild_id)
        return payload


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int = DEFAULT_PERMISSIONS
    position: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeUser] = field(default_factory=dict)
    member_count: int = 3
    locale: str = "en-US"

    def payload(self, bot: FakeUser) -> dict[str, Any]:
        """The full GUILD_CREATE payload (with the bot's own member entry)."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.locale,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "large": False,
            "unavailable": False,
            "member_count": self.member_count,
            "voice_states": [],
            "members": [bot.member_payload()],
            "channels": [
                {k: v for k, v in c.payload().items() if k != "guild_id"}
                for c in self.channels.values()
            ],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


def application_payload(app_id: int, bot: FakeUser, owner: FakeUser) -> dict[str, Any]:
    """GET /oauth2/applications/@me (and /applications/@me)."""
    return {
        "id": str(app_id),
        "name": bot.username,
        "icon": None,
        "description": "Discord API double",
        "summary": "",
        "type": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": owner.payload(),
        "team": None,
        "flags": 0,
        "bot": bot.payload(),
        "interactions_endpoint_url": None,
        "redirect_uris": [],
        "approximate_guild_count": 1,
        "install_params": {"scopes": ["bot", "applications.commands"], "permissions": "0"},
        "integration_types_config": {"0": {}},
    }


def bot_user_payload(bot: FakeUser) -> dict[str, Any]:
    """GET /users/@me and READY.user: the bot's own user, with the private fields."""
    return {
        **bot.payload(),
        "verified": True,
        "mfa_enabled": False,
        "email": None,
        "locale": "en-US",
    }
