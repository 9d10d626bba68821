"""Bytes -> text: a byte-order mark, else a declared charset, else strict UTF-8, else detection.

Detection (charset_normalizer) is a guess, and the caller records it. Among the encodings the
detector finds about as plausible as its best, the one most used for text wins: on short texts
its scores are close, and it ranks, say, Baltic cp1257 above cp1252 for French.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from crosstally.errors import SourceError

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                          re.IGNORECASE)
# WHATWG: these labels mean windows-1252 (a superset) on the web.
LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii",
                           "ascii", "iso_8859-1", "cp819", "ibm819", "iso8859_1", "latin_1"})
# Legacy encodings in order of use on the web (W3Techs' character-encoding survey), which is
# also the order of the Windows "ANSI" code pages most files come from: a near-tie goes to the
# more common one.
COMMON = ("cp1252", "cp1251", "shift_jis", "euc_jp", "gb2312", "gb18030", "euc_kr", "cp1250",
          "big5", "iso8859_2", "cp1256", "cp1254", "cp1253", "cp1255", "cp874", "koi8_r")
CLOSE = 0.02  # chaos (share of odd characters) within which two guesses count as a tie
SAMPLE = 8192

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text, the encoding it was read with, and how that was chosen: 'bom', 'declared',
    'utf-8' or 'detected' (a guess worth telling the user about)."""

    text: str
    encoding: str
    how: str


def decode_bytes(data: bytes, where: str, *, html: bool = False) -> Decoded:
    """The text of `data`, a detected encoding logged as a warning; SourceError naming `where`
    for binary content. `html`: a `<meta charset>` comes before UTF-8."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return Decoded(decode_as(data, encoding), encoding, "bom")
    if b"\x00" in data[:SAMPLE]:
        raise SourceError(f"{where}: binary content, not text; convert it to .txt or .pdf")
    declared = _declared(data) if html else None
    tries = [(declared, "declared")] if declared else []
    for encoding, how in [*tries, ("utf-8", "utf-8")]:
        try:
            return Decoded(_newlines(data.decode(encoding)), encoding, how)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common in saved pages: detect instead
    detected = detect_encoding(data)
    if detected is None:
        raise SourceError(f"{where}: binary content, or text in no encoding crosstally "
                          "recognises; re-save it as UTF-8 text")
    log.warning("%s: not UTF-8; read as %s, a guess from its bytes (re-save it as UTF-8 if "
                "its text looks wrong)", where, detected)
    return Decoded(decode_as(data, detected), detected, "detected")


def detect_encoding(data: bytes) -> str | None:
    """The likeliest encoding of `data`, or None if no encoding makes text of it."""
    import charset_normalizer  # only for text that is not UTF-8: not loaded at start-up

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least + CLOSE]
    for name in COMMON:
        if any(name in m.could_be_from_charset for m in close):
            return name
    return str(close[0].encoding)


def _declared(data: bytes) -> str | None:
    m = META_CHARSET.search(data[:SAMPLE])
    return known_encoding(m.group(1).decode("ascii")) if m else None


def known_encoding(label: str | None) -> str | None:
    """Python's name for an encoding label, or None if Python has no such codec."""
    if not label:
        return None
    label = label.strip().lower()
    if label in LATIN1_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_as(data: bytes, encoding: str) -> str:
    """`data` read as `encoding`, bad bytes replaced, BOM and CR line ends dropped."""
    return _newlines(data.decode(encoding, errors="replace").lstrip("\ufeff"))


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
