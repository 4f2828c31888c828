"""Terminal and Markdown reports."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from rich.console import Console

from factories import KB_URL, sample_report, span_of
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Evidence,
    Finding,
    Report,
    Source,
    SourceKind,
    Status,
)
from sourcecheck.report.markdown import to_markdown
from sourcecheck.report.text import print_report

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

HOSTILE = (
    "[red]Boss[/red] said \x1b[2J[link=javascript:alert(1)]x[/link] was *fine* | ok. "
    "Then-Mayor [Evil](javascript:alert(2)) <img src=x onerror=alert(3)> left."
)


def _hostile_report() -> Report:
    t = HOSTILE
    att = Attribution(
        id="a1",
        kind=AttributionKind.INDIRECT,
        content=span_of(t, "\x1b[2J[link=javascript:alert(1)]x[/link] was *fine* | ok"),
        cue=span_of(t, "said"),
        source=Source(span_of(t, "[red]Boss[/red]"), SourceKind.PERSON, name="[bold]Boss[/bold]"),
        medium="[blink]tv[/blink]",
    )
    mention = span_of(t, "Then-Mayor [Evil](javascript:alert(2)) <img src=x onerror=alert(3)>")
    evidence = (
        Evidence("kb", "row <b>1</b> | x", "[src](javascript:alert(4))", url="javascript:alert(5)"),
        Evidence("kb", "row 2", "Wiki_data*", url="https://example.org/a|c)d"),
    )
    findings = (
        Finding("c", Status.CONTRADICTED, "[bold red]no[/] \x1b]8;;http://x\x1b\\", "a1", evidence),
        Finding("t", Status.UNVERIFIABLE, "<script>alert(6)</script>", None, evidence, mention),
    )
    article = Article(text=t, title="<b>T</b> [x](javascript:y)", url="javascript:alert(7)")
    return Report(article=article, attributions=(att,), findings=findings)


def _terminal(report: Report, width: int = 320) -> str:
    console = Console(record=True, width=width, color_system=None)
    print_report(report, console)
    return console.export_text()


def test_markdown_matches_golden_file() -> None:
    expected = (GOLDEN / "sample_report.md").read_text("utf-8")
    assert to_markdown(sample_report()) == expected


def test_markdown_lists_mention_findings_and_links_evidence() -> None:
    md = to_markdown(sample_report())
    (row,) = [line for line in md.splitlines() if "then-Mayor" in line]
    assert "| mention “then-Mayor Tom Reed” |" in row
    assert "([Wikidata](https://www.wikidata.org/wiki/Q4115189), as of 2024-01-01)" in row
    assert f"[test fixture]({KB_URL})" in md


def test_markdown_neutralises_hostile_text_and_urls() -> None:
    md = to_markdown(_hostile_report())
    assert "<img" not in md and "<script" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in md
    assert not re.search(r"(?<!\\)\]\((?!https?://)", md)  # links only to http(s)
    assert "\x1b" not in md
    assert "\\[Evil\\](javascript:alert(2))" in md
    # A bad URL is shown as text next to its source; a good one is percent-encoded so it
    # can close neither the link nor the table cell.
    assert "\\[src\\](javascript:alert(4)) (javascript:alert(5))" in md
    assert "[Wiki_data\\*](https://example.org/a%7Cc%29d)" in md
    assert "- **URL:** javascript:alert(7)" in md
    for line in md.splitlines():
        if line.startswith("| **"):
            assert line.replace("\\|", "").count("|") == 6, line  # five cells, no more


def test_terminal_report_leads_with_contradicted_findings() -> None:
    out = _terminal(sample_report())
    assert "4 attributions" in out
    assert out.index("contradicted", out.index("Findings")) < out.index(
        "unverifiable", out.index("Findings")
    )
    for expected in ("Ada Quill", "Harbour Minister", "survey via Coastal Institute", "vague"):
        assert expected in out


def test_terminal_shows_mentions_as_of_and_whole_urls() -> None:
    for width in (320, 80, 40):
        out = _terminal(sample_report(), width)
        lines = out.splitlines()
        assert any(line.strip().endswith(KB_URL) for line in lines), width
        assert "https://www.wikidata.org/wiki/Q4115189" in out
        assert "…" not in "".join(line for line in lines if "https://" in line)
    out = _terminal(sample_report())
    assert "mention “then-Mayor Tom Reed”" in out
    assert "as of 2024-01-01" in out
    (row,) = [line for line in out.splitlines() if "Tom Reed was Mayor" in line]
    assert "#" not in row


def test_terminal_truncates_long_mentions_in_the_on_column() -> None:
    report = sample_report()
    text = (
        report.article.text
        + " Also present was then-Deputy Harbour Commissioner Maximilian Ostrander-Bellweather."
    )
    span = span_of(text, "then-Deputy Harbour Commissioner Maximilian Ostrander-Bellweather")
    finding = Finding("t", Status.UNVERIFIABLE, "Unknown.", None, (), span)
    report = dataclasses.replace(
        report, article=dataclasses.replace(report.article, text=text), findings=(finding,)
    )
    out = _terminal(report)
    assert "mention “then-Deputy Harbour Commissioner…”" in out  # cut between words


def test_terminal_prints_hostile_text_as_text_without_control_codes() -> None:
    console = Console(
        record=True, width=200, color_system="truecolor", force_terminal=True, file=io.StringIO()
    )
    print_report(_hostile_report(), console)
    raw = console.export_text(styles=True, clear=False)
    plain = console.export_text()
    assert "[red]Boss[/red]" in plain and "[bold]Boss[/bold]" in plain
    assert "[bold red]no[/]" in plain
    assert "[blink]tv[/blink]" in plain
    assert "\x1b[2J" not in raw and "\x1b]8;;http://x" not in raw
    assert "javascript:alert(5)" in plain  # shown, as text
    # Only the http(s) URL became a terminal hyperlink.
    assert "\x1b]8;" in raw
    assert "javascript" not in "".join(part.split("\x1b\\")[0] for part in raw.split("\x1b]8;")[1:])
