"""Study facts: primary source (journal or meeting), investigators, quotes and evidence level.

All rules read the body sentences only (headers, bylines and boilerplate never count).
Quotes live in ``quotes.py`` and the evidence level in ``evidence.py``; they are re-exported
here so callers have one place to import study facts from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from oncobrief.evidence import classify_evidence
from oncobrief.models import Investigator, Sentence
from oncobrief.quotes import find_quotes

__all__ = ["classify_evidence", "find_investigators", "find_journal", "find_quotes"]

# --- journal or meeting -------------------------------------------------------------------

_WORD = r"[A-Z][\w'&\-]*(?:\.(?=\s[A-Z]))?"
_CONNECTOR = r"(?:of|for|and|&|the|de|der|und)"
# A capitalised name, lower-case connectors allowed inside it ("Journal of Clinical Oncology").
_TITLE_RUN = rf"{_WORD}(?:\s+(?:{_CONNECTOR}\s+)*(?:{_WORD}|\d{{4}}))*"
# "JAMA Otolaryngology - Head and Neck Surgery": a dash may join two capitalised runs.
_TITLE = rf"(?:\d{{4}}\s+)?{_TITLE_RUN}(?:\s+[-–]\s+{_TITLE_RUN})?"
# Words between the verb and "in": "published their outcomes in", "published Wednesday in".
_BETWEEN = (
    r"(?:\s+(?:[a-z]+|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\d{1,2}|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)){0,5}?"
)
# "the June 30 issue of", "the online edition of", "the journal"
_ISSUE_OF = (
    r"(?:(?:(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s+\d{4})?|[a-z]+)\s+)?(?:issue|edition)\s+of\s+"
    r"(?:the\s+)?)?(?:(?:journal|meeting)\s+)?"
)
_SOURCE_CONTEXT = re.compile(
    r"\b(?:published|presented|reported|appearing|appeared|appears|described|detailed|released|"
    r"announced|unveiled|according\s+to\s+(?:research|a\s+study|findings|data|results|an?\s+analysis)"
    r"\s+(?:published|presented|reported))"
    rf"{_BETWEEN}\s+(?:in|at|to|during)\s+(?:the\s+)?{_ISSUE_OF}(?P<name>{_TITLE})"
)
_DATE_WORD = re.compile(
    r"\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|Today|Online|Last|This|On|In)\b"
)
# "American Society of Clinical Oncology's annual meeting": the meeting, as written.
_MEETING_TAIL = re.compile(
    r"(?:['’]s)?\s+(?:\d{4}\s+)?(?:annual\s+)?(?:scientific\s+)?(?:meeting|congress|symposium|"
    r"conference)\b"
)
_JOURNAL_WORDS = re.compile(
    r"\b(?:Journal|Annals|Lancet|JAMA|NEJM|BMJ|Oncology|Cancer|Medicine|Meeting|Congress|"
    r"Symposium|Conference|Proceedings|Reports|Research|Science|Nature|Cell|Blood|Clinical|"
    r"Oncologist|Review|Letters|Communications|Advances|Discovery|Therapeutics|ONE)\b"
)


@lru_cache(maxsize=1)
def _known_sources() -> tuple[str, ...]:
    text = resources.files("oncobrief").joinpath("data/journals.txt").read_text("utf-8")
    names = [line.strip() for line in text.splitlines()]
    names = [name for name in names if name and not name.startswith("#")]
    return tuple(sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=1)
def _known_pattern() -> re.Pattern[str]:
    """Distinctive names (several words, or an acronym) can be trusted anywhere in the body."""
    distinctive = [n for n in _known_sources() if " " in n or (n.isupper() and len(n) >= 3)]
    alternatives = "|".join(re.escape(name) for name in distinctive)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def find_journal(sentences: Sequence[Sentence]) -> str | None:
    """The journal or meeting the study was published in or presented at, as written."""
    for sentence in sentences:
        for match in _SOURCE_CONTEXT.finditer(sentence.text):
            name = _clean_source_name(match.group("name"))
            if name:
                tail = _MEETING_TAIL.match(sentence.text, match.start("name") + len(name))
                return sentence.text[match.start("name") : tail.end()] if tail else name
    for sentence in sentences:
        for match in _known_pattern().finditer(sentence.text):
            if not _inside_longer_name(sentence.text, match.start(), match.end()):
                return match.group(0)
    return None


_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'&\-]*|of|for|and|&)\s+$")
_NAME_AFTER = re.compile(r"^\s+[A-Z]")


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """ "Cancer Research" inside "Fred Hutchinson Cancer Research Center" is not the journal."""
    return bool(_NAME_BEFORE.search(text[max(0, start - 40) : start])) or bool(
        _NAME_AFTER.match(text[end : end + 3])
    )


def _clean_source_name(raw: str) -> str | None:
    name = re.sub(r"\s+(?:of|for|and|&|the|on|in|de|der|und)$", "", raw.strip())
    name = re.sub(r"['’]s$", "", name)
    for known in _known_sources():  # "JAMA Otolaryngology" stays; "Cancer Science Tuesday" not
        if name == known or name.startswith(known + " "):
            return known if name == known or _DATE_WORD.match(name[len(known) :]) else name
    if re.fullmatch(r"\d{4}\s+.*", name) or _JOURNAL_WORDS.search(name):
        return name
    return None


# --- investigators ------------------------------------------------------------------------

_CREDENTIAL = (
    r"(?:MD|M\.D\.|PhD|Ph\.D\.|DO|MPH|MS|MSc|MBA|MBBS|MBChB|MA|BSc|RN|NP|PA-C|PharmD|DrPH|ScD|"
    r"DSc|DMD|DDS|FRCP|FRCPC|FRCS|FACS|FACP|FASCO|FAAP|FRACP|MRCP|MSCE|MHS|MSPH|CRNP|APRN|"
    r"BCOP|BS|BA|MPhil|DPhil|MMSc|MHSc|FACC|FCCP)"
)
_CREDENTIALS = rf"{_CREDENTIAL}(?:,?\s+{_CREDENTIAL})*"
_NAME_PART = r"(?:[A-Z]\.|[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z][a-z]*[A-Z][a-z]+)"
_NAME = rf"{_NAME_PART}(?:\s+{_NAME_PART}){{1,3}}"
_NOT_A_NAME = re.compile(
    r"\b(?:University|Institute|Hospital|Center|Centre|College|School|Society|Study|Trial|"
    r"Cancer|Journal|According|The|This|These|In|At|Professor|Director|Chief|Department)\b"
)
_ROLE = (
    r"(?:(?:a|an|the)\s+)?(?:[\w\-]+\s+){0,4}?"
    r"(?:professor|director|chief|chair|head|fellow|investigator|researcher|author|scientist|"
    r"oncologist|physician|surgeon|member|leader|lead|instructor|lecturer|resident|associate|"
    r"specialist|dean|president|officer|epidemiologist|radiologist|pathologist|hematologist)"
    r"(?:\s+(?:of|in|at|for)\s+[\w\-]+(?:\s+[\w\-]+){0,3}?)?"
)
_PLACE_WORD = r"(?:[A-Z][\w.'&\-]*|of|for|and|the|de|at|in)"
_AFFILIATION = (
    rf"(?:the\s+)?[A-Z][\w.'&\-]*(?:\s+{_PLACE_WORD})*?"
    r"(?:,\s+[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*)*)*"
)
_AFFILIATION_END = r"(?=\s*(?:,\s*(?:and|who|said|says|noted|explained|added|told|[a-z])|\s+and\s+"
_AFFILIATION_END += (
    r"(?:colleagues|co-?authors|coworkers|team|[a-z])|\s+(?:said|says|noted|who)\b|[.;:)”\"]|$))"
)
_INVESTIGATOR_PATTERNS = [
    # Seiji Yano, MD, PhD, of Kanazawa University, Japan
    re.compile(
        rf"(?:Dr\.?\s+)?(?P<name>{_NAME}),\s+(?P<cred>{_CREDENTIALS}),?"
        rf"(?:\s+{_ROLE})?(?:,?\s+(?:of|from|at|with)\s+(?P<aff>{_AFFILIATION}){_AFFILIATION_END})?"
    ),
    # led by Dr. Jane Smith of the University of X; Dr. Jane Smith, a professor at Y
    re.compile(
        rf"(?:\bDr\.?\s+|\bled\s+by\s+(?:Dr\.?\s+)?|\bsaid\s+(?:Dr\.?\s+)?)(?P<name>{_NAME})"
        rf"(?:,\s+(?P<cred>{_CREDENTIALS}))?,?(?:\s+{_ROLE},?)?"
        rf"\s+(?:of|from|at|with)\s+(?P<aff>{_AFFILIATION}){_AFFILIATION_END}"
    ),
]

_PATTERN_HINTS = [
    re.compile(rf",\s+{_CREDENTIAL}(?!\w)"),  # "M.D." ends in a dot: no \b after it
    re.compile(r"\bDr\b|\bled\s+by\b|\bsaid\b"),
]


def find_investigators(sentences: Sequence[Sentence]) -> list[Investigator]:
    """Named investigators with credentials and affiliation, in order of first mention."""
    found: dict[str, Investigator] = {}
    for sentence in sentences:
        for pattern, hint in zip(_INVESTIGATOR_PATTERNS, _PATTERN_HINTS, strict=True):
            if not hint.search(sentence.text):  # cheap test first: most sentences name nobody
                continue
            for match in pattern.finditer(sentence.text):
                name = match.group("name")
                if _NOT_A_NAME.search(name):
                    continue
                credentials = match.group("cred")
                affiliation = (match.group("aff") or "").strip(" ,") or None
                affiliation = _clean_affiliation(affiliation)
                previous = found.get(name)
                if previous:
                    credentials = previous.credentials or credentials
                    affiliation = previous.affiliation or affiliation
                found[name] = Investigator(
                    name=name,
                    credentials=_normalise_credentials(credentials),
                    affiliation=affiliation,
                )
    return list(found.values())


_ABBREVIATIONS = frozenset(
    "Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Mass. Md. Mich. "
    "Minn. Miss. Mo. Mont. Neb. Nev. Okla. Ore. Pa. Penn. Tenn. Tex. Va. Vt. Wash. Wis. Wyo. "
    "Inc. Co. Corp. Ltd. Jr. Univ. Dept. St.".split()
)
_NEXT_PERSON = re.compile(rf"\s+and\s+{_NAME},.*$")


def _clean_affiliation(affiliation: str | None) -> str | None:
    """Drop a leading "the", a sentence's full stop and a second person joined by "and"."""
    if not affiliation:
        return None
    affiliation = _NEXT_PERSON.sub("", affiliation)
    if affiliation.startswith("the "):
        affiliation = affiliation[4:]
    last = affiliation.rsplit(" ", 1)[-1]
    if last.endswith(".") and last.count(".") == 1 and last not in _ABBREVIATIONS:
        affiliation = affiliation[:-1]  # the sentence's full stop, not "Minn." or "N.Y."
    return affiliation.strip(" ,") or None


def _normalise_credentials(raw: str | None) -> str | None:
    if not raw:
        return None
    parts = re.findall(_CREDENTIAL, raw)
    return ", ".join(parts) or None
