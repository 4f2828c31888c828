"""The knowledge base API the checks use: ``Term.url``, ``Term.dataset``, ``horizon`` and the
update files a later build keeps."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from sourcecheck.kb import KnowledgeBase, build
from sourcecheck.kb.build import data_hash, update_files
from sourcecheck.kb.sources import as_of_floor
from sourcecheck.kb.types import source_url

D = dt.date
SHA = "4ee5b6ad1e088595ee5c81c1b62475b533fb2f80"


@pytest.mark.parametrize(
    ("source", "qid", "url"),
    [
        # Wikidata-derived snapshots: owner/repo/path@commit.
        (
            f"every-politician-scrapers/world/sources/foreign/wikidata.csv@{SHA}",
            "Q1",
            f"https://github.com/every-politician-scrapers/world/blob/{SHA}/sources/foreign/wikidata.csv",
        ),
        (
            "every-politician-scrapers/peru-ministers/html/holders21.csv@9ecab9a992ff",
            None,
            "https://github.com/every-politician-scrapers/peru-ministers/blob/9ecab9a992ff/html/holders21.csv",
        ),
        (
            "waffle913/ProjectAtlas/src/data/source-snapshots/wikidata-offices.json@0d977e1d37c3",
            None,
            "https://github.com/waffle913/ProjectAtlas/blob/0d977e1d37c3/src/data/source-snapshots/wikidata-offices.json",
        ),
        (
            "tmtmtmtm/bo-presidents-wikipedia/wikidata.json@a4c6de592c86",
            None,
            "https://github.com/tmtmtmtm/bo-presidents-wikipedia/blob/a4c6de592c86/wikidata.json",
        ),
        # The Factbook rows name the file without its folder: the repository at the commit.
        (
            "factbook/factbook.json/ag.json@783ed27f7a11 (CIA World Factbook, 'President ... "
            "(since 2019-12-12)'; seen 2021-01-01..2026-01-22)",
            "Q2821166",
            "https://github.com/factbook/factbook.json/tree/783ed27f7a11",
        ),
        # US Congress: the state and a note follow the file.
        (
            "unitedstates/congress-legislators/legislators-current.yaml@dfa9622263dd (Washington);"
            " end is the scheduled term end",
            "Q22250",
            "https://github.com/unitedstates/congress-legislators/blob/dfa9622263dd/legislators-current.yaml",
        ),
        # Curated: owner/repo@commit:path, then a quote.
        (
            f'factbook/factbook.json@{SHA}:south-america/pe.json ("President Jose Pedro CASTILLO")',
            None,
            f"https://github.com/factbook/factbook.json/blob/{SHA}/south-america/pe.json",
        ),
        (
            f'every-politician-scrapers/world@{SHA}:sources/foreign/wikidata.csv (Wikidata: "x") '
            "|| https://wikimili.com/en/List (y)",
            None,
            "https://wikimili.com/en/List",
        ),
        # The first http(s) link wins, without trailing punctuation or quotes.
        (
            'https://www.latecla.info/162589-pablo-quirno (28 Oct 2025: "Este martes") || '
            "https://www.radiogol.com.ar/?p=186039",
            None,
            "https://www.latecla.info/162589-pablo-quirno",
        ),
        ("see http://example.org/page.", None, "http://example.org/page"),
        # No link in the source: the person's Wikidata page, else nothing.
        (
            "oas.org press release E-189/15 (took office 2015-05-26)",
            "Q5",
            "https://www.wikidata.org/wiki/Q5",
        ),
        ("forbes.com.mx: announced 2024-06-20", None, None),
        ("ftp://example.org/file", None, None),
        ("javascript:alert(1)", "not-a-qid", None),
        ("fixture: cabinet list", None, None),
    ],
)
def test_source_url(source: str, qid: str | None, url: str | None) -> None:
    assert source_url(source, qid) == url
    assert url is None or url.startswith(("http://", "https://"))


def test_every_shipped_term_url_is_http(shipped_kb: KnowledgeBase) -> None:
    rows = sqlite3.connect(shipped_kb.path).execute("SELECT DISTINCT source, person_qid FROM terms")
    for source, qid in rows:
        url = source_url(source, qid)
        assert url is None or url.startswith(("http://", "https://")), source


def test_terms_carry_their_dataset(shipped_kb: KnowledgeBase, fixture_kb: KnowledgeBase) -> None:
    counts = dict(
        sqlite3.connect(shipped_kb.path).execute(
            "SELECT dataset, COUNT(*) FROM terms GROUP BY dataset"
        )
    )
    assert {
        "terms-wikidata": 42253,
        "terms-curated": 8,
        # 951 rows less 62 territories' heads of state who are the sovereign's own
        "terms-factbook": 889,
        "terms-congress": 2923,
        "terms-curated-2022-2026": 255,
    }.items() <= counts.items()
    (sunak,) = [t for t in shipped_kb.who("Rishi Sunak") if "Prime Minister" in t.position.label]
    assert sunak.dataset == "terms-factbook" and sunak.origin == "factbook"
    datasets = {t.dataset for t in fixture_kb.who("Carla Soto")}
    assert datasets == {"newsroom:newsroom.yml"}
    assert {t.dataset for t in fixture_kb.who("Hugo Paz")} == {"import:terms.csv"}


def test_horizon_is_the_newest_as_of_of_the_office(fixture_kb: KnowledgeBase) -> None:
    office = fixture_kb.find_position("President", "Freedonia")[0]
    newest = max(t.as_of for t in fixture_kb.terms_in(office) if t.as_of)
    assert fixture_kb.horizon(office) == newest == fixture_kb.horizon(office.label)


def test_horizon_none_without_any_as_of(tmp_path: Path) -> None:
    csv = tmp_path / "undated.csv"
    csv.write_text(
        "person_qid,person_label,position_qid,position_label,jurisdiction,role_kind,start,end,"
        "source,as_of\n,A B,,Minister of Salt,Freedonia,minister,2020,,fixture: undated,\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase(build(tmp_path / "kb.sqlite", extra=[csv], shipped=False))
    assert kb.horizon("Minister of Salt of Freedonia") is None


def test_as_of_of_a_source_that_understates_it_is_raised() -> None:
    atlas = "waffle913/ProjectAtlas/src/data/source-snapshots/wikidata-offices.json@0d977e1d37c3"
    assert as_of_floor(atlas, "2026-01-01") == "2026-08-28"
    assert as_of_floor(atlas, "2026-10-01") == "2026-10-01"
    assert as_of_floor("fixture: other", "2026-01-01") == "2026-01-01"


def test_project_atlas_rows_are_not_older_than_what_they_state(shipped_kb: KnowledgeBase) -> None:
    rows = sqlite3.connect(shipped_kb.path).execute(
        "SELECT start, \"end\", as_of FROM terms WHERE source LIKE 'waffle913/ProjectAtlas/%'"
    )
    for start, end, as_of in rows:
        assert as_of >= max(d for d in (start, end) if d)[:10] >= "1900"


UPDATE = (
    "person_qid,person_label,position_qid,position_label,jurisdiction,role_kind,start,end,"
    "source,as_of\n"
    "Q99999001,Nadia Ferro,Q11696,President of the United States,United States,head_of_state,"
    "2026-11-20,,https://www.wikidata.org/wiki/Q11696,2026-11-30\n"
)


def test_update_files_are_imported_and_rebuild_the_kb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    assert update_files() == []
    before = data_hash()
    folder = tmp_path / "cache" / "updates"
    folder.mkdir(parents=True)
    (folder / "wikidata-2026-11-30.csv").write_text(UPDATE, encoding="utf-8")
    (folder / "notes.txt").write_text("not a term file", encoding="utf-8")
    assert update_files() == [folder / "wikidata-2026-11-30.csv"]
    assert data_hash() != before
    kb = KnowledgeBase(build(tmp_path / "kb.sqlite"))
    (term,) = kb.who("Nadia Ferro")
    assert (term.origin, term.dataset) == ("update", "update:wikidata-2026-11-30")
    assert term.position.label == "President of the United States"
    # Before the updated term starts, the office's holder is unchanged.
    assert [t.person for t in kb.holders(term.position, D(2026, 6, 1))] == ["Donald Trump"]
    assert kb.horizon(term.position) == D(2026, 11, 30)
