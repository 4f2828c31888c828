"""The command line: formats, dates, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from sourcecheck.cli import app

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "ocean-plastics-talks.txt"
SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8"))

runner = CliRunner()

SHORT = "“The bridge will open in May,” Mayor Lena Ortiz said on Monday.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


def test_check_example_prints_terminal_report() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Attributions" in result.stdout
    assert "2023-06-14 (from front-matter)" in result.stdout
    assert "Ursula von der Leyen" in result.stdout


def test_json_output_validates_and_carries_date_source(article: Path) -> None:
    result = runner.invoke(app, ["check", str(article), "--format", "json", "--no-checks"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["article"]["date_source"] == "none"
    assert data["article"]["path"] == str(article)
    [att] = data["attributions"]
    assert att["kind"] == "direct"
    assert att["cue"]["text"] == "said"
    assert "Lena Ortiz" in att["source"]["text"]


def test_date_option_overrides_and_is_reported(article: Path) -> None:
    result = runner.invoke(
        app, ["check", str(article), "-f", "json", "--date", "2024-02-29", "--no-checks"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["date"] == "2024-02-29"
    assert json.loads(result.stdout)["article"]["date_source"] == "cli"


def test_bad_date_is_a_usage_error(article: Path) -> None:
    result = runner.invoke(app, ["check", str(article), "--date", "29/02/2024"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_stdin_is_read_with_dash() -> None:
    result = runner.invoke(app, ["check", "-", "-f", "json", "--no-checks"], input=SHORT)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["attributions"][0]["cue"]["text"] == "said"


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Se\xf1or P\xe9rez said it.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("word " * 400, encoding="utf-8")
    nomain = tmp_path / "nomain.html"
    nomain.write_text("<html><head><title>x</title></head><body></body></html>", "utf-8")
    return {
        "missing": (tmp_path / "nope.txt", "not found"),
        "binary": (binary, "binary"),
        "non-utf8": (latin1, "UTF-8"),
        "empty": (empty, "empty"),
        "too-large": (big, "limit"),
        "no-main-text": (nomain, "main text"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "binary", "non-utf8", "empty", "too-large", "no-main-text"]
)
def test_bad_input_one_line_error_exit_2(tmp_path: Path, case: str) -> None:
    path, words = _bad_inputs(tmp_path)[case]
    result = runner.invoke(app, ["check", str(path), "--max-bytes", "1000"])
    assert result.exit_code == 2, result.output
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(error_lines) == 1
    assert str(path) in result.stderr.replace("\n", "")
    assert words.lower() in result.stderr.lower()
    assert result.stdout == ""


def test_batch_with_one_bad_input_audits_the_rest_exit_1(tmp_path: Path, article: Path) -> None:
    missing = tmp_path / "missing.txt"
    other = tmp_path / "other.txt"
    other.write_text("Officials said the road would close.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["check", str(article), str(missing), str(other), "-f", "jsonl", "--no-checks"]
    )
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    assert lines[1]["input"] == str(missing)
    assert lines[1]["error"]["type"] == "InputError"
    assert lines[2]["article"]["path"] == str(other)


def test_directory_input_is_expanded_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "c.html", "skip.pdf"):
        (tmp_path / name).write_text(
            "<p>Officials said it would rain.</p>" if name.endswith("html") else SHORT, "utf-8"
        )
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "jsonl", "--no-checks"])
    assert result.exit_code == 0, result.output
    paths = [Path(json.loads(line)["article"]["path"]).name for line in result.stdout.splitlines()]
    assert paths == ["a.txt", "b.txt", "c.html"]


def test_out_option_writes_markdown(tmp_path: Path, article: Path) -> None:
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["check", str(article), "-f", "md", "-o", str(out), "--no-checks"])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# ")
    assert "| said |" in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["kb", "who", "Alicia Barcena"], "Secretary of Foreign Affairs"),
        (["kb", "holders", "President", "-j", "Peru", "--on", "2022-12-01"], "Pedro Castillo"),
        (["serve", "--help"], "--port"),
        (["version"], "sourcecheck "),
    ],
)
def test_subcommands_are_mounted(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def test_peru_article_two_titles_contradicted_at_its_date(shared_dir: Path) -> None:
    path = shared_dir / "articles" / "peru-embassy-asylum.txt"
    result = runner.invoke(app, ["check", str(path), "-f", "json", "--date", "2025-11-04"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    by_id = {a["id"]: a for a in data["attributions"]}
    contradicted = sorted(
        by_id[f["attribution_id"]]["source"]["name"]
        for f in data["findings"]
        if f["status"] == "contradicted"
    )
    assert contradicted == ["Alicia Bárcena", "Luis Almagro"]


def test_cli_json_equals_the_api_report(article: Path) -> None:
    """The command line keeps its own path handling; its report is the API's."""
    from sourcecheck import audit

    result = runner.invoke(app, ["check", str(article), "-f", "json", "--date", "2024-02-29"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == audit(article, date="2024-02-29").to_dict()


BELIEF = (
    "Officials said the bridge would close in May. Some residents view the closure as a mistake.\n"
)


def test_check_lists_speech_and_document_unless_all(tmp_path: Path) -> None:
    path = tmp_path / "view.txt"
    path.write_text(BELIEF, encoding="utf-8")
    env = {"COLUMNS": "200"}
    data = json.loads(runner.invoke(app, ["check", str(path), "-f", "json", "--no-checks"]).stdout)
    categories = [a["category"] for a in data["attributions"]]
    assert categories == ["speech", "belief"]  # JSON keeps every attribution
    default = runner.invoke(app, ["check", str(path), "--no-checks"], env=env)
    assert default.exit_code == 0, default.output
    assert "2 attributions (1 speech/document shown; --all for 1 more)" in default.stdout
    assert "Some residents" not in default.stdout
    everything = runner.invoke(app, ["check", str(path), "--no-checks", "--all"], env=env)
    assert "2 attributions (1 speech/document, 1 belief/other)" in everything.stdout
    assert "Some residents" in everything.stdout
    md = runner.invoke(app, ["check", str(path), "-f", "md", "--no-checks", "--all"]).stdout
    assert "| belief |" in md


def test_eval_polnear_prints_category_counts(tmp_path: Path) -> None:
    text = "The mayor said the bridge will close. Some voters view the plan as a mistake."
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(text, encoding="utf-8")
    ann = (
        "T1\tSource 0 9\tThe mayor\nT2\tCue 10 14\tsaid\nT3\tContent 15 36\tthe bridge will close\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    (tmp_path / "attributions" / "doc_4b22.ann").write_text(ann, encoding="utf-8")
    as_json = runner.invoke(app, ["eval", "polnear", str(tmp_path), "--json"])
    assert as_json.exit_code == 0, as_json.output
    by_category = json.loads(as_json.stdout)["by_category"]
    assert by_category["predicted"]["belief"] == 1 and by_category["matched"]["speech"] == 1
    table = runner.invoke(app, ["eval", "polnear", str(tmp_path)], env={"COLUMNS": "200"})
    assert "by category (predicted / gold-matched): speech 1/1" in table.stdout


def test_library_warnings_show_only_under_verbose() -> None:
    # "WARNING trafilatura.core: discarding data: None" leaked before our own error.
    import logging

    from sourcecheck import cli as cli_module

    cli_module._configure_logging(False)
    assert not logging.getLogger("trafilatura.core").isEnabledFor(logging.WARNING)
    assert logging.getLogger("sourcecheck").isEnabledFor(logging.WARNING)
    cli_module._configure_logging(True)
    assert logging.getLogger("trafilatura.core").isEnabledFor(logging.DEBUG)
    cli_module._configure_logging(False)


def test_one_bad_input_never_costs_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A crash inside one input (here forced) is that input's error; the others are
    # written as they finish, and the JSON list stays valid.
    import sourcecheck.cli as cli_module

    good = tmp_path / "a-good.txt"
    good.write_text("The mayor said the bridge would reopen on Monday.\n", encoding="utf-8")
    bad = tmp_path / "b-bad.txt"
    bad.write_text("The governor said the road was closed.\n", encoding="utf-8")
    real = cli_module.audit_article

    def flaky(article, settings):  # type: ignore[no-untyped-def]
        if article.path and article.path.endswith("b-bad.txt"):
            raise ValueError("Invalid IPv6 URL")
        return real(article, settings)

    monkeypatch.setattr(cli_module, "audit_article", flaky)
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "jsonl", "--no-checks"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in line) for line in lines] == [False, True]
    assert lines[1]["error"]["type"] == "ValueError"
    assert "could not be audited" in result.stderr
    listed = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "--no-checks"])
    assert len(json.loads(listed.stdout)) == 1


