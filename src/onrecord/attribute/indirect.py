"""Reported speech: `Lavrov said Russia views the Taiwan issue as China's internal matter`.

A reporting verb with a clausal complement and a resolvable subject gives an
"indirect" quote whose text is the reported clause. Clauses that hold quotation
marks are left out: their quoted words are already partial quotes of the same speaker.
"""

from __future__ import annotations

from spacy.tokens import Token

from onrecord.attribute.cues import MEDIA_WORDS, REPORTING_VERBS, base_form
from onrecord.attribute.marks import MARKS, QuoteSpan
from onrecord.attribute.names import Anonymous, speaker_name
from onrecord.records import Article, Mention, Quote

# Verbs whose complement is what the subject said, not what they did or saw.
_INDIRECT_VERBS = REPORTING_VERBS - frozenset(
    "quote speak talk describe continue post repeat recall believe think feel hope fear inform".split()
)
_MIN_WORDS = 4


def reported_speech(article: Article, speakers, quotes: list[QuoteSpan]) -> list[Quote]:
    text = article.text
    out: list[Quote] = []
    for para in speakers.paragraphs:
        if not para.parsed:
            continue
        for verb in para.doc:
            if verb.pos_ not in ("VERB", "AUX") or base_form(verb.text) not in _INDIRECT_VERBS:
                continue
            if speakers.in_quote(para.start + verb.idx):
                continue
            if any(c.dep_ == "neg" for c in verb.children):
                continue  # "had not informed it that …" reports nothing said
            clause = _complement(verb)
            if clause is None:
                continue
            if clause.i < verb.i:
                # "…, officials said": everything from the clause's start to the comma before the verb
                comma = max(t.i for t in verb.doc[clause.left_edge.i : verb.i] if t.text == ",")
                tokens = list(verb.doc[clause.left_edge.i : comma])
            else:
                tokens = list(clause.subtree)
            if tokens and tokens[0].lower_ == "that" and tokens[0].dep_ == "mark":
                tokens = tokens[1:]
            while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
                tokens = tokens[:-1]
            if len([t for t in tokens if t.is_alpha]) < _MIN_WORDS:
                continue
            start = para.start + tokens[0].idx
            end = para.start + tokens[-1].idx + len(tokens[-1].text)
            if any(c in MARKS and not _apostrophe(text, i) for i, c in enumerate(text[start:end], start)):
                continue
            if any(q.open_mark <= end and start <= (q.close_mark or q.end) for q in speakers.quotes):
                continue  # the words are already a quotation
            att = speakers._speaker_of(verb, "indirect")
            if att is None or att.who is None or isinstance(att.who, Anonymous):
                continue
            subject_text = text[att.mention[0] : att.mention[1]] if att.mention else ""
            if set(subject_text.lower().split()) & MEDIA_WORDS and base_form(verb.text) == "report":
                continue
            speaker, kind = speaker_name(att.who)
            mention = Mention(subject_text, *att.mention) if att.mention else None
            out.append(
                Quote(
                    article_id=article.id,
                    start=start,
                    end=end,
                    text=text[start:end],
                    kind="indirect",
                    cue=att.cue,
                    speaker_mention=mention,
                    speaker=speaker,
                    speaker_kind=kind,
                    confidence=0.6,
                )
            )
    return out


def _complement(verb: Token) -> Token | None:
    """The reported clause: after the verb (`said that …`) or before it (`…, officials said`)."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i > verb.i:
            return c
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i < verb.i and any(t.text == "," for t in verb.doc[c.right_edge.i : verb.i]):
            return c
    return None


def _apostrophe(text: str, i: int) -> bool:
    c = text[i]
    if c not in "'’":
        return False
    return i > 0 and text[i - 1].isalnum()
