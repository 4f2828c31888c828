"""Terminal and Markdown reports."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from factories import sample_report
from sourcecheck.report.markdown import to_markdown
from sourcecheck.report.text import print_report

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def test_markdown_matches_golden_file() -> None:
    expected = (GOLDEN / "sample_report.md").read_text("utf-8")
    assert to_markdown(sample_report()) == expected


def test_terminal_report_leads_with_contradicted_findings() -> None:
    console = Console(record=True, width=320, color_system=None)
    print_report(sample_report(), console)
    out = console.export_text()
    assert "4 attributions" in out
    assert out.index("contradicted", out.index("Findings")) < out.index(
        "unverifiable", out.index("Findings")
    )
    for expected in ("Ada Quill", "Harbour Minister", "survey via Coastal Institute", "vague"):
        assert expected in out
