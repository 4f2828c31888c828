"""Writing rows into a knowledge base being built: positions, terms, events and names.

:class:`Writer` resolves the identity of offices (by label, Wikidata item, the other labels
``positions.yml`` gives, the Factbook's titles) and of people (by QID, name and the spellings
``persons.yml`` gives). :mod:`sourcecheck.kb.build` drives it over the data files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import lexicon, sources
from sourcecheck.kb.dates import PartialDate
from sourcecheck.kb.names import key, person_keys, surname_key

#: Role kinds whose unnamed duplicates of a country's office are folded into it.
_FOLDED_ROLES = ("head_of_state", "head_of_government")

#: How well each origin vouches for a record: breaks ties between records of one term
#: (see :func:`sourcecheck.kb.merge.reconcile`); a newsroom's own rows always win.
PRIORITY = {
    "wikidata": 0,
    "congress": 1,
    "factbook": 1,
    "import": 2,
    "update": 3,
    "curated": 4,
    "newsroom": 5,
}


@dataclass(frozen=True, slots=True)
class TermRow:
    """One term to add, in the shared CSV columns.

    Attributes mirror the CSV columns; dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` text.
    """

    person_label: str
    position_label: str
    jurisdiction: str
    role_kind: str
    start: str
    end: str
    source: str
    as_of: str
    person_qid: str = ""
    position_qid: str = ""


@dataclass(frozen=True, slots=True)
class EventRow:
    """One dated event to add (``participants`` separated by ``;``)."""

    date: str
    description: str
    participants: str
    source: str
    as_of: str = ""


def _check_date(text: str, column: str, where: str) -> str:
    if text.strip():
        try:
            PartialDate.parse(text)
        except KnowledgeBaseError as exc:
            raise KnowledgeBaseError(f"{where}: column {column}: {exc}") from exc
    return text.strip()


class Writer:
    """Adds rows to an open knowledge base, resolving position and person identities."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._by_label: dict[tuple[str, str], str] = {}
        self._by_qid: dict[str, str] = {}
        # Other labels of positions.yml's named offices → (jurisdiction, label).
        self._same_as: dict[tuple[str, str], tuple[str, str]] = {
            (key(named.jurisdiction), key(other)): (named.jurisdiction, named.label)
            for named in lexicon.named_positions()
            for other in named.same_as
        }
        for pkey, label, jkey, qid in conn.execute(
            "SELECT key, label, jurisdiction_key, qid FROM positions"
        ):
            self._by_label[(jkey, key(label))] = pkey
            if qid:
                self._by_qid[qid] = pkey

    def position(self, label: str, jurisdiction: str, role_kind: str, qid: str = "") -> str:
        """The key of this position, created when new."""
        # Organisations are filed under one name ("NATO" is North Atlantic Treaty Organization).
        place = lexicon.places().get(key(jurisdiction))
        if place is not None and place[1] == "organisation":
            jurisdiction = place[0]
        jkey = key(jurisdiction)
        jurisdiction, label = self._same_as.get((jkey, key(label)), (jurisdiction, label))
        found = self._by_label.get((jkey, key(label))) or (self._by_qid.get(qid) if qid else None)
        if found is not None:
            if qid and qid not in self._by_qid:
                self._by_qid[qid] = found
                self.conn.execute(
                    "UPDATE positions SET qid=? WHERE key=? AND qid IS NULL", (qid, found)
                )
            return found
        pkey = f"{jkey}|{key(label)}"
        self.conn.execute(
            "INSERT OR IGNORE INTO positions VALUES (?,?,?,?,?,?)",
            (pkey, label, jurisdiction, jkey, role_kind or "other", qid or None),
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO position_titles VALUES (?,?,?)", (key(label), jkey, pkey)
        )
        self._by_label[(jkey, key(label))] = pkey
        if qid:
            self._by_qid[qid] = pkey
        return pkey

    def title(self, title: str, jurisdiction: str, position_key: str) -> None:
        """Record another title (label or alias) of a position."""
        self.conn.execute(
            "INSERT OR IGNORE INTO position_titles VALUES (?,?,?)",
            (key(title), key(jurisdiction), position_key),
        )

    def term(self, row: TermRow, origin: str, where: str, dataset: str = "") -> str:
        """Add one term (``dataset`` defaults to the origin); returns its position's key."""
        if origin not in PRIORITY:
            raise KnowledgeBaseError(f"origin {origin!r} is not one of {sorted(PRIORITY)}")
        # A blanked label (vandalism caught upstream) still has its QID to go by.
        person = row.person_label.strip() or row.person_qid.strip()
        if not person or not row.position_label.strip():
            raise KnowledgeBaseError(
                f"{where}: a term needs person_label (or person_qid) and position_label"
            )
        start = _check_date(row.start, "start", where)
        end = _check_date(row.end, "end", where)
        as_of = sources.as_of_floor(row.source, _check_date(row.as_of, "as_of", where))
        pkey = self.position(row.position_label, row.jurisdiction, row.role_kind, row.position_qid)
        person_key = row.person_qid or key(person)
        self.conn.execute(
            'INSERT INTO terms(person, person_key, person_qid, position_key, start, "end", source,'
            " as_of, origin, priority, dataset) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                person,
                person_key,
                row.person_qid or None,
                pkey,
                start or None,
                end or None,
                row.source,
                as_of or None,
                origin,
                PRIORITY[origin],
                dataset or origin,
            ),
        )
        return pkey

    def event(self, row: EventRow, where: str) -> None:
        """Add one dated event."""
        date = _check_date(row.date, "date", where)
        if not date:
            raise KnowledgeBaseError(f"{where}: an event needs a date")
        self.conn.execute(
            "INSERT INTO events(date, description, participants, source, as_of) VALUES (?,?,?,?,?)",
            (date, row.description, row.participants, row.source, row.as_of or None),
        )

    def alias(self, person_label: str, alias: str) -> None:
        """Let ``alias`` find the person named ``person_label``."""
        targets = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT person_key FROM person_names WHERE name_key=?",
                (person_keys(person_label)[0],),
            )
        ] or [key(person_label)]
        for target in targets:
            for name_key in person_keys(alias):
                self.conn.execute(
                    "INSERT OR IGNORE INTO person_names VALUES (?,?)", (name_key, target)
                )

    def fold_duplicate_offices(self) -> int:
        """Fold a country's unidentified head-of-state/government offices into its named one.

        Some sources file the same office under another label and no Wikidata item
        (``Chancellor (Germany)``, ``head of government (Wikidata P6)``); left apart, a
        successor recorded there never closes a predecessor's open term. Folded only where
        the country has exactly one office of that role with a Wikidata item, so distinct
        offices (two co-princes, a king and a president) stay apart.

        Returns:
            How many offices were folded.
        """
        conn = self.conn
        folded = 0
        for role in _FOLDED_ROLES:
            groups: dict[str, list[tuple[str, str | None]]] = {}
            for pkey, jkey, qid in conn.execute(
                "SELECT key, jurisdiction_key, qid FROM positions WHERE role_kind=? ORDER BY key",
                (role,),
            ):
                groups.setdefault(jkey, []).append((pkey, qid))
            for offices in groups.values():
                named = [pkey for pkey, qid in offices if qid]
                # The Factbook's own offices are kept apart on purpose (kb.sources).
                offices = [(p, q) for p, q in offices if not p.endswith(sources.OWN_KEY_SUFFIX)]
                if len(named) != 1:
                    continue
                (target,) = named
                for pkey, qid in offices:
                    if qid:
                        continue
                    conn.execute(
                        "UPDATE terms SET position_key=? WHERE position_key=?", (target, pkey)
                    )
                    conn.execute(
                        "INSERT OR IGNORE INTO position_titles "
                        "SELECT title_key, jurisdiction_key, ? FROM position_titles "
                        "WHERE position_key=?",
                        (target, pkey),
                    )
                    conn.execute("DELETE FROM position_titles WHERE position_key=?", (pkey,))
                    conn.execute("DELETE FROM positions WHERE key=?", (pkey,))
                    for label_key, found in list(self._by_label.items()):
                        if found == pkey:
                            self._by_label[label_key] = target
                    folded += 1
        return folded

    def _split_shared_qids(self) -> None:
        """Key rows by name where one Wikidata item carries unrelated names.

        A source may give the wrong item (Ursula von der Leyen's row carries Viktor Orbán's
        Q57641); joined under one identity, each would be checked against the other's
        offices. Names that share no word of four letters or more are taken for different
        people; spellings of one name (``Nikos``/``Nicos Christodoulides``) share one.
        """
        conn = self.conn
        names: dict[str, set[str]] = {}
        for person, pkey in conn.execute(
            "SELECT DISTINCT person, person_key FROM terms WHERE person_key LIKE 'Q%'"
        ):
            names.setdefault(pkey, set()).add(person)
        for pkey, people in names.items():
            if len(people) < 2 or _one_person(people):
                continue
            for person in sorted(people):
                conn.execute(
                    "UPDATE terms SET person_key=? WHERE person_key=? AND person=?",
                    (key(person), pkey, person),
                )

    def _join_spellings(self, spelled: dict[str, str]) -> None:
        """Give qid-less rows under another spelling of one known person that person's key."""
        conn = self.conn
        wanted = set(spelled.values())
        identities: dict[str, set[str]] = {}
        for person, pkey in conn.execute("SELECT DISTINCT person, person_key FROM terms"):
            if key(person) in wanted:
                identities.setdefault(key(person), set()).add(pkey)
        for row_id, person in conn.execute(
            "SELECT id, person FROM terms WHERE person_qid IS NULL"
        ).fetchall():
            targets = identities.get(spelled.get(key(person), ""), set())
            if len(targets) == 1:
                conn.execute(
                    "UPDATE terms SET person_key=? WHERE id=?", (next(iter(targets)), row_id)
                )

    def finish(self) -> None:
        """Join qid-less rows to the one person of that name with a qid; index names."""
        conn = self.conn
        qids: dict[str, set[str]] = {}
        for person, qid in conn.execute(
            "SELECT DISTINCT person, person_qid FROM terms WHERE person_qid IS NOT NULL"
        ):
            qids.setdefault(key(person), set()).add(qid)
        # A spelling persons.yml gives for a known person ("Abdelfattah Elsisi") joins them.
        spelled = {
            key(alias): key(label)
            for label, aliases in lexicon.person_aliases().items()
            for alias in aliases
        }
        updates = []
        for row_id, person in conn.execute(
            "SELECT id, person FROM terms WHERE person_qid IS NULL"
        ).fetchall():
            found = qids.get(key(person)) or qids.get(spelled.get(key(person), ""), set())
            if len(found) == 1:
                updates.append((next(iter(found)), row_id))
        conn.executemany("UPDATE terms SET person_key=? WHERE id=?", updates)
        self._split_shared_qids()
        self._join_spellings(spelled)
        rows = conn.execute("SELECT DISTINCT person, person_key FROM terms").fetchall()
        conn.executemany(
            "INSERT OR IGNORE INTO person_names VALUES (?,?)",
            [
                (name_key, pkey)
                for person, pkey in rows
                for name_key in (*person_keys(person), surname_key(person))
                if name_key
            ],
        )


def _one_person(names: Iterable[str]) -> bool:
    """Whether the names are linked, pairwise or through others, by a shared long word."""
    groups: list[set[str]] = []
    for name in names:
        words = {w for w in key(name).split() if len(w) >= 4}
        linked = [g for g in groups if g & words]
        for group in linked:
            groups.remove(group)
            words |= group
        groups.append(words)
    return len(groups) == 1
