"""Brief -> one Discord embed from the templates in ``templates/discord/``, within every limit.

Budget order: attribution (footer) and limitations are placed first and never cut; the title,
summary, findings and entity lists share what is left and are cut between sentences (or names)
with an ellipsis. The full text is always available through the "Full brief" button.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import discord

from bot.utils.escaping import escape_text, plain_line
from bot.utils.text import cut_text, fit_items, split_message
from oncobrief.models import Attribution, Brief, EvidenceLevel, Limitation
from oncobrief.render import Renderer


@dataclass(frozen=True)
class Limits:
    """Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object)."""

    title: int = 256
    description: int = 4096
    field_name: int = 256
    field_value: int = 1024
    fields: int = 25
    footer: int = 2048
    total: int = 6000


LIMITS = Limits()
MAX_LIMITATION_FIELDS = 5  # 5 x 1024 characters; beyond that the full brief carries the rest
ENTITY_FIELD_BUDGET = 300  # an entity list is a hint, not the content

_COLOURS = {
    EvidenceLevel.PRECLINICAL_IN_VITRO: 0xE67E22,
    EvidenceLevel.PRECLINICAL_IN_VIVO: 0xE67E22,
    EvidenceLevel.REVIEW: 0x95A5A6,
    EvidenceLevel.UNKNOWN: 0x95A5A6,
    EvidenceLevel.REAL_WORLD: 0x9B59B6,
}
_CLINICAL_COLOUR = 0x3498DB


def safe_url(url: str | None) -> str | None:
    """Only well-formed http(s) URLs become links; Discord rejects the whole embed otherwise."""
    if not url or len(url) > 2048 or any(c.isspace() for c in url):
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def evidence_colour(level: EvidenceLevel) -> int:
    return _COLOURS.get(level, _CLINICAL_COLOUR)


class BriefEmbeds:
    """Builds brief embeds and full-brief texts with one renderer."""

    def __init__(self, renderer: Renderer, limits: Limits = LIMITS) -> None:
        self.renderer = renderer
        self.limits = limits
        names = renderer.render("discord/field_names.txt.j2")
        self.field_names = dict(
            (key.strip(), value.strip())
            for key, _, value in (line.partition(":") for line in names.splitlines())
            if value.strip()
        )

    # --- pieces ---------------------------------------------------------------------------

    def _render(self, name: str, **ctx: object) -> str:
        return self.renderer.render(f"discord/{name}", **ctx).strip()

    def limitation_items(self, brief: Brief) -> list[dict[str, object]]:
        items: list[Limitation] = list(brief.limitations)
        if not any(item.generated for item in items):
            # Every brief carries the caveat for its evidence level; add it if the core did not.
            caveat = self.renderer.render("caveat.txt.j2", level=brief.evidence.level.value)
            items.append(Limitation(text=caveat.strip(), generated=True))
        return [{"text": escape_text(item.text), "generated": item.generated} for item in items]

    def footer(self, brief: Brief) -> str:
        a = brief.attribution
        # Other outlets' reports of the same study; whole names, "+N more" when many.
        others = [_source_label(s) for s in brief.sources if s != a]

        def render(shown: Sequence[str], hidden: int) -> str:
            text = self._render(
                "brief_footer.txt.j2",
                outlet=a.outlet,
                authors=a.authors,
                posted=a.posted,
                journal=a.journal,
                brief_id=brief.id,
                also=list(shown),
                also_hidden=hidden,
            )
            return plain_line(text)

        return cut_text(fit_items(render, others, self.limits.footer), self.limits.footer)

    def limitation_fields(self, brief: Brief) -> list[tuple[str, str]]:
        """The limitations as one or more fields of at most 1024 characters, nothing cut."""
        room = self.limits.field_value
        items: list[dict[str, object]] = []
        for item in self.limitation_items(brief):
            text = str(item["text"])
            # A single limitation longer than a field is carried on in the next field.
            while len(text) > room - 8:
                cut = cut_text(text, room - 8)[:-2].rstrip()
                items.append({**item, "text": cut + " …"})
                text = "… " + text[len(cut) :].lstrip()
            items.append({**item, "text": text})
        chunks: list[list[dict[str, object]]] = [[]]
        for item in items:
            trial = chunks[-1] + [item]
            if (
                chunks[-1]
                and len(self._limitations_text(brief, trial, first=len(chunks) == 1)) > room
            ):
                chunks.append([item])
            else:
                chunks[-1] = trial
        fields = []
        for index, chunk in enumerate(chunks[:MAX_LIMITATION_FIELDS]):
            name = self.field_names["limitations" if index == 0 else "limitations_more"]
            value = self._limitations_text(brief, chunk, first=index == 0)
            fields.append((name, cut_text(value, room)))
        if len(chunks) > MAX_LIMITATION_FIELDS:
            name, value = fields[-1]
            fields[-1] = (name, cut_text(value + "\n… (more in the full brief)", room))
        return fields

    def _limitations_text(self, brief: Brief, items: list[dict[str, object]], first: bool) -> str:
        stated = brief.limitations_stated or not first
        return self._render("brief_limitations.md.j2", stated=stated, items=items)

    def entity_fields(self, brief: Brief) -> list[tuple[str, str]]:
        fields = []
        for key in ("drugs", "genes", "alterations"):
            names = [escape_text(name) for name in getattr(brief, key)]
            if not names:
                continue
            value = fit_items(
                lambda shown, hidden: self._render(
                    "brief_entities.md.j2", names=shown, hidden=hidden
                ),
                names,
                min(ENTITY_FIELD_BUDGET, self.limits.field_value),
            )
            fields.append((self.field_names[key], value))
        return fields

    def description(self, brief: Brief, limit: int) -> str:
        level = brief.evidence.level
        summary = [escape_text(s.text) for s in brief.summary]
        return fit_items(
            lambda shown, hidden: self._render(
                "brief_description.md.j2",
                badge=level.label,
                preclinical=level.is_preclinical,
                summary=shown,
                more=hidden > 0,
            ),
            summary,
            limit,
        )

    def findings(self, brief: Brief, limit: int) -> str:
        findings = [escape_text(s.text) for s in brief.findings]
        return fit_items(
            lambda shown, hidden: self._render(
                "brief_findings.md.j2", findings=shown, more=hidden > 0
            ),
            findings,
            limit,
        )

    # --- the embed ------------------------------------------------------------------------

    def embed(self, brief: Brief) -> discord.Embed:
        lim = self.limits
        footer = self.footer(brief)
        title = cut_text(
            self._render("brief_title.txt.j2", title=escape_text(plain_line(brief.title or ""))),
            lim.title,
        )
        limitation_fields = self.limitation_fields(brief)
        entity_fields = self.entity_fields(brief)
        fixed = len(footer) + len(title) + _size(limitation_fields) + _size(entity_fields)
        room = lim.total - fixed - 64  # a little slack for the findings field name

        findings_name = self.field_names["findings"]
        wanted_findings = len(self.findings(brief, lim.field_value)) if brief.findings else 0
        description_room = min(lim.description, max(room - wanted_findings, room // 2))
        description = self.description(brief, description_room)
        findings_room = min(lim.field_value, room - len(description))
        findings = self.findings(brief, findings_room) if brief.findings else ""

        embed = discord.Embed(
            title=title,
            url=safe_url(brief.attribution.url),
            description=description,
            colour=evidence_colour(brief.evidence.level),
        )
        fields: list[tuple[str, str, bool]] = []
        if findings and findings_room > 40:
            fields.append((findings_name, findings, False))
        fields += [(name, value, False) for name, value in limitation_fields]
        fields += [(name, value, True) for name, value in entity_fields]
        for name, value, inline in fields[: lim.fields]:
            embed.add_field(name=name[: lim.field_name], value=value, inline=inline)
        embed.set_footer(text=footer)
        return embed

    # --- the full brief -------------------------------------------------------------------

    def full_text(self, brief: Brief) -> str:
        a = brief.attribution
        return self._render(
            "brief_full.md.j2",
            brief=brief,
            title=escape_text(plain_line(brief.title or "")),
            url=safe_url(a.url),
            badge=brief.evidence.level.label,
            summary=[escape_text(s.text) for s in brief.summary],
            findings=[escape_text(s.text) for s in brief.findings],
            limitations=self.limitation_items(brief),
            stated=brief.limitations_stated,
            quotes=[
                {"text": escape_text(q.text), "speaker": escape_text(q.speaker or "")}
                for q in brief.quotes
            ],
            drugs=[escape_text(n) for n in brief.drugs],
            genes=[escape_text(n) for n in brief.genes],
            alterations=[escape_text(n) for n in brief.alterations],
            cancer_types=[escape_text(n) for n in brief.cancer_types],
            footer=escape_text(self.footer(brief)),
            disclosure=escape_text(a.disclosure or ""),
        )

    def full_messages(self, brief: Brief) -> list[str]:
        """The full brief as messages of at most 2000 characters each."""
        return split_message(self.full_text(brief))


def _source_label(source: Attribution) -> str:
    name = source.outlet or safe_url(source.url) or "another source"
    return f"{name} ({source.posted:%d %b %Y})" if source.posted else name


def _size(fields: Sequence[tuple[str, str]]) -> int:
    return sum(len(name) + len(value) for name, value in fields)
