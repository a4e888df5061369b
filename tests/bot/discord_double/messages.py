"""Messages as Discord stores them: creation from a bot's payload, edits, nonces, mentions.

Mentions are computed the way Discord does, so a test can check the *effect* of a payload:
``mention_everyone`` is true only when the content says ``@everyone``/``@here`` and the
payload's ``allowed_mentions`` (or its absence, which means "parse everything") allows it.
Embeds never ping, as on Discord.
"""

from __future__ import annotations

import re
import time
from typing import Any

from .payloads import FakeChannel, FakeUser, Snowflakes, iso_now

MESSAGE_FIELDS = ("content", "embeds", "components", "flags", "tts", "attachments", "poll")
USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EVERYONE = re.compile(r"@(everyone|here)\b")


def allowed(payload: dict[str, Any], kind: str) -> bool:
    """Whether ``allowed_mentions`` lets ``kind`` ("everyone", "users", "roles") ping."""
    rules = payload.get("allowed_mentions")
    if rules is None:
        return True
    return kind in rules.get("parse", [])


def compute_mentions(payload: dict[str, Any], users: dict[int, FakeUser]) -> dict[str, Any]:
    content = payload.get("content") or ""
    rules = payload.get("allowed_mentions") or {}
    explicit_users = {int(u) for u in rules.get("users", [])}
    explicit_roles = {int(r) for r in rules.get("roles", [])}
    user_ids = [int(m) for m in USER_MENTION.findall(content)]
    role_ids = [int(m) for m in ROLE_MENTION.findall(content)]
    mentioned = [u for u in user_ids if allowed(payload, "users") or u in explicit_users]
    return {
        "mention_everyone": bool(EVERYONE.search(content)) and allowed(payload, "everyone"),
        "mentions": [users[u].payload() for u in mentioned if u in users],
        "mention_roles": [
            str(r) for r in role_ids if allowed(payload, "roles") or r in explicit_roles
        ],
    }


class MessageStore:
    """All messages by id, channel timelines, and recent nonces per channel."""

    def __init__(self, snowflakes: Snowflakes, users: dict[int, FakeUser]) -> None:
        self._snowflakes = snowflakes
        self._users = users
        self.by_id: dict[int, dict[str, Any]] = {}
        self.timelines: dict[int, list[int]] = {}
        self._nonces: dict[tuple[int, str], tuple[float, int]] = {}
        self.nonce_ttl = 300.0  # Discord dedupes an enforced nonce for "a few minutes"

    def create(
        self,
        channel: FakeChannel,
        author: FakeUser,
        payload: dict[str, Any],
        *,
        message_type: int = 0,
        in_timeline: bool = True,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        message_id = self._snowflakes.next()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "reactions": [],
            "pinned": False,
            "type": message_type,
            "flags": 0,
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        message.update({k: payload[k] for k in MESSAGE_FIELDS if payload.get(k) is not None})
        message["attachments"] = self._attachments(channel.id, payload.get("attachments") or [])
        message.update(compute_mentions(payload, self._users))
        if payload.get("nonce") is not None:
            message["nonce"] = payload["nonce"]
        if extra:
            message.update(extra)
        self.by_id[message_id] = message
        if in_timeline:
            self.timelines.setdefault(channel.id, []).append(message_id)
            channel.last_message_id = message_id
        return message

    def edit(self, message_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        message = self.by_id[message_id]
        for key in MESSAGE_FIELDS:
            if key in payload and payload[key] is not None:
                message[key] = payload[key]
        if "attachments" in payload:
            channel_id = int(message["channel_id"])
            message["attachments"] = self._attachments(channel_id, payload["attachments"] or [])
        if "content" in payload or "allowed_mentions" in payload:
            message.update(
                compute_mentions({**payload, "content": message["content"]}, self._users)
            )
        message["edited_timestamp"] = iso_now()
        return message

    def _attachments(self, channel_id: int, wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Uploaded files as Discord describes them (discord.py needs id, size, url...)."""
        out = []
        for item in wanted:
            if "url" in item:  # an attachment kept from an earlier version of the message
                out.append(item)
                continue
            attachment_id = self._snowflakes.next()
            filename = str(item.get("filename", "file"))
            url = f"https://cdn.double.invalid/attachments/{channel_id}/{attachment_id}/{filename}"
            out.append(
                {
                    "id": str(attachment_id),
                    "filename": filename,
                    "size": 0,
                    "url": url,
                    "proxy_url": url,
                }
            )
        return out

    def delete(self, message_id: int) -> None:
        message = self.by_id.pop(message_id, None)
        if message is not None:
            timeline = self.timelines.get(int(message["channel_id"]), [])
            if message_id in timeline:
                timeline.remove(message_id)

    def find_by_nonce(self, channel_id: int, nonce: str) -> dict[str, Any] | None:
        """The message an enforced nonce already created in this channel, if still fresh."""
        entry = self._nonces.get((channel_id, str(nonce)))
        if entry is None or time.monotonic() - entry[0] > self.nonce_ttl:
            return None
        return self.by_id.get(entry[1])

    def remember_nonce(self, channel_id: int, nonce: str, message_id: int) -> None:
        self._nonces[(channel_id, str(nonce))] = (time.monotonic(), message_id)

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Oldest first."""
        return [self.by_id[m] for m in self.timelines.get(channel_id, []) if m in self.by_id]

    def forget_channel(self, channel_id: int) -> None:
        for message_id in self.timelines.pop(channel_id, []):
            self.by_id.pop(message_id, None)
