"""Seeing the same article twice, and the same study reported by several outlets.

Article level (before storing): the same canonical URL, the same feed entry id or the same
normalised text is one article, stored once (see ``store.ArticleStore``).

Story level (after briefing): briefs of different articles that report the same study (same
journal, shared investigators, overlapping drugs and alterations, dates close together) are one
story. ``group_stories`` returns the groups; ``merge_stories`` returns one brief per story with
``Brief.sources`` listing every outlet's attribution.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from oncobrief.models import Brief

# Query parameters that only track the reader; two URLs differing only in these are one page.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|cmpid|ref|src|source|share)$", re.I)
DEFAULT_MAX_DAYS_APART = 14


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and (scheme, parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/{2,}", "/", parts.path.strip() or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    # http and https serve the same article; keep one form so both match.
    return urlunsplit(("https" if scheme in ("http", "https") else scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    """Text reduced to lower-case words: layout, quotes and dashes do not make a new article."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"[^\W_]+", text))


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


# --- stories -------------------------------------------------------------------------------


def _surnames(brief: Brief) -> set[str]:
    names = set()
    for person in brief.attribution.investigators:
        words = re.findall(r"[^\W\d_]+", person.name.lower())
        if words:
            names.add(words[-1])
    return names


def _entities(brief: Brief) -> set[str]:
    return {x.lower() for x in (*brief.drugs, *brief.alterations)}


def same_study(a: Brief, b: Brief, max_days: int = DEFAULT_MAX_DAYS_APART) -> bool:
    """Two briefs report one study: dates close, and two of journal, investigators, entities."""
    if a.id == b.id:
        return True
    pa, pb = a.attribution.posted, b.attribution.posted
    if pa and pb and abs((pa - pb).days) > max_days:
        return False
    ja, jb = a.attribution.journal, b.attribution.journal
    if ja and jb and ja.strip().lower() != jb.strip().lower():
        return False  # two journals: two papers, whatever else they share
    votes = 0
    votes += bool(ja and jb)
    votes += bool(_surnames(a) & _surnames(b))
    ea, eb = _entities(a), _entities(b)
    if ea and eb:
        overlap = len(ea & eb) / min(len(ea), len(eb))
        votes += overlap >= 0.5
    return votes >= 2


def group_stories(
    briefs: Sequence[Brief], max_days: int = DEFAULT_MAX_DAYS_APART
) -> list[list[Brief]]:
    """Briefs grouped by study (union of pairwise matches), in the order first seen."""
    parent = list(range(len(briefs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(briefs)):
        for j in range(i + 1, len(briefs)):
            if root(i) != root(j) and same_study(briefs[i], briefs[j], max_days):
                parent[root(j)] = root(i)
    groups: dict[int, list[Brief]] = {}
    for i, brief in enumerate(briefs):
        groups.setdefault(root(i), []).append(brief)
    return list(groups.values())


def merge_stories(briefs: Sequence[Brief], max_days: int = DEFAULT_MAX_DAYS_APART) -> list[Brief]:
    """One brief per story: the earliest report, with ``sources`` listing every report.

    A story of one article keeps ``sources`` empty, so a single-source brief reads as before.
    """
    merged: list[Brief] = []
    for group in group_stories(briefs, max_days):
        if len(group) == 1:
            merged.append(group[0])
            continue
        ordered = sorted(group, key=lambda b: (b.attribution.posted is None, b.attribution.posted))
        lead = ordered[0]
        merged.append(lead.model_copy(update={"sources": [b.attribution for b in ordered]}))
    return merged
