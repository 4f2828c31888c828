"""Build the SQLite knowledge base from the data files, and add facts to it.

The default knowledge base is built on first use from the compressed CSV and YAML files in
``kb/data/`` into ``$SOURCECHECK_CACHE`` (default ``~/.cache/sourcecheck``), under a name
keyed by the hash of those files, so an upgrade rebuilds it and two versions never share one.
Rows carry an ``origin`` and a ``dataset`` (the source set: a shipped file's stem such as
``terms-factbook``, ``update:<stem>`` for files of ``sourcecheck kb update``, ``import:<file>``,
``newsroom:<file>``). Where rows describe the same person's term in the same office, the
fresher and more precise one wins and the origin only breaks ties
(:func:`sourcecheck.kb.merge.reconcile`): ``wikidata`` < ``congress`` = ``factbook`` <
``import`` < ``update`` < ``curated`` < ``newsroom``; a newsroom's own rows always win.
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
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sourcecheck.datafiles import load_yaml
from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import lexicon, sources
from sourcecheck.kb.writer import PRIORITY, EventRow, TermRow, Writer

__all__ = [
    "DATA_FILES",
    "PRIORITY",
    "SCHEMA_VERSION",
    "EventRow",
    "TermRow",
    "Writer",
    "build",
    "cache_dir",
    "data_hash",
    "dataset_name",
    "default_kb_path",
    "import_csv_bytes",
    "import_file",
    "import_yaml",
    "update_files",
    "user_kb_path",
]

SCHEMA_VERSION = "3"

#: Changes whenever the build derives different rows from the same files, so the cached
#: default knowledge base (keyed by :func:`data_hash`) is rebuilt.
BUILD_RULES = "5"

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

#: Shipped data files, in import order: (file name, table, origin). The Factbook's titles are
#: no table of their own: they place the Factbook's terms (see :mod:`sourcecheck.kb.sources`).
DATA_FILES = (
    ("terms-wikidata.csv.gz", "terms", "wikidata"),
    ("terms-curated.csv.gz", "terms", "curated"),
    ("factbook-titles.csv.gz", "factbook_titles", "factbook"),
    ("terms-factbook.csv.gz", "terms", "factbook"),
    ("terms-congress.csv.gz", "terms", "congress"),
    ("terms-curated-2022-2026.csv.gz", "terms", "curated"),
    ("events.csv.gz", "events", "curated"),
    # Terms the maintainers corrected after reviewing a false alarm, each with its sources;
    # they override every other source (origin newsroom).
    ("terms-corrections.csv.gz", "terms", "newsroom"),
)
ALIAS_FILES = ("positions.yml", "persons.yml", "sources.yml")
#: Data files shared with other stages (``sourcecheck/data/``) the knowledge base reads.
SHARED_FILES = ("en/places.yml",)

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
    origin TEXT NOT NULL, priority INTEGER NOT NULL, dataset TEXT NOT NULL);
CREATE INDEX terms_dataset ON terms(dataset);
CREATE INDEX terms_person ON terms(person_key);
CREATE INDEX terms_position ON terms(position_key);
CREATE TABLE person_names(
    name_key TEXT NOT NULL, person_key TEXT NOT NULL, UNIQUE(name_key, person_key));
CREATE TABLE events(
    id INTEGER PRIMARY KEY, date TEXT NOT NULL, description TEXT NOT NULL,
    participants TEXT NOT NULL, source TEXT NOT NULL, as_of TEXT);
"""


def _data_dir() -> Any:
    return resources.files("sourcecheck.kb") / "data"


def dataset_name(file_name: str) -> str:
    """A data file's dataset name: its name without ``.csv``/``.gz`` (``terms-factbook``)."""
    return file_name.removesuffix(".gz").removesuffix(".csv")


def update_files() -> list[Path]:
    """The term files ``sourcecheck kb update`` stored (``<cache>/updates/*.csv``), sorted.

    The shipped knowledge base imports them after the shipped data (origin ``update``,
    dataset ``update:<stem>``); empty when there are none.
    """
    folder = cache_dir() / "updates"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.csv") if p.is_file())


def data_hash() -> str:
    """SHA-256 of the shipped data files, the update files and the schema version.

    An update landing in the cache therefore gives the shipped knowledge base a new name, and
    it is rebuilt on next use.
    """
    digest = hashlib.sha256(f"{SCHEMA_VERSION}/{BUILD_RULES}".encode())
    for name in [*(f for f, _, _ in DATA_FILES), *ALIAS_FILES]:
        digest.update(name.encode())
        digest.update((_data_dir() / name).read_bytes())
    for name in SHARED_FILES:
        digest.update(f"shared:{name}".encode())
        digest.update((resources.files("sourcecheck") / "data" / name).read_bytes())
    for path in update_files():
        digest.update(f"update:{path.name}".encode())
        digest.update(path.read_bytes())
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
    if not path.is_file() or not _sound(path):
        # A cached copy that fails its check (garbage written into it, a truncated file,
        # another version's data) is ours to rebuild; a user's own file never is.
        try:
            build(path)
        except OSError as exc:
            raise KnowledgeBaseError(
                f"cannot build the knowledge base at {path} ({exc}); set SOURCECHECK_CACHE to a "
                "writable folder or pass a knowledge base path"
            ) from exc
    return path


def _sound(path: Path) -> bool:
    """Whether a cached knowledge base passes SQLite's quick check and has our data hash."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            row = conn.execute("SELECT value FROM meta WHERE key='data_hash'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return check is not None and check[0] == "ok" and row is not None and row[0] == data_hash()


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


def _term_row(rec: dict[str, str]) -> TermRow:
    return TermRow(
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
    )


def import_csv_bytes(
    writer: Writer, data: bytes, origin: str, where: str, dataset: str = ""
) -> int:
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
        writer.term(_term_row(rec), origin, f"{where}:{n}", dataset)
        count += 1
    return count


def _import_shipped(writer: Writer) -> None:
    """The shipped data files, then the update files, in order."""
    factbook_titles: list[dict[str, str]] = []
    for name, table, origin in DATA_FILES:
        data = gzip.decompress((_data_dir() / name).read_bytes())
        where, dataset = f"kb/data/{name}", dataset_name(name)
        if table == "factbook_titles":
            factbook_titles = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        elif origin == "factbook":
            records = list(_read_csv(data, TERM_COLUMNS, where))
            placed = sources.retitle_factbook(records, factbook_titles, writer.conn)
            for n, rec in enumerate(placed, start=2):
                writer.term(_term_row(rec), origin, f"{where}:{n}", dataset)
        elif origin == "congress":
            for n, rec in enumerate(_read_csv(data, TERM_COLUMNS, where), start=2):
                pkey = writer.term(_term_row(rec), origin, f"{where}:{n}", dataset)
                state = sources.congress_state(rec["source"])
                for title in sources.congress_state_titles().get(rec["position_label"], ()):
                    writer.title(title, rec["jurisdiction"], pkey)
                    if state:
                        writer.title(title, state, pkey)
        else:
            import_csv_bytes(writer, data, origin, where, dataset)
    for path in update_files():
        import_csv_bytes(writer, path.read_bytes(), "update", str(path), f"update:{path.stem}")


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
        shipped: Import the shipped terms and events, then the update files in the cache
            (:func:`update_files`); the alias files always are.

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
            if shipped:
                _import_shipped(writer)
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
        count = import_csv_bytes(
            writer, _open_bytes(path), "import", str(path), f"import:{path.name}"
        )
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
        data = load_yaml(path.read_text(encoding="utf-8"))
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
            f"newsroom:{path.name}",
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
