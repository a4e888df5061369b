"""What the /digest commands say: subscription descriptions and rendered replies."""

from __future__ import annotations

import datetime as dt

from oncobrief.digest.compose import DigestFilters
from oncobrief.digest.runner import DigestRunner
from oncobrief.digest.store import Subscription
from oncobrief.models import EvidenceLevel
from oncobrief.render import Renderer


def filters_of(sub: Subscription) -> DigestFilters:
    level = EvidenceLevel(sub.min_evidence) if sub.min_evidence else None
    return DigestFilters(drug=sub.drug, gene=sub.gene, min_evidence=level)


def channel_ref(sub: Subscription) -> str:
    return f"<#{sub.channel_id}>"  # a channel link: it never pings anyone


def epoch(value: dt.datetime | None) -> int | None:
    return int(value.timestamp()) if value else None


def choice_label(sub: Subscription, channel_name: str | None) -> str:
    """Autocomplete label (Discord allows 100 characters)."""
    where = f"#{channel_name}" if channel_name else f"channel {sub.channel_id}"
    label = f"{sub.id}: {where} · {sub.time_of_day} {sub.timezone}"
    described = filters_of(sub).describe()
    if described:
        label += f" · {described}"
    if sub.paused_reason:
        label += " · paused"
    return label[:100]


def status_text(renderer: Renderer, runner: DigestRunner, subs: list[Subscription]) -> str:
    rows = []
    for sub in subs:
        rows.append(
            dict(
                number=sub.id,
                channel=channel_ref(sub),
                time=sub.time_of_day,
                zone=sub.timezone,
                filters=filters_of(sub).describe(),
                announce_empty=sub.announce_empty,
                paused=sub.paused_reason,
                paused_at=epoch(sub.paused_at),
                next_run=epoch(runner.next_run(sub)),
                last_post=epoch(sub.last_post_at),
            )
        )
    return renderer.render("discord/digest_status.md.j2", subscriptions=rows).strip()


def outcome_text(renderer: Renderer, sub: Subscription, state: str, **extra) -> str:
    context = dict(
        number=sub.id,
        channel=channel_ref(sub),
        time=sub.time_of_day,
        zone=sub.timezone,
        count=0,
        detail=None,
        next_run=None,
    )
    context.update(extra)
    return renderer.render("discord/digest_sent.md.j2", state=state, **context).strip()


def split_message(text: str, limit: int = 2000) -> list[str]:
    """Split at blank lines into messages of at most ``limit`` characters (Discord's content cap)."""
    chunks: list[str] = []
    current = ""
    for block in text.split("\n\n"):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(block) > limit:  # a single oversized block: hard cut (never happens in practice)
            chunks.append(block[:limit])
            block = block[limit:]
        current = block
    if current or not chunks:
        chunks.append(current)
    return chunks
