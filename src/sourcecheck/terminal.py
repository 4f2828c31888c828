"""Text from outside (articles, file names, dates, endpoints) made safe to print.

One definition of the characters that must never reach a terminal or a page raw: C0 and C1
controls, line and paragraph separators, and the bidirectional overrides and isolates.
"""

from __future__ import annotations

import re

from rich.markup import escape

#: Characters that must not be printed as they are.
UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe_text(text: object) -> str:
    """``text`` made printable: unsafe characters written as escapes, rich markup escaped.

    A file name or a front-matter date is data: "\\n" in it must not forge a second
    ``sourcecheck:`` line, an ESC or OSC-8 sequence must not reach the terminal, and "[/b]"
    must not be read as rich markup.
    """
    shown = UNSAFE_CHARS.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text)
    )
    return escape(shown)
