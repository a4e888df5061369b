"""A real aiohttp server on 127.0.0.1 for ingest tests, and article pages/feeds to serve.

``TestSite`` answers from a route table the test fills (status, body, headers, delay, ETag)
and records every request, so tests can check conditional headers, the User-Agent and that
requests to one host never overlap. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import html
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from oncobrief.ingest.fetch import FetchLimits
from oncobrief.ingest.runner import Ingestor
from oncobrief.settings import Settings

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2ff37f2944dc5c1f.txt"


@dataclass
class Reply:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (slow responses)
    etag: str | None = None  # answer 304 when the request's If-None-Match matches
    chunked: bool = False  # stream the body without a Content-Length


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class TestSite:
    __test__ = False  # not a pytest class

    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        self.requests: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.base = ""
        self._runner: web.AppRunner | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def add(self, path: str, reply: Reply | str | bytes) -> str:
        self.routes[path] = reply if isinstance(reply, Reply) else Reply(body=reply)
        return self.url(path)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # the port the OS picked
        self.base = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs
        self.requests.append(Seen(path, dict(request.headers)))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            reply = self.routes.get(path) or self.routes.get(request.path)
            if reply is None:
                return web.Response(status=404, text="not found")
            if reply.delay:
                await asyncio.sleep(reply.delay)
            if reply.etag and request.headers.get("If-None-Match") == reply.etag:
                return web.Response(status=304, headers={"ETag": reply.etag})
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            headers = dict(reply.headers)
            if reply.etag:
                headers["ETag"] = reply.etag
            headers["Content-Type"] = reply.content_type
            if reply.chunked:
                response = web.StreamResponse(status=reply.status, headers=headers)
                response.enable_chunked_encoding()
                await response.prepare(request)
                for start in range(0, len(body), 8192):
                    await response.write(body[start : start + 8192])
                await response.write_eof()
                return response
            return web.Response(status=reply.status, body=body, headers=headers)
        finally:
            self.in_flight -= 1


# --- articles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    authors: list[str]
    posted: dt.date | None
    outlet: str
    paragraphs: list[str]


def seed_article() -> Article:
    """The seed file's article (title, By, Posted, body paragraphs without page furniture)."""
    blocks = [b.strip() for b in SEED.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    title_at = next(i for i, b in enumerate(blocks) if blocks[i + 1].startswith("By:"))
    meta = blocks[title_at + 1].split("\n")
    body = [b for b in blocks[title_at + 2 :] if not b.startswith(("Disclosure", "By continuing"))]
    return Article(
        slug="brain-metastasis-ntrk",
        title=blocks[title_at],
        authors=[meta[0].removeprefix("By:").strip()],
        posted=dt.datetime.strptime(
            meta[1].removeprefix("Posted:").strip(), "%A, %B %d, %Y"
        ).date(),
        outlet="Targeted Oncology News",
        paragraphs=body,
    )


KRAS_STUDY = [
    "The combination of adagrasib and cetuximab produced durable responses in patients with "
    "previously treated KRAS G12C-mutated metastatic colorectal cancer, according to results of "
    "a phase 2 trial published in the Journal of Clinical Oncology.",
    "“These data support the combination as a new option for patients whose tumors harbor KRAS "
    "G12C,” said Maria Lopez, MD, PhD, of the Example Cancer Institute, Boston, the study's lead "
    "investigator.",
    "Among 94 patients, the objective response rate was 34% and the median duration of response "
    "was 5.8 months. Grade 3 or higher treatment-related adverse events occurred in 27% of "
    "patients.",
    "The authors noted that the trial was single-arm and had no control group, which limits "
    "comparisons with standard therapy.",
]
KRAS_STUDY_RETOLD = [
    "A phase 2 study in the Journal of Clinical Oncology reports that adding cetuximab to "
    "adagrasib led to lasting tumor shrinkage in people with KRAS G12C-mutant colorectal cancer "
    "that had progressed on earlier treatment.",
    "Investigators led by Maria Lopez, MD, PhD, of the Example Cancer Institute enrolled 94 "
    "patients; about a third responded, with responses lasting a median of almost six months.",
    "“We now have a targeted doublet for a group of patients who had few choices,” Lopez said.",
    "Because the study had a single arm, the results cannot be compared directly with standard "
    "chemotherapy, the researchers cautioned.",
]
EXERCISE_STUDY = [
    "Women who kept up moderate exercise after a breast cancer diagnosis lived longer than those "
    "who did not, according to an observational study published in Cancer Epidemiology.",
    "Researchers led by Samuel Okafor, PhD, of the Northern Health Institute followed 2,310 "
    "survivors for a median of 7 years and adjusted for age, stage and treatment.",
    "Those in the most active group had a 31% lower risk of death from any cause than the least "
    "active group, the investigators reported.",
    "Because the study was observational, it cannot show that exercise itself caused the "
    "difference, the authors acknowledged, and activity levels were self-reported.",
]


def made_up_articles() -> dict[str, Article]:
    return {
        "kras": Article(
            "kras-doublet",
            "Adagrasib Plus Cetuximab Shows Durable Responses in KRAS G12C Colorectal Cancer",
            ["Jordan Hale"],
            dt.date(2023, 3, 6),
            "Oncology Wire",
            KRAS_STUDY,
        ),
        "kras_retold": Article(
            "kras-retold",
            "Targeted Doublet Shrinks KRAS-Mutant Colorectal Tumors",
            ["Priya Natarajan", "Tom Berg"],
            dt.date(2023, 3, 8),
            "Cancer Daily News",
            KRAS_STUDY_RETOLD,
        ),
        "exercise": Article(
            "exercise-survival",
            "Exercise After Breast Cancer Linked to Longer Survival",
            ["Dana Whitfield"],
            dt.date(2023, 4, 2),
            "Survivorship Today",
            EXERCISE_STUDY,
        ),
    }


def article_page(
    article: Article,
    canonical: str | None = None,
    charset: str | None = "utf-8",
    meta_tags: bool = True,
) -> str:
    """A realistic article page: head meta tags, header/nav, cookie banner, article, footer."""
    e = html.escape
    head = [f"<title>{e(article.title)} | {e(article.outlet)}</title>"]
    if charset:
        head.insert(0, f'<meta charset="{charset}">')
    if meta_tags:
        head += [
            f'<meta property="og:title" content="{e(article.title)}">',
            f'<meta property="og:site_name" content="{e(article.outlet)}">',
            '<meta property="og:type" content="article">',
        ]
        if article.posted:
            head.append(
                f'<meta property="article:published_time" content="{article.posted}T09:00:00Z">'
            )
        head += [f'<meta name="author" content="{e(a)}">' for a in article.authors]
    if canonical:
        head.append(f'<link rel="canonical" href="{e(canonical)}">')
    byline = ""
    if article.authors:
        byline = f'<p class="byline">By {e(" and ".join(article.authors))}</p>'
    date = ""
    if article.posted:
        date = f'<time datetime="{article.posted}">{article.posted:%B %d, %Y}</time>'
    body = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{"".join(head)}</head>
<body>
<header class="site-header"><a class="logo" href="/">{e(article.outlet)}</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/conferences">Conferences</a></li>
<li><a href="/subscribe">Subscribe</a></li><li><a href="/about">About</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent"><p>By continuing to browse this site you permit
us and our partners to place identification cookies on your browser and agree to our use of
cookies to identify you for marketing.</p><button>Accept</button></div>
<main><article>
<h1 class="entry-title">{e(article.title)}</h1>
{byline}{date}
<div class="entry-content">
{body}
</div>
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/news/1">Other news</a></li></ul></aside>
</main>
<footer><p>© 2023 {e(article.outlet)}. All rights reserved.</p>
<a href="/privacy">Privacy Policy</a> <a href="/terms">Terms of Use</a></footer>
</body></html>
"""


def _rfc822(day: dt.date) -> str:
    when = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)
    return email.utils.format_datetime(when)


def rss_feed(title: str, items: list[tuple[str, str, Article | None, str | None]]) -> str:
    """RSS 2.0; items are (guid, link, article, teaser): full text when teaser is None."""
    out = []
    for guid, link, article, teaser in items:
        if article is None:
            continue
        text = (
            html.escape(teaser)
            if teaser
            else html.escape("".join(f"<p>{p}</p>" for p in article.paragraphs))
        )
        author = f"<dc:creator>{html.escape(', '.join(article.authors))}</dc:creator>"
        date = f"<pubDate>{_rfc822(article.posted)}</pubDate>" if article.posted else ""
        out.append(
            f"<item><title>{html.escape(article.title)}</title><link>{html.escape(link)}</link>"
            f'<guid isPermaLink="false">{html.escape(guid)}</guid>{date}{author}'
            f"<description>{text}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{html.escape(title)}</title><link>http://127.0.0.1/</link>"
        f"<description>news</description>{''.join(out)}</channel></rss>"
    )


def atom_feed(title: str, entries: list[tuple[str, str, Article, str | None]]) -> str:
    """Atom 1.0; entries are (id, link, article, summary): <content> when summary is None."""
    out = []
    for entry_id, link, article, summary in entries:
        if summary is None:
            body = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
            text = f'<content type="html">{html.escape(body)}</content>'
        else:
            text = f"<summary>{html.escape(summary)}</summary>"
        authors = "".join(
            f"<author><name>{html.escape(a)}</name></author>" for a in article.authors
        )
        updated = f"{article.posted}T09:00:00Z" if article.posted else "2023-01-01T00:00:00Z"
        out.append(
            f"<entry><id>{html.escape(entry_id)}</id><title>{html.escape(article.title)}</title>"
            f'<link rel="alternate" href="{html.escape(link)}"/><updated>{updated}</updated>'
            f"<published>{updated}</published>{authors}{text}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(title)}</title><id>urn:test:{html.escape(title)}</id>"
        f"<updated>2023-05-01T00:00:00Z</updated>{''.join(out)}</feed>"
    )


# --- fixtures (import them into a test module) ---------------------------------------------


@pytest.fixture
async def site():
    test_site = TestSite()
    await test_site.start()
    yield test_site
    await test_site.stop()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(seeds_dir=tmp_path / "library", data_dir=tmp_path / "data", cache_enabled=False)


FAST = FetchLimits(timeout=5.0, min_host_delay=0.0, max_retry_wait=1.0)


def ingestor(settings: Settings, **options) -> Ingestor:
    options.setdefault("limits", FAST)
    return Ingestor(settings, **options)


@pytest.fixture
def thread_site():
    """A TestSite on its own event loop in a thread, for sync callers (CLI runs asyncio.run)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    test_site = TestSite()
    asyncio.run_coroutine_threadsafe(test_site.start(), loop).result(10)
    yield test_site
    asyncio.run_coroutine_threadsafe(test_site.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()
