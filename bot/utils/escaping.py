"""Make article text inert in Discord: no markdown, no mentions, no masked links.

Article text is untrusted: a scraped page may contain ``@everyone``, ``<@&role>``, a masked
link ``[text](url)`` or a ``# header``. Mentions are also disabled on the bot itself
(``AllowedMentions.none()``); escaping makes them *look* like plain text as well.
"""

from __future__ import annotations

import re

import discord

_ZWSP = "\u200b"
# `<@id>`, `<@!id>`, `<@&id>` (users, roles), `<#id>` (channels), `</cmd:id>` (command links).
_ANGLE_MENTION = re.compile(r"<(?=[@#/])")
_BARE_MENTION = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
_BRACKETS = re.compile(r"([\[\]])")


def escape_text(text: str) -> str:
    """Escape untrusted text for an embed description, field value or message content."""
    # Brackets are escaped one by one: discord.py's own escape only catches the first of
    # several masked links on a line. Each piece between brackets is escaped separately.
    pieces = _BRACKETS.split(text)
    escaped = [("\\" + p) if p in ("[", "]") else discord.utils.escape_markdown(p) for p in pieces]
    return neutralise_mentions("".join(escaped))


def neutralise_mentions(text: str) -> str:
    """Break every mention form with an invisible space, without markdown escaping (for
    plain-text places such as footers, where a backslash would show)."""
    out = discord.utils.escape_mentions(text)
    out = _BARE_MENTION.sub("@" + _ZWSP, out)
    return _ANGLE_MENTION.sub("<" + _ZWSP, out)


def plain_line(text: str) -> str:
    """For places Discord shows without markdown (footer, author, button labels): one line,
    mentions broken."""
    return neutralise_mentions(" ".join(text.split()))
