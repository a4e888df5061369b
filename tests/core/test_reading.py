"""Reading files: encodings, line ends, and every kind of bad input refused with a clear reason."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from oncobrief.models import SourceError
from oncobrief.reading import read_source, source_from_text
from oncobrief.settings import Settings

ARTICLE = "A Title\n\nBy: Ann Lee\nPosted: June 28, 2022\n\nThe drug “worked” in mice.\n"


def test_seed_reads_as_utf8_with_matching_hash(seed_path: Path) -> None:
    source = read_source(seed_path)
    assert source.encoding == "utf-8"
    assert source.origin == str(seed_path)
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    assert source.text.startswith("Site Editors\n")
    assert "\r" not in source.text


def test_bom_is_removed_and_recorded(write_article) -> None:
    path = write_article(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    source = read_source(path)
    assert source.text == ARTICLE
    assert source.encoding == "utf-8-sig"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_are_normalised(write_article, newline: str) -> None:
    source = read_source(write_article(ARTICLE, newline=newline))
    assert source.text == ARTICLE
    # The hash depends on the text only, not on the line ends of the file.
    assert source.sha256 == read_source(write_article(ARTICLE, name="lf.txt")).sha256


def test_cp1252_with_curly_quotes_is_detected(write_article) -> None:
    text = (
        "Drug Works in Mice\n\nBy: Ann Lee\n\n"
        "“It’s a promising result,” said the investigators, who noted the model’s limits. "
        "The café-based cohort – a small one – was followed for 12 months.\n"
    )
    source = read_source(write_article(text, encoding="cp1252"))
    assert source.text == text
    assert source.encoding in {"cp1252", "windows-1252"}


def test_latin1_text_loads(write_article) -> None:
    text = "Résumé of the naïve cohort\n\nThe patients in Zürich received therapy. " * 3
    source = read_source(write_article(text, encoding="latin-1"))
    assert source.text == text


def test_utf16_with_bom_loads(write_article) -> None:
    path = write_article(ARTICLE.encode("utf-16"))
    assert read_source(path).text == ARTICLE


@pytest.mark.parametrize(
    ("content", "reason_part"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  \n", "whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x00" * 100, "binary"),
        (b"1234 5678\n", "no letters"),
    ],
    ids=["empty", "whitespace", "png", "all-bytes", "nul", "no-letters"],
)
def test_bad_files_are_refused_with_a_reason(write_article, content: bytes, reason_part: str):
    path = write_article(content, name="bad.txt")
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.origin == str(path)
    assert reason_part in caught.value.reason
    assert str(path) in str(caught.value)


def test_undecodable_bytes_are_refused(write_article) -> None:
    # Random high bytes with control characters: no encoding makes prose of them.
    data = bytes((i * 37 + 11) % 256 for i in range(3000) if (i * 37 + 11) % 256 not in (0,))
    with pytest.raises(SourceError) as caught:
        read_source(write_article(data, name="noise.txt"))
    assert "binary" in caught.value.reason or "encoding" in caught.value.reason


def test_oversized_file_is_refused_and_names_the_setting(write_article) -> None:
    path = write_article("x" * 5000, name="big.txt")
    with pytest.raises(SourceError) as caught:
        read_source(path, max_bytes=1000)
    assert "too large" in caught.value.reason
    assert "ONCOBRIEF_MAX_FILE_BYTES" in caught.value.reason
    assert read_source(path, max_bytes=10_000).text == "x" * 5000


def test_limit_comes_from_settings(write_article, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONCOBRIEF_MAX_FILE_BYTES", "100")
    settings = Settings()
    path = write_article("word " * 50)
    with pytest.raises(SourceError):
        read_source(path, settings.max_file_bytes)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(tmp_path)


def test_source_from_text_normalises_and_hashes() -> None:
    source = source_from_text(
        "\ufeffTitle\r\n\r\nBody text.\rMore.", "https://x/a", url="https://x/a"
    )
    assert source.text == "Title\n\nBody text.\nMore."
    assert source.url == "https://x/a"
    assert source.sha256 == hashlib.sha256(source.text.encode()).hexdigest()


@pytest.mark.parametrize("text", ["", "  \n\n\t ", "\x00\x01\x02 binary"])
def test_source_from_text_refuses_bad_text(text: str) -> None:
    with pytest.raises(SourceError):
        source_from_text(text, "page")


def test_discord_markup_is_kept_verbatim(write_article) -> None:
    body = "Title Here\n\nBy: Ann Lee\n\n@everyone <@&123> [masked](https://x) # header\n"
    assert read_source(write_article(body)).text == body
