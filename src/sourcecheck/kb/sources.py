"""Source-specific readings of the shipped term files, applied while the knowledge base is built.

* The CIA World Factbook file files every term under a generic office ("head of state (CIA
  World Factbook)"); its raw companion gives the Factbook's own title ("President", "King").
  :func:`retitle_factbook` moves each row to the office of that title already in the knowledge
  base (the Wikidata office of the same country and role), so successors recorded by either
  source close each other's terms. Where the country has several offices of that role and the
  title fits none, or fits more than one, the row keeps an office of its own rather than
  merging wrongly.
* The US Congress file names the state only in ``source``: :func:`congress_state` reads it.
* :func:`as_of_floor` gives the corrected snapshot date of sources known to under-state it.

The rules live in ``kb/data/sources.yml``.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError
from sourcecheck.kb import lexicon
from sourcecheck.kb.names import key

_FACTBOOK_FILE = re.compile(r"^factbook/factbook\.json/([a-z0-9_]+\.json)@([0-9a-f]{7,40})")
_STATE = re.compile(r"^unitedstates/congress-legislators/[^ ]+@[0-9a-f]+ \(([^)]+)\)")


#: Label suffix of the offices the Factbook's rows keep when no known office fits surely,
#: and the end of their keys: such offices are never folded into another.
OWN_SUFFIX = " (Factbook office)"
OWN_KEY_SUFFIX = " factbook office"


@dataclass(frozen=True, slots=True)
class AsOfFloor:
    """Rows whose ``source`` starts with ``prefix`` were seen no earlier than ``date``."""

    prefix: str
    date: str


def _rules() -> dict[str, Any]:
    return load_mapping("sourcecheck.kb", "sources")


@cache
def as_of_floors() -> tuple[AsOfFloor, ...]:
    """The ``as_of`` corrections of ``sources.yml``."""
    out = []
    for item in _rules().get("as_of") or []:
        try:
            date = item["date"]
            text = date.isoformat() if isinstance(date, dt.date) else str(date)
            dt.date.fromisoformat(text)
            out.append(AsOfFloor(str(item["prefix"]), text))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"sources.yml as_of entry {item!r} needs prefix and date (YYYY-MM-DD)"
            ) from exc
    return tuple(out)


def as_of_floor(source: str, as_of: str) -> str:
    """``as_of``, raised to the corrected snapshot date when ``source`` under-states it."""
    for floor in as_of_floors():
        if source.startswith(floor.prefix) and (not as_of or as_of < floor.date):
            return floor.date
    return as_of


@cache
def _families() -> dict[str, str]:
    """Folded title phrase → family (``king`` → ``monarch``)."""
    data = _rules().get("factbook") or {}
    families = data.get("families") or {}
    return {
        key(title): family
        for family, titles in families.items()
        for title in lexicon.str_list(titles, f"sources.yml factbook.families.{family}")
    }


@cache
def _qualifiers() -> frozenset[str]:
    data = _rules().get("factbook") or {}
    words = lexicon.str_list(data.get("qualifiers"), "sources.yml factbook.qualifiers")
    return frozenset(key(w) for w in words)


def _family(words: str) -> str | None:
    """The family of the longest known phrase in ``words``, earliest first."""
    padded = f" {words} "
    best: tuple[int, int, str] | None = None
    for phrase, family in _families().items():
        at = padded.find(f" {phrase} ")
        if at >= 0 and (best is None or (-len(phrase), at) < (best[0], best[1])):
            best = (-len(phrase), at, family)
    return best[2] if best else None


def _clean_title(title: str) -> str:
    return " ".join(w for w in key(title).split() if w not in _qualifiers())


@dataclass(frozen=True, slots=True)
class _Office:
    label: str
    words: frozenset[str]
    family: str | None


def _offices(conn: sqlite3.Connection) -> dict[tuple[str, str], list[_Office]]:
    """Named (Wikidata) offices by (folded jurisdiction, role kind)."""
    out: dict[tuple[str, str], list[_Office]] = {}
    subordinate = lexicon.subordinate_words()
    for label, jkey, role in conn.execute(
        "SELECT label, jurisdiction_key, role_kind FROM positions WHERE qid IS NOT NULL "
        "AND role_kind IN ('head_of_state', 'head_of_government') ORDER BY key"
    ):
        words = frozenset(key(label).split()) - set(jkey.split())
        if words & subordinate:
            continue
        out.setdefault((jkey, role), []).append(_Office(label, words, _family(key(label))))
    return out


def _choose(title: str, family: str | None, offices: list[_Office]) -> str | None:
    """The office a (cleaned) title of that family names, or ``None`` when none is sure."""
    if len(offices) == 1:
        office = offices[0]
        # The only office of that role, unless the title says it is another kind of office.
        if family is None or office.family is None or family == office.family:
            return office.label
        return None
    # Several offices of the role (two co-princes, a king and a president): the one whose
    # label holds the title's words, else the one of the title's family, when only one does.
    worded = [o for o in offices if title and set(title.split()) <= o.words]
    if len(worded) == 1:
        return worded[0].label
    if worded:
        return None
    related = [o for o in offices if family is not None and o.family == family]
    return related[0].label if len(related) == 1 else None


def _own_label(title: str, family: str | None, jurisdiction: str, role: str) -> str:
    """The Factbook's own office for a title that names no known office surely."""
    name = family.title() if family else (title or role.replace("_", " "))
    name = name[0].upper() + name[1:]
    return f"{name} of {jurisdiction}{OWN_SUFFIX}"


