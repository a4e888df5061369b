"""Posting digests exactly once: plan, send with a deterministic nonce, record, recover.

The runner knows nothing of Discord: it talks to a ``DigestSender`` (the bot implements it
with discord.py) that raises ``PermanentSendError`` (403, deleted channel: pause the
subscription) or ``TransientSendError`` (5xx, timeouts: retry with bounded backoff).

Exactly once, step by step: a run is planned in one transaction (the unique key per
subscription and local date is what stops a second digest that day); each message is marked
``sending`` before it goes out and ``sent`` with its Discord message id after. A message left in
``sending`` (crash, timeout) is looked for in the channel first and otherwise resent with the
*same* nonce, which Discord deduplicates (``enforce_nonce``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from oncobrief.digest.compose import Digest, DigestFilters, compose_digest, select_stories
from oncobrief.digest.schedule import DailySchedule, due_run, is_missed
from oncobrief.digest.store import DigestStore, PlannedPart, Run, Subscription
from oncobrief.models import Brief, EvidenceLevel
from oncobrief.render import Renderer

log = logging.getLogger(__name__)


class SendError(Exception):
    pass


class PermanentSendError(SendError):
    """The channel is gone or the bot may not post there: pause, do not retry."""


class TransientSendError(SendError):
    """Worth retrying later (5xx, network)."""


class DigestSender(Protocol):
    async def send(self, channel_id: int, payload: dict, nonce: str) -> int:
        """Post one message; returns its message id."""

    async def find_sent(self, channel_id: int, nonce: str, ref: str) -> int | None:
        """A message already posted for this nonce/ref in the channel's recent history."""


class BriefSource(Protocol):
    def briefs(self, posted: Collection[str] = ...) -> list[Brief]: ...
    def drug_matcher(self, name: str) -> Callable[[Brief], bool] | None: ...
    def gene_matcher(self, symbol: str) -> Callable[[Brief], bool] | None: ...


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def message_nonce(subscription_id: int, run_key: str, part_index: int) -> str:
    """Deterministic nonce (Discord allows at most 25 characters): 63 bits, in decimal."""
    digest = hashlib.sha256(f"oncobrief-digest:{subscription_id}:{run_key}:{part_index}".encode())
    return str(int.from_bytes(digest.digest()[:8], "big") >> 1)


def run_ref(subscription_id: int, run_key: str) -> str:
    return f"{subscription_id}-{run_key}"


@dataclass(frozen=True)
class Outcome:
    subscription_id: int
    state: str  # "sent", "empty", "paused", "deferred", "skipped"
    run_key: str | None = None
    message_ids: tuple[int, ...] = ()
    detail: str | None = None


