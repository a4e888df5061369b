"""Reading a file or a text into a SourceText: the one decoded text every offset points into.

Decoding: UTF-8 (with or without BOM) first; anything else is detected with charset-normalizer
and accepted only when the detection is confident and the result looks like prose. Line ends
are normalised to ``\\n`` before hashing, so offsets and the hash do not depend on the platform
that wrote the file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from oncobrief.models import SourceError, SourceText

DEFAULT_MAX_BYTES = 2_000_000
_BOM = "\ufeff"
_LINE_ENDS = re.compile(r"\r\n?")
# Control characters other than tab/newline/carriage return/form feed: a sign of binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Share of control or replacement characters above which a decoded text is not prose.
_MAX_NOISE_SHARE = 0.01
# charset-normalizer "chaos" (0 = clean) above which its guess is not trusted.
_MAX_CHAOS = 0.2
_CHAOS_TIE = 0.02
# Encodings charset-normalizer may pick for Western-European prose; others are too unlikely
# for an English news file to be trusted without a BOM.
_PREFERRED_FALLBACKS = ("cp1252", "latin_1", "iso8859_15", "mac_roman")


def normalise_newlines(text: str) -> str:
    return _LINE_ENDS.sub("\n", text)


def source_from_text(text: str, origin: str | Path, url: str | None = None) -> SourceText:
    """Wrap an already decoded text (a page, a test string) with the same checks as a file."""
    origin = str(origin)
    if text.startswith(_BOM):
        text = text[1:]
    text = normalise_newlines(text)
    _check_prose(text, origin)
    return _make_source(text, origin, "utf-8", url)


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read and decode one article file; raise SourceError with a readable reason on failure."""
    path = Path(path)
    origin = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SourceError(origin, "file not found; check the path") from None
    except OSError as exc:
        raise SourceError(origin, f"cannot read the file ({exc.strerror or exc})") from None
    if not path.is_file():
        raise SourceError(origin, "not a regular file; give the path of a .txt article")
    if size > max_bytes:
        raise SourceError(
            origin,
            f"file is too large ({size:,} bytes, limit {max_bytes:,}); "
            "raise ONCOBRIEF_MAX_FILE_BYTES if it is really an article",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(origin, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # the file grew between stat and read
        raise SourceError(origin, f"file is too large (limit {max_bytes:,} bytes)")
    text, encoding = decode_bytes(data, origin)
    text = normalise_newlines(text)
    _check_prose(text, origin)
    return _make_source(text, origin, encoding, None)


def decode_bytes(data: bytes, origin: str) -> tuple[str, str]:
    """Return (text without BOM, encoding name) or raise SourceError."""
    if not data:
        raise SourceError(origin, "file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise SourceError(
                origin, "file starts with a UTF-8 BOM but is not valid UTF-8"
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise SourceError(origin, "file has a UTF-16 BOM but is not valid UTF-16") from None
    if b"\x00" in data:
        raise SourceError(origin, "file looks binary (contains NUL bytes); give a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data, origin)


def _detect(data: bytes, origin: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # late: only needed for non-UTF-8 files

    matches = list(from_bytes(data))
    if not matches or matches[0].chaos > _MAX_CHAOS:
        raise SourceError(origin, "text encoding could not be detected; save the file as UTF-8")
    # Short Western text decodes cleanly in several code pages (cp1250 turns "naïve" into
    # "naďve"); among equally clean candidates prefer the Western ones an English news file
    # most likely used.
    for match in matches:
        if match.chaos > matches[0].chaos + _CHAOS_TIE:
            break
        for encoding in _PREFERRED_FALLBACKS:
            if encoding in match.could_be_from_charset:
                try:
                    return data.decode(encoding), encoding
                except UnicodeDecodeError:
                    continue
    return str(matches[0]), matches[0].encoding


def _check_prose(text: str, origin: str) -> None:
    if not text:
        raise SourceError(origin, "file is empty")
    if not text.strip():
        raise SourceError(origin, "file contains only whitespace")
    if "\x00" in text:
        raise SourceError(origin, "file looks binary (contains NUL bytes); give a text file")
    noise = len(_CONTROL.findall(text)) + text.count("\ufffd")
    if noise > max(2, len(text) * _MAX_NOISE_SHARE):
        raise SourceError(origin, "file looks binary (many control characters); give a text file")
    if not any(unicodedata.category(ch).startswith("L") for ch in text[:10_000]):
        raise SourceError(origin, "file contains no letters; it is not an article")


def _make_source(text: str, origin: str, encoding: str, url: str | None) -> SourceText:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceText(text=text, origin=origin, encoding=encoding, sha256=digest, url=url)
