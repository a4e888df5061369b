"""Which briefs go in a digest, and how they are split into messages within Discord's limits.

A digest is a list of ``DigestMessage``: one embed each (title, description, footer), so the
Discord side only has to copy fields. Every new brief either appears in a message or is counted
in an explicit "N more ... will open the next one" line and stays queued for the next digest:
nothing is dropped silently. Text from the article is escaped for Discord markdown and cut at
word boundaries; the limitations line is always present.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from oncobrief.models import Attribution, Brief, EvidenceLevel
from oncobrief.render import Renderer
from oncobrief.stories import Story, find_stories

# Discord embed limits (https://discord.com/developers/docs/resources/message#embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
# Readability caps of one digest (not Discord's): more go to the next digest, announced.
MAX_BRIEFS_PER_MESSAGE = 8
MAX_MESSAGES_PER_DIGEST = 10
_DESCRIPTION_BUDGET = DESCRIPTION_LIMIT - 300  # room for the overflow line

_MARKDOWN = re.compile(r"([\\*_`~|>#\[\]()<])")
_MENTION = re.compile(r"@(everyone|here|[!&]?\d+)")


def escape(text: str) -> str:
    """Article text shown as plain text: no markdown, links, headers or mentions."""
    text = " ".join(text.split())
    text = _MARKDOWN.sub(r"\\\1", text)
    text = re.sub(r"^([-+]|\d+\.) ", r"\\\1 ", text)  # a line start that would make a list
    return _MENTION.sub("@\u200b\\1", text)


def cut(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis; unchanged when it fits."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:\\") + "…"


@dataclass(frozen=True)
class DigestFilters:
    drug: str | None = None
    gene: str | None = None
    min_evidence: EvidenceLevel | None = None

    def describe(self) -> str:
        parts = []
        if self.drug:
            parts.append(f"drug {self.drug}")
        if self.gene:
            parts.append(f"gene {self.gene}")
        if self.min_evidence:
            parts.append(f"evidence ≥ {self.min_evidence.label}")
        return ", ".join(parts)


def select_briefs(
    briefs: Iterable[Brief],
    filters: DigestFilters,
    *,
    posted: set[str],
    drug_matches: Callable[[Brief], bool] | None = None,
    gene_matches: Callable[[Brief], bool] | None = None,
) -> list[Brief]:
    """New briefs for a subscription, newest first (by posted date, then id for stability).

    ``drug_matches``/``gene_matches`` let the caller use the library's synonym-aware lookups;
    the fallback compares canonical names case-insensitively. One brief per story
    (see ``select_stories``).
    """
    matchers = {"drug_matches": drug_matches, "gene_matches": gene_matches}
    return [story.brief for story in select_stories(briefs, filters, posted=posted, **matchers)]


def select_stories(
    briefs: Iterable[Brief],
    filters: DigestFilters,
    *,
    posted: set[str],
    drug_matches: Callable[[Brief], bool] | None = None,
    gene_matches: Callable[[Brief], bool] | None = None,
) -> list[Story]:
    """New stories for a subscription, newest first: the same study from several outlets is
    one story, and a story is not new once any of its reports was posted (a second outlet's
    report of yesterday's study is not news). A story matches when one of its reports does."""
    chosen: dict[str, Story] = {}
    for story in find_stories(briefs):
        if posted.intersection(story.ids) or story.brief.id in chosen:
            continue
        if any(_wanted(b, filters, drug_matches, gene_matches) for b in story.reports):
            chosen[story.brief.id] = story
    return sorted(chosen.values(), key=lambda story: _newest_first(story.brief))


def _wanted(brief: Brief, filters: DigestFilters, drug_matches, gene_matches) -> bool:
    drug = (filters.drug or "").lower()
    gene = (filters.gene or "").upper()
    if drug and not (
        drug_matches(brief) if drug_matches else drug in {d.lower() for d in brief.drugs}
    ):
        return False
    if gene and not (
        gene_matches(brief) if gene_matches else gene in {g.upper() for g in brief.genes}
    ):
        return False
    return not (filters.min_evidence and brief.evidence.level.rank < filters.min_evidence.rank)


def _newest_first(brief: Brief) -> tuple:
    posted = brief.attribution.posted or dt.date.min
    return (-posted.toordinal(), brief.id)


@dataclass(frozen=True)
class DigestMessage:
    title: str
    description: str
    footer: str
    brief_ids: tuple[str, ...] = ()  # every report shown, a story's other reports included

    def payload(self) -> dict:
        return {"title": self.title, "description": self.description, "footer": self.footer}

    @property
    def total_chars(self) -> int:
        return len(self.title) + len(self.description) + len(self.footer)


@dataclass
class Digest:
    messages: list[DigestMessage] = field(default_factory=list)
    included: list[str] = field(default_factory=list)  # brief ids (one per story), in order
    carried_over: list[str] = field(default_factory=list)  # new but beyond today's cap


def brief_block(brief: Brief, renderer: Renderer) -> str:
    """The compact text of one brief (bounded to about 1,300 characters)."""
    attribution = brief.attribution
    summary = brief.summary[0].text if brief.summary else ""
    stated = [lim for lim in brief.limitations if not lim.generated]
    if brief.limitations_stated and stated:
        limitation = escape(cut(stated[0].text, 280))
        more = len(brief.limitations) - 1
    else:
        limitation = "none stated by the source"
        more = len(brief.limitations)
    if more > 0:
        limitation += f" (+{more} more in the full brief)"
    drugs = ", ".join(brief.drugs[:6]) + (
        f" +{len(brief.drugs) - 6}" if len(brief.drugs) > 6 else ""
    )
    source_bits = [attribution.outlet or "outlet not stated"]
    if attribution.posted:
        source_bits.append(attribution.posted.isoformat())
    if attribution.journal:
        source_bits.append(attribution.journal)
    url = attribution.url if attribution.url and attribution.url.startswith("http") else None
    also = [_source_label(s) for s in brief.sources if s != attribution]  # same study elsewhere
    return renderer.render(
        "discord/digest_brief.md.j2",
        title=escape(cut(brief.title or "Untitled article", 200)),
        url=url.replace(")", "%29") if url else None,
        badge=brief.evidence.level.label,
        summary=escape(cut(summary, 300)),
        drugs=escape(cut(drugs, 200)),
        limitation=limitation,
        source=escape(cut(" · ".join(source_bits), 200)),
        also=escape(cut(", ".join(also), 200)) if also else None,
    ).strip()


def _source_label(source: Attribution) -> str:
    name = source.outlet or source.url or "another source"
    return f"{name} ({source.posted.isoformat()})" if source.posted else name


def compose_digest(
    briefs: Sequence[Brief | Story],
    *,
    renderer: Renderer,
    local_date: dt.date,
    filters: DigestFilters,
    announce_empty: bool,
    ref: str,
    max_messages: int = MAX_MESSAGES_PER_DIGEST,
) -> Digest:
    """Pack brief blocks into messages in order; ``ref`` marks each message (``ref-<part>``).

    A ``Story`` is shown once, and its message's ``brief_ids`` name all its reports, so that
    recording them as posted keeps every outlet's report out of later digests.
    """
    described = filters.describe()
    digest = Digest()
    if not briefs:
        if announce_empty:
            text = renderer.render("discord/digest_empty.md.j2", filters=described).strip()
            digest.messages.append(_message(renderer, local_date, 0, 1, text, (), described, ref))
        return digest

    groups: list[list[tuple[tuple[str, ...], str]]] = [[]]
    for item in briefs:
        brief, report_ids = (item.brief, item.ids) if isinstance(item, Story) else (item, ())
        if digest.carried_over:  # full: the rest waits, in order, without being rendered
            digest.carried_over.append(brief.id)
            continue
        block = brief_block(brief, renderer)
        group = groups[-1]
        size = sum(len(b) + 2 for _, b in group) + len(block)
        if group and (size > _DESCRIPTION_BUDGET or len(group) >= MAX_BRIEFS_PER_MESSAGE):
            if len(groups) == max_messages:
                digest.carried_over.append(brief.id)
                continue
            group = []
            groups.append(group)
        group.append((report_ids or (brief.id,), block))
        digest.included.append(brief.id)

    for index, group in enumerate(groups):
        text = "\n\n".join(block for _, block in group)
        if index == len(groups) - 1 and digest.carried_over:
            remaining = len(digest.carried_over)
            text += "\n\n" + renderer.render("discord/digest_overflow.md.j2", remaining=remaining)
        ids = tuple(bid for bids, _ in group for bid in bids)
        digest.messages.append(
            _message(
                renderer, local_date, index, len(groups), text, ids, described, ref, len(group)
            )
        )
    return digest


def _message(
    renderer, local_date, index, parts, text, ids, described, ref, count=None
) -> DigestMessage:
    title = renderer.render(
        "discord/digest_title.txt.j2", date=local_date, index=index, parts=parts
    )
    footer = renderer.render(
        "discord/digest_footer.txt.j2",
        count=len(ids) if count is None else count,  # stories, not reports
        filters=described,
        ref=f"{ref}-{index + 1}",
    )
    message = DigestMessage(
        title=cut(title.strip(), TITLE_LIMIT),
        description=cut(text, DESCRIPTION_LIMIT),
        footer=cut(footer.strip(), FOOTER_LIMIT),
        brief_ids=ids,
    )
    assert message.total_chars <= EMBED_TOTAL_LIMIT
    return message
