"""``DiscordDouble``: the server, its world, and the test-side API (see the package docstring)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import yarl
from aiohttp import web

from .acting import ActingAsUsers
from .commands import stored_command
from .gateway import CLOSE_UNKNOWN_ERROR, OP_INVALID_SESSION, OP_RECONNECT, Gateway
from .messages import MessageStore
from .payloads import (
    CHANNEL_DM,
    DEFAULT_PERMISSIONS,
    INTENT_GUILDS,
    FakeChannel,
    FakeGuild,
    FakeRole,
    FakeUser,
    Snowflakes,
)
from .records import (
    Call,
    DoubleError,
    DoubleTimeout,
    FaultRule,
    InteractionRecord,
)
from .rest import make_app


class DiscordDouble(ActingAsUsers):
    """A Discord API (REST v10 + gateway) on 127.0.0.1 for the unmodified discord.py client."""

    def __init__(
        self,
        *,
        token: str = "double-token",
        heartbeat_interval_ms: int = 1000,
        callback_deadline: float = 3.0,
    ) -> None:
        self.token = token
        self.snowflakes = Snowflakes()
        self.application_id = self.snowflakes.next()
        # Modern applications share their id with their bot user.
        self.bot_user = FakeUser(self.application_id, "OncoBrief", bot=True)
        self.owner = FakeUser(self.snowflakes.next(), "owner")
        self.users: dict[int, FakeUser] = {self.bot_user.id: self.bot_user}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.gateway = Gateway(self)
        self.gateway.heartbeat_interval_ms = heartbeat_interval_ms
        self._tasks: set[asyncio.Task] = set()
        self.guild = self.add_guild("OncoBrief test guild")
        self.channel = self.add_channel("briefs")
        self.alice = self.add_user("alice")
        self.bob = self.add_user("bob")
        self.app_permissions = DEFAULT_PERMISSIONS
        self.callback_deadline = callback_deadline  # Discord: 3 s to acknowledge
        self.token_lifetime = 15 * 60.0  # Discord: follow-ups for 15 minutes
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # guild id (None: global)
        self.syncs: list[tuple[int | None, list[dict[str, Any]]]] = []
        self._command_ids: dict[tuple[int | None, str, int], int] = {}
        self.calls: list[Call] = []
        self.unhandled: list[str] = []  # "METHOD /path" the double has no route for
        self.internal_errors: list[str] = []  # exceptions inside the double's handlers
        self.payloads: list[tuple[str, dict[str, Any]]] = []  # (kind, message body sent)
        self.interactions: dict[int, InteractionRecord] = {}
        self.by_token: dict[str, InteractionRecord] = {}
        self.faults: list[FaultRule] = []
        self.messages = MessageStore(self.snowflakes, self.users)
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self._saved: tuple[str, yarl.URL] | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        # A distinct path, so tests can see the client resumed where READY told it to.
        return f"ws://127.0.0.1:{self.port}/gateway-resume"

    async def start(self) -> DiscordDouble:
        self._runner = web.AppRunner(make_app(self), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        self.uninstall()
        await self.gateway.close()
        for task in list(self._tasks):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> DiscordDouble:
        await self.start()
        self.install()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def install(self) -> None:
        """Point discord.py at the double (its supported knobs: Route.BASE, DEFAULT_GATEWAY).

        A plain ``Client`` opens ``DiscordWebSocket.DEFAULT_GATEWAY`` (an
        ``AutoShardedClient`` asks GET /gateway/bot, also served); resumes go to
        READY's ``resume_gateway_url``.
        """
        from discord.gateway import DiscordWebSocket
        from discord.http import Route

        if self._saved is None:
            self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        Route.BASE = self.base_url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def uninstall(self) -> None:
        from discord.gateway import DiscordWebSocket
        from discord.http import Route

        if self._saved is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved
            self._saved = None

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def notify(self) -> None:
        self._changed.set()

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = ""
    ) -> None:
        """Wait until ``predicate()`` holds (re-checked after every request and gateway op)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            self._changed.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise DoubleTimeout(f"timed out after {timeout}s waiting for {what or predicate}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_until_ready(self, timeout: float = 5.0) -> None:
        """The bot identified (or resumed) and got READY (and GUILD_CREATE)."""
        await self.wait_for(self.gateway.ready.is_set, timeout, "the gateway to be ready")

    async def wait_for_sync(self, timeout: float = 5.0) -> list[dict[str, Any]]:
        await self.wait_for(lambda: bool(self.syncs), timeout, "a command sync")
        return self.synced_commands()

    # --- world --------------------------------------------------------------------------------

    def add_user(self, username: str, *, permissions: int = DEFAULT_PERMISSIONS) -> FakeUser:
        user = FakeUser(self.snowflakes.next(), username, permissions=permissions)
        self.users[user.id] = user
        for guild in self.guilds.values():
            guild.members[user.id] = user
            guild.member_count = len(guild.members)
        return user

    def add_guild(self, name: str) -> FakeGuild:
        guild = FakeGuild(self.snowflakes.next(), name, owner_id=self.owner.id)
        guild.roles[guild.id] = FakeRole(guild.id, "@everyone")  # @everyone shares the guild id
        guild.members = {u.id: u for u in self.users.values()}
        guild.member_count = len(guild.members)
        self.guilds[guild.id] = guild
        return guild

    def add_channel(self, name: str, guild: FakeGuild | None = None) -> FakeChannel:
        """A text channel (announced with CHANNEL_CREATE when the bot is connected)."""
        guild = guild or self.guild
        channel = FakeChannel(self.snowflakes.next(), name, guild.id, position=len(guild.channels))
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        self._announce("CHANNEL_CREATE", channel.payload())
        return channel

    def delete_channel(self, channel_id: int) -> None:
        channel = self.channels.pop(channel_id)
        if channel.guild_id is not None:
            self.guilds[channel.guild_id].channels.pop(channel_id, None)
        self.messages.forget_channel(channel_id)
        self._announce("CHANNEL_DELETE", channel.payload())

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        channel = FakeChannel(self.snowflakes.next(), user.username, None, type=CHANNEL_DM)
        self.channels[channel.id] = channel
        return channel

    def _announce(self, event: str, data: dict[str, Any]) -> None:
        session = self.gateway.session
        if session is not None and session.intents & INTENT_GUILDS:
            self.spawn(self.gateway.dispatch(event, data))

    # --- commands -----------------------------------------------------------------------------

    def register_command(self, command: dict[str, Any], guild_id: int | None) -> dict[str, Any]:
        key = (guild_id, command["name"], command.get("type", 1))
        command_id = self._command_ids.setdefault(key, self.snowflakes.next())
        return stored_command(command, command_id, self.application_id, guild_id)

    def synced_commands(self, guild_id: int | None | str = "all") -> list[dict[str, Any]]:
        """Synced commands of one guild (None: global), or of every scope ("all")."""
        if guild_id == "all":
            return [c for commands in self.commands.values() for c in commands]
        return list(self.commands.get(guild_id, []))  # type: ignore[arg-type]

    def find_command(self, name: str, guild_id: int | None) -> dict[str, Any]:
        for scope in (guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        raise DoubleError(
            f"/{name} was never synced; synced: {[c['name'] for c in self.synced_commands()]}"
        )

    # --- faults -------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        path_glob: str,
        status: int,
        times: int | None = 1,
        *,
        retry_after: float = 0.05,
        code: int | None = None,
        message: str | None = None,
        is_global: bool = False,
    ) -> FaultRule:
        """The next ``times`` calls to ``METHOD path`` (glob, e.g. "/interactions/*/callback")
        answer ``status`` as Discord would; ``method="*"`` matches every method."""
        rule = FaultRule(
            method.upper(), path_glob, status, times, retry_after, code, message, is_global
        )
        self.faults.append(rule)
        return rule

    def take_fault(self, method: str, path: str) -> FaultRule | None:
        for rule in self.faults:
            if rule.matches(method, path):
                rule.hits += 1
                return rule
        return None

    def clear_faults(self) -> None:
        self.faults.clear()

    # --- gateway control ----------------------------------------------------------------------

    async def drop_gateway(self, code: int = CLOSE_UNKNOWN_ERROR, *, timeout: float = 10.0) -> str:
        """Close the bot's websocket with ``code``; wait until it is back.

        Returns "resumed" (RESUME accepted) or "identified" (a new session).
        """
        identifies, resumes = len(self.gateway.identifies), len(self.gateway.resumes)
        await self.gateway.close_connection(code)
        await self.wait_for(
            lambda: (
                self.gateway.ready.is_set()
                and (
                    len(self.gateway.identifies) > identifies or len(self.gateway.resumes) > resumes
                )
            ),
            timeout,
            "the bot to reconnect",
        )
        return "identified" if len(self.gateway.identifies) > identifies else "resumed"

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client should close and resume."""
        await self.gateway.send_op(OP_RECONNECT, None)

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION; with ``resumable=False`` the next RESUME is refused too."""
        if not resumable:
            self.gateway.session = None
        await self.gateway.send_op(OP_INVALID_SESSION, resumable)

    # --- reading what happened ----------------------------------------------------------------

    def channel_messages(self, channel_id: int | None = None) -> list[dict[str, Any]]:
        """Non-ephemeral messages of a channel, oldest first (default: the main channel)."""
        return self.messages.channel_messages(channel_id or self.channel.id)

    def calls_to(self, method: str, path_glob: str) -> list[Call]:
        rule = FaultRule(method.upper(), path_glob, 0, None)
        return [c for c in self.calls if rule.matches(c.method, c.path)]

    def message_payloads(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every message body the bot sent (callbacks, follow-ups, edits, channel posts)."""
        for kind, body in self.payloads:
            if any(k in body for k in ("content", "embeds", "components")):
                yield kind, body
