"""The batch runner and the worker pool, without the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcecheck.errors import ConfigError, InputError
from sourcecheck.ingest import ReadError, article_from_text
from sourcecheck.records import Article, Report
from sourcecheck.scale import local
from sourcecheck.scale.batch import State, Tally, run_batch
from sourcecheck.scale.local import Failure, LocalAuditor
from sourcecheck.settings import Settings
from sourcecheck.store import open_store

NO_CHECKS = Settings(run_checks=False)


def _article(n: int) -> Article:
    return article_from_text(f"“Bridge {n} will open in May,” Mayor Lena Ortiz said.\n")


def test_run_batch_records_failures_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = local.audit_article

    def audit(article: Article, settings: Settings) -> Report:
        if "Bridge 2" in article.text:
            raise ZeroDivisionError("boom")
        return real(article, settings)

    monkeypatch.setattr(local, "audit_article", audit)
    unreadable = ReadError("feed.xml#3", InputError("feed.xml#3", "no text"))
    items = [_article(1), unreadable, _article(2), _article(1), _article(3)]
    with open_store(tmp_path / "s.db") as store:
        run = store.start_run()
        outcomes = list(run_batch(items, store, settings=NO_CHECKS, run_id=run))
        tally = Tally()
        for outcome in outcomes:
            tally.add(outcome)
        store.finish_run(run, tally.counts())
        stats = store.stats()
    assert [o.state for o in outcomes] == [
        State.ADDED,
        State.FAILED,
        State.FAILED,
        State.SKIPPED,  # the same article again
        State.ADDED,
    ]
    assert outcomes[2].failure is not None and not outcomes[2].failure.expected
    assert dict(tally.errors) == {"InputError": 1, "ZeroDivisionError": 1}
    assert tally.read_errors == 1 and tally.attributions == 2
    assert stats["articles"] == 2 and stats["errors"] == 2


def test_worker_failures_travel_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def audit(article: Article, settings: Settings) -> Report:
        raise InputError("<text>", "too odd")  # its __init__ does not unpickle

    monkeypatch.setattr(local, "audit_article", audit)
    failure = local._audit_in_worker(_article(1))
    assert isinstance(failure, Failure)
    assert failure.kind == "InputError" and failure.expected and failure.error is None


def test_workers_below_one_are_refused() -> None:
    with pytest.raises(ConfigError, match="workers=0"):
        LocalAuditor(NO_CHECKS, 0)
