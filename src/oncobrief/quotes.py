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
    r"cautioned|cautions|warned|warns|argued|argues|suggested|suggests|reported|reports|"
    r"acknowledged|acknowledges|agreed|agrees|asserted|asserts|tells|according\s+to)"
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
    r"(?i:author|investigator|researcher|scientist|chair)\s+)?"
)
# ", a breast surgeon at X," or " of the University of Y" between a name and its verb.
_APPOSITIVE = r"(?:,\s+[^“”\".;:]{1,120}?,|\s+(?:of|at|from)\s+(?:the\s+)?[A-Z][^“”\".;:,]{0,80}?)?"
# After the closing mark: ", concluded Seiji Yano" / " they noted" / " Smith said".
# After a quote that ends its sentence ('...silly." Tim Turnham, director of X, says he...'),
# what follows is a new sentence: only "said Smith" / "Smith said" right after it count.
_STRICT_VERB_FIRST = re.compile(
    rf"^[\s,]*{_VERB}\s+{_ROLE_BEFORE_NAME}(?P<who>{_GROUP}|{_PRONOUN}|{_PERSON})"
)
_STRICT_WHO_FIRST = re.compile(rf"^[\s,]*(?P<who>{_GROUP}|{_PRONOUN}|{_PERSON})\s+{_VERB}\b")
# After a quote that goes on ('...,” lead researcher ...', '..." based on ..., said ...'),
# a short lower-case clause may sit between the quote and the verb:
# '..." based on the study findings, said lead author Suzanna M. Zick'.
_AFTER_VERB_FIRST = re.compile(
    rf"^[\s,]*(?:[a-z][^“”\".;:]{{0,60}}?,\s+)?{_VERB}\s+{_ROLE_BEFORE_NAME}"
    rf"(?P<who>{_GROUP}|{_PRONOUN}|{_PERSON})"
)
# ',” lead researcher Jose Baselga of the X Center told ...', '," study chair Dr. Ellis, ..., said'
_AFTER_WHO_FIRST = re.compile(
    rf"^[\s,]*{_ROLE_BEFORE_NAME}(?P<who>{_GROUP}|{_PRONOUN}|{_PERSON}){_APPOSITIVE}\s+{_VERB}\b"
)
# Before the opening mark: "Smith said: “" / "According to Smith, “".
# "Edward Hendrick of the University of Colorado wrote that “": the person, not the place;
# "Dr. Jennifer Obel, chair of the committee, said: “".
_BEFORE = re.compile(
    rf"(?P<who>{_GROUP}|{_PERSON}){_APPOSITIVE}\s+(?:{_VERB}|{_VERB}\s+that)\s*[,:.]?\s*$"
)
_GROUP_MENTION = re.compile(rf"\b{_GROUP}\b", re.IGNORECASE)
_CREDENTIAL_TAIL = re.compile(r",\s+(?:MD|PhD|DO|MPH|MS|MSc|RN|PharmD)\b.*$")
_NOT_SPEAKER = {"the", "this", "these", "it", "that", "there", "in", "and", "but"}
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'\-]+")


def find_quotes(document: Document, sentences: object = None) -> list[Quote]:
    """All quotes of the body paragraphs, in source order. ``sentences`` is accepted, unused."""
    text = document.source.text
    quotes: list[Quote] = []
    last_group: str | None = None  # "the study authors": who "they" refers to
    last_person: str | None = None
    last_person_at = 0  # where last_person was last named or quoted
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
            person_for_pronoun = _pronoun_target(
                text, last_person, last_person_at, paragraph.start, inner_start, previous_paragraph
            )
            if not before.strip() and previous_paragraph.rstrip().endswith(":"):
                # "Smith says:" closes the paragraph before the quote. A bare "He says:" there
                # may follow a new, unnamed person (a patient), so it is not resolved.
                before = previous_paragraph
                person_for_pronoun = None
            after = text[paragraph.start + match.end() : paragraph.end]
            last_group = _last_group_mention(before) or last_group
            goes_on = text[inner_end - 1] == "," or re.match(r"\s*(?:,|[a-z])", after) is not None
            speaker = _speaker(after, before, last_group, person_for_pronoun, goes_on)
            if speaker is None and previous_end is not None:
                speaker = previous_speaker  # an unattributed quote continues the same voice
            if speaker and speaker not in {last_group} and speaker[0].isupper():
                last_person, last_person_at = speaker, inner_start
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


def _pronoun_target(
    text: str,
    person: str | None,
    named_at: int,
    paragraph_start: int,
    quote_start: int,
    previous: str,
) -> str | None:
    """Who "he"/"she" before ``quote_start`` may mean: the last named speaker, only when that
    person is named in this or the previous paragraph and no other full name came since
    ("Dr. Andrew Chan, ..., said ... "..." he said" is not the earlier speaker's)."""
    if person is None:
        return None
    surname = person.split()[-1]
    nearby = named_at >= paragraph_start or surname in previous
    nearby = nearby or surname in text[paragraph_start:quote_start]
    since = max(named_at, text.rfind(surname, named_at, quote_start))
    names = set(person.replace(".", " ").split())
    others = [m for m in _FULL_NAME.findall(text[since:quote_start]) if not set(m.split()) <= names]
    return person if nearby and not others else None


def _speaker(
    after: str,
    before: str,
    last_group: str | None,
    last_person: str | None,
    goes_on: bool = True,
) -> str | None:
    patterns = (
        (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST)
        if goes_on
        else (_STRICT_VERB_FIRST, _STRICT_WHO_FIRST)
    )
    for pattern in patterns:
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
