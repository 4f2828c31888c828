"""Trafilatura's XML body → text and link offsets."""

from __future__ import annotations

import pytest
from lxml import etree

from sourcecheck.ingest.flatten import flatten


def _flatten(xml: str) -> tuple[str, list[tuple[str, str]]]:
    text, links = flatten(etree.fromstring(xml))
    for link in links:
        assert text[link.span.start : link.span.end] == link.span.text
    return text, [(link.span.text, link.href) for link in links]


@pytest.mark.parametrize(
    ("xml", "text", "links"),
    [
        ("<body><p>One.</p><p>Two.</p></body>", "One.\nTwo.", []),
        ("<body><p>  Spaced \n  out\t text  </p></body>", "Spaced out text", []),
        ("<body><p>a\u00a0b</p></body>", "a b", []),
        ("<body><head>Title</head><p>Body.</p></body>", "Title\nBody.", []),
        ("<body><p>Line<lb/>break</p></body>", "Line\nbreak", []),
        (
            '<body><p>He <ref target="u1">said</ref> so.</p></body>',
            "He said so.",
            [("said", "u1")],
        ),
        (
            '<body><p><ref target="u1">Start</ref> of it.</p></body>',
            "Start of it.",
            [("Start", "u1")],
        ),
        (
            '<body><p>End of <ref target="u1">it</ref></p><p>Next.</p></body>',
            "End of it\nNext.",
            [("it", "u1")],
        ),
        (
            '<body><p>A<ref target="u1"> padded anchor </ref>here.</p></body>',
            "A padded anchor here.",
            [("padded anchor", "u1")],
        ),
        (
            '<body><p>x <ref target="u1"><hi rend="#b">bold</hi> rest</ref>, y</p></body>',
            "x bold rest, y",
            [("bold rest", "u1")],
        ),
        ("<body><p>No <ref>target</ref> here.</p></body>", "No target here.", []),
        ('<body><p>Empty <ref target="u1"> </ref>anchor.</p></body>', "Empty anchor.", []),
        (
            '<body><list><item>One <ref target="u1">a</ref></item><item>Two</item></list></body>',
            "One a\nTwo",
            [("a", "u1")],
        ),
        (
            "<body><table><row><cell>A</cell><cell>B</cell></row></table></body>",
            "A\nB",
            [],
        ),
        ("<body><p>Keep<graphic src='x.png'/> tail.</p></body>", "Keep tail.", []),
        ("<body><p>Keep<!-- note --> going.</p></body>", "Keep going.", []),
        (
            '<body><quote>"We will," she <ref target="u2">wrote</ref>.</quote></body>',
            '"We will," she wrote.',
            [("wrote", "u2")],
        ),
        ("<body><p> </p><p></p><p>Only.</p></body>", "Only.", []),
    ],
)
def test_flatten(xml: str, text: str, links: list[tuple[str, str]]) -> None:
    assert _flatten(xml) == (text, links)
