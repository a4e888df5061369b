"""Quotes inside the body, verbatim without their quotation marks, with their speaker.

Curly (“...”) and straight ("...") quotes; a quote may hold several sentences. The speaker is
read around the quote: ``,” concluded Seiji Yano``, ``,” said Dr. Smith``, ``Smith said: “``,
``,” they noted`` (then the last named group, e.g. "the study authors"). An unattributed quote
right after another keeps the previous speaker; otherwise the speaker is None.
"""

from __future__ import annotations

import re

from oncobrief.models import Document, Quote

_MIN_WORDS = 4  # shorter quoted phrases are scare quotes or titles, not statements
_QUOTE_PAIR = re.compile(r"“(?P<curly>[^“”]+)(?:”|$)|\"(?P<straight>[^\"\n]+)(?:\"|$)", re.M)
_VERB = (
    r"(?i:said|says|concluded|concludes|noted|notes|added|adds|explained|explains|stated|states|"
    r"commented|comments|wrote|writes|remarked|observed|emphasi[sz]ed|stressed|told|continued|"
    r"cautioned|warned|argued|suggested|reported|acknowledged|agreed|asserted|according\s+to)"
)
_PERSON = (
    r"(?:Dr\.?\s+|Prof\.\s+|Professor\s+)?(?:[A-Z]\.\s+)?[A-Z][\w'\-]+"
    r"(?:\s+(?:[A-Z]\.|[A-Z][\w'\-]+)){0,5}"
)
# "Exelixis Chief Executive Officer Michael Morrissey" -> the name after the last title word.
_TITLE_WORD = re.compile(
    r"\b(?:Officer|Executive|President|Director|Chief|Chair|Chairman|Professor|Founder|CEO|"
    r"Head|Dean|Secretary|Commissioner|Spokesman|Spokeswoman|Spokesperson)\b"
)
_GROUP = (
    r"(?i:(?:the\s+)?(?:study\s+|trial\s+|lead\s+|senior\s+)?(?:authors|investigators|researchers|"
    r"team|study\s+team|research\s+team|scientists|co-?authors))"
)
_PRONOUN = r"(?i:he|she|they|the\s+authors)\b"
# "said the study's lead author Evan Alley": a role before the name.
_ROLE_BEFORE_NAME = (
    r"(?:(?i:the\s+)?(?i:study(?:'s|’s)?\s+|trial(?:'s|’s)?\s+)?"
    r"(?i:lead\s+|senior\s+|first\s+|principal\s+|co-?)?"
    r"(?i:author|investigator|researcher|scientist)\s+)?"
)
# After the closing mark: ", concluded Seiji Yano" / " they noted" / " Smith said".
_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,]*{_VERB}\s+{_ROLE_BEFORE_NAME}(?P<who>{_GROUP}|{_PRONOUN}|{_PERSON})"
)
_AFTER_WHO_FIRST = re.compile(rf"^[\s,]*(?P<who>{_GROUP}|{_PRONOUN}|{_PERSON})\s+{_VERB}\b")
# Before the opening mark: "Smith said: “" / "According to Smith, “".
_BEFORE = re.compile(rf"(?P<who>{_GROUP}|{_PERSON})\s+(?:{_VERB}|{_VERB}\s+that)\s*[,:.]?\s*$")
_GROUP_MENTION = re.compile(rf"\b{_GROUP}\b", re.IGNORECASE)
_CREDENTIAL_TAIL = re.compile(r",\s+(?:MD|PhD|DO|MPH|MS|MSc|RN|PharmD)\b.*$")
_NOT_SPEAKER = {"the", "this", "these", "it", "that", "there", "in", "and", "but"}


def find_quotes(document: Document, sentences: object = None) -> list[Quote]:
    """All quotes of the body paragraphs, in source order. ``sentences`` is accepted, unused."""
    text = document.source.text
    quotes: list[Quote] = []
    last_group: str | None = None  # "the study authors": who "they" refers to
    last_person: str | None = None
    previous_paragraph = ""
    for paragraph in document.paragraphs:
        previous_end: int | None = None
        previous_speaker: str | None = None
        body = paragraph.text
        for match in _QUOTE_PAIR.finditer(body):
            group = "curly" if match.group("curly") is not None else "straight"
            inner_start = paragraph.start + match.start(group)
            inner_end = paragraph.start + match.end(group)
            start, end = _trim(text, inner_start, inner_end)
            if end - start <= 0 or len(text[start:end].split()) < _MIN_WORDS:
                continue
            before = text[paragraph.start if previous_end is None else previous_end : inner_start]
            before = before.rstrip('“"')
            person_for_pronoun = last_person
            if not before.strip() and previous_paragraph.rstrip().endswith(":"):
                # "Smith says:" closes the paragraph before the quote. A bare "He says:" there
                # may follow a new, unnamed person (a patient), so it is not resolved.
                before = previous_paragraph
                person_for_pronoun = None
            after = text[paragraph.start + match.end() : paragraph.end]
            last_group = _last_group_mention(before) or last_group
            speaker = _speaker(after, before, last_group, person_for_pronoun)
            if speaker is None and previous_end is not None:
                speaker = previous_speaker  # an unattributed quote continues the same voice
            if speaker and speaker not in {last_group} and speaker[0].isupper():
                last_person = speaker
            quotes.append(Quote(text=text[start:end], start=start, end=end, speaker=speaker))
            previous_end = paragraph.start + match.end()
            previous_speaker = speaker
        previous_paragraph = paragraph.text
    return quotes


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and a trailing comma that belongs to the attribution."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _speaker(
    after: str, before: str, last_group: str | None, last_person: str | None
) -> str | None:
    for pattern in (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST):
        match = pattern.match(after)
        if match:
            return _resolve(match.group("who"), last_group, last_person)
    match = _BEFORE.search(before)
    if match:
        return _resolve(match.group("who"), last_group, last_person)
    return None


def _resolve(who: str, last_group: str | None, last_person: str | None) -> str | None:
    who = _CREDENTIAL_TAIL.sub("", who.strip())
    lowered = who.lower()
    if lowered in {"they", "the authors"}:
        return last_group or ("the authors" if lowered == "the authors" else None)
    if lowered in {"he", "she"}:
        return last_person
    if lowered.split()[0] in _NOT_SPEAKER and not _GROUP_MENTION.fullmatch(who):
        return None
    if _GROUP_MENTION.fullmatch(who):
        return lowered if lowered.startswith("the ") else f"the {lowered}"
    titles = list(_TITLE_WORD.finditer(who))
    if titles and who[titles[-1].end() :].strip():
        who = who[titles[-1].end() :].strip()
    words = who.split()
    if len(words) > 4:  # a long capitalised run is a name plus trailing words; keep the name
        who = " ".join(words[:3])
    return re.sub(r"^(?:Dr\.?|Prof\.|Professor)\s+", "", who)


def _last_group_mention(before: str) -> str | None:
    mentions = _GROUP_MENTION.findall(before)
    if not mentions:
        return None
    mention = mentions[-1].lower()
    return mention if mention.startswith("the ") else f"the {mention}"
