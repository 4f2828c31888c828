"""The medium of an attribution (statement, interview, report, tweet…) and its ``via``.

Precedence, the same everywhere:

1. a communicative-act noun in the frame or the source ("statement", "interview",
   "report", "survey", "tweet"), the one nearest the cue;
2. else the cue verb ("tweeted" → ``tweet``, "posted" → ``social_media``);
3. else a channel ("on social media" → ``social_media``, "on Facebook").

An act noun written in the source phrase ("A 2022 survey by the Pew Research Center found")
is the document the source is credited through, so it wins over any other act noun in the
frame. An act noun inside a capitalised name ("Pew *Research* Center", "*Census* Bureau")
names no act. A cue word such as "reported" names a report ("The Guardian reported").

``via`` is a named outlet or the partner of an interview written right after the act noun
("interview with CNN", "report by Reuters", "published in the journal Nature"), else
an outlet named in the frame after "told/to/on/in" ("told The Example Ledger": a listed
outlet, the article's own outlet, or a name holding an outlet word such as "Ledger"), else a
channel written next to an act noun ("In a statement posted on social media" → medium
``statement``, via "social media"). When the channel is itself the medium it is also the
via ("posted on Facebook" → ``social_media``, via "Facebook"). "Told <outlet>" with no act
noun is an ``interview``. Word lists live in ``data/media.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.lexicon import load
from sourcecheck.records import Span


@dataclass(frozen=True, slots=True)
class Medium:
    """A medium value and where it was read.

    Attributes:
        value: ``statement``, ``interview``, ``tweet``, ``social_media``…
        span: The words it was read from (act noun, cue or channel).
        via: The outlet or channel it went through, if written.
    """

    value: str
    span: Span
    via: Span | None = None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    acts: dict[str, str]
    act_pattern: re.Pattern[str]
    cue_stems: dict[str, str]
    cue_words: dict[str, str]
    channels: dict[str, str]
    channel_pattern: re.Pattern[str]
    outlet_pattern: re.Pattern[str]
    after_act: re.Pattern[str]
    told: str
    tell: re.Pattern[str]
    told_outlet: str


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    data = load("media")
    acts = {str(k).lower(): str(v) for k, v in data["acts"].items()}
    channels = {str(k).lower(): str(v) for k, v in data["channels"].items()}
    exact = {str(k): str(v) for k, v in data["channels_exact"].items()}
    outlets = _alt([str(o) for o in data["outlets"]])
    word = r"[A-Z][\w’'.&-]*"
    name = rf"(?:{word})(?:\s+(?:of\s+|de\s+)?{word})*"
    # "The Example Ledger", "Radio New Zealand": a short name holding an outlet word.
    outlet_word = _alt([str(w) for w in data["outlet_name_words"]])
    named_outlet = (
        rf"(?:The\s+)?(?:{word}\s+){{0,3}}(?:{outlet_word})(?![\w-])(?:\s+(?:of\s+)?{word}){{0,2}}"
    )
    nouns = _alt([str(n) for n in data["outlet_nouns"]])
    preps = _alt([str(p) for p in data["via_prepositions"]])
    channel_alt = rf"(?i:{_alt(list(channels))})|{_alt(list(exact))}"
    return _Lexicon(
        acts=acts,
        act_pattern=re.compile(rf"(?<![\w-])(?:{_alt(list(acts))})(?![\w-])", re.IGNORECASE),
        cue_stems={str(k).lower(): str(v) for k, v in data["cue_stems"].items()},
        cue_words={str(k).lower(): str(v) for k, v in data["cue_words"].items()},
        channels={**channels, **exact},
        channel_pattern=re.compile(rf"(?<![\w-])(?:{channel_alt})(?![\w-])"),
        outlet_pattern=re.compile(rf"(?<![\w-])(?:{outlets})(?![\w-])"),
        # "interview with CNN", "report by Reuters", "statement posted on social media",
        # "published in the journal Nature"
        after_act=re.compile(
            rf"\s+(?:[a-z]+\s+){{0,2}}?(?P<prep>{preps})\s+(?:the\s+)?"
            rf"(?:(?P<noun>{nouns})\s+)?(?P<via>{outlets}|{name}|{channel_alt})"
        ),
        # Completed by _told() with the article's own outlet.
        told=(
            rf"\b(?:told|telling|tell|tells|to|with|on|in|via)\s+(?:the\s+)?"
            rf"(?:(?:{nouns})\s+)?(?P<via>{outlets}|{named_outlet}"
        ),
        tell=re.compile(r"\b(?:tell|tells|told|telling)\b", re.IGNORECASE),
        told_outlet=str(data["told_outlet"]),
    )


@cache
def _told(own_outlet: str | None) -> re.Pattern[str]:
    """The "told/to/on… <outlet>" pattern, with the article's own outlet as an outlet."""
    own = rf"|{re.escape(own_outlet)}" if own_outlet else ""
    return re.compile(rf"{_lexicon().told}{own})(?![\w-])")


def _channel_value(word: str) -> str:
    lex = _lexicon()
    return lex.channels.get(word, lex.channels.get(word.lower(), "social_media"))


