"""Write small Wikidata JSON dumps in the real format (one entity per line in a JSON array)."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path
from typing import Any

DAY, MONTH, YEAR = 11, 10, 9


def time_snak(prop: str, value: str, precision: int) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {
            "value": {
                "time": value,
                "timezone": 0,
                "before": 0,
                "after": 0,
                "precision": precision,
                "calendarmodel": "http://www.wikidata.org/entity/Q1985727",
            },
            "type": "time",
        },
        "datatype": "time",
    }


def item_snak(prop: str, qid: str) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {
            "value": {"entity-type": "item", "numeric-id": int(qid[1:]), "id": qid},
            "type": "wikibase-entityid",
        },
        "datatype": "wikibase-item",
    }


def statement(
    prop: str, qid: str, rank: str = "normal", **qualifiers: tuple[str, int]
) -> dict[str, Any]:
    out: dict[str, Any] = {"mainsnak": item_snak(prop, qid), "type": "statement", "rank": rank}
    if qualifiers:
        out["qualifiers"] = {p: [time_snak(p, v, prec)] for p, (v, prec) in qualifiers.items()}
    return out


def entity(
    qid: str,
    labels: dict[str, str],
    claims: dict[str, list[dict[str, Any]]] | None = None,
    aliases: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    return {
        "type": "item",
        "id": qid,
        "labels": {lang: {"language": lang, "value": v} for lang, v in labels.items()},
        "aliases": {
            lang: [{"language": lang, "value": v} for v in vs]
            for lang, vs in (aliases or {}).items()
        },
        "claims": claims or {},
    }


def dump_lines(entities: list[dict[str, Any]], malformed: int = 0) -> bytes:
    """The dump: ``[``, entities one per line ending with ``,`` (not the last), ``]``."""
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entities]
    lines[1:1] = ['{"type":"item","id":"Q999999","labels":{'] * malformed
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


def write_dump(path: Path, entities: list[dict[str, Any]], malformed: int = 0) -> Path:
    """Write ``path`` (.json, .json.gz or .json.bz2)."""
    data = dump_lines(entities, malformed)
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".bz2"):
        data = bz2.compress(data)
    path.write_bytes(data)
    return path


def sample_entities() -> list[dict[str, Any]]:
    """Fictional people in two offices of a fictional state and a real organisation."""
    return [
        entity(
            "Q900001", {"en": "Freedonia", "es": "Libertonia"}, {"P31": [statement("P31", "Q6256")]}
        ),
        entity(
            "Q900010",
            {"en": "Minister of Foreign Affairs of Freedonia", "es": "Canciller de Libertonia"},
            {"P1001": [statement("P1001", "Q900001")], "P279": [statement("P279", "Q7330070")]},
            {"en": ["Foreign Minister of Freedonia"]},
        ),
        entity(
            "Q900011",
            {"en": "President of Freedonia"},
            {"P17": [statement("P17", "Q900001")], "P31": [statement("P31", "Q48352")]},
        ),
        entity(
            "Q900100",
            {"en": "Rufus T. Firefly", "es": "Rufus T. Firefly"},
            {
                "P31": [statement("P31", "Q5")],
                "P39": [
                    statement("P39", "Q900011", P580=("+1933-11-17T00:00:00Z", DAY)),
                    statement("P39", "Q900010", "deprecated", P580=("+1920-00-00T00:00:00Z", YEAR)),
                ],
            },
            {"en": ["Firefly"]},
        ),
        entity(
            "Q900101",
            {"es": "Ana Pérez Chávez"},
            {
                "P31": [statement("P31", "Q5")],
                "P39": [
                    statement(
                        "P39",
                        "Q900010",
                        P580=("+2023-07-00T00:00:00Z", MONTH),
                        P582=("+2024-09-30T00:00:00Z", DAY),
                    ),
                ],
            },
        ),
        entity("Q900200", {"en": "A building"}, {"P17": [statement("P17", "Q900001")]}),
    ]
