"""Raw input bytes → text: binary detection, UTF-8 decoding, HTML sniffing.

Text inputs must be UTF-8 (a UTF-8 BOM is allowed and removed). HTML inputs are
read as UTF-8 too; only when that fails is the charset the page declares in a
``<meta>`` tag tried, since saved web pages sometimes are Windows-1252.
"""

from __future__ import annotations

import codecs
import re

from sourcecheck.errors import InputError
from sourcecheck.ingest.rules import rules

_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Per the WHATWG encoding standard these labels mean windows-1252 in HTML.
_WINDOWS_1252_LABELS = frozenset({"ascii", "us-ascii", "iso-8859-1", "latin1", "latin-1"})
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_SAMPLE = 65536


def _control_share(chars: str) -> float:
    sample = chars[:_SAMPLE]
    if not sample:
        return 0.0
    controls = sum(1 for c in sample if (c < " " or c == "\x7f") and c not in _TEXT_CONTROLS)
    return controls / len(sample)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _refuse_binary(data: bytes, source: str, what: str) -> None:
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            raise InputError(
                source,
                f"{what} is {encoding} encoded; sourcecheck reads UTF-8: re-encode it, e.g. "
                f"iconv -f {encoding} -t UTF-8 IN > OUT",
            )
    for signature in rules().binary_signatures:
        if data.startswith(signature.prefix):
            raise InputError(
                source,
                f"{what} is {signature.name}, not plain text or HTML; {signature.hint}",
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            source,
            f"{what} is binary, not text (it holds a NUL byte at byte offset {nul}); give the "
            "article as a UTF-8 .txt file or an .html page",
        )


def decode_input(data: bytes, source: str, *, what: str, html: bool) -> str:
    """Decode raw input bytes, refusing binary data and non-UTF-8 text.

    Args:
        data: The raw bytes.
        source: The input's name, for error messages.
        what: How messages name the input (``the file``, ``standard input``).
        html: The input is HTML (its declared charset is tried when UTF-8 fails).

    Returns:
        The text, with a leading UTF-8 BOM removed.

    Raises:
        InputError: Binary data, or text that is not valid UTF-8.
    """
    _refuse_binary(data, source, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data) if html else None
        if declared is not None and declared != "utf-8":
            try:
                text = data.decode(declared)
            except UnicodeDecodeError:
                pass
            else:
                return _checked(text, source, what)
        if _control_share(data.decode("latin-1")) > rules().max_control_share:
            raise InputError(
                source,
                f"{what} is binary, not text; give the article as a UTF-8 .txt file or an "
                ".html page",
            ) from exc
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            source,
            f"{what} is not valid UTF-8: byte 0x{data[exc.start]:02X} at byte offset "
            f"{exc.start} (line {line}) is not part of a UTF-8 character; re-encode it as "
            "UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 IN > OUT (use its real encoding "
            "in place of WINDOWS-1252)",
        ) from exc
    return _checked(text, source, what)


def _checked(text: str, source: str, what: str) -> str:
    if _control_share(text) > rules().max_control_share:
        raise InputError(
            source,
            f"{what} is binary, not text (too many control characters); give the article as "
            "a UTF-8 .txt file or an .html page",
        )
    return text


def looks_like_html(data: bytes) -> bool:
    """Whether input of unknown type is HTML: its first non-blank character is ``<``."""
    head = data[:1024].removeprefix(codecs.BOM_UTF8).lstrip()
    return head.startswith(b"<")


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_of(text: str, name: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate (no character at all) is an input error.

    Such strings come from bytes decoded with ``surrogateescape`` or from broken JSON; they
    cannot be written out, so they are refused here with where the first one is.

    Raises:
        InputError: The text holds a lone surrogate.
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        found = _SURROGATE.search(text)
        at = found.start() if found else exc.start
        raise InputError(
            name,
            f"the text holds a lone surrogate (U+{ord(text[at]):04X}) at character {at}, which "
            "is not a character; decode the input as UTF-8 (with errors='replace' if it is "
            "damaged) before auditing it",
        ) from exc
