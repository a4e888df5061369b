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
from oncobrief.stories import DEFAULT_MAX_DAYS_APART, group_stories, same_study

__all__ = [
    "DEFAULT_MAX_DAYS_APART",
    "canonical_url",
    "group_stories",
    "merge_stories",
    "normalise_text",
    "same_study",
    "text_fingerprint",
]

# Query parameters that only track the reader; two URLs differing only in these are one page.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|cmpid|ref|src|source|share)$", re.I)


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
        # Trailing blanks and slashes together: "/a/ /" and "/a" are one page (idempotent).
        path = path.rstrip("/ \t\r\n\f\v") or "/"
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
# The grouping lives in ``oncobrief.stories`` (the core shows stories; ingest only needs it here).


def merge_stories(briefs: Sequence[Brief], max_days: int = DEFAULT_MAX_DAYS_APART) -> list[Brief]:
    """One brief per story: the earliest report, with ``sources`` listing every report.

    A story of one article keeps ``sources`` empty, so a single-source brief reads as before.
    (``oncobrief.stories.collapse_stories`` is what the CLI, bot and digest show: the most
    complete report, with ``sources`` listing the other reports.)
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
