"""Interaction callbacks and the interaction webhook (original response, follow-ups).

Discord's rules that the double enforces, so a bot that breaks them fails its tests:
one callback per interaction (40060 on the second); the callback within
``double.callback_deadline`` seconds (3 on Discord; 10062 "Unknown interaction" after);
follow-ups only after the interaction is acknowledged; message limits (50035).
After a deferred (type 5) response, the first follow-up replaces the "thinking" message,
as on Discord.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .limits import choice_problems, invalid_form_body, message_problems
from .records import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    LOADING,
    MODAL,
    UPDATE_MESSAGE,
    Callback,
    InteractionRecord,
)
from .rest import BODY, CALL, error, json_response

if TYPE_CHECKING:
    from .double import DiscordDouble

MESSAGE_CALLBACKS = (CHANNEL_MESSAGE, UPDATE_MESSAGE)


def add_interaction_routes(double: DiscordDouble, router: web.UrlDispatcher, prefix: str) -> None:
    router.add_post(
        prefix + "/interactions/{interaction_id}/{token}/callback",
        lambda q: callback(double, q),
    )
    router.add_post(prefix + "/webhooks/{app_id}/{token}", lambda q: followup(double, q))
    router.add_route(
        "*",
        prefix + "/webhooks/{app_id}/{token}/messages/{message_id}",
        lambda q: webhook_message(double, q),
    )


def _interaction_metadata(double: DiscordDouble, record: InteractionRecord) -> dict[str, Any]:
    owners = {"0": str(record.guild_id)} if record.guild_id else {"1": str(record.user.id)}
    return {
        "id": str(record.id),
        "type": record.type,
        "user": record.user.payload(),
        "authorizing_integration_owners": owners,
        **({"name": record.data.get("name")} if record.type == 2 else {}),
    }


def _new_message(double: DiscordDouble, record: InteractionRecord, payload: dict[str, Any]) -> dict:
    channel = double.channels[record.channel_id]
    ephemeral = bool((payload.get("flags") or 0) & EPHEMERAL)
    return double.messages.create(
        channel,
        double.bot_user,
        payload,
        message_type=20 if record.type == 2 else 0,
        in_timeline=not ephemeral,
        extra={
            "webhook_id": str(double.application_id),
            "application_id": str(double.application_id),
            "interaction_metadata": _interaction_metadata(double, record),
        },
    )


async def callback(double: DiscordDouble, request: web.Request) -> web.Response:
    record = double.interactions.get(int(request.match_info["interaction_id"]))
    response = await _callback(double, request, record)
    if record is not None and response.status >= 400:
        record.refusals.append(response.status)
        record.touch()
    return response


async def _callback(
    double: DiscordDouble, request: web.Request, record: InteractionRecord | None
) -> web.Response:
    received = request[CALL].at
    if record is None or record.token != request.match_info["token"]:
        return error(404, 10062)
    if record.responses:
        return error(400, 40060)
    if received - record.dispatched_at > double.callback_deadline:
        return error(404, 10062)
    body = request[BODY] or {}
    kind, data = int(body.get("type", 0)), body.get("data") or {}
    if kind in MESSAGE_CALLBACKS:
        double.payloads.append(("callback", data))
        problems = message_problems(data)
        if problems:
            return json_response(invalid_form_body(problems), status=400)
    if kind == AUTOCOMPLETE_RESULT:
        if record.type != 4:
            return error(400, 50035, "Invalid Form Body")
        problems = choice_problems(data.get("choices") or [])
        if problems:
            return json_response(invalid_form_body(problems), status=400)
    if kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE) and record.type != 3:
        return error(400, 50035, "Invalid Form Body")  # only components can update
    message: dict[str, Any] | None = None
    if kind == CHANNEL_MESSAGE:
        message = record.original = _new_message(double, record, data)
    elif kind == DEFERRED_CHANNEL_MESSAGE:
        flags = LOADING | ((data.get("flags") or 0) & EPHEMERAL)
        message = record.original = _new_message(double, record, {"flags": flags})
    elif kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
        assert record.source_message_id is not None
        if record.source_message_id not in double.messages.by_id:
            return error(404, 10008)
        if kind == UPDATE_MESSAGE:
            double.messages.edit(record.source_message_id, data)
        message = record.original = double.messages.by_id[record.source_message_id]
    elif kind not in (AUTOCOMPLETE_RESULT, MODAL):
        return error(400, 50035, f"Invalid Form Body: callback type {kind}")
    record.responses.append(Callback(kind, data, received))
    record.touch()
    double.notify()
    if "with_response" not in request.query or request.query["with_response"] in ("0", "false"):
        return web.Response(status=204)
    interaction: dict[str, Any] = {"id": str(record.id), "type": record.type}
    if message is not None:
        interaction.update(
            response_message_id=message["id"],
            response_message_loading=kind == DEFERRED_CHANNEL_MESSAGE,
            response_message_ephemeral=bool(message.get("flags", 0) & EPHEMERAL),
        )
    answer: dict[str, Any] = {"interaction": interaction}
    if message is not None and kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
        answer["resource"] = {"type": kind, "message": message}
    else:
        answer["resource"] = {"type": kind}
    return json_response(answer)


def _record_for(double: DiscordDouble, request: web.Request) -> InteractionRecord | None:
    if int(request.match_info["app_id"]) != double.application_id:
        return None
    record = double.by_token.get(request.match_info["token"])
    if record is None or time.monotonic() - record.dispatched_at > double.token_lifetime:
        return None
    return record


async def followup(double: DiscordDouble, request: web.Request) -> web.Response:
    record = _record_for(double, request)
    if record is None or not record.acknowledged:
        return error(404, 10015)
    body = request[BODY] or {}
    double.payloads.append(("followup", body))
    problems = message_problems(body)
    if problems:
        return json_response(invalid_form_body(problems), status=400)
    original = record.original
    if (
        record.response_type == DEFERRED_CHANNEL_MESSAGE
        and original is not None
        and not record.original_deleted
        and original.get("flags", 0) & LOADING
    ):
        # The first follow-up after "thinking" fills the deferred message itself.
        keep = original["flags"] & EPHEMERAL
        message = double.messages.edit(int(original["id"]), {**body, "flags": keep})
        record.edits.append(body)
    else:
        message = _new_message(double, record, body)
        record.followups.append(message)
    record.touch()
    double.notify()
    if request.query.get("wait") in ("true", "1", "True"):
        return json_response(message)
    return web.Response(status=204)


async def webhook_message(double: DiscordDouble, request: web.Request) -> web.Response:
    record = _record_for(double, request)
    if record is None:
        return error(404, 10015)
    raw_id = request.match_info["message_id"]
    original = record.original if not record.original_deleted else None
    if raw_id == "@original":
        message = original
    else:
        wanted = [m for m in ([original] if original else []) + record.followups]
        message = next((m for m in wanted if m["id"] == raw_id), None)
    if message is None or int(message["id"]) not in double.messages.by_id:
        return error(404, 10008)
    message_id = int(message["id"])
    if request.method == "GET":
        return json_response(message)
    if request.method == "DELETE":
        double.messages.delete(message_id)
        if message is original:
            record.original_deleted = True
        else:
            record.followups = [m for m in record.followups if m["id"] != raw_id]
        record.touch()
        double.notify()
        return web.Response(status=204)
    if request.method != "PATCH":
        raise web.HTTPNotFound()
    body = request[BODY] or {}
    double.payloads.append(("edit", body))
    problems = message_problems(body)
    if problems:
        return json_response(invalid_form_body(problems), status=400)
    if message.get("flags", 0) & LOADING:
        body_for_store = {**body, "flags": message["flags"] & EPHEMERAL}
    else:
        body_for_store = body
    edited = double.messages.edit(message_id, body_for_store)
    record.edits.append(body)
    record.touch()
    double.notify()
    return json_response(edited)
