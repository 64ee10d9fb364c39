"""Text a page carries more than once: pasted paragraphs, a whole second copy, doubled captions.

Paragraphs are compared by a normalised key (case, punctuation and spacing ignored), so a copy
with a different bullet or quote style is still a copy. The first occurrence stays.
"""

from __future__ import annotations

import hashlib
import re

from onrecord.clean.blocks import Block

_NON_WORD = re.compile(r"[\W_]+")


def key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _digest(text: str) -> str:
    return hashlib.blake2b(key(text).encode(), digest_size=12).hexdigest()


def mark_repeats(blocks: list[Block]) -> None:
    """Later copies of a paragraph go; of two neighbours where one holds the other, the shorter goes."""
    seen: set[str] = set()
    previous: Block | None = None
    for block in blocks:
        if not block.kept:
            continue
        k = key(block.text)
        if not k:
            continue
        digest = _digest(block.text)
        if digest in seen:
            block.remove("repeated paragraph")
            continue
        if previous is not None and _near_copy(key(previous.text), k):
            # the shorter one is wholly inside the longer: keep the longer, lose no words
            if len(k) <= len(key(previous.text)):
                block.remove("repeated paragraph (near copy)")
                continue
            previous.remove("repeated paragraph (near copy)")
        seen.add(digest)
        previous = block


def _near_copy(a: str, b: str) -> bool:
    """One contains the other and the longer adds little (a caption repeated with its credit)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 40 and short in long_ and len(short) >= 0.75 * len(long_)


def trim_doubled(blocks: list[Block]) -> None:
    """A line that says the same thing twice in a row ("Caption. REUTERS Caption. REUTERS") keeps one."""
    for block in blocks:
        if not block.kept:
            continue
        text = block.text
        if len(text) < 40:
            continue
        half = _doubled_at(text)
        if half is not None:
            block.cut_suffix(len(text) - half, "repeated text")


def _doubled_at(text: str) -> int | None:
    middle = len(text) // 2
    for cut in range(max(1, middle - 3), min(len(text), middle + 4)):
        if not text[cut].isspace():
            continue
        first, second = text[:cut], text[cut:]
        if first.strip() and key(first) == key(second):
            return len(first.rstrip())
    return None
