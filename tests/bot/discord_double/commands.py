"""Application commands: what a sync stores, and the ``data`` of the interactions a user makes.

A real Discord client only lets a user submit what the synced command declares, so
``command_data`` looks the command up in the synced list, nests subcommand groups and
subcommands as Discord does, types each option from its declared type, and (unless
``validate=False``) refuses missing required options, unknown options, and values outside
declared choices or min/max, the checks Discord's client makes before sending.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .records import DoubleError

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10


def stored_command(
    command: dict[str, Any], command_id: int, app_id: int, guild_id: int | None
) -> dict[str, Any]:
    """The command as Discord returns it from a sync (ids and defaults filled in)."""
    stored = {
        "id": str(command_id),
        "application_id": str(app_id),
        "version": str(command_id),
        "type": command.get("type", 1),
        "name": command["name"],
        "description": command.get("description", ""),
        "options": command.get("options", []),
        "default_member_permissions": command.get("default_member_permissions"),
        "dm_permission": command.get("dm_permission", True),
        "nsfw": command.get("nsfw", False),
        "contexts": command.get("contexts"),
        "integration_types": command.get("integration_types", [0]),
        "name_localizations": command.get("name_localizations"),
        "description_localizations": command.get("description_localizations"),
    }
    if guild_id is not None:
        stored["guild_id"] = str(guild_id)
    return stored


def _find(options: list[dict[str, Any]], name: str, what: str) -> dict[str, Any]:
    for option in options:
        if option["name"] == name:
            return option
    names = [o["name"] for o in options]
    raise DoubleError(f"no {what} {name!r}; the synced command has {names}")


def _typed(value: Any, schema: dict[str, Any], validate: bool) -> Any:
    kind = schema["type"]
    if kind == INTEGER:
        value = int(value)
    elif kind == NUMBER:
        value = float(value)
    elif kind == BOOLEAN:
        value = bool(value)
    elif kind in (USER, CHANNEL, ROLE, MENTIONABLE):
        value = str(getattr(value, "id", value))
    else:
        value = str(value)
    if not validate:
        return value
    choices = schema.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise DoubleError(f"{schema['name']}={value!r} is not one of the declared choices")
    if kind in (INTEGER, NUMBER):
        low, high = schema.get("min_value"), schema.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise DoubleError(f"{schema['name']}={value} is outside {low}..{high}")
    if kind == STRING:
        low, high = schema.get("min_length", 0), schema.get("max_length", 6000)
        if not low <= len(value) <= high:
            raise DoubleError(f"{schema['name']} length {len(value)} is outside {low}..{high}")
    return value


def command_data(
    command: dict[str, Any],
    subcommand: str | None,
    options: dict[str, Any],
    *,
    focused: str | None = None,
    validate: bool = True,
) -> dict[str, Any]:
    """The ``data`` of an INTERACTION_CREATE for a chat input command (or its autocomplete)."""
    top: list[dict[str, Any]] = []
    container, schema_options = top, command.get("options") or []
    for part in (subcommand or "").split():
        schema = _find(schema_options, part, "subcommand")
        if schema["type"] not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            raise DoubleError(f"{part!r} is an option, not a subcommand")
        entry: dict[str, Any] = {"name": part, "type": schema["type"], "options": []}
        container.append(entry)
        container, schema_options = entry["options"], schema.get("options") or []
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema_options):
        names = [o["name"] for o in schema_options]
        raise DoubleError(f"/{command['name']} {subcommand or ''} needs a subcommand: {names}")
    for name, value in options.items():
        schema = _find(schema_options, name, "option")
        is_focused = name == focused
        option: dict[str, Any] = {
            "name": name,
            "type": schema["type"],
            # A half-typed autocomplete value is sent as a string, whatever the type.
            "value": str(value) if is_focused else _typed(value, schema, validate),
        }
        if is_focused:
            option["focused"] = True
        container.append(option)
    if validate and focused is None:
        missing = [
            o["name"] for o in schema_options if o.get("required") and o["name"] not in options
        ]
        if missing:
            raise DoubleError(f"missing required options {missing}")
    data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1}
    if top:
        data["options"] = top
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data


def walk_options(options: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every option value, inside subcommand groups and subcommands."""
    for option in options:
        if option["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP):
            yield from walk_options(option.get("options", []))
        else:
            yield option
