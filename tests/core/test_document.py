"""Document parsing: header, title, byline, date, body, boilerplate, disclosure."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oncobrief.boilerplate import is_boilerplate, is_truncated_fragment
from oncobrief.bylines import parse_authors, parse_date, strip_credentials
from oncobrief.document import parse_document
from oncobrief.models import Document, SourceText
from oncobrief.reading import read_source, source_from_text

COOKIE_WORDS = re.compile(r"cookie|privacy policy", re.IGNORECASE)


def parse(text: str) -> Document:
    return parse_document(source_from_text(text, "test.txt"))


def all_spans(document: Document):
    spans = [*document.header_lines, *document.paragraphs, *document.boilerplate]
    spans += [s for s in (document.title, document.byline, document.posted_span) if s]
    if document.disclosure:
        spans.append(document.disclosure)
    return spans


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Document:
    return parse_document(read_source(seed_path))


def test_seed_header_title_byline_date(seed: Document) -> None:
    assert seed.title is not None
    assert seed.title.text == (
        "Brain Metastasis Model of NTRK-Rearranged Tumors: Focus on Treatment Resistance"
    )
    assert seed.authors == ["Kayci Reyer"]
    assert seed.byline is not None and seed.byline.text == "By: Kayci Reyer"
    assert seed.posted == dt.date(2022, 6, 28)
    assert seed.posted_span is not None
    assert seed.posted_span.text == "Posted: Tuesday, June 28, 2022"
    assert seed.site_editors == ["Alexander Drilon", "Gregory J. Riely"]
    assert [s.text for s in seed.header_lines] == [
        "Site Editors",
        "Alexander Drilon, MD",
        "Gregory J. Riely, MD, PhD",
    ]
    assert seed.outlet is None  # a site-editors block is not an outlet name


def test_seed_body_disclosure_and_boilerplate(seed: Document) -> None:
    assert len(seed.paragraphs) == 4
    assert seed.paragraphs[0].text.startswith("According to research presented in Cancer Science")
    assert seed.paragraphs[-1].text.endswith("obtained in the present study.”")
    assert seed.disclosure is not None
    assert seed.disclosure.text == "Disclosure: For full disclosures of the study authors, visit"
    for paragraph in seed.paragraphs:
        assert not COOKIE_WORDS.search(paragraph.text)
        assert "Disclosure" not in paragraph.text
    assert len(seed.boilerplate) == 1
    assert seed.boilerplate[0].text.startswith("By continuing to browse this site")
    assert any("disclosure is truncated" in w for w in seed.warnings)


def test_seed_spans_are_verbatim(seed: Document) -> None:
    for span in all_spans(seed):
        assert seed.source.text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By: Kayci Reyer", ["Kayci Reyer"]),
        ("By: Ann Lee, Bo Chen and Cy Diaz", ["Ann Lee", "Bo Chen", "Cy Diaz"]),
        ("By Ann Lee and Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("By: Ann Lee, MD, PhD", ["Ann Lee"]),
        ("By: Genevra Pittman, Min Read", ["Genevra Pittman"]),
        ("By: Andrew, M. Seaman, Min Read", ["Andrew M. Seaman"]),
        ("By: Dan Hurley, June", ["Dan Hurley"]),
        ("By: Staff Writer, Melissa Healy Is A Health, Science Reporter", ["Melissa Healy"]),
        ("By: Donald G. Mcneil Jr.", ["Donald G. Mcneil Jr."]),
        ("By: Ann Lee & Bo Chen", ["Ann Lee", "Bo Chen"]),
    ],
)
def test_bylines(line: str, expected: list[str]) -> None:
    assert parse_authors(line) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Posted: Tuesday, June 28, 2022",
        "June 28, 2022",
        "2022-06-28",
        "28 June 2022",
        "Jun 28, 2022",
        "Jun. 28, 2022",
        "Published: June 28, 2022",
        "Updated: Tue, 28 June 2022",
        "2022-06-28T10:00:00Z",
        "June 28th, 2022",
    ],
)
def test_date_forms(text: str) -> None:
    assert parse_date(text) == dt.date(2022, 6, 28)


@pytest.mark.parametrize("text", ["June 31, 2022", "2022-13-01", "no date here", "May I help"])
def test_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_credentials_are_stripped() -> None:
    assert strip_credentials("Gregory J. Riely, MD, PhD") == "Gregory J. Riely"
    assert strip_credentials("Alexander Drilon, MD") == "Alexander Drilon"
    assert strip_credentials("Jane Roe") == "Jane Roe"


def test_posted_date_preferred_over_updated() -> None:
    document = parse(
        "Title Of The Story\n\nBy: Ann Lee\nUpdated: July 2, 2022\nPublished: June 28, 2022\n\n"
        "Body sentence one. Body sentence two.\n"
    )
    assert document.posted == dt.date(2022, 6, 28)
    assert document.posted_span is not None and document.posted_span.text.startswith("Published")


def test_site_name_header_sets_outlet() -> None:
    document = parse(
        "EurekAlert!\n\n\nDrug Shows Promise in Mesothelioma\n\nPosted: Wednesday, March 29, 2017"
        "\n\nPHILADELPHIA - The drug worked in a phase 2 trial.\n"
    )
    assert document.outlet == "EurekAlert!"
    assert (
        document.title is not None and document.title.text == "Drug Shows Promise in Mesothelioma"
    )
    assert document.authors == []
    assert any("no author" in w for w in document.warnings)
    assert [p.text for p in document.paragraphs] == [
        "PHILADELPHIA - The drug worked in a phase 2 trial."
    ]


def test_title_without_byline_or_date() -> None:
    document = parse(
        "Longer tamoxifen use cuts breast cancer deaths\n\n"
        "Breast cancer patients taking tamoxifen did better.\n\nA second paragraph.\n"
    )
    assert document.title is not None
    assert document.title.text == "Longer tamoxifen use cuts breast cancer deaths"
    assert document.posted is None and document.authors == []
    assert any("date" in w for w in document.warnings)
    assert len(document.paragraphs) == 2


def test_missing_everything_gives_warnings_not_errors() -> None:
    document = parse("Just one sentence of body text that ends with a period.\n")
    assert document.title is None
    assert document.posted is None
    assert document.authors == []
    assert {"no title found", "no posted date found"} <= set(document.warnings)
    assert [p.text for p in document.paragraphs] == [
        "Just one sentence of body text that ends with a period."
    ]


def test_byline_at_top_of_body_is_used_when_header_has_none() -> None:
    document = parse(
        "Site Name\n\n\nA Headline Here\n\nPosted: Monday, October 17, 2011\n\n"
        "By Amanda Gardner\n\nHealthDay Reporter\n\nWomen who undergo mammograms did well.\n"
    )
    assert document.authors == ["Amanda Gardner"]
    assert [p.text for p in document.paragraphs] == ["Women who undergo mammograms did well."]


def test_repeated_byline_and_chrome_are_boilerplate() -> None:
    document = parse(
        "Consumer HealthDay\n\n\nDrug May Cut Hot Flashes\n\nBy: Steven Reinberg\n\nEn Español\n\n"
        "By Steven Reinberg\n\nHealthDay Reporter\n\nFRIDAY (HealthDay News) -- Hot flashes eased."
        "\n\nAdvertisement\n\nShare this article\n\nRead more\n\n"
        "We use cookies to improve your experience.\n\nMore information\n"
    )
    assert document.outlet == "Consumer HealthDay"
    assert [p.text for p in document.paragraphs] == [
        "FRIDAY (HealthDay News) -- Hot flashes eased."
    ]
    assert len(document.boilerplate) == 8


def test_press_release_end_matter_is_boilerplate_but_disclosure_is_kept() -> None:
    document = parse(
        "A Release Title\n\nPosted: May 1, 2017\n\nThe trial met its endpoint.\n\n###\n\n"
        "About Acme Pharma\n\nAcme is a company.\n\nDisclosure: None\n\nMedia Contact:\n\n"
        "jane@acme.com\n"
    )
    assert [p.text for p in document.paragraphs] == ["The trial met its endpoint."]
    assert document.disclosure is not None and document.disclosure.text == "Disclosure: None"
    assert not any("disclosure is truncated" in w for w in document.warnings)


def test_discord_markup_in_body_is_kept_verbatim() -> None:
    body = "@everyone look at <@&123> and [masked](https://x) now."
    document = parse(f"Some Title\n\nBy: Ann Lee\nPosted: June 28, 2022\n\n# header\n\n{body}\n")
    texts = [p.text for p in document.paragraphs]
    assert texts == ["# header", body]
    assert document.title is not None and document.title.text == "Some Title"


@pytest.mark.parametrize(
    "line",
    [
        "By continuing to browse this site you permit us to place cookies.",
        "We use cookies to give you the best experience.",
        "Read our Privacy Policy to learn more.",
        "Share this article",
        "Subscribe to our newsletter",
        "Advertisement",
        "Read more",
        "© 2022 Some Publisher. All rights reserved.",
        "John Foxx / Getty Images",
        "Facebook Twitter Pinterest A caption about the photo. Photograph: X/Y",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Patients who used the drug had fewer relapses than those given placebo.",
        "The cookie-cutter approach failed in 12 patients.",
        "Cookies and other sweets were not linked to cancer risk in the cohort.",
        "He says:",
        "More than half of patients responded.",
        "The data appeared in the newsletter of the society.",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)
    assert not is_truncated_fragment(line)


def test_truncated_fragments() -> None:
    assert is_truncated_fragment("Disclosure: For full disclosures of the study authors, visit")
    assert is_truncated_fragment("For more details, see the full report at")
    assert not is_truncated_fragment("Disclosure: None")
    assert not is_truncated_fragment("More information")


texts = st.text(
    alphabet=st.sampled_from(list("ab .,:\n\n\r“”\"'ByPosted2022-06-28June#@é\t"))
    | st.characters(),
    max_size=400,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_parse_never_raises_and_spans_are_verbatim(text: str) -> None:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    source = SourceText(text=normalised, origin="fuzz", sha256="0" * 64)
    document = parse_document(source)
    for span in all_spans(document):
        assert normalised[span.start : span.end] == span.text
        assert span.text == span.text.strip()
    starts = [p.start for p in document.paragraphs]
    assert starts == sorted(starts)


def test_news_dev_titles_dates_and_outlets_match_gold(news_dev_folder: Path) -> None:
    rows = [json.loads(line) for line in (news_dev_folder / "manifest.jsonl").open()]
    norm = lambda t: re.sub(r"\W+", " ", (t or "").lower()).strip()  # noqa: E731
    title_ok = date_ok = outlet_ok = 0
    for row in rows:
        document = parse_document(read_source(news_dev_folder / row["file"]))
        title_ok += norm(document.title.text if document.title else None) == norm(row["title"])
        date_ok += str(document.posted) == str(row["date"])
        outlet_ok += document.outlet == row["outlet"]
        assert document.paragraphs, row["file"]
    assert title_ok >= 0.95 * len(rows)
    assert date_ok >= 0.95 * len(rows)
    assert outlet_ok >= 0.9 * len(rows)


@pytest.mark.parametrize(
    ("meta", "authors", "date"),
    [
        ("By Ann Lee | June 28, 2022", ["Ann Lee"], dt.date(2022, 6, 28)),
        (
            "Posted on June 28, 2022 by Ann Lee and Bo Chen",
            ["Ann Lee", "Bo Chen"],
            dt.date(2022, 6, 28),
        ),
        ("28 June 2022\nBy: Ann Lee", ["Ann Lee"], dt.date(2022, 6, 28)),
        ("Published: 2022-06-28", [], dt.date(2022, 6, 28)),
        (
            "By: A. B. Smith, MD, and C. Jones, PhD\nUpdated: Jun 28, 2022",
            ["A. B. Smith", "C. Jones"],
            dt.date(2022, 6, 28),
        ),
    ],
)
def test_metadata_line_variants(meta: str, authors: list[str], date: dt.date) -> None:
    document = parse(
        f"Oncology Today\n\n\nA Headline About a Drug\n\n{meta}\n\nThe drug worked well.\n"
    )
    assert document.title is not None and document.title.text == "A Headline About a Drug"
    assert document.authors == authors
    assert document.posted == date
    assert document.outlet == "Oncology Today"
    assert [p.text for p in document.paragraphs] == ["The drug worked well."]


def test_breadcrumb_header_is_not_an_outlet() -> None:
    document = parse("Home > News > Oncology\n\n\nA Headline\n\nBy: Ann Lee\n\nBody text here.\n")
    assert document.outlet is None
    assert document.header_lines[0].text == "Home > News > Oncology"


def test_site_name_directly_above_title() -> None:
    document = parse("EurekAlert!\nDrug Shows Promise\n\nBy: Ann Lee\n\nThe drug worked.\n")
    assert document.title is not None and document.title.text == "Drug Shows Promise"
    assert [s.text for s in document.header_lines] == ["EurekAlert!"]
    assert document.outlet == "EurekAlert!"


def test_two_short_lines_without_byline_are_not_split_into_header_and_title() -> None:
    document = parse("First short line\nSecond short line\n\nMore body text here.\n")
    assert document.title is None
    assert document.paragraphs[0].text == "First short line\nSecond short line"


def test_a_lone_date_in_the_body_is_not_the_byline_block() -> None:
    document = parse(
        "A Headline\n\nFirst paragraph of the story, which is long enough to be prose for sure "
        "and keeps going past the length of any header line at all.\n\nShort line\n\n"
        "June 5, 2016\n\nLast paragraph.\n"
    )
    assert document.title is not None and document.title.text == "A Headline"
    assert document.header_lines == []
    assert len(document.paragraphs) == 4
