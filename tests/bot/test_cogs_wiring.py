"""The bot's wiring without a network: construction, extension discovery, the /brief tree,
the paginator's buttons and the Full brief custom_id."""

from __future__ import annotations

import discord
import pytest

from bot.bot import OncoBriefBot
from bot.exts import walk_extensions
from bot.utils.embeds import BriefEmbeds
from bot.utils.errors import UserFacingError, new_reference, user_message
from bot.utils.full_brief import FullBriefButton
from bot.utils.paginator import Page, Paginator
from oncobrief.library import Library
from oncobrief.render import Renderer
from oncobrief.settings import Settings
from tests.bot.brief_samples import make_brief


@pytest.fixture
def library() -> Library:
    library = Library(settings=Settings())
    library.add(make_brief())
    return library


def test_extensions_are_discovered_as_packages():
    names = list(walk_extensions())
    assert "bot.exts.briefs" in names
    assert not any(name.startswith("bot.exts.briefs.") for name in names)


async def test_bot_is_built_with_no_mentions_minimal_intents_and_the_brief_group(library):
    bot = OncoBriefBot(Settings(), library, extensions=["bot.exts.briefs"])
    try:
        mentions = bot.allowed_mentions
        assert mentions is not None and mentions.to_dict() == {"parse": []}
        assert bot.intents.value == discord.Intents(guilds=True).value
        assert not bot.intents.message_content
        await bot.load_all_extensions()
        assert bot.failed_extensions == {}
        group = bot.tree.get_command("brief")
        assert isinstance(group, discord.app_commands.Group)
        names = sorted(command.name for command in group.commands)
        assert names == ["drug", "gene", "help", "latest", "search", "show", "sources"]
        count = group.get_command("latest").parameters[0]
        assert (count.min_value, count.max_value, count.required) == (1, 10, False)
        assert group.get_command("drug").parameters[0].autocomplete
        assert group.get_command("show").parameters[0].autocomplete
    finally:
        await bot.close()


async def test_a_broken_extension_is_reported_and_the_rest_loads(library):
    bot = OncoBriefBot(Settings(), library, extensions=["bot.exts.nope", "bot.exts.briefs"])
    try:
        await bot.load_all_extensions()
        assert "bot.exts.nope" in bot.failed_extensions
        assert bot.tree.get_command("brief") is not None
    finally:
        await bot.close()


async def test_paginator_buttons_follow_the_page_and_expire():
    embeds = BriefEmbeds(Renderer())
    briefs = [make_brief(title=f"Story {n}") for n in range(3)]
    pages = [Page(embed=embeds.embed(b), content="3 briefs", brief_id=b.id) for b in briefs]
    view = Paginator(pages, owner_id=42)
    ids = [item.custom_id for item in view.children]
    assert ids[0] == f"oncobrief:page:prev:{view.nonce}"
    assert ids[2] == f"oncobrief:page:next:{view.nonce}"
    assert ids[3] == f"oncobrief:full:{briefs[0].id}"
    assert (view.previous.disabled, view.next.disabled) == (True, False)
    assert view.counter.label == "1 / 3"
    view.index = 2
    view._layout()
    assert (view.previous.disabled, view.next.disabled) == (False, True)
    assert view.children[-1].custom_id == f"oncobrief:full:{briefs[2].id}"
    await view.on_timeout()  # nothing was sent, so there is nothing to edit
    assert view.previous.disabled and view.next.disabled
    assert not view.children[-1].disabled  # Full brief keeps working after the timeout


async def test_single_page_has_only_the_full_brief_button():
    brief = make_brief()
    view = Paginator([Page(embed=discord.Embed(title="x"), brief_id=brief.id)], owner_id=1)
    assert [item.custom_id for item in view.children] == [f"oncobrief:full:{brief.id}"]


def test_full_brief_template_matches_its_custom_id():
    brief = make_brief()
    pattern = FullBriefButton.__discord_ui_compiled_template__
    match = pattern.fullmatch(f"oncobrief:full:{brief.id}")
    assert match and match["id"] == brief.id
    assert pattern.fullmatch("oncobrief:page:next:abcd") is None


async def test_pages_build_their_embed_only_when_shown():
    built: list[int] = []

    def build(n: int) -> discord.Embed:
        built.append(n)
        return discord.Embed(title=f"page {n}")

    pages = [Page(embed=lambda n=n: build(n), content=f"{n}") for n in range(25)]
    view = Paginator(pages, owner_id=1)
    assert view._first_message()["embed"].title == "page 0"
    assert built == [0]


def test_failures_the_user_can_fix_are_told_and_bugs_get_a_reference():
    assert user_message(UserFacingError("Pick a drug from the list.")) == (
        "Pick a drug from the list."
    )
    assert "Embed" not in (user_message(discord.app_commands.CheckFailure("nope")) or "")
    assert user_message(ValueError("bug")) is None
    reference = new_reference()
    assert len(reference) == 8 and int(reference, 16) >= 0
    assert new_reference() != reference
