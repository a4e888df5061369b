"""``python -m bot`` refuses clearly (exit 2, one line) without a usable token, and never
prints the token. The rejected-token case talks to a local HTTP server, not to Discord."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-never-printed.xyz"


async def run_bot(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env={**base, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode, out.decode(), err.decode()


async def test_missing_token_exits_2_with_one_line(tmp_path):
    code, out, err = await run_bot({}, tmp_path)  # empty env, no .env in tmp_path
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "DISCORD_TOKEN" in lines[0] and ".env" in lines[0]


async def test_token_from_dotenv_is_read(tmp_path):
    (tmp_path / ".env").write_text("DISCORD_TOKEN=\nONCOBRIEF_LOG_LEVEL=INFO\n")
    code, _, err = await run_bot({}, tmp_path)
    assert code == 2 and "DISCORD_TOKEN is not set" in err


async def test_rejected_token_exits_2_and_never_shows_the_token(tmp_path):
    seen_auth: list[str] = []

    async def users_me(request: web.Request) -> web.Response:
        seen_auth.append(request.headers.get("Authorization", ""))
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", users_me)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        env = {
            "DISCORD_TOKEN": SECRET,
            "ONCOBRIEF_DISCORD_API_BASE": f"http://127.0.0.1:{port}",
            "ONCOBRIEF_SEEDS_DIR": str(tmp_path),
            "ONCOBRIEF_LOG_LEVEL": "DEBUG",  # even the most verbose log must not leak it
        }
        code, out, err = await run_bot(env, tmp_path)
    finally:
        await runner.cleanup()
    assert seen_auth == [f"Bot {SECRET}"]  # it really tried this token
    assert code == 2
    assert SECRET not in out and SECRET not in err
    assert SECRET.split(".")[1] not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("oncobrief bot: Discord rejected DISCORD_TOKEN")
