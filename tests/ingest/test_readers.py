"""The reader registry: how a kind is chosen, each local reader, error records, laziness."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.ingest.readers.make_warc import STORY, standard_records, write_warc
from sourcecheck.errors import InputError
from sourcecheck.ingest import (
    KINDS,
    ReadError,
    ReadOptions,
    ReadStats,
    detect_kind,
    read_article,
    read_input,
    read_inputs,
)
from sourcecheck.ingest.readers.base import Context
from sourcecheck.ingest.readers.fetcher import PoliteFetcher
from sourcecheck.ingest.readers.filedates import date_from_name, date_from_url
from sourcecheck.ingest.readers.jsonl import read_jsonl_stream
from sourcecheck.records import Article, DateSource

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "readers"
TEXT = "The minister said on Tuesday that the talks would resume in March.\n"


def _split(items: Iterator[Article | ReadError]) -> tuple[list[Article], list[ReadError]]:
    articles: list[Article] = []
    errors: list[ReadError] = []
    for item in items:
        (errors if isinstance(item, ReadError) else articles).append(item)  # type: ignore[arg-type]
    return articles, errors


# -- how a kind is chosen ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.txt", TEXT.encode(), "text"),
        ("A.TXT", TEXT.encode(), "text"),
        ("a.html", b"<p>x</p>", "html"),
        ("a.htm", b"<p>x</p>", "html"),
        ("a.jsonl", b"{}", "jsonl"),
        ("a.ndjson", b"{}", "jsonl"),
        ("a.warc", b"WARC/1.1\r\n", "warc"),
        ("a.warc.gz", b"", "warc"),
        ("a.WARC.GZ", b"", "warc"),
        ("a.rss", b"<rss/>", "feed"),
        ("a.atom", b"<feed/>", "feed"),
        ("a.xml", b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0"></rss>', "feed"),
        ("b.xml", b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
        ("a.csv", b"path,date\n", "manifest"),
        ("a.urls", b"https://x.example/\n", "urls"),
        ("noext", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("noext", b"<?xml version='1.0'?><rss></rss>", "feed"),
        ("noext", b"<html><p>x</p></html>", "text"),  # text or HTML: read_text sniffs '<'
        ("noext", TEXT.encode(), "text"),
    ],
)
def test_kind_by_extension_and_content(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_kind(str(path)) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("-", "stdin"),
        ("@urls.txt", "urls"),
        ("https://news.example/2016/09/12/story", "url"),
        ("http://news.example/feed", "feed"),
        ("https://news.example/rss/", "feed"),
        ("https://news.example/index.xml?page=2", "feed"),
        ("https://news.example/atom.atom", "feed"),
        ("missing.jsonl", "jsonl"),
        ("missing", "text"),
    ],
)
def test_kind_by_name(name: str, kind: str) -> None:
    assert detect_kind(name) == kind


def test_gzipped_warc_without_the_warc_extension_is_sniffed(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.gz", standard_records()[:3])
    assert detect_kind(str(path)) == "warc"


def test_a_directory_is_a_directory(tmp_path: Path) -> None:
    assert detect_kind(str(tmp_path)) == "directory"


@pytest.mark.parametrize("name", ["notes.pdf", "page.xml", "data.json", "x.gz"])
def test_unknown_kind_lists_the_allowed_kinds(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"<html></html>" if name.endswith("xml") else b"{}")
    with pytest.raises(InputError) as caught:
        detect_kind(str(path))
    message = str(caught.value)
    for fragment in (str(path), "does not read", ".jsonl", ".warc.gz", ".rss", ".csv", "@FILE"):
        assert fragment in message
    # read_input never raises: the input is one error record naming it.
    [item] = list(read_input(str(path)))
    assert isinstance(item, ReadError) and item.item == str(path)


def test_every_kind_has_a_reader_and_a_description() -> None:
    assert set(KINDS) == {
        "text", "html", "stdin", "url", "directory", "jsonl", "warc", "feed", "manifest", "urls"
    }  # fmt: skip
    assert all(k.describes and callable(k.read) for k in KINDS.values())
    forced = list(read_input(str(FIXTURES / "articles.jsonl"), kind="nope"))
    assert isinstance(forced[0], ReadError) and "allowed: text, html" in str(forced[0].error)


# -- text, HTML, stdin, directories: today's readers, now with a format ------------------


def test_text_and_html_set_the_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.html").write_bytes((FIXTURES / "articles" / "council.html").read_bytes())
    (tmp_path / "c").write_bytes((FIXTURES / "articles" / "council.html").read_bytes())
    formats = [read_article(tmp_path / n).format for n in ("a.txt", "b.html", "c")]
    assert formats == ["text", "html", "html"]
    [stdin] = list(read_input("-", ReadOptions(stdin=io.BytesIO(TEXT.encode()))))
    assert isinstance(stdin, Article) and (stdin.format, stdin.path) == ("text", "-")


def test_directory_reader_is_recursive_sorted_and_records_bad_files(tmp_path: Path) -> None:
    for name, data in [("b.txt", TEXT), ("a/z.html", STORY), ("a/empty.txt", ""), (".h.txt", TEXT)]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(data)
    items = list(read_input(str(tmp_path)))
    assert [getattr(i, "path", None) or i.item for i in items] == [  # type: ignore[union-attr]
        str(tmp_path / "a" / "empty.txt"),
        str(tmp_path / "a" / "z.html"),
        str(tmp_path / "b.txt"),
    ]
    assert isinstance(items[0], ReadError) and "is empty" in str(items[0].error)
    assert [getattr(i, "format", None) for i in items[1:]] == ["html", "text"]


def test_empty_directory_is_one_error_record(tmp_path: Path) -> None:
    [item] = list(read_input(str(tmp_path)))
    assert isinstance(item, ReadError) and "no .txt, .html or .htm" in str(item.error)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("articles.jsonl", "(jsonl), not one article file; read it with"),
        ("archive.warc.gz", "(warc)"),
        ("manifest.csv", "(manifest)"),
        ("feed.rss", "(feed)"),
    ],
)
def test_read_article_points_collections_to_read_inputs(name: str, fragment: str) -> None:
    with pytest.raises(InputError, match="read_inputs") as caught:
        read_article(FIXTURES / name)
    assert fragment in str(caught.value)


# -- JSON Lines ---------------------------------------------------------------------------


def test_jsonl_fixture_articles_and_error_records() -> None:
    name = str(FIXTURES / "articles.jsonl")
    articles, errors = _split(read_input(name))
    first, second = articles
    assert (first.path, first.format, first.title, first.outlet) == (
        f"{name}#a1",
        "text",
        "Talks to resume",
        "The Example Times",
    )
    assert (first.date, first.date_source) == (dt.date(2025, 11, 4), DateSource.INPUT)
    assert (second.path, second.format) == (f"{name}:2", "html")
    assert second.url == "https://news.example/2024/05/06/report"
    assert "published next week" in second.text
    expected = {
        4: "not valid JSON",
        5: "JSON list, not an object",
        6: "has no 'text', 'html' or 'url' (its keys: 'title')",
        7: "'date' is 'sometime'",
        8: "has both 'text' and 'html'",
        9: "'text' is a JSON int",
    }
    assert [e.item for e in errors] == [f"{name}:{n}" for n in expected]
    for error, fragment in zip(errors, expected.values(), strict=True):
        assert str(error.error).startswith(f"{name}:")
        assert fragment in str(error.error)


def test_jsonl_line_over_the_limit_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = [json.dumps({"text": "x " * 400}), json.dumps({"text": TEXT})]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_input(str(path), ReadOptions(max_bytes=200)))
    assert isinstance(items[0], ReadError) and items[0].item == f"{path}:1"
    assert "over the limit of 200 bytes" in str(items[0].error)
    assert isinstance(items[1], Article) and items[1].path == f"{path}:2"


def test_jsonl_record_metadata_wins_over_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    text = "---\ntitle: Old\ndate: 2020-01-01\n---\n" + TEXT
    path.write_text(json.dumps({"text": text, "title": "New", "date": "4 November 2025"}) + "\n")
    [article] = list(read_input(str(path)))
    assert isinstance(article, Article)
    assert (article.title, article.date) == ("New", dt.date(2025, 11, 4))


class _CountingStream(io.RawIOBase):
    """A binary stream that serves many JSON lines and counts how much was read."""

    def __init__(self, lines: int) -> None:
        self._data = io.BytesIO(
            b"".join(
                json.dumps({"text": f"Line {n}: {TEXT}"}).encode() + b"\n" for n in range(lines)
            )
        )
        self.size = len(self._data.getbuffer())
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(min(len(buffer), 4096))
        buffer[: len(chunk)] = chunk
        self.read_bytes += len(chunk)
        return len(chunk)


def test_jsonl_is_lazy_the_first_article_before_the_file_is_read() -> None:
    raw = _CountingStream(20_000)
    stream = io.BufferedReader(raw, buffer_size=4096)
    context = Context(ReadOptions(), ReadStats(), PoliteFetcher())
    items = read_jsonl_stream(stream, "many.jsonl", context)
    assert raw.read_bytes == 0  # a generator: nothing read until asked
    first = next(items)
    assert isinstance(first, Article) and first.text.startswith("Line 0:")
    assert raw.read_bytes <= 8192 < raw.size // 100  # one buffer or two of 2.6 MB
    second = next(items)
    assert isinstance(second, Article) and second.path == "many.jsonl:2"


def test_read_inputs_is_lazy_across_inputs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    items = read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "missing.txt")])
    first = next(items)
    assert isinstance(first, Article)
    second = next(items)
    assert isinstance(second, ReadError) and "file not found" in str(second.error)


# -- WARC ---------------------------------------------------------------------------------


def test_warc_fixture_reads_html_responses_and_counts_the_rest() -> None:
    name = str(FIXTURES / "archive.warc.gz")
    stats = ReadStats()
    articles, errors = _split(read_input(name, stats=stats))
    assert [a.url for a in articles] == [
        "https://news.example/2016/09/11/flood",
        "https://news.example/budget",
        "https://news.example/undated",
    ]
    assert [a.path for a in articles] == [f"{name}#3", f"{name}#7", f"{name}#8"]
    assert {a.format for a in articles} == {"html"}
    # The page's own date wins; WARC-Date (capture) fills in when the page has none.
    assert articles[1].date == dt.date(2016, 3, 1)
    assert (articles[2].date, articles[2].date_source) == (
        dt.date(2016, 9, 12),
        DateSource.CAPTURED,
    )
    [menu] = errors
    assert menu.item == f"{name}#9" and "no main text" in str(menu.error)
    assert dict(stats.skipped) == {
        "warc: not a response record": 3,  # warcinfo, request, revisit
        "warc: not HTML": 1,
        "warc: HTTP status not 2xx": 1,
    }


def test_uncompressed_warc_and_record_limit(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "a.warc", standard_records(), gzip=False)
    articles, _ = _split(read_input(str(path)))
    assert len(articles) == 3
    _, errors = _split(read_input(str(path), ReadOptions(max_bytes=100)))
    assert any("over the limit of 100 bytes" in str(e.error) for e in errors)


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("keep", [1.0, 0.99, 0.75, 0.5, 0.3])
def test_a_cut_archive_says_so_after_the_whole_records(
    tmp_path: Path, gzip: bool, keep: float
) -> None:
    whole_path = write_warc(tmp_path / "whole.warc", standard_records(), gzip=gzip)
    whole = whole_path.read_bytes()
    complete, menu = _split(read_input(str(whole_path)))
    complete_names = [a.path for a in complete]
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: int(len(whole) * keep)])
    items = list(read_input(str(path)))
    articles, errors = _split(items)
    # Only whole records become articles, and they are the complete file's first ones.
    names = [a.path.replace(str(path), str(whole_path)) for a in articles]
    assert names == complete_names[: len(names)]
    if keep == 1.0:
        assert len(articles) == 3 and len(errors) == len(menu) == 1
    else:
        cut = [e for e in errors if "cut short" in str(e.error) or "cannot be read" in str(e.error)]
        assert len(cut) == 1 and items[-1] is cut[0], [str(e.error) for e in errors]
        assert cut[0].item.startswith(f"{path}#")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"hello, this is not an archive", "Invalid WARC header"), (b"", "holds no WARC records")],
)
def test_not_a_warc_is_an_error_record(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(content)
    [item] = list(read_input(str(path)))
    assert isinstance(item, ReadError) and item.item.startswith(str(path))
    assert fragment in str(item.error)


def test_missing_warc_is_one_error_record() -> None:
    [item] = list(read_input("nowhere.warc.gz"))
    assert isinstance(item, ReadError) and "file not found" in str(item.error)


# -- CSV manifests ------------------------------------------------------------------------


def test_manifest_fixture_rows() -> None:
    name = str(FIXTURES / "manifest.csv")
    articles, errors = _split(read_input(name))
    bridge, council = articles
    assert bridge.path == str(FIXTURES / "articles" / "2016-09-12-bridge.txt")
    assert (bridge.date, bridge.outlet, bridge.url) == (
        dt.date(2016, 9, 13),
        "The Riverton Gazette",
        "https://gazette.example/2016/09/13/bridge",
    )
    assert (council.format, council.date) == ("html", None)
    assert [e.item for e in errors] == [f"{name}:4", f"{name}:5"]
    assert "missing.txt: file not found" in str(errors[0].error)
    assert "'someday'" in str(errors[1].error)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("a.txt,2016-01-02\n", None),  # no header: positional
        ("path,date\n,2016-01-02\n", "the row has no path"),
        ("path,date\nnotes.pdf,\n", "'.pdf'"),
        ("path,date\nsub,\n", "is a directory"),
    ],
)
def test_manifest_cases(tmp_path: Path, content: str, fragment: str | None) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "notes.pdf").write_text(TEXT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "m.csv").write_text(content)
    [item] = list(read_input(str(tmp_path / "m.csv")))
    if fragment is None:
        assert isinstance(item, Article) and item.date == dt.date(2016, 1, 2)
    else:
        assert isinstance(item, ReadError) and fragment in str(item.error)


# -- --dates-from ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("2016-09-12-bridge.txt", dt.date(2016, 9, 12)),
        ("bridge_2016_09_12.html", dt.date(2016, 9, 12)),
        ("20160912.txt", dt.date(2016, 9, 12)),
        ("dir/2016-09-12/story.txt", None),  # the file's own name only
        ("2016-13-40.txt", None),
        ("120160912.txt", None),
        ("story.txt", None),
    ],
)
def test_date_from_name(name: str, date: dt.date | None) -> None:
    assert date_from_name(name) == date


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://n.example/2016/09/12/story", dt.date(2016, 9, 12)),
        ("https://n.example/news/2016/09/12", dt.date(2016, 9, 12)),
        ("https://n.example/2016-09-12/story", dt.date(2016, 9, 12)),
        ("https://n.example/story?date=2016/09/12", None),
        ("https://n.example/2016/02/30/story", None),
        ("https://n.example/12016/09/12/story", None),
    ],
)
def test_date_from_url(url: str, date: dt.date | None) -> None:
    assert date_from_url(url) == date


def test_dates_from_fills_only_missing_dates(tmp_path: Path) -> None:
    (tmp_path / "2016-09-12-a.txt").write_text(TEXT)
    (tmp_path / "2016-09-12-b.txt").write_text("---\ndate: 2020-01-01\n---\n" + TEXT)
    lines = [{"text": TEXT, "url": "https://n.example/2015/01/02/x"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(x) for x in lines))
    names = [str(tmp_path / n) for n in ("2016-09-12-a.txt", "2016-09-12-b.txt", "c.jsonl")]
    by_name = [
        (getattr(a, "date", None), getattr(a, "date_source", None))
        for a in read_inputs(names, ReadOptions(dates_from="filename"))
    ]
    assert by_name == [
        (dt.date(2016, 9, 12), DateSource.FILE_NAME),
        (dt.date(2020, 1, 1), DateSource.FRONT_MATTER),
        (None, DateSource.NONE),
    ]
    by_url = [
        (getattr(a, "date", None), getattr(a, "date_source", None))
        for a in read_inputs(names, ReadOptions(dates_from="url"))
    ]
    assert by_url == [
        (None, DateSource.NONE),
        (dt.date(2020, 1, 1), DateSource.FRONT_MATTER),
        (dt.date(2015, 1, 2), DateSource.URL_PATH),
    ]
    plain = [getattr(a, "date", None) for a in read_inputs(names)]
    assert plain == [None, dt.date(2020, 1, 1), None]
