"""The shared place vocabulary: one file per language, read once for every stage."""

from __future__ import annotations

from typing import Any

import pytest

from sourcecheck import places
from sourcecheck.errors import ConfigError


def test_the_shipped_vocabulary_holds_countries_organisations_and_regions() -> None:
    shared = places.vocabulary()
    by_name = {p.name: p for p in shared.entries}
    assert by_name["Albania"].kind == "country"
    assert "Albanian" in by_name["Albania"].adjectives
    assert any(p.kind == "organisation" for p in shared.entries)
    assert "Massachusetts" in shared.regions


def test_both_stages_read_the_same_vocabulary() -> None:
    from sourcecheck.extract.vocabulary import lexicon
    from sourcecheck.kb.lexicon import places as kb_places
    from sourcecheck.kb.names import key

    assert lexicon().demonyms["Albanian"] == "Albania"
    assert kb_places()[key("Albanian")] == ("Albania", "country")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"countries": {"Albania": ["Albanian"]}}, "countries.Albania must map"),
        ({"countries": {"Albania": {"adjectives": "Albanian"}}}, "Albania.adjectives must be"),
        ({"organisations": {"NATO": {"names": [1]}}}, "NATO.names must be"),
        ({"regions": "Ohio"}, "regions must be a list"),
    ],
)
def test_a_malformed_vocabulary_names_the_entry(
    monkeypatch: pytest.MonkeyPatch, data: dict[str, Any], message: str
) -> None:
    monkeypatch.setattr(places, "load_mapping", lambda package, name: data)
    with pytest.raises(ConfigError, match=message):
        places.vocabulary.__wrapped__("xx")
