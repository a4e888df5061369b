"""Fixtures for bot tests: the Discord API double, the real bot running against it, users.

``double``        a started ``DiscordDouble`` with discord.py pointed at it (restored after).
``articles_dir``  a temp folder holding the seed article; write more files into it before
                  starting the bot.
``bot_settings``  ``Settings`` over that folder, syncing commands to the double's guild.
``start_bot``     ``await start_bot(**kwargs)`` -> a running ``OncoBriefBot`` that has logged
                  in, synced its commands and received READY; closed at teardown, which also
                  fails the test if discord.py or the bot logged an error (``bot_log_errors``
                  lists them; clear it in a test that expects one).
``bot``           ``start_bot()`` with defaults.
``user``          ``user("alice")`` -> a ``DiscordTestUser`` that types commands as in the
                  client: ``await alice.run("/brief drug name:Augtyro")``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import oncobrief.digest.runner as digest_runner
from oncobrief.settings import Settings
from tests.bot.article_factory import SEED_PATH
from tests.bot.discord_double import DiscordDouble, FakeUser, InteractionRecord
from tests.bot.discord_double.payloads import DEFAULT_PERMISSIONS
from tests.clock import Clock

STARTUP_TIMEOUT = 60.0  # the first library load in a process loads the vocabularies

_OPTION = re.compile(r"(\w+):(.*?)(?=\s+\w+:|$)", re.S)


class DiscordTestUser:
    """A person in the double's guild, typing as in Discord's client."""

    def __init__(self, double: DiscordDouble, account: FakeUser) -> None:
        self.double = double
        self.account = account

    @staticmethod
    def parse(command_line: str) -> tuple[str, str | None, dict[str, str]]:
        """ "/brief drug name:Augtyro" -> ("brief", "drug", {"name": "Augtyro"})."""
        head, _, rest = command_line.lstrip("/").partition(" ")
        first_option = re.search(r"\w+:", rest)
        words = rest[: first_option.start()] if first_option else rest
        options_text = rest[first_option.start() :] if first_option else ""
        options = {m[1]: m[2].strip() for m in _OPTION.finditer(options_text)}
        return head, (words.strip() or None), options

    async def run(self, command_line: str, **kwargs: Any) -> InteractionRecord:
        name, sub, options = self.parse(command_line)
        return await self.double.invoke(name, sub, options, user=self.account, **kwargs)

    async def type_into(self, command_line: str) -> InteractionRecord:
        """Autocomplete: the last option of ``command_line`` is the one being typed."""
        name, sub, options = self.parse(command_line)
        focused = list(options)[-1]
        return await self.double.autocomplete(name, sub, options, focused, user=self.account)

    async def press(self, record: InteractionRecord | dict, key: str, **kwargs: Any):
        return await self.double.press(record, key, user=self.account, **kwargs)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("discord", "bot")):
            self.records.append(record)


@pytest.fixture
async def double() -> AsyncIterator[DiscordDouble]:
    async with DiscordDouble(heartbeat_interval_ms=500) as started:
        yield started


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_PATH, folder / SEED_PATH.name)
    return folder


@pytest.fixture
def bot_settings(tmp_path: Path, articles_dir: Path, double: DiscordDouble) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        seeds_dir=articles_dir,
        data_dir=tmp_path / "data",
        guild_ids=[double.guild.id],
        poll_sources=False,
    )


@pytest.fixture
def bot_log_errors() -> Iterator[list[logging.LogRecord]]:
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    yield collector.records
    root.removeHandler(collector)


async def _until(awaitable: Awaitable[Any], task: asyncio.Task, timeout: float) -> None:
    """Await ``awaitable`` unless the bot task ends first (then raise why it ended)."""
    waiter = asyncio.ensure_future(awaitable)
    done, _ = await asyncio.wait({waiter, task}, timeout=timeout, return_when="FIRST_COMPLETED")
    if waiter in done:
        waiter.result()
        return
    waiter.cancel()
    if task in done:
        task.result()
        raise AssertionError("the bot stopped during startup")
    raise AssertionError(f"the bot did not start within {timeout}s")


@pytest.fixture
async def start_bot(
    double: DiscordDouble, bot_settings: Settings, bot_log_errors: list[logging.LogRecord]
) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    from bot.bot import OncoBriefBot

    running: list[tuple[Any, asyncio.Task]] = []

    async def start(**kwargs: Any) -> OncoBriefBot:
        # A short guild_ready_timeout: READY then fires right after the one GUILD_CREATE.
        kwargs.setdefault("guild_ready_timeout", 0.05)
        bot = OncoBriefBot(bot_settings, **kwargs)
        task = asyncio.create_task(bot.start(double.token), name="oncobrief-bot")
        running.append((bot, task))
        await _until(double.wait_until_ready(STARTUP_TIMEOUT), task, STARTUP_TIMEOUT)
        await _until(bot.wait_until_ready(), task, 10.0)
        return bot

    yield start
    for bot, task in running:
        await bot.close()
        await asyncio.wait_for(task, 10.0)
    assert double.unhandled == [], f"the bot called routes the double lacks: {double.unhandled}"
    assert double.internal_errors == [], double.internal_errors
    messages = [f"{r.name}: {r.getMessage()}" for r in bot_log_errors]
    assert messages == [], f"errors were logged: {messages}"


@pytest.fixture
async def bot(start_bot: Callable[..., Awaitable[Any]]) -> Any:
    return await start_bot()


@pytest.fixture
def user(double: DiscordDouble) -> Callable[[str], DiscordTestUser]:
    accounts: dict[str, FakeUser] = {"alice": double.alice, "bob": double.bob}

    def make(name: str) -> DiscordTestUser:
        if name not in accounts:
            accounts[name] = double.add_user(name)
        return DiscordTestUser(double, accounts[name])

    return make


# --- digest tests: a hand-set clock and a member allowed to manage digests ------------------


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Digest time is read through ``oncobrief.digest.runner.utc_now``; tests move it."""
    fake = Clock(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(digest_runner, "utc_now", fake)
    return fake


@pytest.fixture
def manager(double: DiscordDouble) -> FakeUser:
    manage_guild = 1 << 5
    return double.add_user("manager", permissions=DEFAULT_PERMISSIONS | manage_guild)
