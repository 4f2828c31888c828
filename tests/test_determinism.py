"""The same input gives the same report, whatever the process's hash seed.

Sets of strings iterate in a different order in each process (PYTHONHASHSEED); an order
taken from one once decided which sentence a sourcing finding quoted. Each article is
audited in two fresh processes with different seeds and the JSON compared.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = [
    ROOT / "examples" / "ocean-plastics-talks.txt",
    *sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt")),
]
# A PolNeAR article whose one statement has two sentences starting at the same place.
POLNEAR = SHARED / "benchmarks" / "polnear" / "dev" / "text"

SCRIPT = """
import hashlib, json, sys
from pathlib import Path
import sourcecheck
for name in sys.argv[1:]:
    data = sourcecheck.audit(Path(name)).to_dict()
    data.pop("generator", None)
    print(hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest())
"""


def _digests(seed: int, paths: list[Path]) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout.split()


@pytest.mark.slow
def test_reports_do_not_depend_on_the_hash_seed() -> None:
    paths = list(ARTICLES)
    paths += sorted(POLNEAR.glob("*partisan-fireworks*.txt"))
    paths += [SHARED / "articles" / "peru-embassy-asylum.txt"]
    paths = [p for p in paths if p.is_file()]
    assert len(paths) >= 4
    assert _digests(1, paths) == _digests(5, paths)
