"""Figures inside an attribution: percentages, money and counts.

Each figure is a :class:`~sourcecheck.records.NumberMention` whose ``unit`` is
``percent`` / ``percentage_point``, an ISO currency code (``USD``), the counted noun as
written in lower case (``people``, ``ministers``) or ``None`` for a bare figure. Number
words count only when a noun follows ("three ministers"), so "one of them" is no figure.
Years and figures inside time expressions ("five years ago") are skipped: pass the time
expressions' spans as ``exclude``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.lexicon import load
from sourcecheck.records import NumberMention, Span


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, int]
    multipliers: dict[str, int]
    percent_units: dict[str, str]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    not_units: frozenset[str]
    percent: re.Pattern[str]
    money_symbol: re.Pattern[str]
    money_word: re.Pattern[str]
    count: re.Pattern[str]


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    data = load("numbers")
    words = {str(k): int(v) for k, v in data["number_words"].items()}
    multipliers = {str(k): int(v) for k, v in data["multipliers"].items()}
    percent_units = {str(k): str(v) for k, v in data["percent_units"].items()}
    symbols = {str(k): str(v) for k, v in data["currency_symbols"].items()}
    currency_words = {str(k): str(v) for k, v in data["currency_words"].items()}
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    word = _alt(list(words))
    spelled = rf"(?:{word})(?:[\s-]+(?:{word}|hundred|thousand))*"
    big = _alt([m for m in multipliers if len(m) > 1])
    figure = rf"(?P<num>{digits}|(?i:{spelled}))(?:\s+(?P<mult>{big}))?"
    lead = r"(?<![\w.,$€£/-])"
    return _Lexicon(
        words=words,
        multipliers=multipliers,
        percent_units=percent_units,
        currency_symbols=symbols,
        currency_words=currency_words,
        not_units=frozenset(str(w) for w in data["not_units"]),
        percent=re.compile(
            rf"{lead}{figure}\s*(?P<unit>%|(?i:{_alt([u for u in percent_units if u != '%'])})\b)"
        ),
        money_symbol=re.compile(
            rf"(?P<cur>{_alt(list(symbols))})\s?(?P<num>{digits})"
            rf"(?:\s*(?P<mult>{_alt(list(multipliers))})\b)?"
        ),
        money_word=re.compile(rf"{lead}{figure}\s+(?P<cur>(?i:{_alt(list(currency_words))}))\b"),
        count=re.compile(
            rf"{lead}(?P<num>{digits}|(?i:{spelled}))(?:\s+(?P<mult>{big}))?\b"
            rf"(?:\s+(?P<noun>[A-Za-z][a-z-]+))?"
        ),
    )


def _value(number: str, multiplier: str | None) -> float | None:
    lex = _lexicon()
    text = number.lower().replace(",", "")
    value: float | None
    try:
        value = float(text)
    except ValueError:
        value = _spelled_value(text, lex)
    if value is None:
        return None
    if multiplier:
        value *= lex.multipliers[multiplier.lower()]
    return value


def _spelled_value(text: str, lex: _Lexicon) -> float | None:
    total = 0
    current = 0
    for part in re.split(r"[\s-]+", text):
        if part in lex.words:
            current += lex.words[part]
        elif part == "hundred":
            current = max(current, 1) * 100
        elif part in ("thousand", "million", "billion"):
            total += max(current, 1) * lex.multipliers[part]
            current = 0
        else:
            return None
    return float(total + current)


def find_numbers(
    text: str, start: int = 0, end: int | None = None, exclude: Sequence[Span] = ()
) -> list[NumberMention]:
    """Figures in ``text[start:end]`` with absolute offsets, in text order.

    Args:
        text: The article text.
        start: Where the searched stretch begins.
        end: Where it ends (``None``: the end of ``text``).
        exclude: Spans (time expressions) whose figures are not counted.
    """
    stop = len(text) if end is None else end
    window = text[start:stop]
    lex = _lexicon()
    found: list[NumberMention] = []
    taken: list[Span] = [Span(max(s.start - start, 0), max(s.end - start, 0), "") for s in exclude]

    def add(m: re.Match[str], value: float | None, unit: str | None, s: int, e: int) -> None:
        span = Span(s, e, "")
        if value is None or any(span.overlaps(t) for t in taken):
            return
        taken.append(span)
        found.append(NumberMention(value, unit, Span(start + s, start + e, window[s:e])))

    for m in lex.percent.finditer(window):
        unit = "percent" if m["unit"] == "%" else lex.percent_units[m["unit"].lower()]
        add(m, _value(m["num"], m["mult"]), unit, m.start(), m.end())
    for m in lex.money_symbol.finditer(window):
        add(m, _value(m["num"], m["mult"]), lex.currency_symbols[m["cur"]], m.start(), m.end())
    for m in lex.money_word.finditer(window):
        unit = lex.currency_words[m["cur"].lower()]
        add(m, _value(m["num"], m["mult"]), unit, m.start(), m.end())
    for m in lex.count.finditer(window):
        number = m["num"]
        noun = m["noun"]
        if noun is not None and (noun.lower() in lex.not_units or not noun.islower()):
            noun = None
        spelled = not number[0].isdigit()
        if spelled and noun is None:
            continue  # "one of them", "two" alone: not a figure
        if not spelled and noun is None and re.fullmatch(r"\d{4}", number):
            continue  # a bare four-digit number is a year, left to timex
        end_at = m.end("noun") if noun is not None else m.end("mult") if m["mult"] else m.end("num")
        add(m, _value(number, m["mult"]), noun.lower() if noun else None, m.start(), end_at)
    return sorted(found, key=lambda n: n.span.start)
