"""How a quote compares with a recorded one: aligned words, the edits, and what they change.

Both quotes are split into words the way :func:`sourcecheck.quotes.normalise` splits them
(case, quote marks, punctuation fold away), and aligned word by word (rapidfuzz's Indel
alignment: the most words shared in order). The differing stretches are then judged one
by one, conservatively:

* excused: an omission the quote marks with an ellipsis (``…``, ``...``), an
  ``[editorial insertion]``, a spelling variant, words the recorded quote itself elided,
  extra words at the edges of this article's quote, and a trimmed lead-in or tail that
  drops no negation (before) or condition (after) of the same sentence;
* a *sense* change: a negation, qualifier or number added, dropped or swapped, a
  swapped name, or a trimmed lead-in negation / tail condition the article does not
  say elsewhere in its sentence;
* anything else is a plain edit, which proves nothing either way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Opcodes

from sourcecheck.datafiles import load_mapping
from sourcecheck.quotes import normalise


@cache
def data() -> dict[str, Any]:
    """``checks/data/origin.yml``."""
    return load_mapping("sourcecheck.checks", "origin")


@cache
def words_of(*path: str) -> frozenset[str]:
    """The lower-cased word list at ``path`` in origin.yml (a mapping: all its lists)."""
    node: Any = data()
    for part in path:
        node = node[part]
    if isinstance(node, dict):
        return frozenset(str(w).lower() for values in node.values() for w in values)
    return frozenset(str(w).lower() for w in node)


def sense_words() -> frozenset[str]:
    """Negations, qualifiers and number words (``sense_words`` in origin.yml)."""
    return words_of("sense_words")


# Ellipses, brackets, sentence ends and words (apostrophes inside words kept together,
# as normalise() drops them).
_TOKEN = re.compile(
    r"(?P<gap>…|\.\.\.)|(?P<open>\[)|(?P<close>\])|(?P<end>[.!?;:]+)"
    r"|(?P<word>(?:\w|[\u2018\u2019\u02bc\u0060\u00b4'])+)"
)
_PER_CENT = re.compile(r"\bper\s+cent\b", re.IGNORECASE)
_SYMBOLS = {"%": " percent ", "&": " and "}
_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
    "twelve": "12", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Words:
    """A quote split into words, with the marks that excuse edits.

    Attributes:
        words: The compared form of each word (normalised; ``five`` → ``5``).
        raw: Each word as written.
        bracketed: Indices of words inside ``[…]``.
        gaps: Word indices an ellipsis stands before (``len(words)``: at the end).
        starts: Indices of words that begin a sentence.
    """

    words: tuple[str, ...]
    raw: tuple[str, ...]
    bracketed: frozenset[int]
    gaps: frozenset[int]
    starts: frozenset[int]


# This article's quote is split once for all its candidates.
@lru_cache(maxsize=1024)
def split_words(text: str) -> Words:
    """``text`` as :class:`Words` (the same words, in order, as ``normalise(text)`` has)."""
    text = _PER_CENT.sub("percent", unicodedata.normalize("NFKC", text))
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    words: list[str] = []
    raw: list[str] = []
    bracketed: set[int] = set()
    gaps: set[int] = set()
    starts: set[int] = {0}
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "gap":
            gaps.add(len(words))
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "end":
            starts.add(len(words))
        else:
            for piece in normalise(match.group()).split():
                if depth:
                    bracketed.add(len(words))
                words.append(_NUMBER_WORDS.get(piece, piece))
                raw.append(match.group())
    return Words(tuple(words), tuple(raw), frozenset(bracketed), frozenset(gaps), frozenset(starts))


class Match(StrEnum):
    """How close a recorded quote is to this article's."""

    SAME = "same"  # the same words, up to excused edits
    ALTERED = "altered"  # an edit that changes the sense
    EDITED = "edited"  # other edits: close, proves nothing
    WEAK = "weak"  # some words shared, too few or too changed to decide
    NONE = "none"  # not this quote


@dataclass(frozen=True, slots=True)
class Change:
    """One stretch where this article's quote and the recorded one differ.

    Attributes:
        here: The words this article has there (as written).
        there: The words the recorded quote has there.
        where: ``lead``, ``tail`` or ``inside``.
        excuse: Why it does not count (``ellipsis``, ``bracket``…); ``""``: it counts.
        sense: The sense words (or swapped names) it touches; empty: none.
    """

    here: tuple[str, ...]
    there: tuple[str, ...]
    where: str
    excuse: str = ""
    sense: tuple[str, ...] = ()

    def describe(self) -> str:
        """``“not” dropped``, ``“five” swapped for “six”``, ``“only” added``."""
        here, there = " ".join(self.here), " ".join(self.there)
        if here and there:
            return f"“{there}” changed to “{here}”"
        return f"“{here}” added" if here else f"“{there}” dropped"


