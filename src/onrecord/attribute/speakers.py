"""Who said each quotation.

The reporting clause is looked for where English puts it, most specific first:

1. right before the quote, ending in a colon, a comma or "that" (`He added, "…"`);
2. right after it (`"…," Lavrov said`, `"…," said Foreign Minister Wang Yi`,
   `"…," the agency quoted Wen as saying`), skipping appositions in commas;
3. up the dependency tree from the quoted words to the nearest reporting verb
   (`Lavrov emphasised that Moscow's position is "…"`), a verb that reports words
   winning over one that characterises them;
4. anywhere else in the sentence, then headline forms (`Putin: "…"`, `"…" - Name`);
5. a paragraph that is nothing but a quotation continues the speaker of the paragraph
   before it, as a reader assumes.

The subject of the reporting verb is then resolved within the article (mentions.py):
a pronoun or role noun to the person meant, a country, capital or ministry to the
body that speaks, an unnamed source to nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from onrecord.analyse import Paragraph
from onrecord.attribute.cues import (
    CORE_VERBS,
    CUE_NOUNS,
    CUE_VERBS,
    NON_CUES,
    REPORTING_VERBS,
    base_form,
)
from onrecord.attribute.marks import QuoteSpan
from onrecord.attribute.mentions import ArticleReader, is_media
from onrecord.attribute.names import (
    Entity,
    Person,
)

_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(slots=True)
class Attribution:
    cue: str | None = None
    mention: tuple[int, int] | None = None  # offsets of the words naming the speaker
    who: Entity | None = None
    how: str = ""  # which rule found it, for confidence
    found: bool = False  # a reporting clause was found, even if it names nobody


class Speakers(ArticleReader):
    """Attribution over one analysed article."""

    # -- attribution ----------------------------------------------------------

    def attribute(self, q: QuoteSpan, previous: dict[int, Attribution]) -> Attribution:
        """Who said the quotation `q`; `previous` holds the attributions of the quotations before it."""
        att = self._attribute(q, previous)
        if att.who is not None:
            # whoever was just quoted is who a following "he" or "she" most likely means
            self.cast.mention(q.close_mark if q.close_mark is not None else q.end, att.who, True)
        return att

    def _attribute(self, q: QuoteSpan, previous: dict[int, Attribution]) -> Attribution:
        pi = q.paragraph
        para = self.paragraphs[pi]
        starts = self.sentence_starts(pi)
        in_para = [o for o in self.quotes if o.paragraph == pi]
        prev_close = max(
            (o.close_mark for o in in_para if o.close_mark is not None and o.close_mark < q.open_mark), default=None
        )
        next_open = min((o.open_mark for o in in_para if o.open_mark > q.open_mark), default=para.end)
        b_lo = max([s for s in starts if s <= q.open_mark] + ([prev_close + 1] if prev_close is not None else []))
        close = q.close_mark if q.close_mark is not None else para.end
        a_hi = min([s for s in starts if s > close] + [next_open, para.end])
        before = self.tokens(para, b_lo, q.open_mark)
        after = self.tokens(para, close + 1, a_hi)
        quote_tokens = self.span_tokens(para, q.open_mark, close + 1)
        if not para.parsed:
            return Attribution()

        for rule in (
            lambda: self._before_tight(before),
            lambda: self._after_near(after, q),
            lambda: self._up_the_tree(quote_tokens, para, q),
            lambda: self._last_cue(before),
            lambda: self._first_cue(after),
            lambda: self._cue_noun(before),
            lambda: self._headline(q, para, before, after),
        ):
            found = rule()
            if found is not None and found.found:
                return found
        # the same speaker as the quote just before it in the paragraph
        earlier = [o for o in in_para if o.close_mark is not None and o.close_mark < q.open_mark]
        if earlier and id(earlier[-1]) in previous:
            prior = previous[id(earlier[-1])]
            # unless the sentences in between turned to someone else: `"A," X said. Y disagreed. "B."`
            between = [
                who
                for off, who, subject in self.cast.timeline
                if earlier[-1].close_mark < off < q.open_mark and subject and isinstance(who, Person)
            ]
            if between and between[-1] is not prior.who:
                return Attribution(None, None, between[-1], "same paragraph", True)
            return Attribution(prior.cue, None, prior.who, "same paragraph", prior.found)
        if q.chain is not None:
            first = next((o for o in self.quotes if o.chain == q.chain), None)
            if first is not None and first is not q and id(first) in previous:
                prior = previous[id(first)]
                return Attribution(prior.cue, None, prior.who, "continued", prior.found)
        if self._only_quote(q, para):
            return self._continuation(pi, previous)
        return Attribution()

    def _only_quote(self, q: QuoteSpan, para: Paragraph) -> bool:
        outside = self.tokens(para, para.start, para.end)
        return not [t for t in outside if t.is_alpha]

    def _continuation(self, pi: int, previous: dict[int, Attribution]) -> Attribution:
        """A paragraph that is only a quotation: the speaker of the paragraph before."""
        j = pi - 1
        while j >= 0:
            para = self.paragraphs[j]
            body = self.text[para.start : para.end]
            quotes = [o for o in self.quotes if o.paragraph == j]
            if not quotes and len(body) < 100 and not re.search(r"[.!?:]\W*$", body):
                j -= 1  # a headline or caption between the two
                continue
            candidates: list[tuple[int, Attribution]] = []
            if quotes:
                last = quotes[-1]
                if id(last) in previous and previous[id(last)].who is not None:
                    prior = previous[id(last)]
                    candidates.append((last.open_mark, Attribution(prior.cue, None, prior.who, "continued", True)))
            if para.parsed:
                # who reports in the last sentence that reports anything: the outermost
                # reporting verb, not one inside what is reported
                cues = [
                    t
                    for t in para.doc
                    if t.pos_ in ("VERB", "AUX") and _is_cue(t) and not self.in_quote(para.start + t.idx)
                ]
                if cues:
                    sentence = cues[-1].sent
                    for tok in sorted((t for t in cues if t.sent == sentence), key=_depth):
                        att = self._speaker_of(tok, "continued")
                        if att is not None and att.who is not None:
                            candidates.append((para.start + tok.idx, att))
                            break
            if candidates:
                return max(candidates, key=lambda c: c[0])[1]
            if j == pi - 1:
                # nobody spoke there: the person that paragraph was about
                subjects = [
                    who
                    for off, who, subj in self.cast.timeline
                    if para.start <= off < para.end and subj and isinstance(who, Person)
                ]
                if subjects:
                    return Attribution(None, None, subjects[-1], "continued", True)
            if len(body) < 100 and not re.search(r"[.!?:]\W*$", body):
                j -= 1  # a headline or caption between the two
                continue
            break
        return Attribution()

    def _before_tight(self, before: list[Token]) -> Attribution | None:
        if not before:
            return None
        last = before[-1]
        if last.text not in (",", ":", "that") and last.lower_ != "that":
            return None
        clause = before[:-1]
        for i in range(len(clause) - 1, -1, -1):
            if clause[i].text in (",", ";") and i < len(clause) - 1:
                # a clause after the last comma; but "He added," has its verb before it
                if any(_is_cue(t) for t in clause[i + 1 :]):
                    clause = clause[i + 1 :]
                break
        cues = [t for t in clause if _is_cue(t)]
        if not cues:
            return None
        return self._speaker_of(cues[-1], "before")

    def _after_near(self, after: list[Token], q: QuoteSpan) -> Attribution | None:
        if not after:
            return None
        raw_before_close = self.text[max(q.start, (q.close_mark or q.end) - 2) : (q.close_mark or q.end)]
        starts_clause = after[0].text in (",", ";", "—", "–", "-") or re.search(r"[,.!?]\s*$", raw_before_close)
        if not starts_clause:
            return None
        depth = 0
        for k, tok in enumerate(after[:16]):
            if tok.text == ",":
                depth = 0 if depth else (1 if k > 0 else 0)
                continue
            if tok.lower_ == "according" and k + 1 < len(after) and after[k + 1].lower_ == "to":
                return self._according_to(after[k + 1])
            if tok.pos_ in ("VERB", "AUX") and depth == 0:
                if _media_report(tok):
                    return None
                if _is_cue(tok):
                    return self._speaker_of(tok, "after")
                if base_form(tok.text) not in ("be", "have", "do") or tok.dep_ not in ("aux", "auxpass"):
                    return None
        return None

    def _according_to(self, to: Token) -> Attribution | None:
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        obj = objs[0]
        if is_media(obj.text) or obj.lower_ in ("reports", "report", "media"):
            return None
        para = self._para_of(obj)
        lo, hi = self.np_span(obj)
        return Attribution("according to", (lo, hi), self.resolve(para, obj, lo, hi), "according to", True)

    def _up_the_tree(self, quote_tokens: list[Token], para: Paragraph, q: QuoteSpan) -> Attribution | None:
        inside = {t.i for t in quote_tokens}
        roots = [t for t in quote_tokens if t.head.i not in inside or t.head is t]
        chain: list[Token] = []
        seen: set[int] = set()
        for r in roots:
            node = r.head
            while node.i not in seen and node.i not in inside:
                seen.add(node.i)
                chain.append(node)
                if node.head is node:
                    break
                node = node.head
        chain.sort(key=lambda t: _depth_from(t, roots))
        cues = [t for t in chain if _is_cue(t) and not _media_report(t)]
        # "…, the official Xinhua News Agency said": the outlet, unless nobody else speaks
        cues = [t for t in cues if not _media_subject(t)] + [t for t in cues if _media_subject(t)]
        core = [t for t in cues if base_form(t.text) in CORE_VERBS and not _media_subject(t)]
        reporting = [t for t in cues if base_form(t.text) in REPORTING_VERBS and t not in core]
        for tok in core + reporting + [t for t in cues if t not in core and t not in reporting]:
            att = self._speaker_of(tok, "tree")
            if att is not None:
                return att
        for t in chain:
            if t.pos_ == "NOUN" and base_form(t.text) in CUE_NOUNS:
                return self._noun_speaker(t)
        # `UN head 'strongly condemns' detention`: the quoted words are the reporting verb
        for t in quote_tokens:
            if _is_cue(t):
                subj = [c for c in t.children if c.dep_ in _SUBJECTS and c.i not in inside]
                if subj:
                    lo, hi = self.np_span(subj[0])
                    return Attribution(t.text, (lo, hi), self.resolve(para, subj[0], lo, hi), "tree", True)
        return None

    def _last_cue(self, before: list[Token]) -> Attribution | None:
        cues = [t for t in before if _is_cue(t) and not _media_report(t)]
        return self._speaker_of(cues[-1], "before") if cues else None

    def _first_cue(self, after: list[Token]) -> Attribution | None:
        for k, tok in enumerate(after):
            if tok.lower_ == "according" and k + 1 < len(after) and after[k + 1].lower_ == "to":
                att = self._according_to(after[k + 1])
                if att is not None:
                    return att
            if _is_cue(tok) and not _media_report(tok):
                return self._speaker_of(tok, "after")
        return None

    def _cue_noun(self, before: list[Token]) -> Attribution | None:
        for tok in reversed(before):
            if tok.pos_ == "NOUN" and base_form(tok.text) in CUE_NOUNS:
                return self._noun_speaker(tok)
        return None

    def _noun_speaker(self, noun: Token) -> Attribution:
        para = self._para_of(noun)
        for c in noun.children:
            if self.in_quote(para.start + c.idx):
                continue
            if c.dep_ == "poss":
                lo, hi = self.np_span(c)
                return Attribution(noun.text, (lo, hi), self.resolve(para, c, lo, hi), "noun", True)
            if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                for o in c.children:
                    if self.in_quote(para.start + o.idx):
                        continue
                    if o.dep_ == "pobj" and (o.ent_type_ or o.pos_ == "PROPN"):
                        lo, hi = self.np_span(o)
                        return Attribution(noun.text, (lo, hi), self.resolve(para, o, lo, hi), "noun", True)
        return Attribution(noun.text, None, None, "noun", True)

    def _headline(self, q: QuoteSpan, para: Paragraph, before: list[Token], after: list[Token]) -> Attribution | None:
        """`Putin: "…"`, `"…" : FM`, `'…' - French ambassador Jean-Pierre Thebault`."""
        line_lo = self.text.rfind("\n", para.start, q.open_mark) + 1 or para.start
        head = self.text[max(line_lo, para.start) : q.open_mark]
        m = re.match(r"\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})\s*:\s*(?:[^:]{0,80})$", head)
        if m and not any(_is_cue(t) for t in before):
            name_end = max(line_lo, para.start) + m.end(1)
            name_start = max(line_lo, para.start) + m.start(1)
            return self._name_at(para, name_start, name_end, "headline")
        close = q.close_mark if q.close_mark is not None else q.end
        tail = self.text[close + 1 : para.end].split("\n", 1)[0]
        m = re.match(r"\s*(?:[-–—:]|.*:)\s*((?:[\w.'’-]+\s*){1,8})$", tail)
        if m and m.group(1).strip() and m.group(1).strip()[0].isupper():
            s = close + 1 + m.start(1)
            return self._name_at(para, s, s + len(m.group(1).rstrip()), "headline")
        return None

    def _name_at(self, para: Paragraph, lo: int, hi: int, how: str) -> Attribution | None:
        toks = self.span_tokens(para, lo, hi)
        if not toks:
            return None
        head = next((t for t in reversed(toks) if t.pos_ in ("PROPN", "NOUN")), toks[-1])
        who = self.resolve(para, head, lo, hi)
        if who is None:
            return None
        return Attribution(None, (lo, hi), who, how, True)

    def _speaker_of(self, verb: Token, how: str) -> Attribution | None:
        """The subject of a reporting verb, following participles and conjuncts up to their clause."""
        para = self._para_of(verb)
        cue = _cue_text(verb)
        node = verb
        for _ in range(4):
            if base_form(node.text) == "quote":
                objs = [c for c in node.children if c.dep_ in ("dobj", "nsubjpass")]
                if objs:
                    obj = objs[0]
                    lo, hi = self.np_span(obj)
                    return Attribution("quoted as saying", (lo, hi), self.resolve(para, obj, lo, hi), how, True)
            subj = [c for c in node.children if c.dep_ in _SUBJECTS and not self.in_quote(para.start + c.idx)]
            if subj:
                s = subj[0]
                if s.lower_ in ("it", "this", "that") and s.dep_ == "nsubjpass":
                    return None
                lo, hi = self.np_span(s)
                who = self.resolve(para, s, lo, hi)
                self._note_statement(verb, who)
                return Attribution(cue, (lo, hi), who, how, True)
            if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
                s = node.head
                lo, hi = self.np_span(s)
                return Attribution(cue, (lo, hi), self.resolve(para, s, lo, hi), how, True)
            if (
                node.dep_ in ("conj", "advcl", "xcomp", "pcomp", "ccomp", "acl", "prep", "pobj", "relcl")
                and node.head is not node
            ):
                node = node.head
                continue
            break
        return None

    def _note_statement(self, verb: Token, who: Entity | None) -> None:
        if who is None:
            return
        window = verb.doc[verb.i : verb.i + 6]
        if any(t.lower_ in ("statement", "communique", "release") for t in window):
            self.cast.statement_makers.append((self._para_of(verb).start + verb.idx, who))


def _is_cue(tok: Token) -> bool:
    lemma = base_form(tok.text)
    if lemma in NON_CUES:
        return False
    if lemma == "continue" and any(c.dep_ in ("xcomp", "dobj") for c in tok.children):
        return False  # "continued to defend", not "he continued, ..."
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        if tok.lower_ in ("read", "reads"):
            # `"…," the statement read`: a text reading out words is reporting them
            return any(c.dep_ in _SUBJECTS and base_form(c.text) in CUE_NOUNS for c in tok.children)
        return lemma in CUE_VERBS or tok.lower_ in ("says", "said", "told", "added", "stated")
    return False


def _media_report(tok: Token) -> bool:
    """`the AP reports`, `Reuters reported`: the outlet that carried the words, not who spoke."""
    if base_form(tok.text) != "report":
        return False
    subj = [c for c in tok.children if c.dep_ in _SUBJECTS]
    return bool(subj) and is_media(" ".join(t.text for t in subj[0].subtree))


def _media_subject(tok: Token) -> bool:
    subj = [c for c in tok.children if c.dep_ in _SUBJECTS]
    return bool(subj) and is_media(" ".join(t.text for t in subj[0].subtree))


def _cue_text(verb: Token) -> str:
    parts = [verb.text]
    for c in verb.children:
        if c.dep_ == "prt" and c.i == verb.i + 1:
            parts.append(c.text)
    return " ".join(parts)


def _depth(tok: Token) -> int:
    d = 0
    while tok.head is not tok and d < 60:
        tok = tok.head
        d += 1
    return d


def _depth_from(tok: Token, roots: list[Token]) -> int:
    """Distance up the tree from the quoted words to `tok`."""
    best = 99
    for r in roots:
        d, node = 0, r
        while node is not tok and node.head is not node and d < 40:
            node = node.head
            d += 1
        if node is tok:
            best = min(best, d)
    return best


__all__ = ["Attribution", "Speakers"]
