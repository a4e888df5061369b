"""End to end: rate limits and dropped gateway connections do not lose or double answers."""

from __future__ import annotations

from tests.bot.article_factory import SEED_TITLE, plain
from tests.bot.discord_double import DiscordDouble


async def test_a_429_on_the_response_is_retried_and_lands_once(
    double: DiscordDouble, bot, user
) -> None:
    rule = double.fail_next("POST", "/interactions/*/callback", 429, retry_after=0.05)
    record = await user("alice").run("/brief latest count:1")
    assert rule.exhausted
    calls = double.calls_to("POST", f"/interactions/{record.id}/*/callback")
    assert [c.status for c in calls] == [429, 200]
    assert len(record.responses) == 1
    assert plain(record.embed["title"]) == SEED_TITLE
    assert len(double.channel_messages()) == 1


async def test_a_dropped_gateway_connection_resumes(double: DiscordDouble, bot, user) -> None:
    session_id = bot.ws.session_id
    assert await double.drop_gateway() == "resumed"
    assert len(double.gateway.identifies) == 1  # no new session
    (resume,) = double.gateway.resumes
    assert resume["session_id"] == session_id
    assert double.gateway.connections == ["/gateway", "/gateway-resume"]
    record = await user("alice").run("/brief latest count:1")
    assert plain(record.embed["title"]) == SEED_TITLE


async def test_a_command_sent_while_disconnected_is_answered_after_the_resume(
    double: DiscordDouble, bot, user
) -> None:
    await double.gateway.close_connection()
    record = await user("alice").run("/brief latest count:1")  # replayed on RESUME
    assert len(double.gateway.resumes) == 1 and len(double.gateway.identifies) == 1
    assert plain(record.embed["title"]) == SEED_TITLE
