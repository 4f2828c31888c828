"""The web app searches the report store (``/store``, ``/api/store``) and writes into it.

Every test runs on SQLite and on PostgreSQL (a fresh schema per test; the PostgreSQL
half skips with the reason when no server can be reached, see tests/store/conftest.py).
The store holds four hand-built reports of articles written for these tests.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factories import SAMPLE_TEXT, sample_report, span_of
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Finding,
    Report,
    Source,
    SourceKind,
    Status,
)
from sourcecheck.settings import Settings
from sourcecheck.store import MAX_LIMIT, MAX_OFFSET, article_id, open_store
from sourcecheck.web import app as web_app
from sourcecheck.web.app import WebSettings, create_app
from sourcecheck.web.browse import MAX_PAGE
from store.conftest import pg_server, pg_url  # noqa: F401 - the store tests' PG fixtures
from web.conftest import FakeAudit, WebClient

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "browse-token-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
HOSTILE = '<img src=x onerror="alert(1)">'


@dataclass(frozen=True)
class Said:
    """One attribution of a test article and the finding on it."""

    speaker: str
    cue: str
    content: str
    check: str
    status: Status
    explanation: str
    kind: SourceKind = SourceKind.PERSON


def _report(text: str, said: list[Said], **article: Any) -> Report:
    atts, findings = [], []
    for i, item in enumerate(said, 1):
        start = text.index(item.speaker)
        atts.append(
            Attribution(
                id=f"a{i}",
                kind=AttributionKind.INDIRECT,
                content=span_of(text, item.content),
                cue=span_of(text, item.cue, start),
                source=Source(span_of(text, item.speaker), item.kind, name=item.speaker),
            )
        )
        findings.append(Finding(item.check, item.status, item.explanation, f"a{i}"))
    return Report(
        article=Article(text=text, **article), attributions=tuple(atts), findings=tuple(findings)
    )


WIRE = (
    "WELLMOUTH, March 3 (Northwire) - Port director Lena Marsh said on Tuesday that the "
    "ferry timetable would change in April. Dock workers said the plan was rushed."
)
LEDGER = (
    "Mayor Omar Bell told councillors on Monday that the library will open on Sundays "
    "from July. Residents said the change was long overdue."
)
BLOG = "Lena Marsh wrote on her own blog that the harbour fees are too high this year."
SHOW = (
    f"HOST: Tonight we hear from {HOSTILE}. {HOSTILE} claimed the bridge closed in 2019. "
    "We checked the records."
)


def _reports() -> list[Report]:
    """Four articles: wire copy, a newspaper, an undated blog, a hostile transcript."""
    return [
        _report(
            WIRE,
            [
                Said(
                    "Lena Marsh",
                    "said",
                    "the ferry timetable would change in April",
                    "title_at_date",
                    Status.CONTRADICTED,
                    "Lena Marsh was no longer port director in March 2024.",
                ),
                Said(
                    "Dock workers",
                    "said",
                    "the plan was rushed",
                    "sourcing",
                    Status.UNVERIFIABLE,
                    "A vague group is cited.",
                    SourceKind.VAGUE,
                ),
            ],
            title="Ferry timetable to change",
            outlet="Northwire",
            date=dt.date(2024, 3, 3),
            url="https://northwire.example/ferry",
        ),
        _report(
            LEDGER,
            [
                Said(
                    "Omar Bell",
                    "told",
                    "the library will open on Sundays from July",
                    "title_at_date",
                    Status.CONSISTENT,
                    "Omar Bell has been mayor since 2022.",
                ),
                Said(
                    "Residents",
                    "said",
                    "the change was long overdue",
                    "sourcing",
                    Status.CONSISTENT,
                    "Residents are quoted as a group, which the text says.",
                    SourceKind.VAGUE,
                ),
            ],
            title="Library to open on Sundays",
            outlet="The Valley Ledger",
            date=dt.date(2024, 6, 10),
            url="https://ledger.example/library",
        ),
        _report(
            BLOG,
            [
                Said(
                    "Lena Marsh",
                    "wrote",
                    "the harbour fees are too high this year",
                    "quote_integrity",
                    Status.CONSISTENT,
                    "The post says what the quote says.",
                ),
            ],
            title="Harbour fees",
            outlet="Tideline Blog",
            url="javascript:alert(1)",
        ),
        _report(
            SHOW,
            [
                Said(
                    HOSTILE,
                    "claimed",
                    "the bridge closed in 2019",
                    "temporal",
                    Status.CONTRADICTED,
                    "<script>alert(2)</script> the bridge closed in 2018.",
                ),
            ],
            title="<script>alert(3)</script> Evening show",
            outlet="Radio <b>Nine</b>",
            date=dt.date(2023, 11, 20),
            url="https://radio.example/show?a=1&b=<2>",
        ),
    ]


REPORTS = _reports()
IDS = [article_id(report) for report in REPORTS]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A report store holding :data:`REPORTS` (the first two from one batch run)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'reports.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    with open_store(url) as store:
        run = store.start_run({"inputs": ["feed.xml"]})
        for i, report in enumerate(REPORTS):
            assert store.add_report(report, run if i < 2 else None)
        store.finish_run(run, {"added": 2})
    return url


@pytest.fixture
def make_app(store_url: str, tmp_path: Path) -> Iterator[Any]:
    """``make_app(**WebSettings)``: a client over the filled store (lifespan run)."""
    opened: list[TestClient] = []

    def make(**fields: Any) -> WebClient:
        fields.setdefault("db_path", tmp_path / f"web{len(opened)}.sqlite")
        fields.setdefault("store_url", store_url)
        audit_fn = fields.pop("audit_fn", FakeAudit())
        app = create_app(WebSettings(**fields), audit_fn=audit_fn)
        client = WebClient(app, base_url="https://testserver")
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def web(make_app: Any) -> WebClient:
    client: WebClient = make_app()
    return client


def _found(web: WebClient, **params: Any) -> list[tuple[str | None, str, str]]:
    response = web.get("/api/store/findings", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])  # every match fits the default page
    return [(item["outlet"], item["check"], item["status"]) for item in body["items"]]


# Newest article first (ledger, wire, show), the undated blog last; report order within.
ALL = [
    ("The Valley Ledger", "title_at_date", "consistent"),
    ("The Valley Ledger", "sourcing", "consistent"),
    ("Northwire", "title_at_date", "contradicted"),
    ("Northwire", "sourcing", "unverifiable"),
    ("Radio <b>Nine</b>", "temporal", "contradicted"),
    ("Tideline Blog", "quote_integrity", "consistent"),
]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"status": "contradicted"}, [ALL[2], ALL[4]]),
        ({"check": "sourcing"}, [ALL[1], ALL[3]]),
        ({"speaker": "lena MARSH"}, [ALL[2], ALL[5]]),
        ({"speaker": "Lena"}, []),  # whole names only
        ({"outlet": "the valley ledger"}, ALL[:2]),
        ({"since": "2024-03-03"}, ALL[:4]),
        ({"until": "2024-03-03"}, ALL[2:5]),
        ({"since": "2024-01-01", "until": "2024-05-01"}, ALL[2:4]),
        ({"status": "contradicted", "outlet": "Northwire"}, [ALL[2]]),
        ({"speaker": HOSTILE}, [ALL[4]]),
        ({"check": "no_such_check"}, []),
    ],
)
def test_api_filters(web: WebClient, params: dict[str, str], expected: list[Any]) -> None:
    assert _found(web, **params) == expected


def test_api_filters_by_run(web: WebClient, store_url: str) -> None:
    with open_store(store_url) as store:
        (run,) = store.runs()
    assert _found(web, run=run["id"]) == ALL[:4]
    assert _found(web, run="20000101T000000Z-00000000") == []
    # The page offers the run as a suggestion.
    assert f'<option value="{run["id"]}">' in web.get("/store").text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "wrong"}, "'consistent', 'contradicted' or 'unverifiable'"),
        ({"since": "March 3"}, "since must be a date like 2024-05-06"),
        ({"until": "2024-13-01"}, "until must be a date like 2024-05-06"),
        ({"since": "2024-06-01", "until": "2024-01-01"}, "since (2024-06-01) is after until"),
        ({"speaker": "x" * 201}, "at most 200 characters"),
        ({"outlet": "Radio\x00Nine"}, "outlet holds control characters"),
        ({"limit": 0}, "greater than or equal to 1"),
        ({"limit": MAX_LIMIT + 1}, f"less than or equal to {MAX_LIMIT}"),
        ({"offset": -1}, "greater than or equal to 0"),
        ({"offset": MAX_OFFSET + 1}, f"less than or equal to {MAX_OFFSET}"),
    ],
)
def test_api_refuses_bad_filters_with_what_is_allowed(
    web: WebClient, params: dict[str, Any], message: str
) -> None:
    response = web.get("/api/store/findings", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] in ("invalid_filter", "invalid_request")
    assert message in response.json()["error"]["message"]


def test_api_pages_with_limit_and_offset(web: WebClient) -> None:
    seen = []
    for offset in range(0, 8, 4):
        body = web.get("/api/store/findings", params={"limit": 4, "offset": offset}).json()
        assert (body["total"], body["limit"], body["offset"]) == (6, 4, offset)
        seen += [(i["outlet"], i["check"], i["status"]) for i in body["items"]]
    assert seen == ALL
    beyond = web.get("/api/store/findings", params={"offset": MAX_OFFSET}).json()
    assert (beyond["items"], beyond["total"]) == ([], 6)


def test_api_finding_fields_and_links(web: WebClient) -> None:
    (item,) = web.get("/api/store/findings", params={"check": "temporal"}).json()["items"]
    assert item["article_id"] == IDS[3]
    assert (item["speaker"], item["kind"], item["source_kind"]) == (HOSTILE, "indirect", "person")
    assert item["content"] == "the bridge closed in 2019"
    assert (item["date"], item["attribution_id"], item["index"]) == ("2023-11-20", "a1", 0)
    assert item["links"] == {
        "self": f"/api/store/articles/{IDS[3]}",
        "page": f"/store/articles/{IDS[3]}",
    }
    article = web.get(item["links"]["self"]).json()
    assert article["id"] == IDS[3]
    assert article["report"]["article"]["title"] == REPORTS[3].article.title
    assert article["report"]["findings"][0]["explanation"] == REPORTS[3].findings[0].explanation


@pytest.mark.parametrize("bad", ["0" * 63, "Z" * 64, "x%00y", "A" * 64, "x y"])
def test_unknown_articles_are_404(web: WebClient, bad: str) -> None:
    for path in (f"/api/store/articles/{bad}", f"/store/articles/{bad}"):
        response = web.get(path)
        assert response.status_code == 404, (path, response.text[:200])
    assert web.get("/api/store/articles/" + "0" * 64).json()["error"]["code"] == "not_found"


def test_api_stats(web: WebClient) -> None:
    assert web.get("/api/store/stats").json() == {
        "articles": 4,
        "attributions": 6,
        "findings": {"consistent": 3, "contradicted": 2, "unverifiable": 1},
        "errors": 0,
        "runs": 1,
    }


def test_store_routes_are_in_the_openapi_schema(web: WebClient) -> None:
    paths = web.get("/openapi.json").json()["paths"]
    for path in ("/api/store/findings", "/api/store/articles/{article_id}", "/api/store/stats"):
        assert "get" in paths[path], path
    names = {p["name"] for p in paths["/api/store/findings"]["get"]["parameters"]}
    assert names == {
        "status",
        "check",
        "speaker",
        "outlet",
        "since",
        "until",
        "run",
        "limit",
        "offset",
    }
    assert "/store" not in paths


# Pages ---------------------------------------------------------------------------------


def _rows(html: str) -> int:
    return (
        html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")
        if "<tbody>" in html
        else 0
    )


@pytest.mark.parametrize(
    ("params", "rows"),
    [
        ({}, 6),
        ({"status": "contradicted"}, 2),
        ({"status": "", "speaker": "", "since": ""}, 6),  # a blank form field means any
        ({"speaker": "Lena Marsh", "until": "2024-12-31"}, 1),
        ({"outlet": "tideline blog"}, 1),
        ({"check": "title_at_date", "since": "2024-01-01"}, 2),
    ],
)
def test_search_page_filters(web: WebClient, params: dict[str, str], rows: int) -> None:
    response = web.get("/store", params=params)
    assert response.status_code == 200
    assert _rows(response.text) == rows
    assert f"({rows} findings)" in response.text
    # The store-wide counts, each status linking to its search.
    assert "4 articles" in response.text
    assert '<a href="/store?status=contradicted">2 contradicted</a>' in response.text


def test_search_page_keeps_the_form_and_links_rows_to_reports(web: WebClient) -> None:
    text = web.get("/store", params={"speaker": "Omar Bell", "status": "consistent"}).text
    assert 'name="speaker" value="Omar Bell"' in text
    assert '<option value="consistent" selected>' in text
    assert f'href="/store/articles/{IDS[1]}#p-a1"' in text
    assert '<a href="https://ledger.example/library" rel="noopener noreferrer nofollow">' in text
    assert "<form" in text and 'method="get" action="/store"' in text
    # Every check stored is offered.
    assert '<option value="quote_integrity">' in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "wrong"}, "use one of consistent, contradicted, unverifiable"),
        ({"since": "yesterday"}, "since must be a date like 2024-05-06"),
        ({"since": "2024-06-01", "until": "2024-01-01"}, "is after until"),
    ],
)
def test_search_page_says_what_is_allowed(
    web: WebClient, params: dict[str, str], message: str
) -> None:
    response = web.get("/store", params=params)
    assert response.status_code == 422
    assert message in response.text
    assert 'role="alert"' in response.text
    assert 'action="/store"' in response.text  # the form is shown again to fix it


def test_search_page_paginates_with_the_filters(make_app: Any) -> None:
    web = make_app(page_size=2)
    first = web.get("/store", params={"status": "consistent"}).text
    assert _rows(first) == 2
    assert "Page 1 of 2 (3 findings)" in first
    assert 'href="/store?status=consistent&amp;page=2" rel="next"' in first
    second = web.get("/store", params={"status": "consistent", "page": 2}).text
    assert _rows(second) == 1
    assert 'href="/store?status=consistent&amp;page=1" rel="prev"' in second
    assert 'rel="next"' not in second
    beyond = web.get("/store", params={"page": 50})
    assert (beyond.status_code, _rows(beyond.text)) == (200, 0)
    for page in (0, MAX_PAGE + 1, "x"):
        assert web.get("/store", params={"page": page}).status_code == 422


def test_article_text_is_escaped_and_only_http_urls_are_links(web: WebClient) -> None:
    text = web.get("/store").text
    assert HOSTILE not in text
    assert "<script>" not in text and "<b>Nine</b>" not in text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in text
    assert "&lt;script&gt;alert(3)&lt;/script&gt; Evening show" in text
    assert "Radio &lt;b&gt;Nine&lt;/b&gt;" in text
    assert 'href="javascript:' not in text
    assert "javascript:alert(1)</small>" in text  # shown as text, not a link
    assert '<a href="https://radio.example/show?a=1&amp;b=&lt;2&gt;" rel=' in text
    article = web.get(f"/store/articles/{IDS[3]}").text
    assert HOSTILE not in article and "<script>alert" not in article
    assert "Evening show" in article


def test_article_page_renders_the_stored_report(web: WebClient) -> None:
    response = web.get(f"/store/articles/{IDS[0]}")
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    text = response.text
    assert "Ferry timetable to change" in text
    assert "Lena Marsh was no longer port director in March 2024." in text
    assert 'href="/store"' in text  # back to the search
    download = web.get(f"/store/articles/{IDS[0]}/report.json")
    assert download.headers["content-disposition"] == f'attachment; filename="{IDS[0]}.json"'
    assert download.json()["article"]["outlet"] == "Northwire"


def test_the_store_wants_the_token(make_app: Any) -> None:
    web = make_app(api_token=TOKEN)
    pages = ["/store", "/store?status=contradicted", f"/store/articles/{IDS[0]}"]
    for path in pages:
        response = web.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/signin")
    for path in ["/api/store/findings", "/api/store/stats", f"/api/store/articles/{IDS[0]}"]:
        assert web.get(path).status_code == 401
        assert web.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert web.get(path, headers=BEARER).status_code == 200
    assert web.get("/store", headers=BEARER).status_code == 200


# Writing -------------------------------------------------------------------------------


def test_web_audits_are_written_into_the_store(web: WebClient, store_url: str) -> None:
    created = web.post("/api/v1/audits", json={"text": SAMPLE_TEXT, "date": "2024-05-06"})
    assert created.status_code == 201
    key = created.json()["report"]["article"]["sha256"]
    posted = web.post_form("/audits", {"text": "Ann Lee said the tide was late."})
    assert posted.status_code == 303
    with open_store(store_url) as store:
        assert store.stats()["articles"] == 6
        assert store.report(key).findings[0].explanation == "Ada Quill left office on 2023-12-31."
    found = web.get("/api/store/findings", params={"speaker": "Ada Quill"}).json()
    assert {item["article_id"] for item in found["items"]} == {key}
    assert web.get(f"/store/articles/{key}").status_code == 200
    # The app's own list still has both, with their pages.
    assert web.get("/api/v1/audits").json()["total"] == 2
    # The same article again is listed again but stored once.
    assert web.post("/api/v1/audits", json={"text": SAMPLE_TEXT}).status_code == 201
    assert web.get("/api/store/stats").json()["articles"] == 6


def test_store_url_becomes_the_quote_store(
    make_app: Any, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Settings] = []

    def fake_audit(article: Article, settings: Settings) -> Report:
        seen.append(settings)
        return Report(article=article)

    monkeypatch.setattr(web_app, "audit_article", fake_audit)
    web = make_app(audit_fn=None)
    assert web.post("/api/v1/audits", json={"text": "Ann said so."}).status_code == 201
    assert seen[0].quote_store == store_url
    assert seen[0].time_budget_per_100k == 10.0  # the web app's other defaults stay
    given = make_app(audit_fn=None, audit=Settings(quote_store="sqlite:///elsewhere.db"))
    assert given.post("/api/v1/audits", json={"text": "Bo said so."}).status_code == 201
    assert seen[1].quote_store == "sqlite:///elsewhere.db"


ORIGIN = Path(__file__).resolve().parents[1] / "fixtures" / "origin"


def test_a_web_audit_on_a_store_traces_its_quotes(make_app: Any, store_url: str) -> None:
    """End to end: the real audit, the store's quote index, the report the API returns."""
    from sourcecheck.audit import audit_file

    with open_store(store_url) as store:
        store.add_report(audit_file(ORIGIN / "reference" / "2019-quill-terminal.txt"))
    web = make_app(audit_fn=None)
    text = (ORIGIN / "wire-misattributed.txt").read_text(encoding="utf-8")
    created = web.post("/api/v1/audits", json={"text": text})
    assert created.status_code == 201, created.text
    report = created.json()["report"]
    origin = [f for f in report["findings"] if f["check"] == "quote_origin"]
    assert [f["status"] for f in origin] == ["contradicted"]
    assert "misattributed" in origin[0]["explanation"]
    assert "Quill" in origin[0]["explanation"]
    assert not any("quote_origin was skipped" in note for note in report["notes"])


