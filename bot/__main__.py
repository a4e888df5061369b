"""``python -m bot``: start the OncoBrief Discord bot.

Exit status 2 with one line on stderr for a configuration problem (no token, token
rejected, bad settings, missing articles folder). The token is never printed or logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

import aiohttp
import discord
import yarl
from pydantic import ValidationError
from pydantic_settings import SettingsError

from oncobrief.settings import Settings

CONFIG_ERROR = 2
# For running against a Discord API double in tests; never needed in production.
API_BASE_VARIABLE = "ONCOBRIEF_DISCORD_API_BASE"


def fail(message: str) -> int:
    print(f"oncobrief bot: {message}", file=sys.stderr)
    return CONFIG_ERROR


def setup_logging(level_name: str) -> None:
    level = logging.getLevelName(level_name.upper())
    if not isinstance(level, int):
        level = logging.INFO
    discord.utils.setup_logging(level=level, root=True)


def point_at_api(base: str) -> None:
    """Send discord.py's REST and gateway connections to ``base`` (e.g. http://127.0.0.1:PORT)."""
    root = base.rstrip("/")
    discord.http.Route.BASE = root + "/api/v10"
    # A fresh session opens DEFAULT_GATEWAY without asking /gateway/bot first.
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(
        root.replace("http", "ws", 1) + "/gateway"
    )


async def run(token: str, settings: Settings) -> None:
    from bot.bot import OncoBriefBot

    async with OncoBriefBot(settings) as bot:
        await bot.start(token)


def main() -> int:
    try:
        settings = Settings()
    except ValidationError as exc:
        where = ", ".join(
            f"ONCOBRIEF_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors(include_input=False)
        )
        return fail(f"invalid settings ({where})")
    except SettingsError as exc:  # e.g. a list setting that is not JSON
        return fail(f"invalid settings: {exc}; e.g. ONCOBRIEF_GUILD_IDS=1234,5678")
    secret = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not secret:
        return fail(
            "DISCORD_TOKEN is not set: put DISCORD_TOKEN=<your bot token> in the environment "
            "or in a .env file in the current folder (see the README, section Discord bot)"
        )
    setup_logging(settings.log_level)
    if os.environ.get(API_BASE_VARIABLE):
        point_at_api(os.environ[API_BASE_VARIABLE])
    from oncobrief.library import FolderError

    try:
        asyncio.run(run(secret, settings))
    except discord.LoginFailure:
        return fail(
            "Discord rejected DISCORD_TOKEN: copy the bot token again from the developer "
            "portal (Bot > Reset Token) into DISCORD_TOKEN"
        )
    except discord.PrivilegedIntentsRequired:
        return fail("Discord refused the gateway intents; the bot needs no privileged intents")
    except FolderError as exc:
        return fail(f"cannot load articles: {exc}; set ONCOBRIEF_SEEDS_DIR")
    except (aiohttp.ClientConnectionError, OSError) as exc:
        print(
            f"oncobrief bot: cannot reach Discord ({type(exc).__name__}); check the network",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
