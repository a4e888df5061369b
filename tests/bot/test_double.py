"""The Discord API double, checked with a small real discord.py client (tests/bot/probe_bot.py)."""

from __future__ import annotations

import io

import aiohttp
import discord
import pytest

from tests.bot.discord_double import (
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    EPHEMERAL,
    UPDATE_MESSAGE,
    DiscordDouble,
    DoubleError,
)
from tests.bot.probe_bot import ProbeBot, start_probe, stop_probe


@pytest.fixture
async def probe(double: DiscordDouble):
    bot, task = await start_probe(double)
    yield bot
    await stop_probe(bot, task)


async def raw_post(url: str, body: dict) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        return response.status, await response.json(content_type=None)


async def test_login_sync_and_gateway_handshake(double: DiscordDouble, probe: ProbeBot) -> None:
    (probe_command,) = double.synced_commands(double.guild.id)
    assert probe_command["name"] == "probe"
    names = {o["name"] for o in probe_command["options"]}
    assert names == {"echo", "pick", "slow", "pager", "where", "huge"}
    routes = {(c.method, c.route) for c in double.calls}
    assert ("GET", "/users/@me") in routes
    assert ("GET", "/oauth2/applications/@me") in routes
    assert ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands") in routes
    assert double.gateway.connections == ["/gateway"]
    assert double.gateway.compressions == ["zlib-stream"]
    assert double.gateway.identifies[0]["intents"] == discord.Intents(guilds=True).value
    assert probe.get_guild(double.guild.id).get_channel(double.channel.id).name == "briefs"
    await double.wait_for(lambda: double.gateway.heartbeats >= 1, 5, "a heartbeat")
    assert all(c.status == 200 for c in double.calls)


async def test_options_are_typed_from_the_synced_command(double: DiscordDouble, probe) -> None:
    record = await double.invoke("probe", "echo", {"text": "hi", "count": "3"})
    assert record.response_type == CHANNEL_MESSAGE
    assert record.content == "hi|3|int"
    assert not record.ephemeral
    secret = await double.invoke("probe", "echo", {"text": "s", "secret": True})
    assert secret.ephemeral and secret.message["flags"] & EPHEMERAL
    assert double.channel_messages()[-1]["content"] == "hi|3|int"  # ephemeral ones stay private


async def test_user_and_channel_options_are_resolved(double: DiscordDouble, probe) -> None:
    options = {"channel": double.channel.id, "member": double.bob.id}
    record = await double.invoke("probe", "where", options)
    assert record.content == "briefs|bob"
    with pytest.raises(DoubleError, match="nothing with id"):
        await double.invoke("probe", "where", {"channel": 12345, "member": double.bob.id})


async def test_a_real_client_cannot_send_invalid_options(double: DiscordDouble, probe) -> None:
    with pytest.raises(DoubleError, match="outside"):
        await double.invoke("probe", "echo", {"text": "x", "count": 9})
    with pytest.raises(DoubleError, match="missing required"):
        await double.invoke("probe", "echo", {})
    with pytest.raises(DoubleError, match="no option"):
        await double.invoke("probe", "echo", {"text": "x", "colour": "red"})
    with pytest.raises(DoubleError, match="needs a subcommand"):
        await double.invoke("probe")


async def test_autocomplete_records_choices_and_enforces_the_limit(double, probe) -> None:
    record = await double.autocomplete("probe", "pick", {"name": "repo"}, focused="name")
    assert record.choices == [{"name": "repotrectinib", "value": "repotrectinib"}]
    too_many = await double.autocomplete("probe", "pick", {"name": "many"}, focused="name")
    assert too_many.refusals == [400] and not too_many.acknowledged  # 30 > 25 choices


async def test_second_and_late_callbacks_are_refused(double: DiscordDouble, probe) -> None:
    record = await double.invoke("probe", "echo", {"text": "once"})
    url = f"{double.base_url}/interactions/{record.id}/{record.token}/callback"
    status, body = await raw_post(url, {"type": 4, "data": {"content": "twice"}})
    assert (status, body["code"]) == (400, 40060)
    assert len(record.responses) == 1
    double.callback_deadline = 0.0
    late = await double.invoke("probe", "echo", {"text": "late"}, wait=False)
    await double.wait_for(lambda: double.calls_to("POST", f"/interactions/{late.id}/*"), 5)
    assert double.calls_to("POST", f"/interactions/{late.id}/*")[0].status == 404
    assert not late.acknowledged


async def test_deferral_then_followups(double: DiscordDouble, probe) -> None:
    record = await double.invoke("probe", "slow")
    await record.wait_followups(1)
    assert record.response_type == DEFERRED_CHANNEL_MESSAGE
    assert record.original["content"] == "done"  # the first follow-up fills "thinking..."
    assert not record.original["flags"] & (1 << 7)
    assert [m["content"] for m in record.followups] == ["second"]
    assert [m["content"] for m in record.messages] == ["done", "second"]


