"""Sources: kind, resolved name and antecedent, title, jurisdiction, qualifier, document."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.mentions import Mention, find_groups, find_mentions
from sourcecheck.extract.paragraphs import parse_paragraphs
from sourcecheck.extract.sources import describe_source
from sourcecheck.extract.types import Paragraph
from sourcecheck.records import SourceKind, Span

if TYPE_CHECKING:
    from spacy.language import Language

# A made-up article (our own writing) exercising every kind of source phrase.
TEXT = (
    "\n".join(
        [
            "Former Prime Minister Rosa Lagos, who is on trial for graft, took refuge in the "
            "Chilean Embassy in Quito on Monday.",
            "A study published by the Andean Policy Institute in 2022 examined asylum cases "
            "across the region. The researchers found that most requests were granted.",
            "Recent data from the Regional Barometer Project (RBP) shows falling trust in the"
            " courts. According to their 2024 survey, only 31 percent of Ecuadorians trust "
            "judges.",
            "Lagos said she would not return. She added that the charges were invented, and "
            "her lawyers argue that the case is political.",
            "El Comercio first reported the move on its website. The newspaper said that the "
            "embassy had confirmed the request.",
            "Interior Minister Jorge Paz called the move a provocation. The minister told "
            "reporters that talks would continue.",
            "Luis Almagro, the OAS secretary general, said that dialogue was needed. The "
            "Ecuadorian government said it would appeal.",
            "Transparency Watch issued a statement on the case. It said the ruling was flawed.",
            "A spokesperson for Chile’s Ministry of Foreign Affairs declined to comment, "
            "while officials familiar with the talks said a deal was near. Critics and some "
            "residents disagreed; analysts at the Andean Policy Institute were divided.",
            "A viral tweet from Chilean journalist Marta Soto summed it up. Ecuador’s "
            "Attorney General Diana Salazar declined to comment.",
            "Andes Mining Corp. denied the claims. The company said it had followed the law, "
            "and a source close to the board said the same.",
            "According to Reuters, delegates from several coastal states walked out on Monday. "
            "Their representatives argue that the draft is unfair.",
            "A study published in the journal Oceanic Letters in March estimated the losses. "
            "The Guardian reported the delay.",
            "Workers at the mine went on strike. Andes Mining Corp. hired new staff. Their "
            "spokesperson said nothing. 9/11 widow Maria Lopez said she would sue.",
        ]
    )
    + "\n"
)

Row = tuple[SourceKind, str | None, str | None, str | None, str | None, str | None, str | None]

CASES: list[tuple[tuple[str, str | None], Row]] = [
    # (phrase, written after this anchor), (kind, name, antecedent, title, jurisdiction,
    # qualifier, document)
    (
        ("The researchers", None),
        (
            SourceKind.ORGANISATION,
            "Andean Policy Institute",
            "Andean Policy Institute",
            None,
            None,
            None,
            None,
        ),
    ),
    (
        ("Recent data from the Regional Barometer Project (RBP)", None),
        (
            SourceKind.ORGANISATION,
            "Regional Barometer Project (RBP)",
            None,
            None,
            None,
            None,
            "data",
        ),
    ),
    (
        ("their 2024 survey", None),
        (
            SourceKind.ORGANISATION,
            "Regional Barometer Project (RBP)",
            "Regional Barometer Project (RBP)",
            None,
            None,
            None,
            "survey",
        ),
    ),
    (
        ("Lagos", "trust judges."),
        (SourceKind.PERSON, "Rosa Lagos", "Rosa Lagos", None, None, None, None),
    ),
    (
        ("She", "would not return"),
        (SourceKind.PERSON, "Rosa Lagos", "Rosa Lagos", None, None, None, None),
    ),
    (("her lawyers", None), (SourceKind.ORGANISATION, "her lawyers", None, None, None, None, None)),
    (
        ("The newspaper", None),
        (SourceKind.ORGANISATION, "El Comercio", "El Comercio", None, None, None, None),
    ),
    (
        ("Interior Minister Jorge Paz", None),
        (SourceKind.PERSON, "Jorge Paz", None, "Interior Minister", None, None, None),
    ),
    (
        ("The minister", None),
        (SourceKind.PERSON, "Jorge Paz", "Jorge Paz", "minister", None, None, None),
    ),
    (
        ("Luis Almagro", None),
        (SourceKind.PERSON, "Luis Almagro", None, "secretary general", "OAS", None, None),
    ),
    (
        ("The Ecuadorian government", None),
        (SourceKind.ORGANISATION, "Ecuadorian government", None, None, "Ecuadorian", None, None),
    ),
    (
        ("It", "on the case. "),
        (
            SourceKind.ORGANISATION,
            "Transparency Watch",
            "Transparency Watch",
            None,
            None,
            None,
            None,
        ),
    ),
    (
        ("A spokesperson for Chile’s Ministry of Foreign Affairs", None),
        (
            SourceKind.ANONYMOUS,
            None,
            None,
            "spokesperson",
            "Chile’s Ministry of Foreign Affairs",
            None,
            None,
        ),
    ),
    (
        ("officials familiar with the talks", None),
        (SourceKind.ANONYMOUS, None, None, None, None, None, None),
    ),
    (("Critics", None), (SourceKind.VAGUE, None, None, None, None, None, None)),
    (("some residents", None), (SourceKind.VAGUE, None, None, None, None, None, None)),
    (
        ("analysts at the Andean Policy Institute", None),
        (SourceKind.VAGUE, None, None, None, "Andean Policy Institute", None, None),
    ),
    (
        ("A viral tweet from Chilean journalist Marta Soto", None),
        (SourceKind.PERSON, "Marta Soto", None, "journalist", "Chilean", None, "tweet"),
    ),
    (
        ("Marta Soto", None),
        (SourceKind.PERSON, "Marta Soto", None, "journalist", "Chilean", None, None),
    ),
    (
        ("Ecuador’s Attorney General Diana Salazar", None),
        (SourceKind.PERSON, "Diana Salazar", None, "Attorney General", "Ecuador", None, None),
    ),
    (
        ("The company", None),
        (
            SourceKind.ORGANISATION,
            "Andes Mining Corp.",
            "Andes Mining Corp.",
            None,
            None,
            None,
            None,
        ),
    ),
    (
        ("a source close to the board", None),
        (SourceKind.ANONYMOUS, None, None, None, None, None, None),
    ),
    (
        ("Former Prime Minister Rosa Lagos", None),
        (SourceKind.PERSON, "Rosa Lagos", None, "Prime Minister", None, "former", None),
    ),
    # "their" after an unnamed group is that group (vague, named by its words) …
    (
        ("Their representatives", None),
        (
            SourceKind.VAGUE,
            "delegates from several coastal states",
            "delegates from several coastal states",
            None,
            None,
            None,
            None,
        ),
    ),
    # … but not when a named body is nearer.
    (
        ("Their spokesperson", None),
        (SourceKind.ANONYMOUS, None, None, "spokesperson", None, None, None),
    ),
    # Where a study appeared is no author and no jurisdiction.
    (
        ("A study published in the journal Oceanic Letters in March", None),
        (SourceKind.VAGUE, None, None, None, None, None, "study"),
    ),
    # A listed outlet keeps its "The".
    (
        ("The Guardian", None),
        (SourceKind.ORGANISATION, "The Guardian", None, None, None, None, None),
    ),
    # A person's full name closing an unreadable phrase.
    (
        ("9/11 widow Maria Lopez", None),
        (SourceKind.PERSON, "Maria Lopez", None, None, None, None, None),
    ),
]


@pytest.fixture(scope="module")
def paragraphs(nlp: Language) -> list[Paragraph]:
    return parse_paragraphs(TEXT, nlp)


@pytest.fixture(scope="module")
def mentions(paragraphs: list[Paragraph]) -> list[Mention]:
    return find_mentions(TEXT, paragraphs)


@pytest.fixture(scope="module")
def groups(paragraphs: list[Paragraph]) -> list[Mention]:
    return find_groups(TEXT, paragraphs)


def _locate(phrase: str, after: str | None) -> Span:
    origin = TEXT.index(after) + len(after) if after is not None else 0
    start = TEXT.index(phrase, origin)
    return Span(start, start + len(phrase), phrase)


def _text(span: Span | None) -> str | None:
    return span.text if span is not None else None


@pytest.mark.parametrize(("where", "expected"), CASES, ids=[c[0][0] for c in CASES])
def test_describe_source(
    mentions: list[Mention],
    groups: list[Mention],
    where: tuple[str, str | None],
    expected: Row,
) -> None:
    span = _locate(*where)
    reading = describe_source(TEXT, span, mentions, groups)
    s = reading.source
    got = (
        s.kind,
        s.name,
        _text(s.antecedent),
        _text(s.title),
        _text(s.jurisdiction),
        s.qualifier,
        _text(reading.document),
    )
    assert got == expected
    assert s.span == span
    for part in (s.antecedent, s.title, s.jurisdiction, reading.document):
        if part is not None:
            assert TEXT[part.start : part.end] == part.text
    if s.antecedent is not None and not span.contains(s.antecedent):
        assert s.antecedent.end <= span.start  # antecedents are earlier mentions


def test_generic_reference_is_marked(mentions: list[Mention]) -> None:
    assert describe_source(TEXT, _locate("The researchers", None), mentions).generic
    assert not describe_source(TEXT, _locate("Critics", None), mentions).generic


def test_unresolvable_pronoun_is_unknown() -> None:
    text = "She said it was over."
    reading = describe_source(text, Span(0, 3, "She"), [])
    assert reading.source.kind is SourceKind.UNKNOWN
    assert reading.source.name is None


def test_groups_are_plural_subjects(groups: list[Mention]) -> None:
    texts = [g.span.text for g in groups]
    assert "delegates from several coastal states" in texts
    assert "Workers at the mine" in texts
    assert not any("representatives" in t or "spokesperson" in t for t in texts)
    for g in groups:
        assert TEXT[g.span.start : g.span.end] == g.span.text


def test_without_groups_their_stays_anonymous(mentions: list[Mention]) -> None:
    reading = describe_source(TEXT, _locate("Their representatives", None), mentions)
    assert reading.source.kind is SourceKind.ANONYMOUS


@pytest.mark.parametrize("name", ["sources", "media", "numbers", "timex"])
def test_data_words_are_strings(name: str) -> None:
    """YAML 1.1 reads a bare ``on``/``no``/``yes`` as a boolean: every word must be a string."""
    from sourcecheck.extract.lexicon import load

    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, str), f"{name}.yml {where}: key {key!r}"
                walk(item, f"{where}/{key}")
        elif isinstance(value, list):
            for item in value:
                assert isinstance(item, str | int | dict), f"{name}.yml {where}: {item!r}"
                walk(item, where)
        else:
            assert not isinstance(value, bool), f"{name}.yml {where}: {value!r} (quote it)"

    walk(load(name), "")


PARTICLES = (
    "Mexican diplomat Juan Ramón de la Fuente said it was over. European Commission President "
    "Ursula von der Leyen said nothing. Syrian President Bashar al-Assad said nothing. Charles "
    "de Gaulle once said so. Turkish President Recep Tayyip Erdoğan told reporters it was fine.\n"
)


@pytest.fixture(scope="module")
def particle_mentions(nlp: Language) -> list[Mention]:
    return find_mentions(PARTICLES, parse_paragraphs(PARTICLES, nlp))


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Juan Ramón de la Fuente", "diplomat"),
        ("Ursula von der Leyen", "president"),
        ("Bashar al-Assad", "president"),
        ("Charles de Gaulle", None),
        ("Recep Tayyip Erdoğan", "president"),
    ],
)
def test_mentions_keep_name_particles(
    particle_mentions: list[Mention], name: str, title: str | None
) -> None:
    mentions = particle_mentions
    people = {m.span.text: m.title for m in mentions if m.kind == "person"}
    assert name in people
    assert people[name] == title
    bodies = {m.span.text for m in mentions if m.kind == "organisation"}
    assert "European Commission" in bodies
    assert not any(name in b for b in bodies)  # the person is not part of a body's name


# Titled sources in wire, newspaper and transcript styles (our own writing).
TITLED = (
    "Sen. Elizabeth Warren of Massachusetts said the bill was too weak. Florida Gov. Ron "
    "DeSantis told reporters he would sign it anyway.\n"
    "The senator said she would keep pushing. Dr. Jane Smith, a virologist, said the data "
    "were thin.\n"
    "Defence Secretary John Healey said the plan was funded. Vice President Joseph R. Biden "
    "Jr. said that talks would go on.\n"
    "Professor Mary Ames warned that costs would rise. The former Deputy Prime Minister "
    "Angela Rayner said nothing new.\n"
)

TITLED_CASES: list[
    tuple[str, tuple[SourceKind, str | None, str | None, str | None, str | None]]
] = [
    # phrase: (kind, name, title, jurisdiction, qualifier)
    (
        "Sen. Elizabeth Warren of Massachusetts",
        (SourceKind.PERSON, "Elizabeth Warren", "Sen.", "Massachusetts", None),
    ),
    ("Florida Gov. Ron DeSantis", (SourceKind.PERSON, "Ron DeSantis", "Gov.", "Florida", None)),
    # "the senator" finds "Sen. …" (titles are compared as plain words).
    ("The senator", (SourceKind.PERSON, "Elizabeth Warren", "senator", None, None)),
    ("Dr. Jane Smith", (SourceKind.PERSON, "Jane Smith", None, None, None)),
    (
        "Defence Secretary John Healey",
        (SourceKind.PERSON, "John Healey", "Defence Secretary", None, None),
    ),
    (
        "Vice President Joseph R. Biden Jr.",
        (SourceKind.PERSON, "Joseph R. Biden Jr.", "Vice President", None, None),
    ),
    ("Professor Mary Ames", (SourceKind.PERSON, "Mary Ames", None, None, None)),
    (
        "The former Deputy Prime Minister Angela Rayner",
        (SourceKind.PERSON, "Angela Rayner", "Deputy Prime Minister", None, "former"),
    ),
]


@pytest.fixture(scope="module")
def titled_mentions_found(nlp: Language) -> list[Mention]:
    return find_mentions(TITLED, parse_paragraphs(TITLED, nlp))


@pytest.mark.parametrize(("phrase", "expected"), TITLED_CASES, ids=[c[0] for c in TITLED_CASES])
def test_titled_sources(
    titled_mentions_found: list[Mention],
    phrase: str,
    expected: tuple[SourceKind, str | None, str | None, str | None, str | None],
) -> None:
    start = TITLED.index(phrase)
    span = Span(start, start + len(phrase), phrase)
    s = describe_source(TITLED, span, titled_mentions_found).source
    assert (s.kind, s.name, _text(s.title), _text(s.jurisdiction), s.qualifier) == expected
    for part in (s.title, s.jurisdiction):
        if part is not None:
            assert TITLED[part.start : part.end] == part.text


def test_source_after_the_quote_keeps_its_apposition(nlp: Language) -> None:
    """`“…,” Name, a title at Body, said in a commentary`: the whole apposition is the
    source; the cue's adjunct ("in a commentary") stays out of the content."""
    from sourcecheck.extract import extract_attributions
    from sourcecheck.records import Article

    text = (
        "“Prices will stay high for longer than traders expect,” Nora Bell, a senior "
        "strategist at Harbor Bank, said in a commentary."
    )
    (found,) = extract_attributions(Article(text=text), nlp)
    assert found.source is not None
    assert found.source.span.text == "Nora Bell, a senior strategist at Harbor Bank"
    assert found.source.name == "Nora Bell"
    assert found.content.text.strip("“”,") == (
        "Prices will stay high for longer than traders expect"
    )
    assert "commentary" not in found.content.text


def test_demonyms_come_from_the_shared_places(nlp: Language) -> None:
    """Every demonym of the shared vocabulary (sourcecheck/data/en/places.yml) is one."""
    from sourcecheck.extract import extract_attributions
    from sourcecheck.extract.titles import jurisdiction_name
    from sourcecheck.records import Article

    text = "A senior Albanian official said the border would reopen on Monday."
    (found,) = extract_attributions(Article(text=text), nlp)
    assert found.source is not None
    assert found.source.kind is SourceKind.ANONYMOUS
    assert found.source.jurisdiction is not None
    assert found.source.jurisdiction.text == "Albanian"
    assert jurisdiction_name(found.source.jurisdiction) == "Albania"
