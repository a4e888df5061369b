"""Splitting a scraped page into header, title, byline, date, body, boilerplate and disclosure.

Layout of the scraped briefs: optional header lines (a site name, or a ``Site Editors`` block),
the title, a ``By:`` line and a ``Posted:`` line, then blank-line separated paragraphs, a
disclosure and page furniture. Every part is a Span into ``source.text``; anything that cannot
be found is None with a warning, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from oncobrief.boilerplate import is_boilerplate, is_disclosure, is_truncated_fragment
from oncobrief.bylines import parse_authors, parse_date, strip_credentials
from oncobrief.models import Document, SourceText, Span

# The title, byline and date are looked for among the first few blocks only.
_HEAD_BLOCKS = 12
_MAX_TITLE_CHARS = 300
_MAX_OUTLET_WORDS = 6
_MAX_HEADER_LINES = 10
_MAX_HEADER_LINE = 100

_BYLINE = re.compile(r"^\s*by\s*:?\s+(?=\S)", re.IGNORECASE)
_DATE_PREFIX = re.compile(
    r"^\s*(?:posted|published|updated|last\s+updated|date|first\s+published)(?:\s+on)?\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_PREFIX_RANK = {"posted": 0, "published": 0, "first": 0, "date": 1, "updated": 2, "last": 2}
_TRAILING_BY = re.compile(r"\bby\s+([A-Z].{2,80})$")
_SITE_EDITORS = re.compile(r"^\s*(?:site\s+)?editors?\s*:?\s*(.*)$", re.IGNORECASE)
_ROLE_LINE = re.compile(
    r"^[\w .'-]{0,40}\b(?:reporter|writer|correspondent|editor|contributor)s?\s*$", re.IGNORECASE
)
# "URL:" / "Outlet:" header lines written by ingest (ingest/store.py).
_LABELLED_HEADER = re.compile(r"^(URL|Outlet):\s+(\S.*)$")
# Lines after which a press release has only end matter (contacts, "About <company>").
_END_MARKER = re.compile(
    r"^\s*(?:(?i:\#{3}|-\s?30\s?-|-ends-|(?:media\s+|press\s+)?contacts?(?:\s+for\s+[^:]{1,60})?:)"
    r"|About\s+(?!the\s+(?:[Ss]tudy|[Tt]rial|[Rr]esearch|[Ss]urvey)|this\b|our\s+study)[A-Z][^.!?:]{1,60})\s*$"
)


@dataclass(frozen=True)
class _Block:
    """A run of non-blank lines; ``lines`` are (start, end) of each stripped line."""

    start: int
    end: int
    lines: tuple[tuple[int, int], ...]
    gap_before: int  # blank lines before the block


@dataclass
class _Meta:
    """Byline and date read from the metadata lines under the title."""

    byline: Span | None = None
    authors: list[str] = field(default_factory=list)
    posted: dt.date | None = None
    posted_span: Span | None = None
    posted_rank: int = 99  # lower wins: Posted/Published before a bare date before Updated

    def read_line(self, text: str, start: int, end: int) -> None:
        line = text[start:end]
        if _BYLINE.match(line):
            if self.byline is None:
                self.byline, self.authors = _span(text, start, end), parse_authors(line)
            self._offer_date(parse_date(line), 1, text, start, end)  # "By A | June 28, 2022"
            return
        match = _DATE_PREFIX.match(line)
        rank = _PREFIX_RANK.get(line.split()[0].lower().rstrip(":"), 1) if match else 1
        self._offer_date(parse_date(line[match.end() :] if match else line), rank, text, start, end)
        by = _TRAILING_BY.search(line)  # "Posted on June 28, 2022 by Jane Doe"
        if by and self.byline is None:
            self.authors = parse_authors(by.group(1))
            self.byline = _span(text, start, end) if self.authors else None

    def _offer_date(self, date: dt.date | None, rank: int, text: str, start: int, end: int):
        if date is not None and rank < self.posted_rank:
            self.posted, self.posted_span, self.posted_rank = date, _span(text, start, end), rank


@dataclass
class _Body:
    """Body blocks sorted into paragraphs, boilerplate and the disclosure."""

    byline: Span | None = None
    authors: list[str] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)
    disclosure: Span | None = None
    ended: bool = False  # after "###" or a contacts line: only end matter follows

    def read_block(self, text: str, block: _Block, position: int) -> None:
        for run, kind in _classify_lines(text, block, self.ended):
            if kind == "end":
                self.ended = True
                self.boilerplate.append(run)
            elif kind == "disclosure" and self.disclosure is None:
                self.disclosure = run
            elif kind != "paragraph":
                self.boilerplate.append(run)
            elif self.byline is None and position < 3 and self._is_body_byline(run):
                # A byline at the top of the body ("By Amanda Gardner") when the header had none.
                self.byline, self.authors = run, parse_authors(run.text)
                self.boilerplate.append(run)
            elif _is_byline_echo(run.text, self.authors):
                self.boilerplate.append(run)
            else:
                self.paragraphs.append(run)

    @staticmethod
    def _is_body_byline(run: Span) -> bool:
        return (
            bool(_BYLINE.match(run.text))
            and "\n" not in run.text
            and len(run.text) < 120
            and bool(parse_authors(run.text))
        )


def parse_document(source: SourceText) -> Document:
    text = source.text
    blocks = _blocks(text)
    warnings: list[str] = []

    meta_index = _find_meta_block(text, blocks)
    title_index, header_end = _find_title(text, blocks, meta_index)
    header_ranges = [line for b in blocks[:header_end] for line in b.lines]
    title = None
    if title_index is not None:
        # A site name may sit right above the title without a blank line: the title is the
        # block's last line, the lines above it belong to the header.
        *above, (title_start, title_end) = blocks[title_index].lines
        header_ranges += above
        title = _span(text, title_start, title_end)
    header_lines = [_span(text, s, e) for s, e in header_ranges]
    site_editors, outlet = _read_header(header_lines)
    source = _with_header_url(source, header_lines)

    body_start = (title_index + 1) if title_index is not None else header_end
    meta = _Meta()
    # Metadata lines right after the title (the byline may also follow the date).
    index = body_start
    while index < len(blocks) and index < body_start + 4:
        block = blocks[index]
        if not all(_is_meta_line(text[s:e]) for s, e in block.lines):
            break
        for s, e in block.lines:
            meta.read_line(text, s, e)
        index += 1
    body = _Body(byline=meta.byline, authors=meta.authors)
    for position, block in enumerate(blocks[index:]):
        body.read_block(text, block, position)
    byline, authors, posted, posted_span = body.byline, body.authors, meta.posted, meta.posted_span
    paragraphs, boilerplate, disclosure = body.paragraphs, body.boilerplate, body.disclosure

    if title is None:
        warnings.append("no title found")
    if not authors:
        warnings.append("no author found (no 'By:' line)")
    if posted is None:
        warnings.append("no posted date found")
    if not paragraphs:
        warnings.append("no body paragraphs found")
    if disclosure is not None and is_truncated_fragment(disclosure.text):
        warnings.append("the disclosure is truncated (its link text is missing)")

    return Document(
        source=source,
        header_lines=header_lines,
        site_editors=site_editors,
        title=title,
        authors=authors,
        byline=byline,
        posted=posted,
        posted_span=posted_span,
        outlet=outlet,
        paragraphs=paragraphs,
        boilerplate=boilerplate,
        disclosure=disclosure,
        warnings=warnings,
    )


# --- blocks and the head of the page -----------------------------------------------------


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    lines: list[tuple[int, int]] = []
    gap = 0
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = position + (len(raw) - len(raw.lstrip()))
            lines.append((start, start + len(stripped)))
        elif lines:
            blocks.append(_Block(lines[0][0], lines[-1][1], tuple(lines), gap))
            lines, gap = [], 1
        else:
            gap += 1
        position += len(raw) + 1
    if lines:
        blocks.append(_Block(lines[0][0], lines[-1][1], tuple(lines), gap))
    return blocks


def _is_meta_line(line: str) -> bool:
    if _BYLINE.match(line):
        return len(line) < 400
    if len(line) > 80:
        return False
    match = _DATE_PREFIX.match(line)
    if match and match.end() > 0 and parse_date(line[match.end() :]):
        return True
    return parse_date(line) is not None and len(line.split()) <= 6


def _find_meta_block(text: str, blocks: list[_Block]) -> int | None:
    """Index of the byline/date block under the title, or None.

    Only a block near the top counts: above the title there may be header lines (site name,
    editors), never prose; a lone date further down the body is not the posted date.
    """
    for index, block in enumerate(blocks[:_HEAD_BLOCKS]):
        if all(_is_meta_line(text[s:e]) for s, e in block.lines):
            header = [line for b in blocks[: max(0, index - 1)] for line in b.lines]
            if len(header) <= _MAX_HEADER_LINES and all(
                _line_len(line) <= _MAX_HEADER_LINE for line in header
            ):
                return index
            return None
    return None


def _title_like(text: str, block: _Block) -> bool:
    """A one-line block, or a short header line (site name) above a one-line title."""
    if len(block.lines) > 2 or (len(block.lines) == 2 and _line_len(block.lines[0]) > 60):
        return False
    start, end = block.lines[-1]
    line = text[start:end]
    return (
        3 <= len(line) <= _MAX_TITLE_CHARS and not is_boilerplate(line) and not _BYLINE.match(line)
    )


def _line_len(line: tuple[int, int]) -> int:
    return line[1] - line[0]


def _find_title(text: str, blocks: list[_Block], meta: int | None) -> tuple[int | None, int]:
    """Return (title block index or None, number of header blocks before the body/title)."""
    if meta is not None and meta >= 1 and _title_like(text, blocks[meta - 1]):
        return meta - 1, meta - 1
    if meta is not None:
        return None, meta
    # No byline/date: a wide gap (two or more blank lines) closes a header of short lines.
    header_end = 0
    for index, block in enumerate(blocks[:_HEAD_BLOCKS]):
        if block.gap_before >= 2 and index > 0:
            if all(
                _title_like(text, b)
                or _SITE_EDITORS.match(text[b.start : b.end])
                or len(text[b.start : b.end]) < 80
                for b in blocks[:index]
            ):
                header_end = index
            break
    if (
        header_end < len(blocks)
        and len(blocks[header_end].lines) == 1  # without a byline below it, be strict
        and _title_like(text, blocks[header_end])
    ):
        line = text[blocks[header_end].start : blocks[header_end].end]
        followed = header_end + 1 < len(blocks)
        if followed and not line.endswith((".", ":", ";", ",")):
            return header_end, header_end
    return None, header_end


def _read_header(lines: list[Span]) -> tuple[list[str], str | None]:
    """Site editors (names without credentials) and the outlet, from the header lines."""
    editors: list[str] = []
    others: list[str] = []
    in_editors = False
    labelled_outlet = None
    for span in lines:
        line = span.text
        labelled = _LABELLED_HEADER.match(line)
        if labelled:  # "URL:" / "Outlet:" lines written by ingest (ingest/store.py)
            if labelled.group(1).lower() == "outlet":
                labelled_outlet = labelled.group(2).strip()
            continue
        match = _SITE_EDITORS.match(line)
        if match and len(line) < 120:
            in_editors = True
            rest = match.group(1).strip()
            if rest:
                editors += [strip_credentials(p) for p in re.split(r"\s*;\s*|\s+and\s+", rest)]
            continue
        if in_editors and len(line) < 120:
            name = strip_credentials(line)
            if name:
                editors.append(name)
                continue
        others.append(line)
    editors = [e for e in editors if e]
    outlet = None
    if len(others) == 1:
        candidate = others[0].strip()
        if (
            len(candidate.split()) <= _MAX_OUTLET_WORDS
            and len(candidate) <= 60
            and parse_date(candidate) is None
            and not is_boilerplate(candidate)
            and not candidate.endswith((",", ";", ":"))
            and not any(mark in candidate for mark in (">", "|", "»", "/", "http"))
        ):
            outlet = candidate
    return editors, labelled_outlet or outlet


def _with_header_url(source: SourceText, lines: list[Span]) -> SourceText:
    """A stored web article keeps its address in a ``URL:`` header line."""
    for span in lines:
        labelled = _LABELLED_HEADER.match(span.text)
        if labelled and labelled.group(1).lower() == "url" and source.url is None:
            return source.model_copy(update={"url": labelled.group(2).strip()})
    return source


# --- body ----------------------------------------------------------------------------------


def _classify_lines(text: str, block: _Block, ended: bool) -> list[tuple[Span, str]]:
    """Split a block into runs of lines: paragraph, boilerplate, disclosure or end marker."""
    whole = text[block.start : block.end]
    if is_disclosure(whole):
        return [(_span(text, block.start, block.end), "disclosure")]
    if ended:
        return [(_span(text, block.start, block.end), "boilerplate")]
    runs: list[tuple[Span, str]] = []
    current: list[tuple[int, int]] = []

    def flush() -> None:
        if current:
            runs.append((_span(text, current[0][0], current[-1][1]), "paragraph"))
            current.clear()

    for s, e in block.lines:
        line = text[s:e]
        if _END_MARKER.match(line):
            flush()
            runs.append((_span(text, s, e), "end"))
            ended = True
        elif ended or is_boilerplate(line) or is_truncated_fragment(line):
            flush()
            runs.append((_span(text, s, e), "boilerplate"))
        else:
            current.append((s, e))
    flush()
    return runs


def _is_byline_echo(line: str, authors: list[str]) -> bool:
    """A repeated byline or a reporter-role line in the body ("By Steven Reinberg")."""
    if "\n" in line or len(line) > 120:
        return False
    if _ROLE_LINE.match(line) and all(word[:1].isupper() for word in line.split()):
        return True
    if authors and _BYLINE.match(line):
        names = parse_authors(line)
        return bool(names) and set(names) <= set(authors)
    return False


def _span(text: str, start: int, end: int) -> Span:
    return Span(text=text[start:end], start=start, end=end)