@dataclass(frozen=True, slots=True)
class Comparison:
    """This article's quote against one recorded quote.

    Attributes:
        match: The verdict on the wording.
        shared: Words shared in order.
        similarity: Within the aligned stretch, 2 × shared / (words here + words there).
        coverage: The share of this article's quote the aligned stretch covers.
        changes: Every differing stretch, excused or not.
        diff: The word diff from the recorded quote to this one: ``("=", words)``,
            ``("-", words dropped here)``, ``("+", words added here)``.
    """

    match: Match
    shared: int
    similarity: float
    coverage: float
    changes: tuple[Change, ...]
    diff: tuple[tuple[str, str], ...]

    @property
    def counted(self) -> tuple[Change, ...]:
        """The changes that are not excused."""
        return tuple(c for c in self.changes if not c.excuse)


def _is_name(words: Words, index: int) -> bool:
    """A capitalised word that does not begin a sentence (and is no "I")."""
    token = words.raw[index]
    return token[:1].isupper() and index not in words.starts and normalise(token) != "i"


def _sense(here: Words, hi: range, there: Words, ti: range) -> tuple[str, ...]:
    found = [
        w
        for w in [*(here.words[i] for i in hi), *(there.words[i] for i in ti)]
        if w in sense_words() or any(ch.isdigit() for ch in w)
    ]
    if hi and ti and any(_is_name(here, i) for i in hi) and any(_is_name(there, i) for i in ti):
        found += [here.raw[i] for i in hi if _is_name(here, i)]
    return tuple(dict.fromkeys(found))


def _spelling(here: tuple[str, ...], there: tuple[str, ...], *, sense: bool) -> bool:
    """``per cent``/``percent``, ``recognise``/``recognize``: one word spelt two ways.

    A fuzzy likeness excuses nothing that touches a sense word ("can"/"cant").
    """
    a, b = "".join(here), "".join(there)
    if a == b:
        return True
    if sense or len(here) != 1 or len(there) != 1 or any(ch.isdigit() for ch in a + b):
        return False
    return fuzz.ratio(a, b) >= 85 and min(len(a), len(b)) >= 5


def _sentence_part(words: Words, stretch: range, *, before: int | None) -> range:
    """The part of ``stretch`` in the same sentence as the word at ``before`` (a lead-in)
    or as the word just before the stretch (``before=None``: a tail)."""
    if before is not None:
        begin = max((s for s in words.starts if stretch.start <= s <= before), default=None)
        return range(begin if begin is not None else stretch.start, stretch.stop)
    end = min((s for s in words.starts if stretch.start <= s <= stretch.stop), default=None)
    return range(stretch.start, end if end is not None else stretch.stop)


def _trim(here: Words, there: Words, stretch: range, where: str, context: frozenset[str]) -> Change:
    """A lead-in or tail of the recorded quote this article leaves out."""
    dropped = tuple(there.raw[i] for i in stretch)
    at = 0 if where == "lead" else len(here.words)
    if at in here.gaps:
        return Change((), dropped, where, "ellipsis")
    lead = where == "lead"
    part = _sentence_part(there, stretch, before=stretch.stop if lead else None)
    watch = words_of("trim", "lead_words" if lead else "tail_words")
    risky = [there.words[i] for i in part if there.words[i] in watch]
    unsaid = tuple(w for w in dict.fromkeys(risky) if w not in context)
    if not unsaid:
        return Change((), dropped, where, "trim")
    return Change((), dropped, where, "", unsaid)


def _edge(
    here: Words, hi: range, there: Words, ti: range, where: str, context: frozenset[str]
) -> list[Change]:
    """The changes at one edge: this article's extra words there are a fuller quote; the
    recorded quote's are a trim; both, in the sentence of the shared words, a swap."""
    lead = where == "lead"
    near_here = _sentence_part(here, hi, before=hi.stop if lead else None)
    near_there = _sentence_part(there, ti, before=ti.stop if lead else None)
    changes: list[Change] = []
    if near_here and near_there:
        swap = _inside(here, near_here, there, near_there)
        changes.append(Change(swap.here, swap.there, where, swap.excuse, swap.sense))
        hi = range(hi.start, near_here.start) if lead else range(near_here.stop, hi.stop)
        ti = range(ti.start, near_there.start) if lead else range(near_there.stop, ti.stop)
    if hi:
        changes.append(Change(tuple(here.raw[i] for i in hi), (), where, "fuller here"))
    if ti:
        changes.append(_trim(here, there, ti, where, context))
    return changes


def _inside(here: Words, hi: range, there: Words, ti: range) -> Change:
    words_here = tuple(here.words[i] for i in hi)
    words_there = tuple(there.words[i] for i in ti)
    sense = _sense(here, hi, there, ti)
    excuse = ""
    if not hi and hi.start in here.gaps:
        excuse = "ellipsis"
    elif hi and all(i in here.bracketed for i in hi):
        excuse = "bracket"
    elif hi and not ti and ti.start in there.gaps:
        excuse = "elided there"
    elif hi and ti and _spelling(words_here, words_there, sense=bool(sense)):
        excuse = "spelling"
    here_raw = tuple(here.raw[i] for i in hi)
    there_raw = tuple(there.raw[i] for i in ti)
    return Change(here_raw, there_raw, "inside", excuse, () if excuse else sense)


