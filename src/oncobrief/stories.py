"""The same study reported by several outlets, shown as one story.

Two briefs report one study when their dates are close and two of these agree: the journal,
an investigator's surname, most of the drugs and alterations (``same_study``). Two different
journals never match. ``group_stories`` finds the groups without comparing every pair: a match
needs a shared journal or a shared surname, so only briefs sharing one of them (and dated
within ``max_days`` of each other) are compared.

``collapse_stories`` turns a lookup's result window into one brief per story: the most complete
report (then the newest) stands for the story, in its own place in the list, and
``Brief.sources`` lists every other report's attribution, earliest first. Ask
the library for ``window(limit)`` briefs, so a collapsed page still has ``limit`` stories.
Pure functions over briefs: no I/O, no network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from oncobrief.library import Library, Lookup
from oncobrief.models import Attribution, Brief

DEFAULT_MAX_DAYS_APART = 14
WINDOW_FACTOR = 3  # briefs fetched per story shown: most stories have one to three reports


def window(limit: int | None) -> int | None:
    """How many briefs to fetch so that ``limit`` stories usually remain after collapsing."""
    return None if limit is None else limit * WINDOW_FACTOR


# --- matching ------------------------------------------------------------------------------


_WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Facts:
    """What matching compares, worked out once per brief."""

    id: str
    posted: dt.date | None
    journal: str | None  # lower-case
    surnames: frozenset[str]  # investigators' last names, lower-case
    entities: frozenset[str]  # drugs and alterations, lower-case


def _facts(brief: Brief) -> _Facts:
    a = brief.attribution
    surnames = set()
    for person in a.investigators:
        words = _WORDS.findall(person.name.lower())
        if words:
            surnames.add(words[-1])
    journal = a.journal.strip().lower() if a.journal and a.journal.strip() else None
    entities = frozenset(x.lower() for x in (*brief.drugs, *brief.alterations))
    return _Facts(brief.id, a.posted, journal, frozenset(surnames), entities)


def _match(a: _Facts, b: _Facts, max_days: int) -> bool:
    if a.id == b.id:
        return True
    if a.posted and b.posted and abs((a.posted - b.posted).days) > max_days:
        return False
    if a.journal and b.journal and a.journal != b.journal:
        return False  # two journals: two papers, whatever else they share
    votes = bool(a.journal and b.journal) + bool(a.surnames & b.surnames)
    if a.entities and b.entities:
        overlap = len(a.entities & b.entities) / min(len(a.entities), len(b.entities))
        votes += overlap >= 0.5
    return votes >= 2


def same_study(a: Brief, b: Brief, max_days: int = DEFAULT_MAX_DAYS_APART) -> bool:
    """Two briefs report one study: dates close, and two of journal, investigators, entities."""
    return _match(_facts(a), _facts(b), max_days)


def group_stories(
    briefs: Sequence[Brief], max_days: int = DEFAULT_MAX_DAYS_APART
) -> list[list[Brief]]:
    """Briefs grouped by study (union of pairwise matches), in the order first seen.

    Gives the same groups as comparing every pair, without comparing every pair: two votes
    need the journal or a surname, so only briefs sharing one (a block) are compared.
    """
    facts = [_facts(brief) for brief in briefs]
    parent = list(range(len(briefs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        ri, rj = root(i), root(j)
        if ri != rj and _match(facts[i], facts[j], max_days):
            parent[max(ri, rj)] = min(ri, rj)

    blocks: dict[tuple[str, str], list[int]] = {}
    first_of_id: dict[str, int] = {}
    for i, fact in enumerate(facts):
        if fact.id in first_of_id:  # the same brief twice is one story
            join(first_of_id[fact.id], i)
        first_of_id.setdefault(fact.id, i)
        keys = [("surname", name) for name in fact.surnames]
        if fact.journal:
            keys.append(("journal", fact.journal))
        for key in keys:
            blocks.setdefault(key, []).append(i)
    for members in blocks.values():
        if len(members) > 1:
            _join_block(members, facts, max_days, join)

    groups: dict[int, list[Brief]] = {}
    for i, brief in enumerate(briefs):
        groups.setdefault(root(i), []).append(brief)
    return list(groups.values())


def _join_block(members: list[int], facts: list[_Facts], max_days: int, join) -> None:
    """Compare the briefs of one block: dated ones only within ``max_days`` of each other."""
    dated = sorted((i for i in members if facts[i].posted), key=lambda i: facts[i].posted)
    for x, i in enumerate(dated):
        day = facts[i].posted
        for j in dated[x + 1 :]:
            if (facts[j].posted - day).days > max_days:
                break
            join(i, j)
    for i in (i for i in members if not facts[i].posted):
        for j in members:
            if j != i:
                join(i, j)


# --- one brief per story --------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One study: ``brief`` stands for it (``sources`` filled), ``reports`` are all its briefs
    in the order seen."""

    brief: Brief
    reports: tuple[Brief, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """Every report's brief id, the representative's first."""
        others = [b.id for b in self.reports if b.id != self.brief.id]
        return (self.brief.id, *dict.fromkeys(others))


def _completeness(brief: Brief) -> tuple:
    """The report that tells most: more sentences and facts, then the newest."""
    a = brief.attribution
    sentences = len(brief.summary) + len(brief.findings)
    stated = sum(not lim.generated for lim in brief.limitations)
    facts = bool(a.journal) + bool(a.investigators) + bool(a.posted) + bool(a.outlet)
    return (sentences + stated + facts, a.posted.toordinal() if a.posted else 0)


def _by_date(attribution: Attribution) -> tuple:
    posted = attribution.posted
    return (posted is None, posted.toordinal() if posted else 0)


def make_story(reports: Sequence[Brief], lead: Brief | None = None) -> Story:
    """The story of briefs of one study: ``lead`` (default: the most complete report) listing
    the others' sources."""
    if lead is None:
        lead = max(reports, key=_completeness)  # max keeps the first of equals: stable
    if len(reports) == 1:
        return Story(lead, tuple(reports))
    others = [b.attribution for b in reports if b.id != lead.id]
    others += [s for b in reports for s in b.sources]  # briefs merged before keep theirs
    sources: list[Attribution] = []
    for attribution in sorted(others, key=_by_date):
        if attribution != lead.attribution and attribution not in sources:
            sources.append(attribution)
    return Story(lead.model_copy(update={"sources": sources}), tuple(reports))


def find_stories(briefs: Iterable[Brief], max_days: int = DEFAULT_MAX_DAYS_APART) -> list[Story]:
    """Stories of ``briefs``, in the order of each story's first report."""
    return [make_story(group) for group in group_stories(list(briefs), max_days)]


def _in_place(briefs: Sequence[Brief]) -> list[Story]:
    """Stories ordered by where their representative stood: a list sorted by date or score
    stays sorted by the date or score it shows."""
    position = {}
    for index, brief in enumerate(briefs):
        position.setdefault(brief.id, index)
    return sorted(find_stories(briefs), key=lambda story: position[story.brief.id])


def collapse_stories(briefs: Iterable[Brief], limit: int | None = None) -> list[Brief]:
    """One brief per story, each where its representative stood, at most ``limit``."""
    return [story.brief for story in _in_place(list(briefs))[:limit]]


def story_of(brief: Brief, library: Library, limit: int = 50) -> Brief:
    """``brief`` itself, with ``sources`` naming the other reports of its study in ``library``:
    for one brief shown alone (``show``, the bot's "Full brief").

    Candidates come from the term indexes (briefs sharing a drug or gene), which are cheap;
    a report sharing only the journal and an investigator is not looked for here.
    """
    candidates = {brief.id: brief}
    lookups = [library.by_drug(name, limit=limit) for name in brief.drugs[:3]]
    lookups += [library.by_gene(symbol, limit=limit) for symbol in brief.genes[:3]]
    for lookup in lookups:
        for other in lookup.briefs:
            candidates.setdefault(other.id, other)
    if len(candidates) == 1:
        return brief
    group = group_stories(list(candidates.values()))[0]  # the brief came first: its story
    return make_story(group, lead=brief).brief if len(group) > 1 else brief


def collapse_lookup(lookup: Lookup, limit: int | None = None) -> Lookup:
    """A lookup's briefs as one per story (each keeps its representative's place and score),
    cut to ``limit``; ``total`` no longer counts the reports merged into another."""
    briefs = list(lookup.briefs)
    if not briefs:
        return lookup
    scores = dict(zip((b.id for b in briefs), lookup.scores, strict=False))
    stories = _in_place(briefs)
    merged_away = len(briefs) - len(stories)
    shown = stories[:limit]
    update: dict[str, object] = {
        "briefs": [story.brief for story in shown],
        "total": max(lookup.total - merged_away, len(shown)),
    }
    if lookup.scores:
        update["scores"] = [scores.get(story.brief.id, 0.0) for story in shown]
    return lookup.model_copy(update=update)
