"""date_window: the stretch in which an undated article's present-tense titles all hold."""

from __future__ import annotations

import datetime as dt

from checks.builders import titled
from sourcecheck.checks import run_checks
from sourcecheck.records import Article, Finding, Status


def window_findings(
    text: str, *atts: object, kb_path: str, date: dt.date | None = None
) -> list[Finding]:
    findings = run_checks(Article(text=text, date=date), tuple(atts), kb_path=kb_path)  # type: ignore[arg-type]
    return [f for f in findings if f.check == "date_window"]


def test_overlapping_titles_give_a_window(fixture_kb_path: str) -> None:
    t = "Health Minister Hugo Paz said beds were free. President Carla Soto said she agreed."
    found = window_findings(
        t,
        titled(
            t,
            "paz",
            "Health Minister Hugo Paz",
            "Hugo Paz",
            "Health Minister",
            "beds were free",
            jurisdiction=None,
        ),
        titled(t, "soto", "President Carla Soto", "Carla Soto", "President", "she agreed"),
        kb_path=fixture_kb_path,
    )
    (only,) = found
    assert only.status is Status.CONSISTENT
    assert "2018-02-01 to 2020-02-02" in only.explanation
    assert {e.kind for e in only.evidence} == {"kb_term"}


def test_titles_never_true_together_conflict(fixture_kb_path: str) -> None:
    t = "Foreign Minister Marta Núñez said yes. Foreign Minister Lía Ortega said no."
    found = window_findings(
        t,
        titled(
            t, "nunez", "Foreign Minister Marta Núñez", "Marta Núñez", "Foreign Minister", "yes"
        ),
        titled(t, "ortega", "Foreign Minister Lía Ortega", "Lía Ortega", "Foreign Minister", "no"),
        kb_path=fixture_kb_path,
    )
    (only,) = found
    assert only.status is Status.CONTRADICTED
    assert "Marta Núñez" in only.explanation and "Lía Ortega" in only.explanation


def test_reported_event_after_the_window_conflicts(fixture_kb_path: str) -> None:
    # The 2022-03-15 treaty event names Freedonia, Sylvania and Lía Ortega.
    t = (
        "Health Minister Hugo Paz said the water treaty Lía Ortega signed with Sylvania "
        "for Freedonia was a mistake."
    )
    found = window_findings(
        t,
        titled(
            t,
            "paz",
            "Health Minister Hugo Paz",
            "Hugo Paz",
            "Health Minister",
            "the water treaty Lía Ortega signed with Sylvania for Freedonia was a mistake",
        ),
        kb_path=fixture_kb_path,
    )
    article_level = next(f for f in found if f.attribution_id is None)
    assert article_level.status is Status.CONTRADICTED
    assert "2022-03-15" in article_level.explanation
    (per_title,) = [f for f in found if f.attribution_id == "paz"]
    assert "2020-02-02" in per_title.explanation
    assert any(e.kind == "kb_event" for e in per_title.evidence)


def test_no_window_when_the_article_is_dated(fixture_kb_path: str) -> None:
    t = "Health Minister Hugo Paz said beds were free."
    att = titled(t, "paz", "Health Minister Hugo Paz", "Hugo Paz", "Health Minister", "beds")
    assert window_findings(t, att, kb_path=fixture_kb_path, date=dt.date(2018, 1, 1)) == []


def test_no_placeable_title_is_unverifiable(fixture_kb_path: str) -> None:
    t = "Baker Uma Wren said bread was dear."
    att = titled(t, "wren", "Baker Uma Wren", "Uma Wren", "Baker", "bread was dear")
    (only,) = window_findings(t, att, kb_path=fixture_kb_path)
    assert only.status is Status.UNVERIFIABLE