@pytest.mark.parametrize(
    "name",
    ["bad[/b]name.txt", "esc\x1b]8;;http://evil.example\x1b\\x.txt", "two\nsourcecheck: ok.txt"],
)
def test_names_and_messages_are_printed_as_data(name: str) -> None:
    result = runner.invoke(app, ["check", name])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sourcecheck: error:")  # no forged line
    assert "[/b]" in result.stderr or "[" not in name  # markup shown as text, not parsed


def test_a_file_name_too_long_is_an_input_error() -> None:
    result = runner.invoke(app, ["check", "a" * 300])
    assert result.exit_code == 2
    assert "is not a usable file name" in result.stderr


# -- inputs through the reader registry (JSONL, WARC, feeds, URL lists, manifests) ---------

READERS = REPO / "tests" / "fixtures" / "ingest" / "readers"


def test_jsonl_input_audits_each_line_and_records_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"text": SHORT, "id": "one"}), "{broken", json.dumps({"html": "<p>x"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "-f", "jsonl", "--no-checks"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record in records:
        jsonschema.validate(record, SCHEMA)
    assert records[0]["article"]["path"] == f"{path}#one"
    assert [r.get("input") for r in records[1:]] == [f"{path}:2", f"{path}:3"]
    assert "not valid JSON" in records[1]["error"]["message"]


def test_one_collection_input_is_a_json_list(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": SHORT}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "-f", "json", "--no-checks"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 1


def test_warc_input_reports_what_it_skipped() -> None:
    archive = READERS / "archive.warc.gz"
    result = runner.invoke(app, ["check", str(archive), "-f", "jsonl", "--no-checks"])
    assert result.exit_code == 1  # the menu page has no main text
    paths = [json.loads(line).get("article", {}).get("path") for line in result.stdout.splitlines()]
    assert paths[:3] == [f"{archive}#3", f"{archive}#7", f"{archive}#8"]
    assert "skipped 1 warc: HTTP status not 2xx, 1 warc: not HTML, 3 warc: not a" in (
        " ".join(result.stderr.split())
    )


def test_manifest_and_dates_from_filename(tmp_path: Path) -> None:
    (tmp_path / "2016-09-12-bridge.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "m.csv").write_text("path,date\n2016-09-12-bridge.txt,\n", encoding="utf-8")
    args = ["check", str(tmp_path / "m.csv"), "-f", "jsonl", "--no-checks"]
    plain = json.loads(runner.invoke(app, args).stdout)
    assert plain["article"]["date"] is None
    dated = json.loads(runner.invoke(app, [*args, "--dates-from", "filename"]).stdout)
    assert dated["article"]["date"] == "2016-09-12"
    bad = runner.invoke(app, [*args, "--dates-from", "title"])
    assert bad.exit_code == 2 and "filename" in bad.output


def test_unknown_kind_is_one_error_listing_the_kinds(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert ".jsonl" in result.stderr and ".warc.gz" in result.stderr


def test_hostile_jsonl_keys_reach_the_terminal_escaped(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"[/b]\x1b]8;;http://evil.example\x1b\\": 1}) + "\n", "utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "[/b]" in result.stderr


def test_url_list_option_fetches_through_the_polite_fetcher(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = f"<html><body><article><p>{SHORT}</p><p>{SHORT}</p></article></body></html>"
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits.append(self.path)
            robots = self.path == "/robots.txt"
            body = b"User-agent: *\nDisallow: /no/\n" if robots else page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if robots else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# two pages\n{base}/2016/09/12/a\n{base}/no/b\n", encoding="utf-8")
        args = ["check", "-i", str(urls), "-f", "jsonl", "--no-checks", "--delay", "0"]
        refused = runner.invoke(app, args)
        assert refused.exit_code == 1 and "loopback" in refused.stderr
        result = runner.invoke(
            app, [*args, "--allow-network", "127.0.0.1/32", "--dates-from", "url"]
        )
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["article"]["url"] == f"{base}/2016/09/12/a"
    assert first["article"]["date"] == "2016-09-12"
    assert second["input"] == f"{base}/no/b" and "robots.txt" in second["error"]["message"]
    assert hits == ["/robots.txt", "/2016/09/12/a"]


def test_batch_and_store_commands_are_mounted() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "batch" in result.stdout and "store" in result.stdout
    result = runner.invoke(app, ["store", "--help"])
    assert "query" in result.stdout and "stats" in result.stdout


def test_batch_store_error_says_how_to_fix(tmp_path: Path, article: Path) -> None:
    result = runner.invoke(
        app, ["batch", str(article), "--store", "mysql://db/x", "-w", "1", "--no-checks"]
    )
    assert result.exit_code == 2
    assert "unknown kind of store" in result.output and "sqlite:///" in result.output
