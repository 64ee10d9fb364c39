"""What on a news page is not the article: classified line by line from general cues.

Three kinds of rule, none keyed to an outlet:
- cue phrases that page furniture uses everywhere (error pages, disclaimers, aggregator
  notices, "Read more", comment boxes, cookie banners, newsletter boxes, "Most viewed" lists);
- the shape of a line (a bare "ID :" field, a lone number, a long run of digits, a link-list line);
- where a line stands: a footer cue ends the article and takes what follows with it, and short
  non-sentences before the headline or after the last paragraph are page furniture.
"""

from __future__ import annotations

import re

from onrecord.clean.blocks import Block, has_quote, is_body, is_sentence, words
from onrecord.clean.dates import find_dates

_I = re.IGNORECASE


def _cue(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _I)


# (reason, pattern, most words a matching block may have). Long limits only for phrases that
# never occur in news prose; generic words ("comments", "cookies") only on short lines.
LINE_CUES: list[tuple[str, re.Pattern, int]] = [
    (
        "error page",
        _cue(
            r"page you (?:were|are) looking for",
            r"\bpage (?:was )?not found\b",
            r"^(?:error|oops|sorry)\W*$",
            r"^error!",
            r"^something went wrong\W*$",
            r"^please try again later\W*$",
            r"^(?:40[0-9]|50[0-9])\W*(?:error|not found|forbidden)?\W*$",
        ),
        25,
    ),
    (
        "legal disclaimer",
        _cue(
            r"^legal disclaimer\b",
            r"without warranty of any kind",
            r"(?:do not|don't) accept any responsibility",
            r"responsibility or liability for the accuracy",
            r"copyright issues related to this article",
            r"^disclaimer\s*:",
        ),
        200,
    ),
    (
        "copyright notice",
        _cue(
            r"^(?:copyright|©|\(c\))\s*(?:\d{4}\b|©)",
            r"\ball rights reserved\b",
            r"^our standards\b",
            r"^this (?:article|story) (?:was|has been) (?:originally |first )?published (?:on|by|in)\b",
        ),
        30,
    ),
    (
        "aggregator notice",
        _cue(
            r"denial of responsibility",
            r"\bautomatic aggregator\b",
            r"all trademarks belong to their rightful owners",
            r"hyperlink to the primary source",
            r"^read (?:the )?original (?:article|story|post)\b",
            r"\[email\s*(?:&#160;|\xa0|\s)*protected\]",
        ),
        200,
    ),
    ("read more", _cue(r"^(?:read more|continue reading|read the full (?:story|article)|click here)\W*$"), 6),
    (
        "comments box",
        _cue(
            r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?\W*$",
            r"^no comments?(?: yet)?\W*$",
            r"^(?:leave|post|add|write) a (?:comment|reply)\b",
            r"all the comments will be moderated",
        ),
        80,
    ),
    (
        "cookie banner",
        _cue(
            r"\b(?:this|our) (?:web)?site uses\b.*\bcookies\b",
            r"by continuing to (?:browse|use)",
            r"^(?:preferences?|accept|reject|manage|necessary|analytics|marketing) cookies\W*$",
            r"^(?:read our |see our )?cookie (?:policy|settings|preferences)\W*$",
            r"\baccept (?:all )?cookies\b",
        ),
        30,
    ),
    (
        "newsletter box",
        _cue(
            r"\bsign up (?:for|to) (?:our|the) (?:\w+ )?(?:newsletter|briefing|bulletin|alerts?|digest)",
            r"\bsubscribe to our\b",
            r"^invalid email\W*$",
            r"\benter your email\b",
            r"\bwe use your sign-up\b",
            r"\bdaily newsletter\b",
        ),
        60,
    ),
    (
        "related links",
        _cue(
            r"^(?:most (?:viewed|read|popular|shared)|related (?:news|articles?|stories|posts|content|video)|"
            r"trending(?: now)?|recommended(?: for you)?|you may also like|more (?:from|stories|news)|"
            r"latest news|top stories|also read|see also)\b"
        ),
        8,
    ),
    (
        "navigation",
        _cue(
            r"^back to top\b",
            r"^skip to (?:main )?content\b",
            r"\bchevron icon\b",
            r"\bexpandable section or menu\b",
            r"\w\s*>>\s*\w",
            r"^(?:home|homepage|menu|search|share|save|print|email|close)\W*$",
            r"^(?:advertisement|sponsored(?: content)?|ad)(?:\W+(?:scroll|continue|story continues)\b.*)?\W*$",
            r"^(?:(?:facebook|twitter|x|linkedin|e-?mail|whatsapp|telegram|reddit|print|share|copy link|pinterest|messenger)\W*){2,}$",
            r"^(?:share|follow us) on\b",
            r"you can now listen to\b",
            r"^listen to (?:this )?article\b",
            r"^enter your search\b",
            r"^screen ?shot \d",
        ),
        25,
    ),
]