def find_medium(
    text: str,
    pieces: Sequence[Span],
    cue: Span | None,
    document: Span | None = None,
    own_outlet: str | None = None,
) -> Medium | None:
    """The medium read from the frame ``pieces`` (and the cue), or ``None``.

    Args:
        text: The article text.
        pieces: Stretches of the frame (see :func:`sourcecheck.extract.frames.frame`);
            include the source span.
        cue: The cue, whose verb may name the medium and whose position breaks ties.
        document: The act noun of the source phrase ("survey" in "A 2022 survey by …"),
            which wins over other act nouns.
        own_outlet: The article's outlet ("told The Example Ledger" names it as via).
    """
    lex = _lexicon()
    focus = cue.start if cue is not None else (pieces[0].start if pieces else 0)
    acts: list[tuple[int, int]] = []
    for piece in pieces:
        acts.extend(
            m.span()
            for m in lex.act_pattern.finditer(text, piece.start, piece.end)
            if not _inside_name(text, m.start(), m.end())
        )
    if document is not None:
        acts = [(document.start, document.end)]
    if acts:
        start, end = min(acts, key=lambda m: abs(m[0] - focus))
        span = Span(start, end, text[start:end])
        piece_end = next((p.end for p in pieces if p.start <= start < p.end), end)
        via = _via_after(text, end, piece_end, pieces, own_outlet)
        return Medium(lex.acts[span.text.lower()], span, via)
    outlet = _outlet_in(text, pieces, own_outlet)
    if cue is not None:
        cue_word = cue.text.lower()
        for word, value in lex.cue_words.items():
            if re.search(rf"\b{re.escape(word)}\b", cue_word):
                return Medium(value, cue, outlet)  # "The Guardian reported"
        for stem, value in lex.cue_stems.items():
            if re.search(rf"\b{re.escape(stem)}", cue_word):
                return Medium(value, cue, outlet or _channel_in(text, pieces))
    channel = _channel_in(text, pieces)
    if channel is not None:
        return Medium(_channel_value(channel.text), channel, channel)
    if outlet is not None and cue is not None and lex.tell.search(cue.text):
        return Medium(lex.told_outlet, cue, outlet)  # "told CNN"
    return None


def _inside_name(text: str, start: int, end: int) -> bool:
    """True for a capitalised act noun next to a capitalised word ("Pew Research Center",
    "The New York Post"): part of a name, not an act."""
    if not text[start : start + 1].isupper():
        return False
    after = re.match(r"[^\S\n]+[A-Z]", text[end : end + 3]) is not None
    before = re.search(r"[A-Z][\w’'.&-]*[^\S\n]+$", text[max(0, start - 40) : start])
    return after or (before is not None and not before.group().rstrip().endswith("."))


def _channel_in(text: str, pieces: Sequence[Span]) -> Span | None:
    lex = _lexicon()
    for piece in pieces:
        m = lex.channel_pattern.search(text, piece.start, piece.end)
        if m:
            return Span(m.start(), m.end(), m.group())
    return None


def _via_after(
    text: str, start: int, end: int, pieces: Sequence[Span], own_outlet: str | None = None
) -> Span | None:
    """The outlet, partner or channel written right after an act noun, else in the frame."""
    lex = _lexicon()
    m = lex.after_act.match(text, start, end)
    if m:
        via = m.group("via")
        is_named = (
            lex.outlet_pattern.fullmatch(via)
            or lex.channel_pattern.fullmatch(via)
            or via == own_outlet
        )
        # "interview with X" names a partner; "report by X" only an outlet counts as via
        # (otherwise X is the author); "in the journal X" names an outlet.
        if is_named or m.group("noun") or m.group("prep").lower() in ("with", "to"):
            return Span(m.start("via"), m.end("via"), via)
    return _outlet_in(text, pieces, own_outlet) or _channel_in(text, pieces)


def _outlet_in(text: str, pieces: Sequence[Span], own_outlet: str | None = None) -> Span | None:
    """An outlet the frame says the words went to or through ("told CNN", "on BBC")."""
    told = _told(own_outlet)
    for piece in pieces:
        m = told.search(text, piece.start, piece.end)
        if m:
            return Span(m.start("via"), m.end("via"), m.group("via"))
    return None


def act_before(text: str, start: int, limit: int) -> Medium | None:
    """An act noun written shortly before ``start`` ("A study released by the …").

    Used for a generic source resolved to an earlier mention: "The researchers found" takes
    its medium from the sentence that introduced the researchers.

    Args:
        text: The article text.
        start: Where the mention begins.
        limit: How far back to look (a sentence start).
    """
    lex = _lexicon()
    found = [
        m
        for m in lex.act_pattern.finditer(text, max(limit, start - 60), start)
        if not _inside_name(text, m.start(), m.end())
    ]
    if not found:
        return None
    m = found[-1]
    return Medium(lex.acts[m.group().lower()], Span(m.start(), m.end(), m.group()))


@cache
def statistic_media() -> frozenset[str]:
    """Media whose figures make an attribution a statistic (``media.yml``)."""
    return frozenset(str(m) for m in load("media")["statistic_media"])
