"""Names and dates in page headers: ``By: A, B and C``, ``Posted: Tuesday, June 28, 2022``.

Scraped bylines carry noise (``Min Read``, ``Staff Writer``, a short biography, a date
fragment); only parts that look like a person's or an organisation's name are kept.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DIGIT = re.compile(r"\d")
# Searched in the lower-cased text; a weekday before the date needs no pattern of its own.
_DATE_FORMS = [
    # june 28, 2022 / jun. 28 2022 / june 28th, 2022
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b"),
    # 28 june 2022 / 28 june, 2022
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b"),
    # 2022-06-28 (optionally with a time: 2022-06-28t10:00)
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
]

# Parts of a byline that are not names.
_NOT_A_NAME = re.compile(
    r"^(?:\d+\s*)?(?:min(?:ute)?s?\s+read|staff(?:\s+writer|\s+reporter)?|"
    r"(?:senior\s+|health\s+|medical\s+|science\s+)?(?:writer|reporter|correspondent|editor|"
    r"contributor)|updated|posted|published|reviewed\s+by.*|photo.*|"
    + "|".join(_MONTHS)
    + r")\.?$",
    re.IGNORECASE,
)
_BIOGRAPHY = re.compile(r"\s+(?:is|was)\s+(?:a|an|the)\b.*$", re.IGNORECASE | re.DOTALL)
_BY_PREFIX = re.compile(r"^\s*by\s*:?\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.IGNORECASE)
_INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.\s*)+$")
CREDENTIALS = re.compile(
    r"^(?:MD|M\.D\.|PhD|Ph\.D\.|DO|MPH|MS|MSc|MA|MBA|MBBS|MBChB|RN|NP|PA-C|PharmD|BSN|MSN|"
    r"FACP|FACS|FASCO|FRCP|FRCPC|FRACP|DrPH|DPhil|ScD|MHS|MSCE|MMSc|BS|BA|Jr\.?|Sr\.?|II|III)$",
    re.IGNORECASE,
)
_MAX_NAME_WORDS = 5


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` in one of the common news forms, or None."""
    if not _DIGIT.search(text):
        return None
    lowered = text.lower()
    for form in _DATE_FORMS:
        match = form.search(lowered)
        if not match:
            continue
        month = match.group("month").lower().rstrip(".")
        month_number = _MONTHS.get(month) if not month.isdigit() else int(month)
        try:
            return dt.date(int(match.group("year")), month_number or 0, int(match.group("day")))
        except ValueError:
            continue
    return None


def strip_credentials(name: str) -> str:
    """``Gregory J. Riely, MD, PhD`` -> ``Gregory J. Riely``."""
    parts = [p.strip() for p in name.split(",")]
    kept = [parts[0]]
    for part in parts[1:]:
        if CREDENTIALS.match(part) or not part:
            continue
        kept.append(part)
        break
    cleaned = ", ".join(p for p in kept if not CREDENTIALS.match(p))
    return " ".join(w for w in cleaned.split() if not CREDENTIALS.match(w.rstrip(","))).strip()


def parse_authors(byline: str) -> list[str]:
    """Names from a byline: ``By: A, B and C`` -> [A, B, C]; noise parts are dropped."""
    text = _BY_PREFIX.sub("", byline.strip(), count=1)
    text = _BIOGRAPHY.sub("", text)
    names: list[str] = []
    pending_first_name: str | None = None
    for part in _SEPARATORS.split(text):
        part = part.strip(" .") if part.endswith(" .") else part.strip()
        if not part or CREDENTIALS.match(part) or _NOT_A_NAME.match(part):
            continue
        if _INITIALS_ONLY.match(part) or len(part.split()) > _MAX_NAME_WORDS:
            continue
        if not part[0].isupper() or _DIGIT.search(part):
            continue
        # "Andrew, M. Seaman": a lone first name followed by an initial-led surname.
        if pending_first_name and re.match(r"^[A-Z]\.\s", part):
            names[-1] = f"{pending_first_name} {part}"
            pending_first_name = None
            continue
        pending_first_name = part if len(part.split()) == 1 else None
        names.append(part)
    seen: set[str] = set()
    return [n for n in names if not (n in seen or seen.add(n))]
