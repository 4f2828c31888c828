"""The medium of an attribution (statement, interview, report, tweet…) and its ``via``.

Precedence, the same everywhere:

1. a communicative-act noun in the frame or the source ("statement", "interview",
   "report", "survey", "tweet"), the one nearest the cue;
2. else the cue verb ("tweeted" → ``tweet``, "posted" → ``social_media``);
3. else a channel ("on social media" → ``social_media``, "on Facebook").

``via`` is a named outlet or the partner of an interview written right after the act noun
("interview with BBC News", "report by Reuters"), else an outlet named in the frame after
"told/to/on/in", else a channel written next to an act noun ("In a statement shared on
social media" → medium ``statement``, via "social media"). When the channel is itself the
medium it is also the via ("posted on Facebook" → ``social_media``, via "Facebook").
Word lists live in ``data/media.yml``.
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
    channels: dict[str, str]
    channel_pattern: re.Pattern[str]
    outlet_pattern: re.Pattern[str]
    after_act: re.Pattern[str]
    told: re.Pattern[str]
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
    name = r"(?:[A-Z][\w’'.&-]*)(?:\s+(?:of\s+|de\s+)?[A-Z][\w’'.&-]*)*"
    preps = _alt([str(p) for p in data["via_prepositions"]])
    channel_alt = rf"(?i:{_alt(list(channels))})|{_alt(list(exact))}"
    return _Lexicon(
        acts=acts,
        act_pattern=re.compile(rf"\b(?:{_alt(list(acts))})\b", re.IGNORECASE),
        cue_stems={str(k).lower(): str(v) for k, v in data["cue_stems"].items()},
        channels={**channels, **exact},
        channel_pattern=re.compile(rf"(?<![\w-])(?:{channel_alt})(?![\w-])"),
        outlet_pattern=re.compile(rf"(?<![\w-])(?:{outlets})(?![\w-])"),
        # "interview with BBC News", "report by Reuters", "statement shared on social media"
        after_act=re.compile(
            rf"\s+(?:[a-z]+\s+){{0,2}}?(?P<prep>{preps})\s+(?:the\s+)?"
            rf"(?P<via>{outlets}|{name}|{channel_alt})"
        ),
        told=re.compile(
            rf"\b(?:told|telling|tell|tells|to|with|on|in|via)\s+(?:the\s+)?(?P<via>{outlets})"
            rf"(?![\w-])"
        ),
        tell=re.compile(r"\b(?:tell|tells|told|telling)\b", re.IGNORECASE),
        told_outlet=str(data["told_outlet"]),
    )


def _channel_value(word: str) -> str:
    lex = _lexicon()
    return lex.channels.get(word, lex.channels.get(word.lower(), "social_media"))


def find_medium(text: str, pieces: Sequence[Span], cue: Span | None) -> Medium | None:
    """The medium read from the frame ``pieces`` (and the cue), or ``None``.

    Args:
        text: The article text.
        pieces: Stretches of the frame (see :func:`sourcecheck.extract.frames.frame`);
            include the source span.
        cue: The cue, whose verb may name the medium and whose position breaks ties.
    """
    lex = _lexicon()
    focus = cue.start if cue is not None else (pieces[0].start if pieces else 0)
    acts: list[re.Match[str]] = []
    for piece in pieces:
        acts.extend(lex.act_pattern.finditer(text, piece.start, piece.end))
    if acts:
        best = min(acts, key=lambda m: abs(m.start() - focus))
        span = Span(best.start(), best.end(), best.group())
        piece_end = next(p.end for p in pieces if p.start <= best.start() < p.end)
        return Medium(
            lex.acts[best.group().lower()], span, _via_after(text, best.end(), piece_end, pieces)
        )
    if cue is not None:
        cue_word = cue.text.lower()
        for stem, value in lex.cue_stems.items():
            if re.search(rf"\b{re.escape(stem)}", cue_word):
                return Medium(value, cue, _outlet_in(text, pieces) or _channel_in(text, pieces))
    channel = _channel_in(text, pieces)
    if channel is not None:
        return Medium(_channel_value(channel.text), channel, channel)
    outlet = _outlet_in(text, pieces)
    if outlet is not None and cue is not None and lex.tell.search(cue.text):
        return Medium(lex.told_outlet, cue, outlet)  # "told CNN"
    return None


def _channel_in(text: str, pieces: Sequence[Span]) -> Span | None:
    lex = _lexicon()
    for piece in pieces:
        m = lex.channel_pattern.search(text, piece.start, piece.end)
        if m:
            return Span(m.start(), m.end(), m.group())
    return None


def _via_after(text: str, start: int, end: int, pieces: Sequence[Span]) -> Span | None:
    """The outlet, partner or channel written right after an act noun, else in the frame."""
    lex = _lexicon()
    m = lex.after_act.match(text, start, end)
    if m:
        via = m.group("via")
        is_named = lex.outlet_pattern.fullmatch(via) or lex.channel_pattern.fullmatch(via)
        # "interview with X" names a partner; "report by X" only an outlet counts as via
        # (otherwise X is the author).
        if is_named or m.group("prep").lower() in ("with", "to"):
            return Span(m.start("via"), m.end("via"), via)
    return _outlet_in(text, pieces) or _channel_in(text, pieces)


def _outlet_in(text: str, pieces: Sequence[Span]) -> Span | None:
    """An outlet the frame says the words went to or through ("told CNN", "on BBC")."""
    lex = _lexicon()
    for piece in pieces:
        m = lex.told.search(text, piece.start, piece.end)
        if m:
            return Span(m.start("via"), m.end("via"), m.group("via"))
    return None


def act_before(text: str, start: int, limit: int) -> Medium | None:
    """An act noun written shortly before ``start`` ("A case study published by the …").

    Used for a generic source resolved to an earlier mention: "The researchers found" takes
    its medium from the sentence that introduced the researchers.

    Args:
        text: The article text.
        start: Where the mention begins.
        limit: How far back to look (a sentence start).
    """
    lex = _lexicon()
    found = list(lex.act_pattern.finditer(text, max(limit, start - 60), start))
    if not found:
        return None
    m = found[-1]
    return Medium(lex.acts[m.group().lower()], Span(m.start(), m.end(), m.group()))


def act_medium(act: Span) -> Medium:
    """The medium named by an act noun ("survey" → ``survey``)."""
    return Medium(_lexicon().acts[act.text.lower()], act)


@cache
def statistic_media() -> frozenset[str]:
    """Media whose figures make an attribution a statistic (``media.yml``)."""
    return frozenset(str(m) for m in load("media")["statistic_media"])