def compare(
    here_text: str, there_text: str, *, context: frozenset[str] = frozenset()
) -> Comparison:
    """Compare this article's quote (``here_text``) with a recorded one (``there_text``).

    Args:
        here_text: The quoted words in this article, as written.
        there_text: The recorded quote, as written.
        context: Normalised words the article says around the quote in its sentence
            (outside the quote marks): a cut negation or condition said there is no cut.
    """
    rules = data()["match"]
    here, there = split_words(here_text), split_words(there_text)
    opcodes = Indel.opcodes(list(here.words), list(there.words))
    ops = [op for op in opcodes if op.tag != "equal"]
    equal = [op for op in opcodes if op.tag == "equal"]
    shared = sum(op.src_end - op.src_start for op in equal)
    if shared == 0:
        return Comparison(Match.NONE, 0, 0.0, 0.0, (), ())
    h0, h1 = equal[0].src_start, equal[-1].src_end
    t0, t1 = equal[0].dest_start, equal[-1].dest_end
    similarity = 2 * shared / ((h1 - h0) + (t1 - t0))
    coverage = (h1 - h0) / len(here.words)
    changes = _edge(here, range(0, h0), there, range(0, t0), "lead", context)
    # Inside: consecutive non-equal opcodes between the first and last shared word.
    inner = [op for op in ops if h0 <= op.src_start <= h1 and t0 <= op.dest_start <= t1]
    inner = [op for op in inner if not (op.src_start == h1 and op.dest_start == t1)]
    inner = [op for op in inner if not (op.src_end == h0 and op.dest_end == t0)]
    groups: list[tuple[range, range]] = []
    for op in inner:
        hi, ti = range(op.src_start, op.src_end), range(op.dest_start, op.dest_end)
        if groups and groups[-1][0].stop == hi.start and groups[-1][1].stop == ti.start:
            hi = range(groups[-1][0].start, hi.stop)
            ti = range(groups[-1][1].start, ti.stop)
            groups[-1] = (hi, ti)
        else:
            groups.append((hi, ti))
    changes += [_inside(here, hi, there, ti) for hi, ti in groups]
    changes += _edge(
        here, range(h1, len(here.words)), there, range(t1, len(there.words)), "tail", context
    )
    diff = _diff(here, there, opcodes)
    kind = _judge(shared, similarity, coverage, changes, groups, rules)
    return Comparison(kind, shared, similarity, coverage, tuple(changes), diff)


def _judge(
    shared: int,
    similarity: float,
    coverage: float,
    changes: list[Change],
    groups: list[tuple[range, range]],
    rules: dict[str, Any],
) -> Match:
    if shared < int(rules["min_shared_words"]) or similarity < float(rules["weak_core_similarity"]):
        return Match.NONE
    if (
        similarity < float(rules["min_core_similarity"])
        or coverage < float(rules["min_coverage"])
        or len(groups) > int(rules["max_changes"])
    ):
        return Match.WEAK
    counted = [c for c in changes if not c.excuse]
    if any(c.sense for c in counted):
        return Match.ALTERED
    return Match.EDITED if counted else Match.SAME


def _diff(here: Words, there: Words, opcodes: Opcodes) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for op in opcodes:
        if op.tag == "equal":
            part = ("=", " ".join(here.raw[op.src_start : op.src_end]))
        elif op.tag == "delete":
            part = ("+", " ".join(here.raw[op.src_start : op.src_end]))
        else:
            part = ("-", " ".join(there.raw[op.dest_start : op.dest_end]))
        if out and out[-1][0] == part[0]:
            out[-1] = (part[0], f"{out[-1][1]} {part[1]}")
        else:
            out.append(part)
    return tuple(out)


def diff_text(diff: tuple[tuple[str, str], ...]) -> str:
    """The diff on one line: ``we will [-not-] {+now+} back down``."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return " ".join(f"{marks[op][0]}{words}{marks[op][1]}" for op, words in diff)


def diff_json(diff: tuple[tuple[str, str], ...]) -> str:
    """The diff as JSON (evidence ``data["diff"]``): ``[["=", "we will"], ["-", "not"]]``."""
    return json.dumps([list(part) for part in diff], ensure_ascii=False)


def diff_from_json(text: str) -> tuple[tuple[str, str], ...]:
    """:func:`diff_json` read back; ``()`` for anything that is not such a diff."""
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    out = []
    for part in value:
        if (
            isinstance(part, list)
            and len(part) == 2
            and part[0] in ("=", "-", "+")
            and isinstance(part[1], str)
        ):
            out.append((str(part[0]), part[1]))
        else:
            return ()
    return tuple(out)
