"""Articles in, Quotes out: quotations and reported speech, each with its speaker.

marks.py finds the spans in quotation marks, labels.py sets aside names and scare
quotes, speakers.py attributes the rest (names.py knows who is who in the article,
cues.py which words report speech, places.py which country a name stands for), and
indirect.py finds reported speech without marks.
Everything here is per article and deterministic.
"""

from __future__ import annotations

import re
from dataclasses import replace

from onrecord.analyse import MASK_MIN_WORDS, analyse, paragraph_spans
from onrecord.attribute.indirect import reported_speech
from onrecord.attribute.labels import is_scare_quote, labelled
from onrecord.attribute.marks import QuoteSpan, find_quote_spans
from onrecord.attribute.names import speaker_name
from onrecord.attribute.speakers import Attribution, Speakers
from onrecord.records import Article, Mention, Quote

_CONFIDENCE = {
    "before": 0.9,
    "after": 0.9,
    "according to": 0.8,
    "tree": 0.75,
    "same paragraph": 0.75,
    "continued": 0.65,
    "noun": 0.6,
    "headline": 0.6,
    "chain": 0.7,
}


def extract_quotes(article: Article) -> list[Quote]:
    """Every quotation (direct or partial) and reported statement in the article, in text order.

    Spans point into `article.text`, quote marks excluded; a quotation repeated word for
    word is listed once; names, titles and scare quotes are left out.
    """
    text = article.text
    if not text or not text.strip():
        return []
    spans = paragraph_spans(text, article.paragraphs)
    marks = find_quote_spans(text, spans)
    # what is inside a long quotation never says who spoke it: parsed as a placeholder
    masked = [(q.start, q.end) for q in marks if q.complete and len(text[q.start : q.end].split()) >= MASK_MIN_WORDS]
    paragraphs = analyse(text, spans, quoted={q.paragraph for q in marks}, masked=masked)
    speakers = Speakers(text, paragraphs, marks)
    attributed: dict[int, Attribution] = {}
    found: list[tuple[QuoteSpan, Attribution]] = []
    for q in marks:
        attributed[id(q)] = speakers.attribute(q, attributed)
    _share_within_chains(marks, attributed)
    for q in marks:
        para = paragraphs[q.paragraph]
        att = attributed[id(q)]
        if labelled(text, q, para):
            continue
        if is_scare_quote(text, q, att.found):
            continue
        found.append((q, att))
    quotes = [_quote(article, text, q, att) for q, att in found]
    quotes = _once(quotes)
    taken = {(q.start, q.end) for q in quotes}
    dateline_end = _dateline_end(article)
    for q in reported_speech(article, speakers, [q for q, _ in found]):
        if dateline_end is not None and q.start < dateline_end < q.end:
            q = _without_dateline(
                q, text, dateline_end
            )  # "MOSCOW, Jan. 16 (Xinhua) -- X said" reports X, not the place
        if (q.start, q.end) not in taken:  # one record per span: Quote.id is made of it
            taken.add((q.start, q.end))
            quotes.append(q)
    quotes.sort(key=lambda q: q.start)
    return quotes


def _dateline_end(article: Article) -> int | None:
    """Where the dateline the cleaner found ends in the text, if it stands there."""
    dateline = article.dateline
    if not dateline or not dateline.text:
        return None
    at = article.text.find(dateline.text)
    return at + len(dateline.text) if at >= 0 else None


def _without_dateline(q: Quote, text: str, dateline_end: int) -> Quote:
    start = dateline_end
    while start < q.end and (text[start].isspace() or text[start] in "-–—:.,"):
        start += 1
    return replace(q, start=start, text=text[start : q.end])


def _share_within_chains(marks: list[QuoteSpan], attributed: dict[int, Attribution]) -> None:
    """A quotation running over several paragraphs has one speaker, wherever the attribution stands."""
    chains: dict[int, list[QuoteSpan]] = {}
    for q in marks:
        if q.chain is not None:
            chains.setdefault(q.chain, []).append(q)
    for segments in chains.values():
        found = [attributed[id(q)] for q in segments if attributed[id(q)].how not in ("", "continued")]
        if not found:
            continue
        best = found[0]
        for q in segments:
            if attributed[id(q)].how in ("", "continued"):
                attributed[id(q)] = Attribution(best.cue, None, best.who, "chain", best.found)


def _quote(article: Article, text: str, q: QuoteSpan, att: Attribution) -> Quote:
    speaker, kind = speaker_name(att.who)
    mention = None
    if att.mention is not None:
        lo, hi = att.mention
        mention = Mention(text[lo:hi], lo, hi)
    confidence = _CONFIDENCE.get(att.how, 0.3) if speaker else (0.5 if att.found else 0.3)
    if not q.complete:
        confidence *= 0.8
    return Quote(
        article_id=article.id,
        start=q.start,
        end=q.end,
        text=text[q.start : q.end],
        kind=quote_kind(text, q),
        cue=att.cue,
        speaker_mention=mention,
        speaker=speaker,
        speaker_kind=kind,
        confidence=round(confidence, 3),
    )


def quote_kind(text: str, q: QuoteSpan) -> str:
    """A whole quoted utterance ("direct") or a fragment woven into a sentence ("partial")."""
    content = text[q.start : q.end]
    lead = text[: q.open_mark].rstrip(" \t")
    prev = lead[-1:] if lead else ""
    opens_utterance = prev in ("", "\n", ".", "!", "?", ":", ",", ";", "—", "–", "-", "”", '"', "’", "'", "»")
    if opens_utterance and re.match(r"[\W_]*[A-Z0-9\[]", content):
        return "direct"
    return "partial"


def _once(quotes: list[Quote]) -> list[Quote]:
    """A quotation repeated word for word (a pasted-twice paragraph) is kept once, at its first place."""
    seen: dict[str, Quote] = {}
    out = []
    for q in quotes:
        key = re.sub(r"\W+", " ", q.text.casefold()).strip()
        first = seen.get(key)
        if first is None:
            seen[key] = q
            out.append(q)
        elif first.speaker is None and q.speaker is not None:
            first.speaker, first.speaker_kind = q.speaker, q.speaker_kind
            first.speaker_mention, first.cue, first.confidence = q.speaker_mention, q.cue, q.confidence
    return out
