"""Bytes to text: UTF-8 first, then a legacy encoding only where the bytes credibly are text.

charset_normalizer judges the legacy encodings; among equally clean readings Windows-1252 wins,
because that is what mislabelled Western news pages almost always are.
"""

from __future__ import annotations

import codecs

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_MAX_CHAOS = 0.2


class Undecodable(ValueError):
    """The bytes are not UTF-8 and read as no credible legacy encoding."""


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise Undecodable(f"starts with a {encoding} byte order mark but is not {encoding}") from exc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(raw) if m.chaos <= _MAX_CHAOS]
    if not matches:
        raise Undecodable(f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no credible encoding")
    best = min(matches, key=lambda m: m.chaos)
    western = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01), None)
    chosen = western or best
    return str(chosen), chosen.encoding
