"""read_article: files, stdin, sniffing, and every way an input can be refused."""

from __future__ import annotations

import hashlib
import io
import pathlib
from pathlib import Path

import pytest

from sourcecheck.errors import InputError
from sourcecheck.ingest import read_article
from sourcecheck.records import DateSource

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
ARTICLE = "The minister said on Tuesday that the talks would resume in March.\n"
PAGE = (
    "<!DOCTYPE html><html><head><title>Talks</title></head><body><article>"
    "<p>The minister said on Tuesday that the talks would resume in March, "
    '<a href="https://ministry.example/statement">according to a statement</a>.</p>'
    "<p>Negotiators from both sides have met four times since the summer.</p>"
    "</article></body></html>"
)


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "fragments"),
    [
        ("empty.txt", b"", ["the file is empty"]),
        ("blank.txt", b" \n\t\r\n", ["only whitespace"]),
        ("bom-only.txt", b"\xef\xbb\xbf", ["is empty"]),
        ("nul.txt", b"Some text\x00\x01\x02 more", ["binary", "NUL byte", "byte offset 9"]),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ["a PDF document", ".txt"]),
        ("story.txt", b"PK\x03\x04\x14\x00\x06\x00", [".docx", "plain text"]),
        ("wide.txt", "Hello".encode("utf-16"), ["UTF-16", "iconv"]),
        ("latin.txt", b"Line one\ncaf\xe9 au lait\n", ["not valid UTF-8", "0xE9", "offset 12"]),
        ("latin2.txt", b"Line one\ncaf\xe9 au lait\n", ["line 2", "re-encode", "iconv"]),
        ("ctrl.txt", b"ab\x01\x02\x03\x04\x05\x06\x07\x08cd" * 20, ["binary", "control"]),
        ("notes.pdf", ARTICLE.encode(), ["'.pdf'", ".txt, .html, .htm"]),
        ("story.docx", ARTICLE.encode(), ["'.docx'", "allowed"]),
        ("bad-fm.txt", b"---\ntitle: T\n" + ARTICLE.encode(), ["never closed"]),
        ("bad-date.txt", b"---\ndate: someday\n---\n" + ARTICLE.encode(), ["'date'", "someday"]),
        ("menu.html", (FIXTURES / "navigation_only.html").read_bytes(), ["HTML has no main text"]),
        ("blank.html", b"<html><body>  </body></html>", ["HTML has no main text"]),
        ("utf8-declared.html", b'<meta charset="utf-8"><p>caf\xe9</p>', ["not valid UTF-8"]),
    ],
)
def test_refused_files_name_the_file_and_the_problem(
    tmp_path: Path, name: str, data: bytes, fragments: list[str]
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert caught.value.source == path
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match="file not found"):
        read_article(path)


def test_missing_relative_file_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=f"relative to {tmp_path}"):
        read_article("nowhere.txt")


@pytest.mark.parametrize(
    ("files", "fragment"),
    [(["a.txt"], "is a directory; name the article files"), ([], "no .txt, .html or .htm")],
)
def test_directory_is_refused(tmp_path: Path, files: list[str], fragment: str) -> None:
    for name in files:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match=fragment):
        read_article(tmp_path)


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "big.txt", b"word " * 200)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(pathlib.Path, "open", no_open)
    with pytest.raises(InputError) as caught:
        read_article(path, max_bytes=100)
    message = str(caught.value)
    for fragment in ["is 1,000 bytes", "limit of 100 bytes", "--max-bytes"]:
        assert fragment in message


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    data = ARTICLE.encode()
    path = _write(tmp_path, "exact.txt", data)
    assert read_article(path, max_bytes=len(data)).text == ARTICLE


def test_non_positive_limit_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", ARTICLE.encode())
    with pytest.raises(InputError, match="not a positive number") as caught:
        read_article(path, max_bytes=0)
    assert caught.value.source == "--max-bytes"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "secret.txt", ARTICLE.encode())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Simulated: chmod does not stop root, and CI may run as root.
    monkeypatch.setattr(pathlib.Path, "open", denied)
    with pytest.raises(InputError, match="permission denied") as caught:
        read_article(path)
    assert caught.value.source == path


@pytest.mark.parametrize(
    ("name", "data", "is_html"),
    [
        ("story.txt", ARTICLE.encode(), False),
        ("STORY.TXT", ARTICLE.encode(), False),
        ("page.html", PAGE.encode(), True),
        ("page.HTM", PAGE.encode(), True),
        ("no-extension", ARTICLE.encode(), False),
        ("no-extension-page", b"\n  " + PAGE.encode(), True),
        ("markup.txt", b"<p>Shown as text: the extension decides.</p>\n", False),
    ],
)
def test_type_follows_extension_then_content(
    tmp_path: Path, name: str, data: bytes, is_html: bool
) -> None:
    path = _write(tmp_path, name, data)
    article = read_article(path)
    assert article.path == path
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    if is_html:
        assert article.title == "Talks"
        assert article.text.startswith("The minister said on Tuesday")
        assert [link.href for link in article.links] == ["https://ministry.example/statement"]
    else:
        assert article.text == data.decode()
        assert article.links == ()


def test_bom_is_stripped_but_hashed(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + ARTICLE.encode()
    path = _write(tmp_path, "bom.txt", data)
    article = read_article(Path(path))
    assert article.text == ARTICLE
    assert article.path == path
    assert article.sha256 == hashlib.sha256(data).hexdigest()


def test_front_matter_file(tmp_path: Path) -> None:
    article = read_article(FIXTURES / "front_matter.txt")
    assert article.date_source is DateSource.FRONT_MATTER
    assert article.outlet == "The Riverton Gazette"


def test_html_in_declared_windows_1252(tmp_path: Path) -> None:
    page = PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace("March", "März")
    data = page.encode("cp1252")
    path = _write(tmp_path, "old.html", data)
    article = read_article(path)
    assert "resume in März" in article.text
    assert article.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "is_html"),
    [(ARTICLE.encode(), False), (PAGE.encode(), True), (b"\xef\xbb\xbf" + PAGE.encode(), True)],
)
def test_stdin_is_sniffed(data: bytes, is_html: bool) -> None:
    article = read_article("-", stdin=io.BytesIO(data))
    assert article.path == "-"
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert bool(article.links) is is_html
    assert article.text.startswith("The minister said on Tuesday")


@pytest.mark.parametrize(
    ("data", "max_bytes", "fragments"),
    [
        (b"", 100, ["standard input is empty"]),
        (b"  \n", 100, ["standard input contains only whitespace"]),
        (b"x" * 101, 100, ["standard input is more than 100 bytes", "--max-bytes"]),
        (b"caf\xe9", 100, ["standard input is not valid UTF-8", "offset 3"]),
        (b"\x00\x01binary", 100, ["standard input is binary"]),
    ],
)
def test_stdin_errors(data: bytes, max_bytes: int, fragments: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        read_article("-", max_bytes=max_bytes, stdin=io.BytesIO(data))
    assert caught.value.source == "-"
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_stdin_reads_no_more_than_the_limit() -> None:
    stream = io.BytesIO(b"y" * 10_000)
    with pytest.raises(InputError):
        read_article("-", max_bytes=100, stdin=stream)
    assert stream.tell() == 101


@pytest.mark.parametrize("text", ["\ud800 said the mayor.", "The mayor said \udfff."])
def test_a_lone_surrogate_is_an_input_error(text: str) -> None:
    # It raised UnicodeEncodeError in the API (HTTP 500).
    import sourcecheck

    with pytest.raises(InputError) as caught:
        sourcecheck.audit(text)
    assert "lone surrogate" in str(caught.value)
