"""Build the SQLite knowledge base from the data files, and add facts to it.

The default knowledge base is built on first use from the compressed CSV and YAML files in
``kb/data/`` into ``$SOURCECHECK_CACHE`` (default ``~/.cache/sourcecheck``), under a name
keyed by the hash of those files, so an upgrade rebuilds it and two versions never share one.
Rows carry an ``origin``; where two rows describe the same person's term in the same office,
the later origin wins: ``wikidata`` < ``import`` < ``curated`` < ``newsroom``.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import lexicon
from sourcecheck.kb.dates import PartialDate
from sourcecheck.kb.names import key, person_keys, surname_key

SCHEMA_VERSION = "2"

#: Changes whenever the build derives different rows from the same files, so the cached
#: default knowledge base (keyed by :func:`data_hash`) is rebuilt.
BUILD_RULES = "3"

#: Role kinds whose unnamed duplicates of a country's office are folded into it.
_FOLDED_ROLES = ("head_of_state", "head_of_government")

#: Which origin overrides which (higher wins).
PRIORITY = {"wikidata": 0, "import": 1, "curated": 2, "newsroom": 3}

TERM_COLUMNS = (
    "person_qid",
    "person_label",
    "position_qid",
    "position_label",
    "jurisdiction",
    "role_kind",
    "start",
    "end",
    "source",
    "as_of",
)
EVENT_COLUMNS = ("date", "description", "participants", "source")

#: Shipped data files: (file name, table, origin).
DATA_FILES = (
    ("terms-wikidata.csv.gz", "terms", "wikidata"),
    ("terms-curated.csv.gz", "terms", "curated"),
    ("events.csv.gz", "events", "curated"),
)
ALIAS_FILES = ("places.yml", "positions.yml", "persons.yml")

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE positions(
    key TEXT PRIMARY KEY, label TEXT NOT NULL, jurisdiction TEXT NOT NULL,
    jurisdiction_key TEXT NOT NULL, role_kind TEXT NOT NULL, qid TEXT);
CREATE INDEX positions_jurisdiction ON positions(jurisdiction_key, role_kind);
CREATE INDEX positions_qid ON positions(qid);
CREATE TABLE position_titles(
    title_key TEXT NOT NULL, jurisdiction_key TEXT NOT NULL, position_key TEXT NOT NULL,
    UNIQUE(title_key, jurisdiction_key, position_key));
CREATE TABLE terms(
    id INTEGER PRIMARY KEY, person TEXT NOT NULL, person_key TEXT NOT NULL, person_qid TEXT,
    position_key TEXT NOT NULL, start TEXT, "end" TEXT, source TEXT NOT NULL, as_of TEXT,
    origin TEXT NOT NULL, priority INTEGER NOT NULL);
CREATE INDEX terms_person ON terms(person_key);
CREATE INDEX terms_position ON terms(position_key);
CREATE TABLE person_names(
    name_key TEXT NOT NULL, person_key TEXT NOT NULL, UNIQUE(name_key, person_key));
CREATE TABLE events(
    id INTEGER PRIMARY KEY, date TEXT NOT NULL, description TEXT NOT NULL,
    participants TEXT NOT NULL, source TEXT NOT NULL, as_of TEXT);
"""


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


def _data_dir() -> Any:
    return resources.files("sourcecheck.kb") / "data"


