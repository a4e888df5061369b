"""A Discord API double: REST v10 and the gateway on 127.0.0.1, for the unmodified discord.py.

The bot under test runs exactly as in production; only where it connects changes.

Start it and point discord.py at it::

    async with DiscordDouble(heartbeat_interval_ms=500) as double:  # start() + install()
        bot = OncoBriefBot(settings, library)
        task = asyncio.create_task(bot.start(double.token))
        await double.wait_until_ready()          # IDENTIFY seen, READY + GUILD_CREATE sent
        await double.wait_for_sync()             # a PUT .../commands arrived
        ...
        await bot.close(); await task

``install()`` sets ``discord.http.Route.BASE`` to ``http://127.0.0.1:PORT/api/v10`` and
``DiscordWebSocket.DEFAULT_GATEWAY`` to ``ws://127.0.0.1:PORT/gateway`` (a plain ``Client``
connects there; ``AutoShardedClient`` asks ``GET /gateway/bot``, also served);
``uninstall()`` (called by ``close()``) restores both. The pytest fixtures in
``tests/bot/conftest.py`` (``double``, ``start_bot``, ``bot``) do all of this.

The world: ``double.guild`` (a guild with an @everyone role) holding ``double.channel``
(text channel "briefs"), users ``double.alice`` and ``double.bob`` (add more with
``add_user(name)``, channels with ``add_channel(name)``; ``delete_channel(id)``), the bot
user ``double.bot_user`` whose id is ``double.application_id``, and ``double.token``.

Acting as a user (each returns an ``InteractionRecord``)::

    rec = await double.invoke("brief", "drug", {"name": "Augtyro"}, user=double.alice)
    rec.response_type       # 4, 5 (deferred), ... ; rec.responses: every accepted callback
    rec.message / rec.embed / rec.embeds / rec.content / rec.ephemeral  (current state)
    rec.followups, rec.edits, rec.messages, rec.button("Next")
    await rec.wait_followups(1)                  # or rec.wait_until(lambda r: ..., timeout)
    ac = await double.autocomplete("brief", "drug", {"name": "repo"}, focused="name")
    ac.choices                                   # [{"name": ..., "value": ...}, ...]
    page2 = await double.press(rec, "Next", user=double.alice)   # label or custom_id

``invoke``/``press`` wait (``timeout``, default 5 s) until the user sees an answer: a
message, an update, or a deferral followed by an edit or follow-up; ``wait=False`` returns
at once. Options are typed and checked against the synced command (``validate=False`` to
send what a modified client could). Disabled buttons cannot be pressed (DoubleError).

Discord's rules are enforced, so a misbehaving bot fails: one callback per interaction
(400/40060), callback within ``double.callback_deadline`` s (404/10062), follow-ups only
after acknowledging, every embed/content/component/choice limit (400/50035). A refused
callback is kept in ``record.refusals`` (statuses). After a deferral (type 5) the first
follow-up fills the "thinking" message (recorded in ``edits``), as on Discord.

Gateway: GUILD_CREATE only with the GUILDS intent; MESSAGE_CREATE for channel posts with
GUILD_MESSAGES; CHANNEL_CREATE/DELETE from ``add_channel``/``delete_channel``. Events sent
while the bot is disconnected are replayed after its RESUME. After ``invalidate_session``
discord.py waits 5 s before identifying again (override ``before_identify_hook`` to skip).

Faults (matched on method and a glob of the path without ``/api/v10``)::

    double.fail_next("POST", "/interactions/*/callback", 429, retry_after=0.05)
    double.fail_next("POST", "/channels/*/messages", 403, code=50001)   # 50013 by default
    double.fail_next("POST", "/channels/*/messages", 404)               # 10003 Unknown Channel
    double.fail_next("*", "/channels/*", 502, times=None)               # until clear_faults()
    await double.drop_gateway()        # close 4000; returns "resumed" or "identified"
    await double.request_reconnect(); await double.invalidate_session()

A 429 carries ``retry_after``/``global`` in the body, ``Retry-After`` and ``X-RateLimit-*``
headers and ``Via`` (discord.py only retries proxied 429s); 502/503/504 come as HTML, as
from Cloudflare. Every other answer has ``X-RateLimit-*`` headers (never exhausted).

Channel messages: ``POST /channels/{id}/messages`` honours ``nonce`` + ``enforce_nonce``
(the same nonce within ``double.messages.nonce_ttl`` s returns the first message instead of
creating another); GET/PATCH/DELETE of messages and ``GET/DELETE /channels/{id}`` work.
``double.channel_messages(channel_id)`` lists non-ephemeral messages, oldest first; each
has ``mention_everyone``/``mentions``/``mention_roles`` computed from its content and
``allowed_mentions`` as Discord would.

Inspecting traffic: ``double.calls`` (every REST ``Call``: method, path, route, query, body,
status, fault), ``double.calls_to("POST", "/channels/*/messages")``,
``double.message_payloads()`` (every message body the bot sent: callbacks, follow-ups,
edits, channel posts), ``double.synced_commands()``, ``double.unhandled`` (requests with no
route: should stay empty), ``double.internal_errors`` (bugs of the double itself: should
stay empty), ``double.gateway.identifies`` / ``.resumes`` / ``.connections`` /
``.compressions`` / ``.heartbeats``.

Fixtures (tests/bot/conftest.py): ``double``, ``articles_dir``, ``bot_settings`` (override
it in a test module to change settings), ``start_bot(**kwargs)`` / ``bot`` (the real
``OncoBriefBot`` running against the double; teardown fails the test on logged errors,
unhandled routes or double errors), ``user("alice")`` (``await alice.run("/brief drug
name:Augtyro")``, ``alice.type_into(...)``, ``alice.press(record, "Next")``).
"""

from .double import DiscordDouble
from .payloads import FakeChannel, FakeGuild, FakeUser
from .records import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    UPDATE_MESSAGE,
    Call,
    DoubleError,
    DoubleTimeout,
    FaultRule,
    InteractionRecord,
)

__all__ = [
    "AUTOCOMPLETE_RESULT",
    "CHANNEL_MESSAGE",
    "DEFERRED_CHANNEL_MESSAGE",
    "DEFERRED_UPDATE_MESSAGE",
    "EPHEMERAL",
    "UPDATE_MESSAGE",
    "Call",
    "DiscordDouble",
    "DoubleError",
    "DoubleTimeout",
    "FakeChannel",
    "FakeGuild",
    "FakeUser",
    "FaultRule",
    "InteractionRecord",
]
