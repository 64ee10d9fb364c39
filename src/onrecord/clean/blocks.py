"""The extracted text cut into blocks (paragraphs or lines), each a span of the source text.

A block never changes its characters: cleaning only removes whole blocks or cuts a prefix or
suffix off one, and every cut is remembered as a RemovedSpan. That is what keeps quote spans
exact substrings of what the outlet printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from onrecord.records import RemovedSpan

_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
QUOTE_MARKS = '"“”«»„‘’'
_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")


@dataclass(slots=True)
class Block:
    start: int  # kept span in the source text
    end: int
    source: str = field(repr=False)
    removed: str | None = None  # reason, when the whole block goes
    cuts: list[RemovedSpan] = field(default_factory=list)  # prefixes/suffixes cut off

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    @property
    def kept(self) -> bool:
        return self.removed is None

    def remove(self, reason: str) -> None:
        if self.removed is None:
            self.removed = reason

    def cut_prefix(self, length: int, reason: str) -> None:
        """Drop the first `length` characters (and the whitespace after them)."""
        new_start = self.start + length
        while new_start < self.end and self.source[new_start].isspace():
            new_start += 1
        self.cuts.append(RemovedSpan(self.start, new_start, self.source[self.start : new_start], reason))
        self.start = new_start

    def cut_suffix(self, length: int, reason: str) -> None:
        """Drop the last `length` characters (and the whitespace before them)."""
        new_end = self.end - length
        while new_end > self.start and self.source[new_end - 1].isspace():
            new_end -= 1
        self.cuts.append(RemovedSpan(new_end, self.end, self.source[new_end : self.end], reason))
        self.end = new_end


def split_blocks(text: str) -> list[Block]:
    """One block per line; a hard-wrapped line continues the previous one when it starts in lower case."""
    blocks: list[Block] = []
    pos = 0
    previous_blank = True
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            previous_blank = True
            pos += len(line)
            continue
        lead = len(body) - len(body.lstrip())
        start, end = pos + lead, pos + lead + len(stripped)
        if (
            blocks
            and not previous_blank
            and stripped[0].islower()
            and not _TERMINAL.search(blocks[-1].text)
            and len(blocks[-1].text) >= 12
        ):
            blocks[-1].end = end
        else:
            blocks.append(Block(start, end, text))
        previous_blank = False
        pos += len(line)
    return blocks


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_sentence(text: str) -> bool:
    """Ends like a sentence (quote marks and brackets may close it) and has a few words."""
    return bool(_SENTENCE.search(text.rstrip())) and len(words(text)) >= 4


def is_body(text: str) -> bool:
    """Reads as article prose rather than a heading, label or link."""
    n = len(words(text))
    return (n >= 12 and is_sentence(text)) or n >= 30


def has_quote(text: str) -> bool:
    return sum(text.count(c) for c in QUOTE_MARKS) >= 2 and len(words(text)) >= 3