def data_hash() -> str:
    """SHA-256 of the shipped data files and the schema version."""
    digest = hashlib.sha256(f"{SCHEMA_VERSION}/{BUILD_RULES}".encode())
    for name in [*(f for f, _, _ in DATA_FILES), *ALIAS_FILES]:
        digest.update(name.encode())
        digest.update((_data_dir() / name).read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    """``$SOURCECHECK_CACHE`` or ``~/.cache/sourcecheck``."""
    env = os.environ.get("SOURCECHECK_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "sourcecheck"


def user_kb_path() -> Path:
    """The knowledge base ``sourcecheck kb import-*``/``add`` write to when no ``--db`` is given."""
    return cache_dir() / "kb-user.sqlite"


def default_kb_path() -> Path:
    """The knowledge base used when none is named.

    The user's own (``kb-user.sqlite`` in the cache, made by ``sourcecheck kb import-*`` or
    ``add``) when it exists, else the shipped one, built into the cache on first use.
    """
    user = user_kb_path()
    if user.is_file():
        return user
    path = cache_dir() / f"kb-{data_hash()[:16]}.sqlite"
    if not path.is_file():
        try:
            build(path)
        except OSError as exc:
            raise KnowledgeBaseError(
                f"cannot build the knowledge base at {path} ({exc}); set SOURCECHECK_CACHE to a "
                "writable folder or pass a knowledge base path"
            ) from exc
    return path


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
        for pkey, label, jkey, qid in conn.execute(
            "SELECT key, label, jurisdiction_key, qid FROM positions"
        ):
            self._by_label[(jkey, key(label))] = pkey
            if qid:
                self._by_qid[qid] = pkey

    def position(self, label: str, jurisdiction: str, role_kind: str, qid: str = "") -> str:
        """The key of this position, created when new."""
        jkey = key(jurisdiction)
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

    def term(self, row: TermRow, origin: str, where: str) -> None:
        """Add one term."""
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
        as_of = _check_date(row.as_of, "as_of", where)
        pkey = self.position(row.position_label, row.jurisdiction, row.role_kind, row.position_qid)
        person_key = row.person_qid or key(person)
        self.conn.execute(
            'INSERT INTO terms(person, person_key, person_qid, position_key, start, "end", source,'
            " as_of, origin, priority) VALUES (?,?,?,?,?,?,?,?,?,?)",
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
            ),
        )

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
            for person in people:
                conn.execute(
                    "UPDATE terms SET person_key=? WHERE person_key=? AND person=?",
                    (key(person), pkey, person),
                )

    def finish(self) -> None:
        """Join qid-less rows to the one person of that name with a qid; index names."""
        conn = self.conn
        qids: dict[str, set[str]] = {}
        for person, qid in conn.execute(
            "SELECT DISTINCT person, person_qid FROM terms WHERE person_qid IS NOT NULL"
        ):
            qids.setdefault(key(person), set()).add(qid)
        updates = []
        for row_id, person in conn.execute(
            "SELECT id, person FROM terms WHERE person_qid IS NULL"
        ).fetchall():
            found = qids.get(key(person), set())
            if len(found) == 1:
                updates.append((next(iter(found)), row_id))
        conn.executemany("UPDATE terms SET person_key=? WHERE id=?", updates)
        self._split_shared_qids()
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


def _read_csv(data: bytes, columns: Iterable[str], where: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    missing = set(columns) - set(reader.fieldnames or ())
    if missing:
        raise KnowledgeBaseError(
            f"{where}: missing columns {sorted(missing)}; the header must hold {list(columns)}"
        )
    yield from reader


def _open_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def import_csv_bytes(writer: Writer, data: bytes, origin: str, where: str) -> int:
    """Add the terms (or events, judged by the header) of one CSV; returns rows added."""
    header = data.decode("utf-8-sig").split("\n", 1)[0]
    count = 0
    if "description" in header and "participants" in header:
        for n, rec in enumerate(_read_csv(data, EVENT_COLUMNS, where), start=2):
            writer.event(
                EventRow(
                    rec["date"],
                    rec["description"],
                    rec["participants"],
                    rec["source"],
                    rec.get("as_of") or "",
                ),
                f"{where}:{n}",
            )
            count += 1
        return count
    for n, rec in enumerate(_read_csv(data, TERM_COLUMNS, where), start=2):
        writer.term(
            TermRow(
                person_label=rec["person_label"],
                position_label=rec["position_label"],
                jurisdiction=rec["jurisdiction"],
                role_kind=rec["role_kind"],
                start=rec["start"],
                end=rec["end"],
                source=rec["source"],
                as_of=rec["as_of"],
                person_qid=rec["person_qid"],
                position_qid=rec["position_qid"],
            ),
            origin,
            f"{where}:{n}",
        )
        count += 1
    return count


def _add_alias_data(writer: Writer) -> None:
    for named in lexicon.named_positions():
        pkey = writer.position(named.label, named.jurisdiction, named.role_kind)
        for title in named.titles:
            writer.title(title, named.jurisdiction, pkey)
    for person, aliases in lexicon.person_aliases().items():
        for alias in aliases:
            writer.alias(person, alias)


def connect_new(path: Path) -> sqlite3.Connection:
    """Create an empty knowledge base at ``path``."""
    conn = sqlite3.connect(path)
    conn.executescript(_SCHEMA)
    return conn


def build(path: str | Path, *, extra: Iterable[Path] = (), shipped: bool = True) -> Path:
    """Build the knowledge base from the shipped data files (plus ``extra`` CSV/YAML files).

    The file is written beside ``path`` and renamed into place, so a reader never sees a
    half-built knowledge base. The same inputs give the same rows (no build timestamp).

    Args:
        path: Where to write the SQLite file (replaced if present).
        extra: More CSV or YAML files to import, in order, after the shipped ones.
        shipped: Import the shipped terms and events (the alias files always are).

    Raises:
        KnowledgeBaseError: A data file is malformed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        conn = connect_new(tmp)
        with conn:
            writer = Writer(conn)
            for name, _table, origin in DATA_FILES if shipped else ():
                data = gzip.decompress((_data_dir() / name).read_bytes())
                import_csv_bytes(writer, data, origin, f"kb/data/{name}")
            writer.finish()
            _add_alias_data(writer)
            for extra_path in extra:
                import_file(writer, extra_path)
            writer.fold_duplicate_offices()
            conn.executemany(
                "INSERT INTO meta VALUES (?,?)",
                [
                    ("schema", SCHEMA_VERSION),
                    ("data_hash", data_hash() if shipped else ""),
                ],
            )
        conn.close()
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def import_file(writer: Writer, path: Path) -> int:
    """Import a CSV (shared columns, origin ``import``) or a newsroom YAML file."""
    if not path.is_file():
        raise KnowledgeBaseError(f"{path}: no such file; give a .csv, .csv.gz or .yml file")
    name = path.name.lower()
    if name.endswith((".yml", ".yaml")):
        return import_yaml(writer, path)
    if name.endswith((".csv", ".csv.gz")):
        count = import_csv_bytes(writer, _open_bytes(path), "import", str(path))
        writer.finish()
        return count
    raise KnowledgeBaseError(f"{path}: unknown file type; give a .csv, .csv.gz or .yml file")


def _text(value: object) -> str:
    # YAML reads 2024-09-30 as a date: turn it back into text.
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def import_yaml(writer: Writer, path: Path) -> int:
    """Import a newsroom's own facts (``terms``, ``events``, ``aliases``), overriding others.

    Raises:
        KnowledgeBaseError: The file is not valid YAML or lacks required fields.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path}: expected a mapping with terms/events/aliases")
    count = 0
    for n, item in enumerate(data.get("terms") or [], start=1):
        where = f"{path} terms[{n}]"
        if not isinstance(item, dict) or "person" not in item or "position" not in item:
            raise KnowledgeBaseError(f"{where}: a term needs at least person and position")
        writer.term(
            TermRow(
                person_label=_text(item["person"]),
                position_label=_text(item["position"]),
                jurisdiction=_text(item.get("jurisdiction")),
                role_kind=_text(item.get("role_kind")) or "other",
                start=_text(item.get("start")),
                end=_text(item.get("end")),
                source=_text(item.get("source")) or str(path),
                as_of=_text(item.get("as_of")),
                person_qid=_text(item.get("person_qid")),
                position_qid=_text(item.get("position_qid")),
            ),
            "newsroom",
            where,
        )
        count += 1
    for n, item in enumerate(data.get("events") or [], start=1):
        where = f"{path} events[{n}]"
        if not isinstance(item, dict) or "date" not in item or "description" not in item:
            raise KnowledgeBaseError(f"{where}: an event needs date and description")
        participants = item.get("participants") or []
        writer.event(
            EventRow(
                _text(item["date"]),
                _text(item["description"]),
                ";".join(map(str, participants)),
                _text(item.get("source")) or str(path),
                _text(item.get("as_of")),
            ),
            where,
        )
        count += 1
    writer.finish()
    for person, aliases in (data.get("aliases") or {}).items():
        for alias in aliases or []:
            writer.alias(str(person), str(alias))
    return count
