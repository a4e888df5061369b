"""What each /brief command answers, as plain data: no Discord objects, testable with the core.

The cog (``cog.py``) turns an :class:`Answer` into embeds, pages and messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.exts.briefs.health import HealthReport
from bot.utils.embeds import safe_url
from bot.utils.escaping import escape_text, plain_line
from bot.utils.text import MESSAGE_LIMIT, cut_text, fit_items
from oncobrief.index import name_key
from oncobrief.ingest.sources import SourceRow
from oncobrief.library import Library, Lookup
from oncobrief.models import Brief
from oncobrief.render import Renderer
from oncobrief.stories import collapse_lookup, story_of, window

MAX_QUERY = 100  # Discord's limit for a string option; a client may still send more
MAX_RESULTS = 25  # pages per answer
LATEST_DEFAULT, LATEST_MIN, LATEST_MAX = 5, 1, 10
SEARCH_LIMIT = 10
CHOICES_LIMIT = 25  # Discord's limit for autocomplete choices
CHOICE_LENGTH = 100  # Discord's limit for a choice's name and value
MAX_SOURCE_ROWS = 8  # /brief sources stays one message; the CLI lists them all

_DISPLAY_FORM = re.compile(r"^(?P<name>.+?)\s*\((?P<canonical>[^()]+)\)$")


@dataclass(frozen=True)
class Answer:
    """Either briefs to show (one page each, under ``heading``) or a text message."""

    briefs: list[Brief] = field(default_factory=list)
    heading: str | None = None  # escaped; shown above the embed
    text: str | None = None  # escaped; a whole message (help, sources, not found)
    ephemeral: bool = False
    found: bool = True


def clean_query(value: object) -> str:
    """A submitted option as a short one-line string (clients can send anything)."""
    return plain_line(str(value if value is not None else ""))[:MAX_QUERY]


class BriefAnswers:
    """The answers of /brief, over one library and one renderer."""

    def __init__(self, library: Library, renderer: Renderer) -> None:
        self.library = library
        self.renderer = renderer

    def _render(self, name: str, **ctx: object) -> str:
        return self.renderer.render(f"discord/{name}", **ctx).strip()

    def _results(self, lookup: Lookup, kind: str, query: str) -> Answer:
        if not lookup.briefs:
            return self.not_found(kind, query, lookup.suggestions)
        canonical = lookup.canonical
        same = canonical is None or name_key(canonical) == name_key(query)
        heading = self._render(
            "results_heading.md.j2",
            kind=kind,
            query=escape_text(query),
            canonical=None if same else escape_text(canonical or ""),
            shown=len(lookup.briefs),
            total=max(lookup.total, len(lookup.briefs)),
        )
        return Answer(briefs=list(lookup.briefs), heading=heading)

    def not_found(
        self, kind: str, query: str, suggestions: list[str], *, escaped: bool = False
    ) -> Answer:
        text = self._render(
            "not_found.md.j2",
            kind=kind,
            query=escape_text(query),
            suggestions=[s if escaped else escape_text(s) for s in suggestions[:5]],
        )
        return Answer(text=text, ephemeral=True, found=False)

    # --- commands ---------------------------------------------------------------------------

    def latest(self, count: object = LATEST_DEFAULT) -> Answer:
        try:
            n = int(count)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            n = LATEST_DEFAULT
        n = min(max(n, LATEST_MIN), LATEST_MAX)
        # Several outlets' reports of one study are one story (one page listing every source).
        window_briefs = self.library.latest(window(n))
        lookup = Lookup(kind="latest", query="", briefs=window_briefs, total=len(self.library))
        latest = collapse_lookup(lookup, n)
        briefs = list(latest.briefs)
        if not briefs:
            return Answer(text=self._render("library_empty.md.j2"), ephemeral=True, found=False)
        heading = self._render(
            "results_heading.md.j2",
            kind="latest",
            query="",
            canonical=None,
            shown=len(briefs),
            total=latest.total,
        )
        return Answer(briefs=briefs, heading=heading)

    def drug(self, name: object) -> Answer:
        return self._term("drug", name, self.library.by_drug)

    def gene(self, symbol: object) -> Answer:
        return self._term("gene", symbol, self.library.by_gene)

    def _term(self, kind: str, value: object, lookup: Callable[..., Lookup]) -> Answer:
        query = clean_query(value)
        if not query:
            return self.not_found(kind, query, [])
        result = collapse_lookup(lookup(query, limit=window(MAX_RESULTS)), MAX_RESULTS)
        if not result.briefs:
            # The autocomplete's display form "Augtyro (repotrectinib)" typed by hand.
            match = _DISPLAY_FORM.match(query)
            if match:
                retry = lookup(match["canonical"], limit=window(MAX_RESULTS))
                retry = collapse_lookup(retry, MAX_RESULTS)
                if retry.briefs:
                    return self._results(retry, kind, query)
        return self._results(result, kind, query)

    def search(self, text: object) -> Answer:
        query = clean_query(text)
        if not query:
            return self.not_found("search", query, [])
        found = self.library.search(query, limit=window(SEARCH_LIMIT))
        return self._results(collapse_lookup(found, SEARCH_LIMIT), "search", query)

    def show(self, brief_id: object) -> Answer:
        query = clean_query(brief_id)
        lookup = self.library.find_id(query) if query else None
        if lookup is not None and lookup.briefs:
            return Answer(briefs=[story_of(b, self.library) for b in lookup.briefs])
        candidates = [self.library.get(i) for i in (lookup.suggestions if lookup else [])]
        if query and not candidates:
            # A title typed instead of picked from the list: show it if it is exact,
            # else offer the best title matches.
            candidates = list(self.library.search(query, limit=3).briefs)
            exact = [b for b in candidates if (b.title or "").casefold() == query.casefold()]
            if len(exact) == 1:
                return Answer(briefs=[story_of(exact[0], self.library)])
        suggestions = [
            f"`{b.id}` ({escape_text(cut_text(plain_line(b.title or 'untitled'), 60))})"
            for b in candidates
            if b is not None
        ]
        return self.not_found("id", query, suggestions, escaped=True)

    def sources(self, health: HealthReport | None = None) -> Answer:
        """How many articles are loaded, from where, the newest date, failed files, and the
        health of each ingest source when ingestion is set up."""
        summary = self.library.sources_summary()
        errors = [
            {"origin": escape_text(_short_origin(e.origin)), "reason": escape_text(e.reason)}
            for e in summary.errors
        ]
        sources = [_source_row(row) for row in (health.rows if health else [])]
        problem = escape_text(health.problem) if health and health.problem else None

        def render(shown_errors: list[dict[str, str]], hidden_errors: int) -> str:
            return self._render(
                "sources.md.j2",
                summary=summary,
                folder=escape_text(summary.folder or "(no folder)"),
                errors=shown_errors,
                hidden=hidden_errors,
                sources=sources[:MAX_SOURCE_ROWS],
                hidden_sources=max(len(sources) - MAX_SOURCE_ROWS, 0),
                sources_problem=problem,
            )

        text = fit_items(render, errors, MESSAGE_LIMIT)  # type: ignore[arg-type]
        return Answer(text=text, ephemeral=True)

    def help(self) -> Answer:
        return Answer(text=self._render("help.md.j2", count=len(self.library)), ephemeral=True)

    # --- autocomplete -----------------------------------------------------------------------

    def drug_choices(self, current: str) -> list[tuple[str, str]]:
        """(shown, value) pairs: names matching what is typed, synonyms with their generic."""
        return self._name_choices(
            current, self.library.drug_names(), self.library.drugs(), self.library.by_drug
        )

    def gene_choices(self, current: str) -> list[tuple[str, str]]:
        return self._name_choices(
            current, self.library.gene_names(), self.library.genes(), self.library.by_gene
        )

    def _name_choices(
        self,
        current: str,
        names: list[str],
        canonicals: list[str],
        lookup: Callable[..., Lookup],
    ) -> list[tuple[str, str]]:
        key = name_key(current or "")
        if not key:
            picked = canonicals[:CHOICES_LIMIT]
        else:
            prefix = [n for n in names if name_key(n).startswith(key)]
            inside = [n for n in names if key in name_key(n) and n not in prefix]
            prefix.sort(key=lambda n: (len(n), n.casefold()))
            picked = (prefix + inside)[:CHOICES_LIMIT]
        choices = []
        for name in picked:
            canonical = lookup(name, limit=0).canonical
            if canonical and name_key(canonical) != name_key(name):
                shown = f"{name} ({canonical})"
            else:
                shown = name
            choices.append((shown[:CHOICE_LENGTH], name[:CHOICE_LENGTH]))
        return choices

    def brief_choices(self, current: str) -> list[tuple[str, str]]:
        """Briefs whose title (or id) contains what is typed, newest first."""
        needle = (current or "").strip().casefold()
        choices = []
        for brief in self.library:
            title = brief.title or "Untitled article"
            if needle and needle not in title.casefold() and not brief.id.startswith(needle):
                continue
            date = brief.attribution.posted.isoformat() if brief.attribution.posted else "no date"
            suffix = f" · {date}"
            shown = plain_line(title)[: CHOICE_LENGTH - len(suffix)] + suffix
            choices.append((shown, brief.id[:CHOICE_LENGTH]))
            if len(choices) == CHOICES_LIMIT:
                break
        return choices


def _source_row(row: SourceRow) -> dict[str, object]:
    health = row.health
    return {
        "status": row.status,
        "outlet": escape_text(cut_text(row.outlet or "(no outlet name)", 60)),
        "url": safe_url(row.url),
        "last_success": health.last_success,
        "articles_seen": health.articles_seen,
        "last_error": escape_text(cut_text(health.last_error, 160)) if health.last_error else None,
    }


def _short_origin(origin: str) -> str:
    """File name rather than a long absolute path (the folder is shown once above)."""
    return origin.replace("\\", "/").rsplit("/", 1)[-1] or origin