def test_without_a_store_url_the_app_file_is_the_report_store(
    make_client: Any, tmp_path: Path
) -> None:
    db = tmp_path / "own.sqlite"
    web = make_client(db_path=db)
    created = web.post("/api/v1/audits", json={"text": SAMPLE_TEXT})
    key = created.json()["report"]["article"]["sha256"]
    with open_store(db) as store:
        assert store.has(key)
    assert web.get("/api/store/stats").json()["articles"] == 1
    assert _rows(web.get("/store", params={"status": "contradicted"}).text) == 1


def test_past_audits_are_copied_into_an_empty_store(make_app: Any, tmp_path: Path) -> None:
    from sourcecheck.store import Store
    from sourcecheck.web.browse import copy_audits

    db = tmp_path / "upgraded.sqlite"
    old = Store(db)
    for report in REPORTS[:2]:
        old.add(report)
    # The first start after an upgrade: the app's own file has audits, no report rows.
    web = make_app(db_path=db, store_url=None)
    assert web.get("/api/store/stats").json()["articles"] == 2
    assert _found(web, outlet="Northwire") == ALL[2:4]
    with open_store(db) as store:
        assert copy_audits(old, store) == 0  # a store with articles is left alone
    # A store that already holds articles (the filled one) gets none of them.
    old.add(sample_report())
    filled = make_app(db_path=db)
    assert filled.get("/api/store/stats").json()["articles"] == 4


def test_a_failing_store_keeps_the_audit_out_of_both_lists(
    web: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcecheck.store import ReportStore, StoreError

    def down(self: ReportStore, report: Report, *args: Any, **kwargs: Any) -> bool:
        raise StoreError("cannot write a report to the store: server closed the connection")

    monkeypatch.setattr(ReportStore, "add_report", down)
    response = web.post("/api/v1/audits", json={"text": SAMPLE_TEXT})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "store_unavailable"
    assert web.get("/api/v1/audits").json()["total"] == 0
    assert web.get("/api/store/stats").json()["articles"] == 4
