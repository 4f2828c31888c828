"""Reading a source phrase: qualifier, jurisdiction, title, name, head noun, affiliation.

``parse_phrase`` reads phrases such as "Chile’s Foreign Minister Lena Ortiz",
"then-Governor Ana Ruiz", "League Secretary General Rosa Vidal", "Chilean
journalist Marta Quiroga", "a spokesperson for Chile’s Ministry of Transport" or
"Economists at the Harbour Institute" left to right:

``[determiner] [qualifier] [jurisdiction] [qualifier] [title] [Name] [preposition affiliation]``

Conventions: a possessive jurisdiction is the name without its ``’s`` ("Mexico" in
"Mexico’s"); a demonym is kept as written ("Peruvian") and :func:`jurisdiction_name`
maps it to the country; the qualifier is the lower-case word ("then", "former", "ex").
A name keeps its particles ("Ursula von der Leyen", "Juan Ramón de la Fuente", "Bashar
al-Assad") and a body's name its connectors ("Ministry of Foreign Affairs", "House
Oversight and Government Reform Committee"). A demonym among the modifiers before a title
is the jurisdiction ("a senior EU official"). Word lists (titles, qualifiers, demonyms,
particles) live in ``data/sources.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sourcecheck.extract.vocabulary import ACRONYM as _ACRONYM
from sourcecheck.extract.vocabulary import PAREN_ACRONYM as _PAREN_ACRONYM
from sourcecheck.extract.vocabulary import POSSESSIVE as _POSSESSIVE
from sourcecheck.extract.vocabulary import (
    Token,
    is_demonym,
    jurisdiction_name,
    known_place,
    match_title,
    title_parts,
    title_words,
    tokens,
)
from sourcecheck.extract.vocabulary import lexicon as _lexicon
from sourcecheck.records import Span

__all__ = [
    "PhraseParse",
    "Token",
    "is_demonym",
    "jurisdiction_name",
    "match_title",
    "parse_phrase",
    "title_words",
    "tokens",
]


@dataclass(frozen=True, slots=True)
class PhraseParse:
    """What a source phrase says about its source.

    Attributes:
        determiner: The leading determiner in lower case ("the", "a"), if any.
        qualifier: ``former``, ``then``, ``ex``… in lower case, if any.
        jurisdiction: The stated jurisdiction (country, demonym, organisation), if any.
        possessor: A possessive before the head that is not a jurisdiction ("Chavez").
        title: The title or role as written ("Foreign Minister", "spokesperson").
        name: The proper name after the title, or the whole name of a named body.
        head: The last common noun of the head ("analysts", "officials", "team").
        affiliation: What follows "for/at/from…" after a common-noun head, minus "the".
        honorific: True when the name follows "Mr.", "Ms."… (a person).
    """

    determiner: str | None = None
    qualifier: str | None = None
    jurisdiction: Span | None = None
    possessor: Span | None = None
    title: Span | None = None
    name: Span | None = None
    head: Span | None = None
    affiliation: Span | None = None
    honorific: bool = False


def _joins_body(words: list[Token], j: int) -> bool:
    """True when a conjunction at ``words[j]`` sits inside the name of one body.

    "House Oversight and Government Reform Committee": the capitalised words after "and"
    end with an organisation word, so one body is named; "Mr. Grassley and Mr. Leahy" is cut
    at "and". Two bodies ("Brookings Institution and Carter Center") are read as one name.
    """
    if j >= len(words) or words[j].text.lower() not in ("and", "&"):
        return False
    k = j + 1
    while k < len(words) and words[k].capitalised and not _POSSESSIVE.search(words[k].text):
        k += 1
    return k > j + 1 and words[k - 1].key in _lexicon().organisation_words


def _link_length(words: list[Token], j: int) -> int:
    """Lower-case words at ``words[j]`` that join two parts of a name (0: none).

    One connector ("Ministry *of* Foreign Affairs") or up to three particles ("Ursula *von
    der* Leyen", "Juan Ramón *de la* Fuente"), followed by a capitalised word.
    """
    lex = _lexicon()
    if j < len(words) and words[j].text.lower() in lex.connectors:
        k = j + 1
    else:
        k = j
        while k < len(words) and k - j < 3 and words[k].text.lower() in lex.particles:
            k += 1
    return k - j if j < k < len(words) and words[k].capitalised else 0


def _span(text: str, first: Token, last: Token) -> Span:
    return Span(first.start, last.end, text[first.start : last.end])


def _name_run(words: list[Token], i: int) -> int:
    """Index after the capitalised name starting at ``words[i]`` (``i``: none)."""
    if i < len(words) and words[i].text.isdigit():
        return i  # "Mr. King, 82": an age, not a name
    j = i
    end = i
    while j < len(words):
        w = words[j]
        if w.text.startswith("(") and not _PAREN_ACRONYM.match(w.text):
            break  # "(D-Wis.)" is a gloss, "(LAPOP)" is part of the name
        if w.capitalised and not _POSSESSIVE.search(w.text):
            j += 1
            end = j
        elif end > i and (link := _link_length(words, j)):
            j += link
        elif end > i and _joins_body(words, j):
            j += 1  # "United States Citizenship and Immigration Services"
        else:
            break
    return end


# Pure (the result is frozen) and asked again for the same phrase by mentions and sources.
@lru_cache(maxsize=1024)
def parse_phrase(text: str, start: int, end: int) -> PhraseParse:
    """Read the source phrase ``text[start:end]`` (see the module docstring)."""
    lex = _lexicon()
    words = tokens(text, start, end)
    i = 0
    determiner: str | None = None
    qualifier: str | None = None
    jurisdiction: Span | None = None
    possessor: Span | None = None
    if words and words[0].text.lower() in lex.determiners:
        determiner = words[0].text.lower()
        i = 1
    if i < len(words) and _common_first(words, i):
        words[i] = Token(words[i].start, words[i].end, words[i].text, lowered=True)
    for _ in range(3):  # qualifier / jurisdiction / qualifier, in any order, once each
        if i >= len(words):
            break
        w = words[i]
        if qualifier is None and w.key in lex.qualifiers:
            qualifier = w.key
            i += 1
            continue
        if jurisdiction is None and possessor is None:
            run = _name_run(words, i)
            last = run
            if (
                last < len(words)
                and words[last].capitalised
                and _POSSESSIVE.search(words[last].text)
            ):
                # "Mexico’s", "South Africa’s": the span without the possessive ending.
                cut = words[last].start + len(_POSSESSIVE.sub("", words[last].text))
                span = Span(words[i].start, cut, text[words[i].start : cut])
                rest = words[last + 1 :]
                if rest and (_title_at(rest, 0) or rest[0].capitalised or known_place(span)):
                    jurisdiction = span
                else:
                    possessor = span
                i = last + 1
                continue
            if is_demonym(w.text.rstrip(",")) or (
                _ACRONYM.match(w.text) and _title_at(words, i + 1)
            ):
                jurisdiction = Span(w.start, w.end, w.text)
                i += 1
                continue
        break
    honorific = _honorific_at(words, i)
    if honorific:
        i += 1  # "Mr. Kamin", "Dr. Jane Smith": a person, but "Mr." is no title
    title: Span | None = None
    core: Span | None = None  # the listed title inside it ("minister" of "Health Minister")
    # Up to two lower-case modifiers may precede a title ("investigative journalist"); a
    # name follows an honorific directly ("Mr. King").
    # A demonym among them is the jurisdiction ("a senior EU official").
    for skip in range(0 if honorific else 3):
        k = i + skip
        if k >= len(words):
            break
        n, c, cn = title_parts(words, k)
        if n:
            title = _span(text, words[k], words[k + n - 1])
            core = _span(text, words[c], words[c + cn - 1])
            if jurisdiction is None:
                jurisdiction = next(
                    (Span(w.start, w.end, w.text) for w in words[i:k] if is_demonym(w.text)), None
                )
            i = k + n
            break
        modifier = words[k].common or words[k].key in lex.modifiers or is_demonym(words[k].text)
        if not modifier or words[k].text.lower() in lex.prepositions:
            break
    if (
        title is not None
        and jurisdiction is None
        and i + 1 < len(words)
        and (words[i].text == "of" and words[i + 1].capitalised)
    ):
        run = _name_run(words, i + 1)
        # "President of Peru Dina Boluarte": the place, then a full name (not "mayor of New
        # York City").
        run = next(
            (
                cut
                for cut in range(run - 2, i + 1, -1)
                if known_place(_span(text, words[i + 1], words[cut - 1]))
                and not any(w.key in lex.organisation_words for w in words[cut:run])
            ),
            run,
        )
        if run > i + 1:  # not "head of China’s delegation": a possessive names no place
            jurisdiction = _span(text, words[i + 1], words[run - 1])
            i = run
    name: Span | None = None
    head: Span | None = None
    if title is not None and i + 1 < len(words) and words[i].text == ",":
        after = _name_run(words, i + 1)
        if after > i + 1:
            i += 1  # "Apple’s chief executive, Tim Cook"
    if title is not None and _honorific_at(words, i):
        i += 1  # "Prime Minister Sir Keir Starmer": the name is "Keir Starmer"
    run = _name_run(words, i)
    if run > i and title is None:
        inner = _title_in_run(words, i, run, jurisdiction is not None)
        if inner is not None:
            k, n = inner
            if k > i:
                # "European Council President Donald Tusk": "European Council".
                first = jurisdiction.start if jurisdiction is not None else words[i].start
                jurisdiction = Span(first, words[k - 1].end, text[first : words[k - 1].end])
            title = _span(text, words[k], words[k + n - 1])
            i = k + n
    if run > i:
        at, place_end = _of_place(text, words, i, run, title is not None or honorific)
        name = _span(text, words[i], words[(at or run) - 1])
        i = run
        if at and place_end and jurisdiction is None:
            # "Sen. Elizabeth Warren of Massachusetts": the place is the jurisdiction.
            jurisdiction = _span(text, words[at + 1], words[place_end - 1])
            i = place_end
        elif at:
            i = at  # read as an affiliation below
        n = _role_length(words, i) if title is None and jurisdiction is None else 0
        second = _name_run(words, i + n) if n else i
        if second > i + n:
            # "White House spokesman Josh Earnest", "NBC News moderator Matt Lauer": the
            # first name is the jurisdiction, the words between are the title.
            jurisdiction = name
            title = _span(text, words[i], words[i + n - 1])
            name = _span(text, words[i + n], words[second - 1])
            i = second
        elif n and (i + n == len(words) or words[i + n].text.lower() in lex.prepositions | {","}):
            # "The New York businessman", "Wilson Center analysts": a modified head noun.
            jurisdiction = name
            name = None
            head = Span(words[i + n - 1].start, words[i + n - 1].end, words[i + n - 1].text)
            if match_title(words, i):
                title = _span(text, words[i], words[i + n - 1])
            i += n
    else:
        # The common-noun head: lower-case words up to a preposition.
        j = i
        while (
            j < len(words)
            and words[j].text.lower() not in lex.prepositions
            and words[j].text.lower() not in lex.head_stops
            and words[j].text != ","
            and (not words[j].capitalised or j == i)
        ):
            j += 1
        if j > i:
            head = Span(words[j - 1].start, words[j - 1].end, words[j - 1].text)
        elif title is not None:
            head = core or title
        i = j
        run = _name_run(words, j)
        if (
            run > j
            and head is not None
            and (run == len(words) or words[run].text.lower() in lex.prepositions)
        ):
            # "vice-presidential nominee Mike Pence": descriptors, then the name.
            name = _span(text, words[j], words[run - 1])
            head = None
            i = run
    if head is None and name is None and title is not None:
        head = core or title
    honorific = honorific and name is not None
    affiliation: Span | None = None
    if i < len(words) and words[i].text.lower() in lex.prepositions:
        k = i + 1
        if k < len(words) and words[k].text.lower() in lex.determiners:
            k += 1
        if k < len(words):
            affiliation = _span(text, words[k], words[-1])
    return PhraseParse(
        determiner=determiner,
        qualifier=qualifier,
        jurisdiction=jurisdiction,
        possessor=possessor,
        title=title,
        name=name,
        head=head,
        affiliation=affiliation,
        honorific=honorific,
    )


def _honorific_at(words: list[Token], i: int) -> bool:
    """An honorific before a capitalised name ("Dr. Jane Smith"; not "a professor at…")."""
    return i + 1 < len(words) and words[i].key in _lexicon().honorifics and words[i + 1].capitalised


def _of_place(
    text: str, words: list[Token], i: int, run: int, titled: bool
) -> tuple[int | None, int]:
    """Where a person's name inside ``words[i:run]`` ends, and the place after its "of".

    "Sen. Elizabeth Warren of Massachusetts", "Elizabeth Warren of Massachusetts" (a listed
    place after an untitled person's full name): (index of "of", end of the place). A titled
    name also ends at another connector ("host Alex Marlow on Thursday": (index of "on", 0)).
    "Bank of America" stays whole: (None, 0).
    """
    lex = _lexicon()
    for j in range(i + 1, run - 1):
        if words[j].key not in lex.connectors:
            continue
        if any(w.key in lex.organisation_words for w in words[i:j]):
            return None, 0
        end = next((k for k in range(j + 1, run) if words[k].key in lex.connectors), run)
        if words[j].key != "of" or end <= j + 1:
            # Another connector, or "of" with no word of a place after it ("… of the").
            return (j, 0) if titled else (None, 0)
        if titled or (j - i >= 2 and known_place(_span(text, words[j + 1], words[end - 1]))):
            return j, end
        return None, 0
    return None, 0


def _role_length(words: list[Token], i: int) -> int:
    """Words of a title, or of up to two common nouns, starting at ``words[i]``."""
    n = match_title(words, i)
    if n:
        return n
    k = i
    lex = _lexicon()
    while (
        k < len(words)
        and k < i + 2
        and words[k].common
        and words[k].text.lower() not in lex.prepositions
        # "United States and China" is no "NBC News moderator Matt Lauer"
        and words[k].text.lower() not in lex.conjunctions
    ):
        k += 1
    return k - i


def _title_in_run(
    words: list[Token], i: int, run: int, after_jurisdiction: bool = False
) -> tuple[int, int] | None:
    """A title inside a capitalised run: "Senate Minority Leader Harry Reid" → (1, 2).

    The name after it must have two words unless a jurisdiction precedes the title, so that
    "General Motors" stays a name.
    """
    for k in range(i, run - 1):
        n = match_title(words, k)
        if n and k + n < run and (k > i or after_jurisdiction or run - (k + n) >= 2):
            return k, n
    return None


def _common_first(words: list[Token], i: int) -> bool:
    """A capitalised first word that is a common word ("Some citizens", "Political analysts")."""
    w = words[i]
    if not w.capitalised or _ACRONYM.match(w.text) or _POSSESSIVE.search(w.text):
        return False
    lex = _lexicon()
    nxt = words[i + 1] if i + 1 < len(words) else None
    if _link_length(words, i + 1):
        return False  # "Citizens for Tax Justice"
    if w.text.lower() in lex.common_words:
        return True
    if is_demonym(w.text) or match_title(words, i):
        return False
    return nxt is not None and nxt.text.islower() and nxt.text not in lex.particles | lex.connectors


def _title_at(words: list[Token], i: int) -> bool:
    if i >= len(words):
        return False
    if match_title(words, i):
        return True
    # "Mexico’s former Foreign Minister"
    return words[i].key in _lexicon().qualifiers and bool(match_title(words, i + 1))
