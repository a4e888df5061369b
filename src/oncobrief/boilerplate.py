"""Recognising page furniture that is not part of the article.

Cookie and consent banners, privacy-policy and terms lines, share/subscribe/navigation
lines, advertisement markers and truncated fragments (``Disclosure: ... visit`` with the link
text cut off). They never reach a summary, finding, limitation or search index.

The rules look at one paragraph or line at a time and are deliberately conservative for long
text: a long paragraph is only boilerplate when it is clearly a consent banner.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def _literals(words: tuple[str, ...]) -> Callable[[str], bool]:
    """A cheap "contains any of these substrings" test (faster than a regex alternation)."""

    def contains_any(text: str) -> bool:
        return any(word in text for word in words)

    return contains_any


# A short line made only of one of these is navigation or page chrome.
_CHROME_LINES = re.compile(
    r"""^\W*(?:
        advertisement|advertising|sponsored(?:\ content)?|ad|
        read\ more|read\ next|see\ also|related(?:\ (?:links|articles|stories|content))?|
        more\ in\ \w+(?:\ \w+)?|more\ (?:stories|news)|recommended(?:\ for\ you)?|
        share|share\ this(?:\ (?:article|story|page))?|tweet|email|print|comments?|
        subscribe|sign\ up|log\ ?in|sign\ in|register|follow\ us|
        skip\ to\ (?:main\ )?content|back\ to\ top|home|menu|search|close|
        en\ español|trending|most\ popular|continue\ reading(?:\ the\ main\ story)?|
        more\ information|(?:more|related|see\ also|also\ read|read\ more|watch)\s*:.*|
        photo|image|video|enlarge|loading\.*|
        \#\#\#|-\ ?30\ ?-|\*\*\*|—+|-+
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Phrases that mark consent, privacy and account chrome wherever they stand in a short line.
_CONSENT = re.compile(
    r"""(?:
        \bcookies?\b.*\b(?:browse|browsing|consent|accept|agree|use\ of|policy|settings|
            marketing|partners|experience|continu)|
        \b(?:browse|browsing|continuing|continue|using)\b.*\bcookies?\b|
        \bwe\ use\ cookies\b|\baccept\ (?:all\ )?cookies\b|\bcookie\ (?:policy|settings|notice)\b|
        \bprivacy\ (?:policy|notice|statement|settings)\b|\bterms\ (?:of|and)\ (?:use|service|conditions)\b|
        \ball\ rights\ reserved\b|^©|^copyright\b|\(c\)\ \d{4}|
        \bsubscribe\ (?:now|today|to\ our)\b|\bsign\ up\ (?:for|to)\ (?:our|free|email|updates|newsletters?|alerts)\b|
        \b(?:our|free|daily|weekly)\ newsletters?\b|\bnewsletter\ sign|
        \bmanage\ your\ (?:account|preferences)\b|
        \bshare\ (?:this|on)\ (?:article|story|page|facebook|twitter|linkedin)\b|
        \bclick\ here\b|\bjavascript\b.*\b(?:enable|disabled)\b|
        \byour\ browser\b.*\b(?:support|update|outdated)\b|
        \bread\ more$|\bcontinue\ reading\ the\ main\ story\b|
        \binvalid\ email\b|\bnewsletter\ sign\ up\b|\bnot\ a\ robot\b|
        \bselect\ a\ newsletter\b|\byou\ will\ receive\ emails\b|\bplease\ (?:re-?enter|try\ again)\b|\ban\ error\ has\ occurred\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# A line that is only an e-mail address, a link, a social handle or a phone number.
_CONTACT_ONLY = re.compile(
    r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+|@\w{2,}|\+?[\d][\d\s().-]{6,}\d)$"
)

# Consent banners can be long; these phrases are specific enough to trust at any length.
_LONG_CONSENT = re.compile(
    r"(?:by continuing to (?:browse|use)|we use cookies|this (?:site|website) uses cookies|"
    r"identification cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences)|"
    r"^(?:facebook|twitter|share)\s+(?:twitter|pinterest|facebook|linkedin|email)\b)"
)
# Cheap substring test before the regex: most paragraphs contain none of these.
_LONG_KEYS = _literals(("cookie", "by continuing to"))
_SHARE_STARTS = ("facebook", "twitter", "share")

# The word a truncated link sentence ends with when its anchor text was lost in scraping.
_DANGLING_END = re.compile(
    r"(?:\b(?:visit|see|at|go to|click|available at|found at|here|via|"
    r"contact|call|email|follow us on)\s*:?|,|\()$",
    re.IGNORECASE,
)

# Photo credits and captions scraped into the text: "John Foxx / Getty Images".
_CREDIT = re.compile(
    r"(?:getty\s+images|ap\s+photo|shutterstock|istock(?:photo)?|\bafp\b|\bhandout\b|"
    r"^(?:photo|image|photograph|illustration|credit)s?\s*(?:by|:|credit))",
    re.IGNORECASE,
)
_MAX_CREDIT = 80
_MAX_CONTACT_WORDS = 4
# Substrings one of which every _CREDIT / _CONSENT match contains: a cheap test first.
_CREDIT_KEYS = _literals(
    (
        "getty",
        "ap photo",
        "shutterstock",
        "istock",
        "afp",
        "handout",
        "photo",
        "image",
        "illustration",
        "credit",
    )
)
_CONSENT_KEYS = _literals(
    (
        "cookie",
        "robot",
        "receive emails",
        "privacy",
        "terms ",
        "rights reserved",
        "©",
        "copyright",
        "(c)",
        "subscribe",
        "sign up",
        "newsletter",
        "manage your",
        "share ",
        "click here",
        "javascript",
        "browser",
        "read more",
        "continue reading",
        "invalid email",
        "please",
        "error has occurred",
    )
)

_SHORT = 200  # characters: a line longer than this is prose unless clearly a banner


def is_boilerplate(line: str) -> bool:
    """True for page chrome: consent/cookie/privacy lines, share/subscribe/navigation, ads."""
    text = line.strip()
    if not text:
        return False
    lowered = text.lower()
    has_key = _LONG_KEYS(lowered) or lowered.startswith(_SHARE_STARTS)
    if has_key and _LONG_CONSENT.search(lowered):
        return True
    if len(text) > _SHORT:
        return False
    if _CHROME_LINES.match(text):
        return True
    if len(text.split()) <= _MAX_CONTACT_WORDS and _CONTACT_ONLY.match(text):
        return True
    if (
        len(text) <= _MAX_CREDIT
        and text[-1] not in ".!?"
        and _CREDIT_KEYS(lowered)
        and _CREDIT.search(text)
    ):
        return True
    return bool(_CONSENT_KEYS(lowered) and _CONSENT.search(text))


def is_truncated_fragment(line: str) -> bool:
    """True for a sentence cut off where a link or name was removed (``... visit`` at the end).

    Only lines that end without closing punctuation on a dangling word count; ordinary
    headings such as ``More information`` are not fragments.
    """
    text = line.strip()
    if not text or len(text) > _SHORT or text[-1] in '.!?"”’)]':
        return False
    # Only the end matters; searching the tail keeps this linear on long lines.
    return bool(_DANGLING_END.search(text[-30:])) and len(text.split()) >= 3


_DISCLOSURE = re.compile(
    r"^(?:disclosures?|conflicts? of interest|competing interests?|financial disclosures?)\s*[:.\-–]",
    re.IGNORECASE,
)


def is_disclosure(line: str) -> bool:
    """True for a disclosure/conflict-of-interest statement (kept apart from the body)."""
    return bool(_DISCLOSURE.match(line.strip()))
