"""What the double remembers: every REST call, injected faults, and each interaction's story."""

from __future__ import annotations

import asyncio
import fnmatch
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .payloads import FakeUser

# Interaction callback types (Discord "interaction response types").
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

EPHEMERAL = 1 << 6
LOADING = 1 << 7


class DoubleError(AssertionError):
    """A test asked the double for something a real Discord client could not do."""


class DoubleTimeout(AssertionError):
    """The bot did not do what a test waited for in time."""


@dataclass
class Call:
    """One REST request the bot made, as the double answered it."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/123/messages"
    route: str  # the matched template, e.g. "/channels/{channel_id}/messages"
    query: dict[str, str]
    body: Any  # parsed JSON (payload_json for multipart), or None
    status: int = 0
    fault: bool = False  # True when the answer came from an injected fault
    at: float = field(default_factory=time.monotonic)


@dataclass
class FaultRule:
    """The next ``times`` calls matching method and path glob answer ``status``.

    ``times=None`` keeps failing until removed with ``DiscordDouble.clear_faults()``.
    """

    method: str
    path_glob: str
    status: int
    times: int | None = 1
    retry_after: float = 0.05
    code: int | None = None
    message: str | None = None
    is_global: bool = False
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path_glob)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times


@dataclass
class Callback:
    """One accepted POST /interactions/{id}/{token}/callback."""

    type: int
    data: dict[str, Any]
    at: float


@dataclass
class InteractionRecord:
    """Everything that happened to one interaction the double dispatched.

    ``responses`` are accepted callbacks (at most one: Discord refuses a second);
    ``original`` is the current state of the original response message (or of the
    component's message after an update); ``followups`` are follow-up messages in order;
    ``edits`` are the PATCH bodies sent to the original or to follow-ups.
    """

    id: int
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete
    user: FakeUser
    channel_id: int
    guild_id: int | None
    data: dict[str, Any]
    source_message_id: int | None = None  # components: the message the button is on
    dispatched_at: float = 0.0
    responses: list[Callback] = field(default_factory=list)
    original: dict[str, Any] | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    original_deleted: bool = False
    refusals: list[int] = field(default_factory=list)  # statuses of callbacks Discord refused
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    # --- state ------------------------------------------------------------------------------

    def touch(self) -> None:
        self._changed.set()

    @property
    def response(self) -> Callback | None:
        return self.responses[0] if self.responses else None

    @property
    def response_type(self) -> int | None:
        return self.responses[0].type if self.responses else None

    @property
    def acknowledged(self) -> bool:
        return bool(self.responses)

    @property
    def answered(self) -> bool:
        """The user sees an answer: a message, an update, choices, or a deferral followed up."""
        if not self.responses:
            return False
        if self.response_type in (DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE):
            # Deleting the "thinking" message alone shows nothing: wait for content.
            return bool(self.edits or self.followups)
        return True

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete: the choices the bot offered (type 8 callback)."""
        for cb in self.responses:
            if cb.type == AUTOCOMPLETE_RESULT:
                return list(cb.data.get("choices", []))
        return []

    @property
    def callback_latency(self) -> float | None:
        """Seconds from INTERACTION_CREATE sent to the callback received."""
        if not self.responses:
            return None
        return self.responses[0].at - self.dispatched_at

    # --- reading messages ---------------------------------------------------------------------

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The original response (if any, not deleted) followed by the follow-ups."""
        head = [self.original] if self.original and not self.original_deleted else []
        return head + list(self.followups)

    @property
    def message(self) -> dict[str, Any]:
        """The main message the user sees: the original, or the first follow-up."""
        messages = self.messages
        if not messages:
            raise DoubleError(f"interaction {self.id} has no message: {self.summary()}")
        return messages[0]

    @property
    def ephemeral(self) -> bool:
        return bool(self.message.get("flags", 0) & EPHEMERAL)

    @property
    def content(self) -> str:
        return self.message.get("content", "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.message.get("embeds", []))

    @property
    def embed(self) -> dict[str, Any]:
        embeds = self.embeds
        if not embeds:
            raise DoubleError(f"interaction {self.id} message has no embed: {self.summary()}")
        return embeds[0]

    def components(self, message: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every interactive component (buttons, selects) of a message, depth first."""
        yield from iter_components((message or self.message).get("components", []))

    def button(self, label_or_custom_id: str, message: dict[str, Any] | None = None) -> dict:
        """A component by custom_id or label (exact, else the one label containing it)."""
        found = find_component(list(self.components(message)), label_or_custom_id)
        if found is None:
            raise DoubleError(f"no component {label_or_custom_id!r} in {self.summary()}")
        return found

    def summary(self) -> str:
        return (
            f"<interaction {self.id} type={self.type} data={self.data.get('name') or self.data.get('custom_id')}"
            f" callbacks={[c.type for c in self.responses]} followups={len(self.followups)}"
            f" edits={len(self.edits)} refused={self.refusals}>"
        )

    async def wait_until(
        self, predicate: Callable[[InteractionRecord], bool], timeout: float = 5.0
    ) -> InteractionRecord:
        """Wait until ``predicate(self)`` holds; raise DoubleTimeout otherwise."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(self):
            self._changed.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise DoubleTimeout(f"timed out after {timeout}s waiting on {self.summary()}")
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue
        return self

    async def wait_followups(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        await self.wait_until(lambda r: len(r.followups) >= count, timeout)
        return self.followups


def iter_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for comp in components:
        if "custom_id" in comp or comp.get("type") == 2:
            yield comp
        yield from iter_components(comp.get("components", []))
        accessory = comp.get("accessory")
        if isinstance(accessory, dict):
            yield from iter_components([accessory])


def find_component(components: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    """By exact custom_id or label; else the single component whose label contains ``key``
    (so "Next" finds "Next ▶"). Ambiguous partial matches raise DoubleError."""
    for comp in components:
        if key in (comp.get("custom_id"), comp.get("label")):
            return comp
    partial = [c for c in components if key in str(c.get("label") or "")]
    if len(partial) > 1:
        raise DoubleError(
            f"{key!r} matches several components: {[c.get('label') for c in partial]}"
        )
    return partial[0] if partial else None
