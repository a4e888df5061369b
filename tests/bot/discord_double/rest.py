"""REST side of the double: the aiohttp app, its middleware (record, faults, rate-limit
headers, auth) and the bot-token routes (users, gateway, application, commands, channels).

Interaction callbacks and webhook routes live in ``interactions_rest.py``.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .limits import invalid_form_body, message_problems
from .payloads import INTENT_GUILD_MESSAGES, application_payload, bot_user_payload
from .records import Call, FaultRule

if TYPE_CHECKING:
    from .double import DiscordDouble

API_PREFIX = "/api/v10"
CALL = web.RequestKey("call", Call)
BODY = web.RequestKey("body", object)
NO_AUTH_PREFIXES = ("/interactions/", "/webhooks/")

ERROR_TEXT = {
    401: (0, "401: Unauthorized"),
    403: (50013, "Missing Permissions"),
    404: (10003, "Unknown Channel"),
    500: (0, "500: Internal Server Error"),
}
KNOWN_CODES = {
    50001: "Missing Access",
    50013: "Missing Permissions",
    10003: "Unknown Channel",
    10008: "Unknown Message",
    10015: "Unknown Webhook",
    10062: "Unknown interaction",
    40060: "Interaction has already been acknowledged.",
}


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """JSON exactly as Discord labels it: discord.py compares the header to "application/json"."""
    raw = json.dumps(body, separators=(",", ":")).encode()
    return web.Response(
        body=raw, status=status, headers={**(headers or {}), "Content-Type": "application/json"}
    )


def error(status: int, code: int, message: str | None = None, **extra: Any) -> web.Response:
    body = {"message": message or KNOWN_CODES.get(code, "error"), "code": code, **extra}
    return json_response(body, status=status)


def rate_limit_headers(route: str, method: str) -> dict[str, str]:
    """Headers Discord puts on every answer; the bucket never runs dry here."""
    bucket = hashlib.sha1(f"{method} {route}".encode()).hexdigest()[:16]
    return {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": "49",
        "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
        "X-RateLimit-Reset-After": "1.000",
        "X-RateLimit-Bucket": bucket,
        # discord.py only honours a 429 that came through Discord's proxy (has "Via").
        "Via": "1.1 google",
    }


def fault_response(rule: FaultRule) -> web.Response:
    if rule.status == 429:
        body = {
            "message": rule.message or "You are being rate limited.",
            "retry_after": rule.retry_after,
            "global": rule.is_global,
        }
        headers = {
            "Retry-After": str(max(1, round(rule.retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": f"{rule.retry_after:.3f}",
            "X-RateLimit-Scope": "global" if rule.is_global else "user",
            "Via": "1.1 google",
        }
        if rule.is_global:
            headers["X-RateLimit-Global"] = "true"
        return json_response(body, status=429, headers=headers)
    if rule.status in (502, 503, 504):
        # Cloudflare answers these with an HTML page, not JSON.
        text = f"<html><body>{rule.status} Bad Gateway</body></html>"
        return web.Response(status=rule.status, text=text, content_type="text/html")
    default_code, default_message = ERROR_TEXT.get(rule.status, (0, f"{rule.status}: error"))
    code = rule.code if rule.code is not None else default_code
    message = rule.message or KNOWN_CODES.get(code, default_message)
    return json_response({"message": message, "code": code}, status=rule.status)


async def read_body(request: web.Request) -> Any:
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[str] = []
        async for part in await request.multipart():
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                files.append(part.filename or part.name or "")
                await part.read()
        if isinstance(payload, dict):
            payload["_files"] = files
        return payload
    if request.can_read_body:
        raw = await request.read()
        return json.loads(raw) if raw else None
    return None


def make_app(double: DiscordDouble) -> web.Application:
    from .interactions_rest import add_interaction_routes

    @web.middleware
    async def middleware(request: web.Request, handler) -> web.StreamResponse:
        if request.path.startswith("/gateway"):
            return await handler(request)
        received = time.monotonic()
        path = request.path.removeprefix(API_PREFIX)
        match_info = request.match_info
        route = path
        if match_info.route.resource is not None:
            route = match_info.route.resource.canonical.removeprefix(API_PREFIX)
        body = await read_body(request)
        call = Call(request.method, path, route, dict(request.query), body, at=received)
        double.calls.append(call)
        request[CALL] = call
        request[BODY] = body
        rule = double.take_fault(request.method, path)
        if rule is not None:
            response: web.StreamResponse = fault_response(rule)
            call.fault = True
        elif (
            not path.startswith(NO_AUTH_PREFIXES)
            and request.headers.get("Authorization") != f"Bot {double.token}"
        ):
            response = error(401, 0, "401: Unauthorized")
        else:
            try:
                response = await handler(request)
            except web.HTTPNotFound:
                double.unhandled.append(f"{request.method} {path}")
                response = error(404, 0, "404: Not Found")
            except Exception as exc:  # a bug of the double: keep it visible to tests
                double.internal_errors.append(f"{request.method} {path}: {exc!r}")
                response = error(500, 0, "500: the double failed (see double.internal_errors)")
        if response.status != 429:
            response.headers.update(rate_limit_headers(route, request.method))
        call.status = response.status
        double.notify()
        return response

    app = web.Application(middlewares=[middleware], client_max_size=64 * 1024 * 1024)
    r = app.router
    p = API_PREFIX
    r.add_get("/gateway", double.gateway.handle)
    r.add_get("/gateway-resume", double.gateway.handle)
    r.add_get(p + "/users/@me", lambda _: json_response(bot_user_payload(double.bot_user)))
    r.add_get(p + "/gateway", lambda _: json_response({"url": double.gateway_url}))
    r.add_get(p + "/gateway/bot", lambda _: json_response(gateway_bot(double)))
    app_info = lambda _: json_response(  # noqa: E731
        application_payload(double.application_id, double.bot_user, double.owner)
    )
    r.add_get(p + "/oauth2/applications/@me", app_info)
    r.add_get(p + "/applications/@me", app_info)
    r.add_route("*", p + "/applications/{app_id}/commands", lambda q: commands(double, q))
    r.add_route(
        "*", p + "/applications/{app_id}/guilds/{guild_id}/commands", lambda q: commands(double, q)
    )
    r.add_route("*", p + "/channels/{channel_id}", lambda q: channel(double, q))
    r.add_route("*", p + "/channels/{channel_id}/messages", lambda q: channel_messages(double, q))
    r.add_route(
        "*", p + "/channels/{channel_id}/messages/{message_id}", lambda q: one_message(double, q)
    )
    add_interaction_routes(double, r, p)
    return app


def gateway_bot(double: DiscordDouble) -> dict[str, Any]:
    return {
        "url": double.gateway_url,
        "shards": 1,
        "session_start_limit": {
            "total": 1000,
            "remaining": 999,
            "reset_after": 14_400_000,
            "max_concurrency": 1,
        },
    }


async def commands(double: DiscordDouble, request: web.Request) -> web.Response:
    if int(request.match_info["app_id"]) != double.application_id:
        return error(403, 50001)
    guild_id = request.match_info.get("guild_id")
    key = int(guild_id) if guild_id else None
    if key is not None and key not in double.guilds:
        return error(403, 50001)
    if request.method == "GET":
        return json_response(double.commands.get(key, []))
    if request.method != "PUT":
        raise web.HTTPNotFound()
    body = request[BODY] or []
    synced = [double.register_command(command, key) for command in body]
    double.commands[key] = synced
    double.syncs.append((key, synced))
    return json_response(synced)


async def channel(double: DiscordDouble, request: web.Request) -> web.Response:
    found = double.channels.get(int(request.match_info["channel_id"]))
    if found is None:
        return error(404, 10003)
    if request.method == "GET":
        return json_response(found.payload())
    if request.method == "DELETE":
        double.delete_channel(found.id)
        return json_response(found.payload())
    raise web.HTTPNotFound()


async def channel_messages(double: DiscordDouble, request: web.Request) -> web.Response:
    found = double.channels.get(int(request.match_info["channel_id"]))
    if found is None:
        return error(404, 10003)
    store = double.messages
    if request.method == "GET":
        messages = list(reversed(store.channel_messages(found.id)))  # newest first
        if "before" in request.query:
            messages = [m for m in messages if int(m["id"]) < int(request.query["before"])]
        if "after" in request.query:
            messages = [m for m in messages if int(m["id"]) > int(request.query["after"])]
        limit = int(request.query.get("limit", 50))
        return json_response(messages[:limit])
    if request.method != "POST":
        raise web.HTTPNotFound()
    body = request[BODY] or {}
    double.payloads.append(("channel", body))
    problems = message_problems(body)
    if not (body.get("content") or body.get("embeds") or body.get("components")):
        problems.append("Cannot send an empty message")
    if problems:
        return json_response(invalid_form_body(problems), status=400)
    nonce = body.get("nonce")
    if nonce is not None and body.get("enforce_nonce"):
        existing = store.find_by_nonce(found.id, nonce)
        if existing is not None:
            return json_response(existing)
    message = store.create(found, double.bot_user, body)
    if nonce is not None and body.get("enforce_nonce"):
        store.remember_nonce(found.id, nonce, int(message["id"]))
    session = double.gateway.session
    if session is not None and session.intents & INTENT_GUILD_MESSAGES:
        double.spawn(double.gateway.dispatch("MESSAGE_CREATE", message))
    return json_response(message)


async def one_message(double: DiscordDouble, request: web.Request) -> web.Response:
    found = double.channels.get(int(request.match_info["channel_id"]))
    if found is None:
        return error(404, 10003)
    message_id = int(request.match_info["message_id"])
    message = double.messages.by_id.get(message_id)
    if message is None or int(message["channel_id"]) != found.id:
        return error(404, 10008)
    if request.method == "GET":
        return json_response(message)
    if request.method == "DELETE":
        double.messages.delete(message_id)
        return web.Response(status=204)
    if request.method == "PATCH":
        body = request[BODY] or {}
        double.payloads.append(("channel-edit", body))
        problems = message_problems(body)
        if problems:
            return json_response(invalid_form_body(problems), status=400)
        return json_response(double.messages.edit(message_id, body))
    raise web.HTTPNotFound()