def retitle_factbook(
    records: Iterable[dict[str, str]], raw: Iterable[Mapping[str, str]], conn: sqlite3.Connection
) -> list[dict[str, str]]:
    """The Factbook term rows, each moved to the office its Factbook title names.

    Args:
        records: Rows of ``terms-factbook`` (shared CSV columns).
        raw: Rows of ``factbook-titles`` (``country,role,fname,title,…,since,…,commit``).
        conn: The knowledge base being built, with the Wikidata offices already in it.

    Returns:
        The rows with ``position_label`` set to the matching office's label, or, where none
        matches surely, to an office of the Factbook's own (``President of Turkey (Factbook
        office)``), kept apart from the others.
    """
    titles: dict[tuple[str, str, str, str], str] = {}
    usual: dict[tuple[str, str], Counter[str]] = {}
    for row in raw:
        title = row["title"].strip()
        titles[(row["fname"], row["role"], row["commit"][:12], row["since"])] = title
        if title:
            usual.setdefault((row["country"], row["role"]), Counter())[title] += 1
    offices = _offices(conn)
    out = []
    for rec in records:
        match = _FACTBOOK_FILE.match(rec["source"])
        title = ""
        if match:
            title = titles.get((match[1], rec["role_kind"], match[2][:12], rec["start"]), "")
        if not title:
            # 31 raw rows have no title: the one the country's other rows give for the role.
            counts = usual.get((rec["jurisdiction"], rec["role_kind"]))
            if counts:
                title = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]
        cleaned, family = _clean_title(title), _family(key(title))
        candidates = offices.get((key(rec["jurisdiction"]), rec["role_kind"]), [])
        label = _choose(cleaned, family, candidates)
        if label is None:
            label = _own_label(cleaned, family, rec["jurisdiction"], rec["role_kind"])
        out.append({**rec, "position_label": label})
    return _without_sovereigns_abroad(out)


def _without_sovereigns_abroad(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Drop a territory's head of state who is the sovereign state's own head of state.

    The Factbook lists the US president as head of state of Guam and Puerto Rico, the
    British monarch for Bermuda, the French president for French Polynesia and Andorra:
    kept, "President Donald Trump" would also match "President of Guam". Where a person's
    head-of-state row lands in a known office, their rows in offices of the Factbook's own
    are left out.
    """

    def mark(row: Mapping[str, str]) -> tuple[str, str]:
        # First and last name and the start: "Donald J. Trump" in Guam is "Donald Trump"
        # in the United States, sworn in the same day.
        words = key(row["person_label"]).split()
        return (f"{words[0]} {words[-1]}" if words else "", row["start"])

    placed = {
        mark(r)
        for r in rows
        if r["role_kind"] == "head_of_state" and not r["position_label"].endswith(OWN_SUFFIX)
    }
    return [
        r
        for r in rows
        if not (
            r["role_kind"] == "head_of_state"
            and r["position_label"].endswith(OWN_SUFFIX)
            and mark(r) in placed
        )
    ]


def congress_state(source: str) -> str | None:
    """The state a US Congress row's ``source`` names (``… (Massachusetts); …``)."""
    match = _STATE.match(source)
    return match[1] if match else None


@cache
def congress_state_titles() -> dict[str, tuple[str, ...]]:
    """Office label → titles it goes by in each state."""
    table = _rules().get("congress_state_titles") or {}
    return {
        str(label): tuple(lexicon.str_list(titles, f"sources.yml congress_state_titles.{label}"))
        for label, titles in table.items()
    }


@cache
def url_tree_only() -> frozenset[str]:
    """``owner/repo`` names whose rows give a file without its folder (see ``sources.yml``)."""
    return frozenset(lexicon.str_list(_rules().get("url_tree_only"), "sources.yml url_tree_only"))
