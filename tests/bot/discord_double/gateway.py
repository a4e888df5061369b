"""The gateway side of the double: one websocket endpoint speaking Discord's gateway v10.

Flow (as discord.py 2.7 drives it, see ``discord/gateway.py``): the client connects with
``?v=10&encoding=json&compress=zlib-stream``; we send HELLO (op 10); it heartbeats (op 1,
we ACK with op 11) and sends IDENTIFY (op 2) or RESUME (op 6). IDENTIFY gets READY then one
GUILD_CREATE per guild (when the GUILDS intent is set); RESUME replays the events the client
missed and sends RESUMED. Every dispatch (op 0) carries the session's next sequence number
and is kept in a replay buffer, so events sent while the client is disconnected arrive after
it resumes. With ``compress=zlib-stream`` all frames are binary pieces of ONE zlib stream per
connection, each ending with the Z_SYNC_FLUSH suffix ``00 00 ff ff``.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .payloads import INTENT_GUILDS, bot_user_payload

if TYPE_CHECKING:
    from .double import DiscordDouble

OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME = 0, 1, 2, 6
OP_RECONNECT, OP_INVALID_SESSION, OP_HELLO, OP_HEARTBEAT_ACK = 7, 9, 10, 11
CLOSE_UNKNOWN_ERROR = 4000  # resumable
CLOSE_AUTHENTICATION_FAILED = 4004  # not resumable


@dataclass
class Session:
    session_id: str
    intents: int
    seq: int = 0
    replay: list[dict[str, Any]] = field(default_factory=list)  # last dispatches, for RESUME


class Connection:
    """One websocket; serialises sends so the zlib stream stays in order."""

    def __init__(self, ws: web.WebSocketResponse, path: str, compress: bool) -> None:
        self.ws = ws
        self.path = path
        self._zlib = zlib.compressobj() if compress else None
        self._lock = asyncio.Lock()
        self.session: Session | None = None

    async def send(self, message: dict[str, Any]) -> None:
        text = json.dumps(message, separators=(",", ":"))
        async with self._lock:
            if self.ws.closed:
                return
            try:
                if self._zlib is None:
                    await self.ws.send_str(text)
                else:
                    data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
            except ConnectionError:
                pass  # closing under us: dispatches are replayed on RESUME


class Gateway:
    REPLAY_LIMIT = 1000

    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self.heartbeat_interval_ms = 1000
        self.connection: Connection | None = None
        self.session: Session | None = None
        self.connections: list[str] = []  # paths connected to, in order ("/gateway", ...)
        self.compressions: list[str | None] = []  # transport compression asked per connection
        self.identifies: list[dict[str, Any]] = []  # IDENTIFY payloads (token removed)
        self.resumes: list[dict[str, Any]] = []  # RESUME payloads (token removed)
        self.heartbeats = 0
        self.ready = asyncio.Event()  # READY (and GUILD_CREATEs) sent on the live connection

    # --- websocket endpoint -----------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        conn = Connection(ws, request.path, request.query.get("compress") == "zlib-stream")
        self.connections.append(request.path)
        self.compressions.append(request.query.get("compress"))
        self.connection = conn
        self.ready.clear()
        await conn.send({"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_message(conn, json.loads(msg.data))
                elif msg.type == WSMsgType.ERROR:
                    break
        finally:
            if self.connection is conn:
                self.connection = None
                self.ready.clear()
            self._notify()
        return ws

    async def _on_message(self, conn: Connection, message: dict[str, Any]) -> None:
        op, data = message.get("op"), message.get("d")
        if op == OP_HEARTBEAT:
            self.heartbeats += 1
            await conn.send({"op": OP_HEARTBEAT_ACK, "d": None})
        elif op == OP_IDENTIFY:
            await self._identify(conn, data)
        elif op == OP_RESUME:
            await self._resume(conn, data)
        # Presence updates (3), member requests (8) and others need no answer here.
        self._notify()

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        if data.get("token") != self.double.token:
            await conn.ws.close(code=CLOSE_AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        self.identifies.append({k: v for k, v in data.items() if k != "token"})
        session = Session(session_id=secrets.token_hex(16), intents=int(data.get("intents", 0)))
        self.session = conn.session = session
        double = self.double
        ready: dict[str, Any] = {
            "v": 10,
            "user": bot_user_payload(double.bot_user),
            "guilds": [{"id": str(g), "unavailable": True} for g in double.guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": double.resume_gateway_url,
            "application": {"id": str(double.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"],
            "user_settings": {},
            "_trace": ["discord-double"],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._dispatch_on(conn, "READY", ready)
        if session.intents & INTENT_GUILDS:
            for guild in double.guilds.values():
                await self._dispatch_on(conn, "GUILD_CREATE", guild.payload(double.bot_user))
        self.ready.set()

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        session = self.session
        self.resumes.append({k: v for k, v in data.items() if k != "token"})
        valid = (
            session is not None
            and data.get("token") == self.double.token
            and data.get("session_id") == session.session_id
        )
        if not valid:
            # d=false: not resumable, the client must IDENTIFY again.
            await conn.send({"op": OP_INVALID_SESSION, "d": False})
            return
        assert session is not None
        conn.session = session
        last_seen = int(data.get("seq") or 0)
        for event in session.replay:
            if event["s"] > last_seen:
                await conn.send(event)
        await self._dispatch_on(conn, "RESUMED", {"_trace": ["discord-double"]})
        self.ready.set()

    # --- sending ------------------------------------------------------------------------------

    async def _dispatch_on(self, conn: Connection, event: str, data: dict[str, Any]) -> None:
        session = conn.session
        assert session is not None
        session.seq += 1
        message = {"op": OP_DISPATCH, "t": event, "s": session.seq, "d": data}
        session.replay.append(message)
        del session.replay[: -self.REPLAY_LIMIT]
        await conn.send(message)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to the bot; buffered for replay when it is disconnected."""
        if self.session is None:
            raise RuntimeError("no gateway session yet: the bot has not identified")
        conn = self.connection
        if conn is not None and conn.session is self.session and not conn.ws.closed:
            await self._dispatch_on(conn, event, data)
            return
        self.session.seq += 1
        self.session.replay.append(
            {"op": OP_DISPATCH, "t": event, "s": self.session.seq, "d": data}
        )

    async def close_connection(self, code: int = CLOSE_UNKNOWN_ERROR) -> None:
        conn = self.connection
        if conn is not None:
            await conn.ws.close(code=code, message=b"closed by the double")

    async def send_op(self, op: int, data: Any) -> None:
        if self.connection is not None:
            await self.connection.send({"op": op, "d": data})

    async def close(self) -> None:
        await self.close_connection(code=1001)

    def _notify(self) -> None:
        self.double.notify()