async def test_buttons_owner_check_and_disabled_state(double: DiscordDouble, probe) -> None:
    record = await double.invoke("probe", "pager")
    refused = await double.press(record, "Next", user=double.bob)
    assert refused.ephemeral and refused.content == "not yours"
    assert record.message["content"] == "page 1"
    moved = await double.press(record, "probe:next", user=double.alice)
    assert moved.response_type == UPDATE_MESSAGE
    assert record.message["content"] == "page 2"  # the same message, updated in place
    assert record.button("Next")["disabled"] is True
    with pytest.raises(DoubleError, match="disabled"):
        await double.press(record, "Next")


async def test_rate_limited_callback_is_retried_and_lands_once(double, probe) -> None:
    rule = double.fail_next("POST", "/interactions/*/callback", 429, retry_after=0.01)
    record = await double.invoke("probe", "echo", {"text": "after 429"})
    assert rule.exhausted
    statuses = [c.status for c in double.calls_to("POST", f"/interactions/{record.id}/*")]
    assert statuses == [429, 200]
    assert len(record.responses) == 1 and record.content == "after 429|1|int"


async def test_channel_messages_nonce_and_faults(double: DiscordDouble, probe) -> None:
    channel = probe.get_channel(double.channel.id)
    first = await channel.send("digest", nonce=42)
    again = await channel.send("digest", nonce=42)
    assert first.id == again.id
    assert [m["content"] for m in double.channel_messages()] == ["digest"]
    double.fail_next("POST", "/channels/*/messages", 403, code=50001)
    with pytest.raises(discord.Forbidden) as forbidden:
        await channel.send("no access")
    assert forbidden.value.code == 50001
    double.fail_next("POST", f"/channels/{double.channel.id}/messages", 404)
    with pytest.raises(discord.NotFound) as missing:
        await channel.send("gone")
    assert missing.value.code == 10003
    double.fail_next("POST", "/channels/*/messages", 502)
    landed = await channel.send("after a 502")  # discord.py retries 5xx (after 1 s)
    assert double.channel_messages()[-1]["id"] == str(landed.id)
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.code == 50035


async def test_file_uploads_arrive_as_attachments(double: DiscordDouble, probe) -> None:
    channel = probe.get_channel(double.channel.id)
    sent = await channel.send("full brief", file=discord.File(io.BytesIO(b"text"), "brief.txt"))
    assert [a.filename for a in sent.attachments] == ["brief.txt"]
    (call,) = double.calls_to("POST", "/channels/*/messages")
    assert call.body["content"] == "full brief" and call.body["_files"] == ["brief.txt"]


async def test_mentions_follow_allowed_mentions(double: DiscordDouble, probe) -> None:
    channel = probe.get_channel(double.channel.id)
    await channel.send(f"@everyone {double.alice.mention}")
    quiet = double.channel_messages()[-1]
    assert quiet["mention_everyone"] is False and quiet["mentions"] == []
    await channel.send("@everyone", allowed_mentions=discord.AllowedMentions(everyone=True))
    assert double.channel_messages()[-1]["mention_everyone"] is True


async def test_oversized_embed_is_refused(double: DiscordDouble, probe: ProbeBot) -> None:
    record = await double.invoke("probe", "huge")
    assert record.content == "too big"
    assert probe.errors and probe.errors[0].code == 50035


async def test_dropped_connection_resumes(double: DiscordDouble, probe: ProbeBot) -> None:
    assert await double.drop_gateway() == "resumed"
    assert double.gateway.connections == ["/gateway", "/gateway-resume"]
    assert len(double.gateway.identifies) == 1 and len(double.gateway.resumes) == 1
    record = await double.invoke("probe", "echo", {"text": "still here"})
    assert record.content == "still here|1|int"


async def test_reconnect_request_resumes(double: DiscordDouble, probe: ProbeBot) -> None:
    await double.request_reconnect()
    await double.wait_for(lambda: len(double.gateway.resumes) == 1, 10, "a RESUME")
    await double.wait_until_ready()
    assert len(double.gateway.identifies) == 1
    assert (await double.invoke("probe", "echo", {"text": "back"})).content == "back|1|int"


async def test_invalid_session_makes_the_client_identify_again(double, probe) -> None:
    await double.invalidate_session(resumable=False)
    await double.wait_for(lambda: len(double.gateway.identifies) == 2, 10, "a new IDENTIFY")
    await double.wait_until_ready()
    assert (await double.invoke("probe", "echo", {"text": "new session"})).content


async def test_a_wrong_token_is_rejected(double: DiscordDouble) -> None:
    bot = ProbeBot(double.guild.id)
    with pytest.raises(discord.LoginFailure):
        await bot.login("not-the-token")
    await bot.close()