# A footer cue ends the article: it and everything after it is not the article.
FOOTER_REASONS = {"legal disclaimer", "aggregator notice", "comments box", "related links", "copyright notice"}

_FIELD = re.compile(r"^[A-Za-z][\w .]{0,24}?\s*:\s*$")
# "He said:", "The statement read:", "Trump tweeted:" introduce what follows; they are not fields.
_SPEECH = re.compile(r"\b(?:says|told|wrote|read|reads|\w+ed)\b", _I)
_NUMBERISH = re.compile(r"^[\W\d_]*\d[\W\d_]*$")
_LONG_DIGITS = re.compile(r"^\d{12,}$")
_TRAILING_READ_MORE = re.compile(
    r"(?:\s|^)(?:read more|continue reading|read the full (?:story|article))\W{0,3}$",
    _I,
)
_BULLETS = "•·*-–—>| \t\xa0"
_LAYOUT = re.compile(r"\S {3,}\S")
_CREDIT = re.compile(
    r"^(?:(?:photo|image|picture|video|credit|file photo)s?\s*(?:credit)?\s*:\s*\S.{0,60}"
    r"|(?:image|photo|video) (?:source|credit|caption)\s*[,:].{0,200})$",
    _I,
)


def classify_lines(blocks: list[Block]) -> None:
    """Mark blocks that are junk by their own words or shape."""
    for block in blocks:
        if not block.kept:
            continue
        reason = line_reason(block.text)
        if reason:
            block.remove(reason)


def line_reason(text: str) -> str | None:
    text = text.lstrip(_BULLETS)
    n = len(words(text))
    for reason, pattern, most_words in LINE_CUES:
        if n <= most_words and pattern.search(text):
            return reason
    if _LONG_DIGITS.match(text):
        return "trailing garbage"
    if _FIELD.match(text) and len(words(text)) <= 2 and not _SPEECH.search(text):
        return "bare field line"
    if _NUMBERISH.match(text) and len(text) <= 24 and not find_dates(text):
        return "bare number"
    if _CREDIT.match(text):
        return "photo credit"
    return None


def cut_footer(blocks: list[Block]) -> None:
    """From the first footer cue that follows some article prose, nothing is the article."""
    seen_body = False
    for i, block in enumerate(blocks):
        if block.kept and is_body(block.text):
            seen_body = True
        if seen_body and block.removed in FOOTER_REASONS:
            for later in blocks[i + 1 :]:
                later.remove(line_reason(later.text) or "after end of article")
            return


def trim_inline_junk(blocks: list[Block]) -> None:
    """A paragraph of prose that ends in "Read more" keeps its prose and loses the link text."""
    for block in blocks:
        if not block.kept or len(words(block.text)) < 12:
            continue
        m = _TRAILING_READ_MORE.search(block.text)
        if m:
            block.cut_suffix(len(block.text) - m.start(), "read more")


def trim_edges(blocks: list[Block], protect: Block | None = None) -> None:
    """Short non-sentences before the article starts or after it ends are page furniture."""
    kept = [b for b in blocks if b.kept and b is not protect]
    body = [i for i, b in enumerate(kept) if is_body(b.text)]
    if not body:
        return
    first, last = body[0], body[-1]
    for block in kept[:first]:
        text = block.text
        if has_quote(text):
            continue
        if len(words(text)) <= 3 and not is_sentence(text):
            block.remove("header line")
        elif _LAYOUT.search(text) and not is_sentence(text):
            block.remove("page furniture")
    for block in kept[last + 1 :]:
        text = block.text
        if not has_quote(text) and not is_sentence(text) and len(words(text)) <= 15:
            block.remove("trailing line")


def drop_strays(blocks: list[Block]) -> None:
    """A short non-sentence left alone between removed blocks belongs to what was removed."""
    for i, block in enumerate(blocks):
        if not block.kept or i == 0 or i == len(blocks) - 1:
            continue
        if blocks[i - 1].kept or blocks[i + 1].kept:
            continue
        text = block.text
        if len(words(text)) <= 3 and not is_sentence(text) and not has_quote(text):
            block.remove("stray line")
