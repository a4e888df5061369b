"""Digest composition: selection, order, escaping, and splitting within Discord's limits."""

from __future__ import annotations

import datetime as dt

from oncobrief.digest.compose import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    TITLE_LIMIT,
    DigestFilters,
    compose_digest,
    select_briefs,
)
from oncobrief.models import (
    Attribution,
    Brief,
    Evidence,
    EvidenceLevel,
    Limitation,
    Statement,
)
from oncobrief.render import Renderer


def make_brief(
    n: int,
    *,
    drugs=("repotrectinib",),
    genes=("ROS1",),
    level=EvidenceLevel.PRECLINICAL_IN_VIVO,
    posted: dt.date | None = None,
    summary: str | None = None,
    limitation: str | None = "The study was small.",
    title: str | None = None,
) -> Brief:
    summary = summary or f"Drug {n} shrank tumours in mice carrying the resistance mutation."
    limitations = [Limitation(text=limitation, start=0, end=len(limitation))] if limitation else []
    limitations.append(Limitation(text="OncoBrief note: animal models only.", generated=True))
    return Brief(
        id=f"{n:016x}",
        title=title or f"Study {n} of a next-generation inhibitor",
        attribution=Attribution(
            outlet="OncLive",
            posted=posted or dt.date(2026, 1, 1) + dt.timedelta(days=n),
            url=f"https://example.org/{n}",
        ),
        evidence=Evidence(level=level),
        summary=[Statement(text=summary, start=0, end=len(summary))],
        limitations=limitations,
        limitations_stated=limitation is not None,
        drugs=list(drugs),
        genes=list(genes),
    )


RENDERER = Renderer()
DAY = dt.date(2026, 11, 25)


def compose(briefs, **kw):
    args = dict(renderer=RENDERER, local_date=DAY, filters=DigestFilters(), ref="1-2026-11-25")
    args.update(kw)
    args.setdefault("announce_empty", False)
    return compose_digest(briefs, **args)


def test_selection_filters_and_orders_newest_first():
    briefs = [
        make_brief(1, drugs=["osimertinib"], genes=["EGFR"], level=EvidenceLevel.PHASE_3),
        make_brief(2, level=EvidenceLevel.PHASE_2),
        make_brief(3, level=EvidenceLevel.PRECLINICAL_IN_VITRO),
        make_brief(4),
    ]
    new = select_briefs(briefs, DigestFilters(), posted={briefs[3].id})
    assert [b.id for b in new] == [briefs[2].id, briefs[1].id, briefs[0].id]
    by_drug = select_briefs(briefs, DigestFilters(drug="Repotrectinib"), posted=set())
    assert {b.id for b in by_drug} == {briefs[1].id, briefs[2].id, briefs[3].id}
    by_gene = select_briefs(briefs, DigestFilters(gene="egfr"), posted=set())
    assert [b.id for b in by_gene] == [briefs[0].id]
    clinical = select_briefs(
        briefs, DigestFilters(min_evidence=EvidenceLevel.PHASE_2), posted=set()
    )
    assert [b.id for b in clinical] == [briefs[1].id, briefs[0].id]


def test_a_synonym_aware_matcher_is_used_when_given():
    briefs = [make_brief(1), make_brief(2, drugs=["osimertinib"])]
    chosen = select_briefs(
        briefs,
        DigestFilters(drug="Augtyro"),
        posted=set(),
        drug_matches=lambda b: "repotrectinib" in b.drugs,
    )
    assert [b.id for b in chosen] == [briefs[0].id]


def test_compact_block_has_title_badge_summary_drugs_limitations_and_source():
    digest = compose([make_brief(7)])
    (message,) = digest.messages
    text = message.description
    assert text.startswith("**[Study 7 of a next-generation inhibitor](https://example.org/7)**")
    assert "Preclinical (animal model)" in text
    assert "shrank tumours in mice" in text
    assert "**Drugs:** repotrectinib" in text
    assert "**Limitations:** The study was small. (+1 more in the full brief)" in text
    assert "**Source:** OncLive · 2026-01-08" in text
    assert "ref 1-2026-11-25-1" in message.footer
    assert digest.included == [make_brief(7).id]


def test_limitations_line_says_none_stated_when_the_source_states_none():
    digest = compose([make_brief(1, limitation=None)])
    assert "**Limitations:** none stated by the source" in digest.messages[0].description


def test_article_markdown_and_mentions_are_shown_as_plain_text():
    nasty = make_brief(1, title="# Big [news](http://evil) @everyone", summary="<@&123> **bold**")
    text = compose([nasty]).messages[0].description
    assert "@everyone" not in text and "@\u200beveryone" in text
    assert "\\[news\\]\\(http://evil\\)" in text
    assert "\\*\\*bold\\*\\*" in text
    assert "\\# Big" in text


def test_many_briefs_split_into_messages_within_limits_and_none_dropped():
    long_summary = "Patients responded durably to the combination regimen. " * 20
    briefs = [make_brief(i, summary=long_summary) for i in range(40)]
    digest = compose(briefs)
    assert len(digest.messages) > 1
    shown = [bid for m in digest.messages for bid in m.brief_ids]
    assert shown == digest.included
    assert sorted(shown + digest.carried_over) == sorted(b.id for b in briefs)
    assert len(set(shown)) == len(shown)
    for index, message in enumerate(digest.messages):
        assert len(message.title) <= TITLE_LIMIT
        assert len(message.description) <= DESCRIPTION_LIMIT
        assert message.total_chars <= EMBED_TOTAL_LIMIT
        assert f"({index + 1}/{len(digest.messages)})" in message.title
        for bid in message.brief_ids:  # every brief listed is really in that message's text
            assert f"example.org/{int(bid, 16)})" in message.description


def test_beyond_the_cap_briefs_are_carried_over_and_announced():
    briefs = [make_brief(i) for i in range(30)]
    digest = compose(briefs, max_messages=2)
    assert len(digest.messages) == 2
    assert digest.carried_over, "30 briefs cannot fit in 2 messages of 8"
    assert len(digest.included) + len(digest.carried_over) == 30
    remaining = len(digest.carried_over)
    assert f"{remaining} more new briefs did not fit" in digest.messages[-1].description


def test_empty_day_posts_nothing_unless_asked():
    assert compose([]).messages == []
    digest = compose([], announce_empty=True, filters=DigestFilters(drug="repotrectinib"))
    (message,) = digest.messages
    assert "Nothing new since the last digest (drug repotrectinib)" in message.description
    assert message.brief_ids == ()
