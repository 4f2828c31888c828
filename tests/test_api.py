"""The Python API: audit, audit_file, audit_many, Report.to_dict/to_json, str(span)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest

import sourcecheck
from sourcecheck import (
    Article,
    AuditError,
    ConfigError,
    InputError,
    Report,
    Settings,
    audit,
    audit_file,
    audit_many,
)
from sourcecheck.report.json import report_from_dict

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8"))

SHORT = "“The bridge will open in May,” Mayor Lena Ortiz said on Monday.\n"

TEXTS = [
    SHORT,
    "Officials who asked not to be named said the road would close.",
    "According to a 2021 survey by the Coastal Institute, most residents swim daily.",
    "Governor Sam Hale told reporters that the budget was balanced, adding that taxes "
    "would not rise.",
    "“We will appeal,” the union said in a statement. “This is not over.”",
]


def _same(a: Report, b: Report) -> bool:
    """Equal but for ``Article.path`` and ``sha256`` (how the text came in)."""
    return (a.article.text, a.attributions, a.findings) == (
        b.article.text,
        b.attributions,
        b.findings,
    )


@pytest.fixture
def short_file(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


# ------------------------------------------------------------------ text or path


def test_str_is_text_and_path_is_a_file(short_file: Path) -> None:
    from_text = audit(SHORT)
    from_path = audit(short_file)
    assert from_text.article.path is None
    assert from_path.article.path == str(short_file)
    assert _same(from_text, from_path)
    assert [str(a.cue) for a in from_text.attributions] == ["said"]


def test_audit_file_takes_str_paths_and_stdin(
    short_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _same(audit_file(str(short_file)), audit(SHORT))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SHORT.encode("utf-8"))))
    from_stdin = audit_file("-")
    assert from_stdin.article.path == "-"
    assert _same(from_stdin, audit(SHORT))


def test_long_one_line_text_is_text() -> None:
    """It used to reach Path.exists and raise OSError (File name too long)."""
    text = ("The harbour master said the pier is safe. " * 8)[:300]
    assert len(text.encode("utf-8")) == 300 and "\n" not in text
    report = audit(text)
    assert report.article.text == text
    assert report.article.path is None
    assert report.attributions, "read and parsed as the text it is"


def test_text_naming_an_existing_file_stays_text(
    short_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(short_file.parent)
    report = audit(short_file.name)
    assert report.article.text == short_file.name
    assert report.article.path is None
    assert report.attributions == ()


def test_path_dash_is_no_stdin() -> None:
    with pytest.raises(InputError, match="audit_file"):
        audit(Path("-"))


def test_other_types_are_refused() -> None:
    with pytest.raises(InputError, match=r"pathlib\.Path"):
        audit(b"bytes are no text")  # type: ignore[arg-type]


# ------------------------------------------------------------------ report methods


STATEMENT = (
    "In a statement on social media, Governor Sam Hale emphasized the harbour’s safety, "
    "stating, “The port will always be open.”"
)


@pytest.mark.parametrize("text", [TEXTS[3], STATEMENT])
def test_to_dict_and_to_json_round_trip(text: str) -> None:
    report = audit(text, date="2024-05-01")
    data = report.to_dict()
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == "2.1"
    line = report.to_json()
    assert "\n" not in line, "one line by default (JSONL)"
    assert json.loads(line) == data
    assert report.to_json(indent=2).count("\n") > 10
    assert report_from_dict(json.loads(line)) == report


def test_one_statement_one_sourcing_finding_through_the_api() -> None:
    report = audit(STATEMENT)
    (finding,) = [f for f in report.findings if f.check == "sourcing"]
    assert finding.covers == tuple(a.id for a in report.attributions)
    assert len(finding.covers) == 2


def test_str_of_a_span_is_its_text() -> None:
    report = audit(SHORT)
    (att,) = report.attributions
    assert (
        str(att.content)
        == att.content.text
        == report.article.text[att.content.start : att.content.end]
    )
    assert f"{att.cue}" == "said"


# ------------------------------------------------------------------ many


def test_audit_many_keeps_order_and_equals_audit(short_file: Path) -> None:
    inputs: list[str | Path | Article] = [*TEXTS, short_file, Article(text=TEXTS[1])]
    reports = list(audit_many(inputs, date="2024-05-01"))
    assert len(reports) == len(inputs)
    for item, report in zip(inputs, reports, strict=True):
        assert report == audit(item, date="2024-05-01")


def test_audit_many_is_lazy_and_takes_a_generator() -> None:
    taken: list[int] = []

    def texts() -> object:
        for i, text in enumerate(TEXTS):
            taken.append(i)
            yield text

    reports = audit_many(texts())  # type: ignore[arg-type]
    assert taken == []
    first = next(reports)
    assert first.article.text == TEXTS[0]
    assert taken == [0]


@pytest.mark.slow
def test_audit_many_in_two_processes_gives_the_same_reports() -> None:
    inputs = [*TEXTS, "", *TEXTS[:2]]
    here = list(audit_many(inputs, errors="record"))
    pooled = list(audit_many(inputs, n_process=2, batch_size=3, errors="record"))
    assert len(pooled) == len(here) == len(inputs)
    for a, b in zip(here, pooled, strict=True):
        if isinstance(a, AuditError):
            assert isinstance(b, AuditError)
            assert (a.index, a.input, str(a.error)) == (b.index, b.input, str(b.error))
        else:
            assert a == b


def test_bad_input_raises_naming_its_index() -> None:
    seen: list[Report] = []
    with pytest.raises(InputError, match=r"input 2 \(<text>\)") as info:
        for report in audit_many([TEXTS[0], TEXTS[1], "   ", TEXTS[2]]):
            seen.append(report)
    assert len(seen) == 2, "the reports before the bad input are yielded"
    assert isinstance(info.value.__cause__, InputError)


def test_errors_record_yields_an_audit_error_and_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    inputs: list[str | Path | Article] = [TEXTS[0], missing, "", TEXTS[1]]
    out = list(audit_many(inputs, errors="record"))
    assert [type(o).__name__ for o in out] == ["Report", "AuditError", "AuditError", "Report"]
    bad = out[1]
    assert isinstance(bad, AuditError)
    assert (bad.index, bad.input) == (1, missing)
    assert isinstance(bad.error, InputError) and "not found" in str(bad.error)
    assert isinstance(out[3], Report) and out[3].article.text == TEXTS[1]


@pytest.mark.parametrize(
    "options",
    [{"n_process": 0}, {"batch_size": 0}, {"errors": "ignore"}],
)
def test_bad_options_raise_at_the_call(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="not allowed"):
        audit_many(TEXTS, **options)  # type: ignore[call-overload]


def test_settings_reach_every_input() -> None:
    reports = list(audit_many(TEXTS[:2], settings=Settings(run_checks=False)))
    assert all(r.findings == () for r in reports)


def test_public_names() -> None:
    for name in ("audit", "audit_file", "audit_many", "AuditError"):
        assert name in sourcecheck.__all__
