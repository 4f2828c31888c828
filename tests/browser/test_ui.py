"""The web app in a real browser: submit, see highlights, click, filter, read without JS."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from factories import SAMPLE_TEXT

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ocean-plastics-talks.txt"
SCREENSHOT = REPO / "docs" / "screenshot.png"


def _submit(page: Any, base: str, text: str, date: str | None = None) -> None:
    page.goto(base + "/")
    page.fill("textarea[name=text]", text)
    if date:
        page.fill("input[name=date]", date)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/audits/[\w-]+$"))


def _in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return bool(box) and 0 <= box["y"] + box["height"] / 2 <= size["height"]


def test_submit_click_contradicted_and_see_evidence(live_server: Any, page: Any) -> None:
    server = live_server()
    _submit(page, server.url, SAMPLE_TEXT, date="2024-05-06")
    highlights = page.locator(".text a.hl")
    assert highlights.count() >= 8  # 4 attributions, each cut into source/cue/content
    assert page.locator(".text").inner_text() == SAMPLE_TEXT

    page.locator(".text a.hl.st-contradicted.cnt").first.click()
    item = page.locator("#p-a1")
    page.wait_for_function("document.querySelector('#p-a1').classList.contains('active')")
    assert _in_viewport(page, "#p-a1")
    assert item.locator(".finding.st-contradicted").is_visible()
    assert "Ada Quill left office on 2023-12-31." in item.inner_text()
    assert "Harbour Minister, 2019-01-01 to 2023-12-31" in item.inner_text()
    assert page.url.endswith("#p-a1")
    # Every highlight of that attribution is marked, none of the others.
    assert page.locator('.text a.hl.active[data-key="a1"]').count() >= 1
    assert page.locator('.text a.hl.active:not([data-att~="a1"])').count() == 0
    assert page.console_errors == []


def test_panel_link_scrolls_to_the_text(live_server: Any, page: Any) -> None:
    server = live_server()
    _submit(page, server.url, SAMPLE_TEXT)
    page.locator("#p-a4 a.jump").click()
    page.wait_for_function("document.querySelector('#p-a4').classList.contains('active')")
    assert page.locator('.text a.hl.active[data-key="a4"]').count() >= 1
    assert page.url.endswith("#t-a4")


@pytest.mark.parametrize(
    ("check", "medium", "visible"),
    [
        ("contradicted", "", ["p-a1"]),
        ("unverifiable", "", ["p-a4"]),
        ("anonymous", "", ["p-a4"]),
        (None, "survey", ["p-a3"]),
        (None, "", ["p-a1", "p-a4", "p-a2", "p-a3"]),
    ],
)
def test_filters(
    live_server: Any, page: Any, check: str | None, medium: str, visible: list[str]
) -> None:
    server = live_server()
    _submit(page, server.url, SAMPLE_TEXT)
    assert page.locator("#filters").is_visible()
    if check:
        page.check(f"input[data-filter={check}]")
    page.select_option("select[data-filter=medium]", medium)
    shown = page.locator("li.att:visible").evaluate_all("els => els.map(e => e.id)")
    assert shown == visible
    assert page.locator(".filters .count").inner_text() == f"{len(visible)} of 4 shown"
    dimmed = page.locator(".text a.hl.dim").evaluate_all(
        "els => els.map(e => e.getAttribute('data-key'))"
    )
    assert {f"p-{k}" for k in dimmed}.isdisjoint(visible)


def test_report_reads_without_javascript(live_server: Any, browser: Any) -> None:
    server = live_server()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 860}
    )
    page = context.new_page()
    try:
        _submit(page, server.url, SAMPLE_TEXT)
        assert not page.locator("#filters").is_visible()
        assert page.locator("#p-a1").is_visible()
        page.locator(".text a.hl.st-contradicted.cnt").first.click()
        assert page.url.endswith("#p-a1")
        assert _in_viewport(page, "#p-a1")
        # :target styles the item the link led to.
        assert page.eval_on_selector("#p-a1", "e => e.matches(':target')") is True
        assert "Ada Quill left office" in page.locator("#p-a1").inner_text()
    finally:
        context.close()


def test_hostile_article_does_not_run(live_server: Any, page: Any) -> None:
    server = live_server()
    hostile = (
        "Ann said <script>window.pwned = 1</script> and "
        '<img src=x onerror="window.pwned = 2"> and '
        '<a href="javascript:window.pwned = 3">this</a>.'
    )
    _submit(page, server.url, hostile)
    assert page.evaluate("window.pwned === undefined")
    assert page.locator(".text").inner_text() == hostile
    assert page.locator(".text img, .text script").count() == 0


@pytest.mark.slow
def test_example_article_with_the_real_pipeline(live_server: Any, page: Any) -> None:
    """The shipped example through the real model and checks; saves docs/screenshot.png."""
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is missing")
    server = live_server(audit_fn=None)
    page.set_default_timeout(120_000)  # first audit loads the model
    _submit(page, server.url, EXAMPLE.read_text("utf-8"))
    contradicted = page.locator(".text a.hl.st-contradicted")
    assert contradicted.count() >= 1, "the example has deliberately wrong titles"
    contradicted.first.click()
    active = page.locator("li.att.active")
    assert active.count() == 1
    assert "contradicted" in active.locator(".badge").first.inner_text().lower()
    assert active.locator(".evidence li").count() >= 1
    assert page.console_errors == []
    # The panel keeps the clicked item in view; show the page from its top.
    page.wait_for_timeout(600)  # let the smooth scroll finish
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.move(1, 1)  # no hover outline in the picture
    shot = page.screenshot()
    if os.environ.get("SOURCECHECK_UPDATE_SCREENSHOT") or not SCREENSHOT.exists():
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(shot)