class DigestRunner:
    def __init__(
        self,
        store: DigestStore,
        sender: DigestSender,
        source: BriefSource,
        renderer: Renderer,
        *,
        grace: dt.timedelta,
        clock: Callable[[], dt.datetime] = utc_now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        retry_delays: tuple[float, ...] = (2.0, 5.0, 15.0),
        defer_base: dt.timedelta = dt.timedelta(minutes=5),
        defer_max: dt.timedelta = dt.timedelta(hours=1),
        per_subscription_timeout: float = 300.0,
    ) -> None:
        self.store, self.sender, self.source, self.renderer = store, sender, source, renderer
        self.grace = grace
        self.clock = clock
        self.sleep = sleep
        self.retry_delays = retry_delays
        self.defer_base, self.defer_max = defer_base, defer_max
        self.per_subscription_timeout = per_subscription_timeout
        self._missed_logged: set[tuple[int, dt.date]] = set()
        self._locks: dict[int, asyncio.Lock] = {}

    # --- scheduling ------------------------------------------------------------------------

    @staticmethod
    def schedule_of(sub: Subscription) -> DailySchedule:
        return DailySchedule.parse(sub.time_of_day, sub.timezone)

    def next_run(self, sub: Subscription) -> dt.datetime:
        skip = frozenset({sub.last_date}) if sub.last_date else frozenset()
        return self.schedule_of(sub).next_after(self.clock(), skip_dates=skip)[1]

    async def tick(self) -> list[Outcome]:
        """Run whatever is due, every subscription concurrently and each under a timeout."""
        subs = [s for s in await self.store.list_subscriptions() if not s.paused_reason]
        results = await asyncio.gather(*(self._guarded(sub) for sub in subs))
        return [r for r in results if r is not None]

    async def _guarded(self, sub: Subscription) -> Outcome | None:
        try:
            return await asyncio.wait_for(self.tick_one(sub), self.per_subscription_timeout)
        except TimeoutError:
            # An unfinished message stays "sending": next tick finds it or resends, same nonce.
            log.warning("digest %s: timed out; will resume on the next tick", sub.id)
        except Exception:
            log.exception("digest %s: unexpected error", sub.id)
        return None

    async def tick_one(self, sub: Subscription) -> Outcome | None:
        async with self._locks.setdefault(sub.id, asyncio.Lock()):
            now = self.clock()
            outcome = None
            for run in await self.store.unfinished_runs(sub.id):
                outcome = await self._resume(sub, run, now)
                if outcome.state in ("paused", "deferred"):
                    return outcome
            schedule = self.schedule_of(sub)
            args = dict(created_at=sub.created_at, last_date=sub.last_date, grace=self.grace)
            due = due_run(schedule, now, **args)
            if due is None:
                self._log_missed(sub, schedule, now, args)
                return outcome
            run_key = due.local_date.isoformat()
            return await self._plan_and_deliver(sub, run_key, "scheduled", due.local_date)

    async def send_now(self, sub: Subscription, request_id: str | int | None = None) -> Outcome:
        """Post now. ``request_id`` (e.g. the interaction id) makes a repeated request a no-op."""
        async with self._locks.setdefault(sub.id, asyncio.Lock()):
            now = self.clock()
            schedule = self.schedule_of(sub)
            run_key = f"manual-{request_id or secrets.token_hex(6)}"
            return await self._plan_and_deliver(sub, run_key, "manual", schedule.local_date(now))

    async def preview(self, sub: Subscription) -> Digest:
        now = self.clock()
        return await self._compose(sub, "preview", self.schedule_of(sub).local_date(now))

    def _log_missed(self, sub, schedule, now, args) -> None:
        if is_missed(schedule, now, **args):
            day = schedule.local_date(now)
            if (sub.id, day) not in self._missed_logged:
                self._missed_logged.add((sub.id, day))
                log.info("digest %s: missed its time beyond the grace period; skipped", sub.id)

    # --- planning --------------------------------------------------------------------------

    async def _compose(self, sub: Subscription, run_key: str, local_date: dt.date) -> Digest:
        filters = DigestFilters(
            drug=sub.drug,
            gene=sub.gene,
            min_evidence=EvidenceLevel(sub.min_evidence) if sub.min_evidence else None,
        )
        posted = await self.store.posted_brief_ids(sub.id)
        stories = select_stories(  # one per study; all its reports are recorded as posted
            self.source.briefs(posted),
            filters,
            posted=posted,
            drug_matches=self.source.drug_matcher(sub.drug) if sub.drug else None,
            gene_matches=self.source.gene_matcher(sub.gene) if sub.gene else None,
        )
        return compose_digest(
            stories,
            renderer=self.renderer,
            local_date=local_date,
            filters=filters,
            announce_empty=sub.announce_empty,
            ref=run_ref(sub.id, run_key),
        )

    async def _plan_and_deliver(self, sub, run_key, kind, local_date) -> Outcome:
        digest = await self._compose(sub, run_key, local_date)
        parts = [
            PlannedPart(message_nonce(sub.id, run_key, i), m.payload(), m.brief_ids)
            for i, m in enumerate(digest.messages)
        ]
        run = await self.store.plan_run(sub.id, run_key, kind, local_date, parts, self.clock())
        if run is None:
            return Outcome(sub.id, "skipped", run_key, detail="already planned")
        if run.state == "empty":
            return Outcome(sub.id, "empty", run_key)
        return await self._deliver(sub, run)

    # --- delivery --------------------------------------------------------------------------

    async def _resume(self, sub: Subscription, run: Run, now: dt.datetime) -> Outcome:
        if run.next_attempt_at and now < run.next_attempt_at:
            return Outcome(sub.id, "deferred", run.run_key, detail="waiting to retry")
        if now - run.created_at > self.grace:
            await self.store.fail_run(run.id, "expired: not delivered within the grace period", now)
            log.warning("digest %s: run %s expired unfinished", sub.id, run.run_key)
            return Outcome(sub.id, "skipped", run.run_key, detail="expired")
        log.info("digest %s: resuming unfinished run %s", sub.id, run.run_key)
        return await self._deliver(sub, run)

    async def _deliver(self, sub: Subscription, run: Run) -> Outcome:
        ids: list[int] = []
        ref = run_ref(sub.id, run.run_key)
        try:
            for post in await self.store.run_posts(run.id):
                if post.state == "sent":
                    ids.append(post.message_id)
                    continue
                message_id = None
                if post.state == "sending":  # may have gone out before a crash
                    message_id = await self.sender.find_sent(
                        sub.channel_id, post.nonce, f"{ref}-{post.part_index + 1}"
                    )
                else:
                    await self.store.mark_sending(run.id, post.part_index, self.clock())
                if message_id is None:
                    message_id = await self._send_with_retry(sub.channel_id, post)
                await self.store.mark_sent(run.id, post.part_index, message_id, self.clock())
                ids.append(message_id)
        except PermanentSendError as exc:
            reason = str(exc)
            await self.store.pause(sub.id, reason, self.clock())
            await self.store.fail_run(run.id, reason, self.clock())
            log.warning("digest %s paused: %s", sub.id, reason)
            return Outcome(sub.id, "paused", run.run_key, tuple(ids), reason)
        except TransientSendError as exc:
            delay = min(self.defer_base * (2**run.attempts), self.defer_max)
            await self.store.defer_run(run.id, str(exc), self.clock() + delay)
            log.warning("digest %s: %s; retrying in %s", sub.id, exc, delay)
            return Outcome(sub.id, "deferred", run.run_key, tuple(ids), str(exc))
        await self.store.finish_run(run.id, self.clock())
        log.info("digest %s: posted %s (%d messages)", sub.id, run.run_key, len(ids))
        return Outcome(sub.id, "sent", run.run_key, tuple(ids))

    async def _send_with_retry(self, channel_id: int, post) -> int:
        last: TransientSendError | None = None
        for delay in (0.0, *self.retry_delays):
            if delay:
                await self.sleep(delay)
            try:
                return await self.sender.send(channel_id, post.payload, post.nonce)
            except TransientSendError as exc:
                last = exc
        assert last is not None
        raise last
