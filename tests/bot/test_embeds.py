"""Brief embeds stay inside every Discord limit; limitations and attribution are never cut;
article text is escaped so it can neither format nor mention."""

from __future__ import annotations

import json

import pytest

from bot.utils.embeds import LIMITS, BriefEmbeds, safe_url
from bot.utils.escaping import escape_text
from bot.utils.text import ELLIPSIS, cut_text, split_message
from oncobrief.models import EvidenceLevel
from oncobrief.render import Renderer
from tests.bot.brief_samples import huge_brief, make_brief


@pytest.fixture(scope="module")
def builder() -> BriefEmbeds:
    return BriefEmbeds(Renderer())


def assert_within_limits(embed) -> None:
    assert len(embed) <= LIMITS.total
    assert len(embed.title or "") <= LIMITS.title
    assert len(embed.description or "") <= LIMITS.description
    assert len(embed.fields) <= LIMITS.fields
    for field in embed.fields:
        assert 0 < len(field.name) <= LIMITS.field_name
        assert 0 < len(field.value) <= LIMITS.field_value
    assert len(embed.footer.text or "") <= LIMITS.footer


def limitation_text(embed) -> str:
    return "\n".join(f.value for f in embed.fields if f.name.startswith("Limitations"))


def test_huge_article_fits_every_limit_with_limitations_and_footer_intact(builder):
    brief = huge_brief()
    assert len(brief.model_dump_json()) > 20_000  # the brief of a ~20 KB article
    embed = builder.embed(brief)
    assert_within_limits(embed)
    limitations = limitation_text(embed)
    for item in brief.limitations:
        assert escape_text(item.text) in limitations  # whole, not cut
    assert embed.footer.text == builder.footer(brief)
    for part in ("JNCCN 360", "Author Number 29", "28 Jun 2022", "Translational Oncology"):
        assert part in embed.footer.text
    assert embed.url == "https://example.org/articles/ntrk-resistance"


def test_cut_text_ends_between_sentences_with_an_ellipsis(builder):
    brief = huge_brief()
    description = builder.embed(brief).description
    assert description.endswith(ELLIPSIS)
    shown = [s.text for s in brief.summary if escape_text(s.text) in description]
    assert 1 <= len(shown) < len(brief.summary)
    # What precedes the ellipsis is exactly the whole sentences shown, nothing half cut.
    body = description.split("\n\n", 1)[1].removesuffix(ELLIPSIS).strip()
    assert body == " ".join(escape_text(s) for s in shown)


def test_findings_field_is_cut_between_findings(builder):
    brief = huge_brief()
    field = next(f for f in builder.embed(brief).fields if f.name == "Key findings")
    lines = field.value.splitlines()
    assert lines[-1] == "• … (more in the full brief)"
    for line in lines[:-1]:
        assert line.removeprefix("• ") in {escape_text(s.text) for s in brief.findings}


def test_none_stated_plus_caveat_when_the_source_states_no_limitation(builder):
    brief = make_brief(limitations=[])
    text = limitation_text(builder.embed(brief))
    assert text.startswith("None stated by the source.")
    assert "*OncoBrief note: these results come from laboratory and animal models" in text


def test_caveat_is_added_when_the_core_gave_none(builder):
    brief = make_brief(limitations=[], caveat=None, level=EvidenceLevel.PHASE_2)
    text = limitation_text(builder.embed(brief))
    assert "None stated by the source." in text
    assert "phase 2 results are early efficacy signals" in text


def test_one_limitation_longer_than_a_field_is_carried_on_not_dropped(builder):
    long_limitation = "The authors noted " + "a very long caveat " * 90 + "at the end."
    embed = builder.embed(make_brief(limitations=[long_limitation]))
    assert_within_limits(embed)
    text = limitation_text(embed)
    assert len([f for f in embed.fields if f.name.startswith("Limitations")]) >= 2
    assert "at the end." in text and "The authors noted" in text


def test_title_is_linked_only_for_http_urls(builder):
    assert builder.embed(make_brief(url="https://x.org/a")).url == "https://x.org/a"
    assert builder.embed(make_brief(url="javascript:alert(1)")).url is None
    assert safe_url("http://x.org/a b") is None
    assert builder.embed(make_brief(title=None)).title == "Untitled article"


def test_preclinical_badge_says_so(builder):
    embed = builder.embed(make_brief(level=EvidenceLevel.PRECLINICAL_IN_VITRO))
    assert embed.description.startswith("**Preclinical (cell lines)** · not tested in patients")
    clinical = builder.embed(make_brief(level=EvidenceLevel.PHASE_3))
    assert "not tested in patients" not in clinical.description


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("@everyone look", "@everyone"),
        ("@here now", "@here"),
        ("ping <@&1> and <@&123456789012345678>", "<@&"),
        ("see <#1>", "<#"),
        ("user <@123456789012345678>", "<@"),
    ],
)
def test_escaping_neutralises_mentions(raw, forbidden):
    assert forbidden not in escape_text(raw)


def test_escaping_neutralises_masked_links_headers_and_markdown():
    assert escape_text("[masked](http://x)") == "\\[masked\\](http://x)"
    two = escape_text("[a](http://x) and [b](http://y)")
    assert "[" not in two.replace("\\[", "") and "]" not in two.replace("\\]", "")
    assert escape_text("# header").startswith("\\#")
    assert escape_text("line\n## sub").endswith("\\## sub")
    assert escape_text("-# small") == "\\-# small"
    assert escape_text("**bold** _it_ `code` ||spoiler||") == (
        "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\|\\|spoiler\\|\\|"
    )


def test_hostile_article_text_is_inert_in_the_whole_embed(builder):
    brief = make_brief(
        title="# Big @everyone",
        summary=["Click [here](http://evil.example) @here <@&42>."],
        findings=["<#7> @everyone"],
        limitations=["# not a header"],
        authors=["@everyone", "<@&42>"],
        outlet="@here News",
    )
    payload = json.dumps(builder.embed(brief).to_dict())
    for raw in ("@everyone", "@here", "<@&", "<#", "[here](", '"# '):
        assert raw not in payload
    full = "\n".join(builder.full_messages(brief))
    for raw in ("@everyone", "@here", "<@&", "<#", "[here]("):
        assert raw not in full


def test_full_brief_messages_fit_and_lose_nothing(builder):
    brief = huge_brief()
    messages = builder.full_messages(brief)
    assert len(messages) > 1
    assert all(0 < len(m) <= 2000 for m in messages)
    joined = "\n".join(messages)
    for item in [*brief.summary, *brief.findings, *brief.limitations]:
        assert escape_text(item.text) in joined or item.text in joined


def test_cut_text_and_split_message_edges():
    assert cut_text("Short.", 10) == "Short."
    cut = cut_text("One sentence here. Another sentence follows. Third one.", 40)
    assert cut == "One sentence here. …"
    assert len(cut_text("x" * 5000, 1024)) <= 1024
    assert not cut_text("a\\*b " * 100, 51).removesuffix(" …").endswith("\\")
    pieces = split_message("y" * 4500, 2000)
    assert [len(p) for p in pieces] == [2000, 2000, 500]
