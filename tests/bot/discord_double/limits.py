"""Discord's message limits, enforced as Discord does: a 400 "Invalid Form Body" (50035).

Limits from the API documentation (Embed Limits, Message Components, Autocomplete):
content 2000; 10 embeds; title 256, description 4096, 25 fields, field name 256 and value
1024, footer 2048, author name 256, 6000 characters over all embeds of a message;
5 action rows of at most 5 buttons, label 80, custom_id 100; 25 autocomplete choices,
choice name and string value 100.
"""

from __future__ import annotations

from typing import Any

EMBED_TOTAL = 6000


def _embed_problems(embed: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []

    def check(value: Any, limit: int, name: str) -> None:
        if value is not None and len(str(value)) > limit:
            problems.append(f"{where}.{name}: {len(str(value))} > {limit}")

    check(embed.get("title"), 256, "title")
    check(embed.get("description"), 4096, "description")
    check((embed.get("footer") or {}).get("text"), 2048, "footer.text")
    check((embed.get("author") or {}).get("name"), 256, "author.name")
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems.append(f"{where}.fields: {len(fields)} > 25")
    for i, field in enumerate(fields):
        check(field.get("name"), 256, f"fields[{i}].name")
        check(field.get("value"), 1024, f"fields[{i}].value")
        if not str(field.get("name") or "").strip() or not str(field.get("value") or "").strip():
            problems.append(f"{where}.fields[{i}]: name and value must be non-empty")
    return problems


def embed_length(embed: dict[str, Any]) -> int:
    """Characters Discord counts toward the 6000 total of a message."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def _component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(f"components: {len(rows)} rows > 5")
    for r, row in enumerate(rows):
        if row.get("type") != 1:
            continue  # components v2 layouts are not checked here
        children = row.get("components") or []
        if len(children) > 5:
            problems.append(f"components[{r}]: {len(children)} > 5")
        for c, child in enumerate(children):
            if len(child.get("label") or "") > 80:
                problems.append(f"components[{r}][{c}].label > 80")
            if len(child.get("custom_id") or "") > 100:
                problems.append(f"components[{r}][{c}].custom_id > 100")
    return problems


def message_problems(payload: dict[str, Any]) -> list[str]:
    """Everything in a message payload Discord would refuse; empty when it is acceptable."""
    problems: list[str] = []
    content = payload.get("content")
    if content is not None and len(content) > 2000:
        problems.append(f"content: {len(content)} > 2000")
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        problems.append(f"embeds: {len(embeds)} > 10")
    for i, embed in enumerate(embeds):
        problems += _embed_problems(embed, f"embeds[{i}]")
    total = sum(embed_length(e) for e in embeds)
    if total > EMBED_TOTAL:
        problems.append(f"embeds: {total} characters in total > {EMBED_TOTAL}")
    problems += _component_problems(payload.get("components") or [])
    return problems


def choice_problems(choices: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(choices) > 25:
        problems.append(f"choices: {len(choices)} > 25")
    for i, choice in enumerate(choices):
        name = str(choice.get("name") or "")
        if not 1 <= len(name) <= 100:
            problems.append(f"choices[{i}].name: length {len(name)} not in 1..100")
        value = choice.get("value")
        if isinstance(value, str) and len(value) > 100:
            problems.append(f"choices[{i}].value: length {len(value)} > 100")
    return problems


def invalid_form_body(problems: list[str]) -> dict[str, Any]:
    return {"code": 50035, "message": "Invalid Form Body", "errors": {"_double": problems}}
