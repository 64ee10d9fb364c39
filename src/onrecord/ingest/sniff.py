"""What a file is, judged from its first bytes rather than its name."""

from __future__ import annotations

import codecs
import json
import re

HEAD_BYTES = 8192

_MAGIC = [
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"OggS", "an audio file"),
    (b"ID3", "an audio file"),
]
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = set(range(0, 32)) - {9, 10, 11, 12, 13, 27} | {127}
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)\b[^>]*>", re.I)
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


class Binary(ValueError):
    """Not text: the reason is in the message."""


def sniff(head: bytes, suffix: str = "") -> str:
    """ "text/html", "text/plain" or "application/jsonl"; raises Binary for what is not text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise Binary(f"looks like {what}")
    if not head.startswith(_TEXT_BOMS[1:]):
        if b"\x00" in head:
            raise Binary("contains NUL bytes")
        control = sum(1 for byte in head if byte in _CONTROL)
        if head and control / len(head) > 0.05:
            raise Binary(f"{control} of the first {len(head)} bytes are control characters")
    body = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    if suffix.lower() in JSONL_SUFFIXES or _looks_like_jsonl(body):
        return "application/jsonl"
    if _HTML_START.match(body) or _HTML_ANYWHERE.search(body[:4096]):
        return "text/html"
    return "text/plain"


def _looks_like_jsonl(head: bytes) -> bool:
    stripped = head.lstrip()
    if not stripped.startswith(b"{"):
        return False
    first = stripped.split(b"\n", 1)[0]
    try:
        record = json.loads(first)
    except ValueError:
        # a first line longer than the sniffed head: judge by its opening
        return len(first) >= HEAD_BYTES - 64 and (b'"text"' in first or b'"html"' in first)
    return isinstance(record, dict) and ("text" in record or "html" in record)
