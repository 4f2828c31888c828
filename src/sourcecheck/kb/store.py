"""Read-only queries over a built knowledge base."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import lexicon
from sourcecheck.kb.build import PRIORITY, SCHEMA_VERSION, default_kb_path
from sourcecheck.kb.dates import Overlap, PartialDate, Window
from sourcecheck.kb.merge import bound_by_ends, reconcile
from sourcecheck.kb.names import key, person_keys, surname_key
from sourcecheck.kb.types import SINGLE_HOLDER_ROLES, Event, Position, Term

_STOP_WORDS = frozenset({"of", "the", "for", "and", "de", "del", "la", "el", "y", "s"})
_PAREN = re.compile(r"\s*\([^)]*\)")


def _date(text: str | None) -> dt.date | None:
    # A source dated only to the month or year ("2025-12") vouches from its first day.
    return PartialDate.parse(text).earliest() if text else None


# Asked for every office of a jurisdiction on every title looked up: remembered.
@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    folded = f" {key(_PAREN.sub('', text))} "
    for phrase, replacement in lexicon.word_synonyms():
        folded = folded.replace(f" {phrase} ", f" {replacement} ")
    return frozenset(w for w in folded.split() if w not in _STOP_WORDS)


def resolve_place(text: str) -> tuple[str, str] | None:
    """(knowledge-base name, ``country``/``organisation``) for a place or organisation as written.

    ``Mexico’s``, ``Mexican`` and ``Mexico`` all give ``("Mexico", "country")``.
    """
    found = lexicon.places().get(key(text))
    if found is None:
        words = key(text).split()
        if words and words[0] == "the":
            found = lexicon.places().get(" ".join(words[1:]))
    return found


def split_title(text: str) -> tuple[str, str | None]:
    """Split a written title into the office and the place in it, if any.

    ``OAS Secretary General`` → (``secretary general``, ``Organization of American States``);
    ``President of Peru`` → (``president``, ``Peru``).
    """
    words = key(text).split()
    places = lexicon.places()
    for size in range(min(len(words), 6), 0, -1):
        for first in range(len(words) - size + 1):
            found = places.get(" ".join(words[first : first + size]))
            if found is None:
                continue
            rest = words[:first] + words[first + size :]
            while rest and rest[-1] in {"of", "the"}:
                rest.pop()
            while rest and rest[0] in {"the"}:
                rest.pop(0)
            return " ".join(rest), found[0]
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words), None


class KnowledgeBase:
    """Dated offices, their holders and dated events, answered from one SQLite file.

    Args:
        path: The knowledge base file; ``None`` uses the shipped one (built on first use).

    Raises:
        KnowledgeBaseError: The file is missing or is not a sourcecheck knowledge base.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_kb_path()
        if not self.path.is_file():
            raise KnowledgeBaseError(
                f"{self.path}: no knowledge base there; build one with `sourcecheck kb import-csv`"
                " or leave the path unset to use the shipped one"
            )
        try:
            self._conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            check = self._conn.execute("PRAGMA quick_check").fetchone()
            row = self._conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise KnowledgeBaseError(
                f"{self.path}: not a sourcecheck knowledge base, or a damaged one ({exc}); "
                "rebuild it with `sourcecheck kb build`, or leave the path unset to use the "
                "shipped one"
            ) from exc
        if check is None or check[0] != "ok":
            raise KnowledgeBaseError(
                f"{self.path}: the knowledge base is damaged (SQLite's check: "
                f"{str(check[0] if check else '?')[:80]}); rebuild it with `sourcecheck kb "
                "build`, or leave the path unset to use the shipped one"
            )
        if row is None or row[0] != SCHEMA_VERSION:
            raise KnowledgeBaseError(
                f"{self.path}: knowledge base schema {row[0] if row else '?'} is not "
                f"{SCHEMA_VERSION}; rebuild it with this version of sourcecheck"
            )
        self._positions: dict[str, Position] = {}
        self._position_terms: dict[str, tuple[tuple[str, Term], ...]] = {}

    def close(self) -> None:
        """Close the database."""
        self._conn.close()

    def _execute(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """A query's rows; any SQLite error (a file damaged after opening) names the file."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise KnowledgeBaseError(
                f"{self.path}: the knowledge base cannot be read ({exc}); rebuild it with "
                "`sourcecheck kb build`, or leave the path unset to use the shipped one"
            ) from exc

    # Positions ---------------------------------------------------------------------------

    def _position(self, pkey: str) -> Position:
        cached = self._positions.get(pkey)
        if cached is None:
            row = _first(
                self._execute(
                    "SELECT key, label, jurisdiction, role_kind, qid FROM positions WHERE key=?",
                    (pkey,),
                )
            )
            if row is None:
                raise KnowledgeBaseError(f"position {pkey!r} is not in {self.path}")
            cached = Position(*row)
            self._positions[pkey] = cached
        return cached

    def _positions_where(self, sql: str, params: tuple[str, ...]) -> list[Position]:
        keys = [r[0] for r in self._execute(f"SELECT key FROM positions WHERE {sql}", params)]
        return [self._position(k) for k in keys]

    def find_position(self, title: str, jurisdiction: str | None = None) -> tuple[Position, ...]:
        """Offices a written title may name, best first.

        Args:
            title: The title as written (``Foreign Minister``, ``OAS Secretary General``).
            jurisdiction: The place as written (``Mexico’s``, ``Peruvian``), if separate.
        """
        office, place = split_title(title)
        if jurisdiction:
            resolved = resolve_place(jurisdiction)
            place = resolved[0] if resolved else jurisdiction
        elif place is None and " of " in office:
            # "Minister of Finance of Freedonia": a jurisdiction the alias files do not list.
            head, _, tail = office.rpartition(" of ")
            if _first(
                self._execute("SELECT 1 FROM positions WHERE jurisdiction_key=? LIMIT 1", (tail,))
            ):
                office, place = head, tail
        if not office or office in lexicon.not_offices():
            return ()
        found: list[Position] = []
        whole = key(title)
        if len(whole.split()) >= 2 and whole != office:
            # A title that names its place ("European Council President") may be a title of
            # record as a whole.
            found += self._positions_where(
                "key IN (SELECT position_key FROM position_titles WHERE title_key=?)", (whole,)
            )
        if place is not None:
            jkey = key(place)
            found += self._positions_where(
                "key IN (SELECT position_key FROM position_titles WHERE title_key=? "
                "AND jurisdiction_key=?)",
                (office, jkey),
            )
            role = lexicon.jurisdiction_titles().get((jkey, office)) or lexicon.role_titles().get(
                office
            )
            if role is not None:
                found += self._positions_where("jurisdiction_key=? AND role_kind=?", (jkey, role))
            wanted = _words(office)
            if wanted:
                # Word by word: "Health Minister" finds "Minister of Health and Welfare", but a
                # one-word title must match the whole label ("President" is not "President of
                # the Council of Ministers").
                by_fit: list[tuple[int, Position]] = []
                subordinate = lexicon.subordinate_words() - wanted
                for position in self._positions_where("jurisdiction_key=?", (jkey,)):
                    have = _words(position.label) - _words(place)
                    if have & subordinate:
                        continue
                    if wanted == have or (len(wanted) >= 2 and wanted <= have):
                        by_fit.append((len(have - wanted), position))
                found += [p for _, p in sorted(by_fit, key=lambda item: item[0])]
        else:
            found += self._positions_where(
                "key IN (SELECT position_key FROM position_titles WHERE title_key=?)", (office,)
            )
        unique: dict[str, Position] = {}
        for position in found:
            unique.setdefault(position.key, position)
        return tuple(unique.values())

    def title_matches(self, title: str, position: Position) -> bool:
        """True when the written title (no place given) may name ``position``."""
        office, place = split_title(title)
        if place is not None and key(place) != key(position.jurisdiction):
            return False
        return any(
            p.key == position.key
            for p in self.find_position(office or title, position.jurisdiction)
        )

    # Terms -------------------------------------------------------------------------------

    def terms_in(self, position: Position | str) -> tuple[Term, ...]:
        """Every term of an office, overrides and successors applied, by start."""
        return tuple(term for _, term in self._resolved(self._key_of(position)))

    def _key_of(self, position: Position | str) -> str:
        if isinstance(position, Position):
            return position.key
        matches = self.find_position(position)
        if not matches:
            raise KnowledgeBaseError(
                f"no position called {position!r}; write it as the knowledge base labels it, e.g."
                " 'Secretary of Foreign Affairs of Mexico' or 'Foreign Minister of Mexico'"
            )
        return matches[0].key

    def _resolved(self, pkey: str) -> tuple[tuple[str, Term], ...]:
        cached = self._position_terms.get(pkey)
        if cached is not None:
            return cached
        position = self._position(pkey)
        rows = self._execute(
            'SELECT person, person_key, person_qid, start, "end", source, as_of, origin, dataset '
            "FROM terms WHERE position_key=? ORDER BY id",
            (pkey,),
        )
        raw = [
            (
                person_key,
                Term(
                    person=person,
                    position=position,
                    start=PartialDate.parse_optional(start),
                    end=PartialDate.parse_optional(end),
                    source=source,
                    as_of=_date(as_of),
                    origin=origin,
                    person_qid=qid,
                    dataset=dataset,
                ),
            )
            for person, person_key, qid, start, end, source, as_of, origin, dataset in rows
        ]
        by_person: dict[str, list[Term]] = {}
        for pk, term in raw:
            by_person.setdefault(pk, []).append(term)
        # Within each of a person's terms the fresher, more precise record wins
        # (sourcecheck.kb.merge); the person's other terms in the office stay.
        kept = [
            (pk, term)
            for pk, terms in by_person.items()
            for term in reconcile(terms, lambda t: PRIORITY.get(t.origin, 0))
        ]
        by_kept: dict[str, list[Term]] = {}
        for pk, term in kept:
            by_kept.setdefault(pk, []).append(term)
        merged = [(pk, term) for pk, terms in by_kept.items() for term in bound_by_ends(terms)]
        resolved = []
        for pk, term in merged:
            if term.bounding_end is None and position.role_kind in SINGLE_HOLDER_ROLES:
                term = _with_successor(term, pk, kept)
            resolved.append((pk, term))
        resolved.sort(key=lambda item: item[1].start.earliest() if item[1].start else dt.date.min)
        result = tuple(resolved)
        self._position_terms[pkey] = result
        return result

    def horizon(self, position: Position | str) -> dt.date | None:
        """How far the knowledge of an office reaches: the newest ``as_of`` of its records.

        Any person's record counts; ``None`` when none has an ``as_of``.
        """
        rows = self._execute(
            "SELECT DISTINCT as_of FROM terms WHERE position_key=? AND as_of IS NOT NULL",
            (self._key_of(position),),
        )
        days = [d for (text,) in rows if (d := _date(text)) is not None]
        return max(days) if days else None

    def person_keys_for(self, name: str) -> tuple[str, ...]:
        """Identities of the people a name may refer to."""
        keys = person_keys(name)
        if not keys:
            return ()
        marks = ",".join("?" * len(keys))
        rows = self._execute(
            f"SELECT DISTINCT person_key FROM person_names WHERE name_key IN ({marks})", keys
        )
        return tuple(sorted(r[0] for r in rows))

    def by_surname(self, name: str) -> tuple[Term, ...]:
        """Every term of every person whose surname is the last word of ``name``.

        Ambiguous by nature (``Obama``, ``Bush``): callers narrow it down by office.
        """
        surname = surname_key(name)
        if not surname:
            return ()
        rows = self._execute(
            "SELECT DISTINCT person_key FROM person_names WHERE name_key=?", (surname,)
        )
        return self._terms_of_keys(r[0] for r in rows)

    def who(self, name: str) -> tuple[Term, ...]:
        """Every term of every person the name may refer to (``Chavez`` finds ``Chávez``)."""
        return self._terms_of_keys(self.person_keys_for(name))

    def terms_of(self, person: str) -> tuple[Term, ...]:
        """Every term of one person, by identity (a Wikidata QID or a folded name) or name."""
        keys = (
            (person,)
            if _first(self._execute("SELECT 1 FROM terms WHERE person_key=? LIMIT 1", (person,)))
            else self.person_keys_for(person)
        )
        return self._terms_of_keys(keys)

    def _terms_of_keys(self, keys: Iterable[str]) -> tuple[Term, ...]:
        keys = tuple(keys)
        if not keys:
            return ()
        marks = ",".join("?" * len(keys))
        positions = [
            r[0]
            for r in self._execute(
                f"SELECT DISTINCT position_key FROM terms WHERE person_key IN ({marks})", keys
            )
        ]
        wanted = set(keys)
        terms = [t for p in positions for pk, t in self._resolved(p) if pk in wanted]
        terms.sort(key=lambda t: (t.start.earliest() if t.start else dt.date.min, t.position.label))
        return tuple(terms)

    def holders(self, position: Position | str, on: dt.date | Window) -> tuple[Term, ...]:
        """Terms of ``position`` that surely or possibly cover ``on``, surest first."""
        window = Window.day(on) if isinstance(on, dt.date) else on
        found = [(t.held_during(window), t) for t in self.terms_in(position)]
        order = {Overlap.YES: 0, Overlap.MAYBE: 1}
        return tuple(
            t
            for o, t in sorted(
                ((o, t) for o, t in found if o is not Overlap.NO), key=lambda item: order[item[0]]
            )
        )

    # Events ------------------------------------------------------------------------------

    def events(self, *, within: Window | None = None) -> tuple[Event, ...]:
        """Dated events, optionally only those that may fall inside ``within``, by date."""
        out = []
        for date, description, participants, source, as_of in self._execute(
            "SELECT date, description, participants, source, as_of FROM events ORDER BY date"
        ):
            event = Event(
                date=PartialDate.parse(date),
                description=description,
                participants=tuple(p.strip() for p in participants.split(";") if p.strip()),
                source=source,
                as_of=_date(as_of),
            )
            if within is None or not within.intersect(Window.around(event.date)).is_empty():
                out.append(event)
        return tuple(out)

    def stats(self) -> dict[str, int]:
        """Row counts per table (for ``sourcecheck kb`` and reports)."""
        return {
            table: int(_first(self._execute(f"SELECT COUNT(*) FROM {table}"))[0])
            for table in ("terms", "positions", "events", "person_names")
        }


def _first(rows: list[Any]) -> Any:
    """The first row, ``None`` when there is none."""
    return rows[0] if rows else None


def _with_successor(term: Term, person_key: str, others: list[tuple[str, Term]]) -> Term:
    """Bound an open term by the start of a different person's later term in the same office.

    Only a successor who started after the open term was last seen (``as_of``) counts, so
    co-holders listed in the same snapshot never close each other's terms.
    """
    seen_until = term.as_of or (term.start.latest() if term.start else None)
    if seen_until is None:
        return term
    best: Term | None = None
    for other_key, other in others:
        if other_key == person_key or other.start is None:
            continue
        if other.start.earliest() > seen_until and (
            best is None or other.start.earliest() < best.start.earliest()  # type: ignore[union-attr]
        ):
            best = other
    if best is None:
        return term
    return dataclasses.replace(term, successor_start=best.start, successor=best.person)
