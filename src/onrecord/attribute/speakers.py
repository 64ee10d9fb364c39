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

The subject of the reporting verb is then resolved within the article (names.Cast):
a pronoun or role noun to the person meant, a country, capital or ministry to the
body that speaks, an unnamed source to nobody.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Token

from onrecord.analyse import Paragraph
from onrecord.attribute.cues import (
    CORE_VERBS,
    CUE_NOUNS,
    CUE_VERBS,
    MEDIA_WORDS,
    NON_CUES,
    REPORTING_VERBS,
)
from onrecord.attribute.marks import QuoteSpan
from onrecord.attribute.names import (
    BODY_WORDS,
    INDEFINITE,
    PRONOUNS_FEMALE,
    PRONOUNS_MALE,
    PRONOUNS_PLURAL,
    PRONOUNS_THING,
    RELATIVES,
    ROLE_HEADS,
    TITLES,
    Anonymous,
    Cast,
    Entity,
    Organisation,
    Person,
    gender_of,
    name_key,
    norm_role,
    role_head,
)
from onrecord.attribute.places import country_of, country_of_seat

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr st jan feb mar apr jun jul aug sep sept oct nov dec no gen gov sen rep prof lt col capt vs inc
    corp co ltd jr sr u.s u.k u.n e.g i.e approx est
    """.split()
)
_SENTENCE_END = re.compile(r"[.!?]+[)\]]?\s+(?=[A-Z0-9\"“‘'«(\[])")
_SUBJECTS = ("nsubj", "nsubjpass")
_SOURCE_HEADS = frozenset("source sources official officials spokesman spokeswoman spokesperson representative".split())
_GENERIC_BODIES = frozenset("company agency organisation organization group firm body".split())


@dataclass(slots=True)
class Attribution:
    cue: str | None = None
    mention: tuple[int, int] | None = None  # offsets of the words naming the speaker
    who: Entity | None = None
    how: str = ""  # which rule found it, for confidence
    found: bool = False  # a reporting clause was found, even if it names nobody


class Speakers:
    """Attribution over one analysed article."""

    def __init__(self, text: str, paragraphs: list[Paragraph], quotes: list[QuoteSpan]):
        self.text = text
        self.paragraphs = paragraphs
        self.quotes = quotes
        self.quoted = sorted((q.open_mark, q.close_mark if q.close_mark is not None else q.end) for q in quotes)
        self._quote_opens = [o for o, _ in self.quoted]
        self._token_starts = {id(p.doc): [t.idx for t in p.doc] for p in paragraphs}
        self._paragraph_of_doc = {id(p.doc): p for p in paragraphs}
        self._sentences: dict[int, list[int]] = {}
        self.cast = Cast(text)
        self._build_cast()

    # -- helpers --------------------------------------------------------------

    def in_quote(self, off: int) -> bool:
        i = bisect_right(self._quote_opens, off) - 1
        return i >= 0 and self.quoted[i][0] <= off <= self.quoted[i][1]

    def tokens(self, para: Paragraph, lo: int, hi: int) -> list[Token]:
        """Tokens of a paragraph starting in [lo, hi), quoted words left out."""
        starts = self._token_starts[id(para.doc)]
        a = bisect_left(starts, lo - para.start)
        b = bisect_left(starts, hi - para.start)
        return [t for t in para.doc[a:b] if not self.in_quote(para.start + t.idx)]

    def span_tokens(self, para: Paragraph, lo: int, hi: int) -> list[Token]:
        """Tokens of a paragraph starting in [lo, hi)."""
        starts = self._token_starts[id(para.doc)]
        return list(para.doc[bisect_left(starts, lo - para.start) : bisect_left(starts, hi - para.start)])

    def sentence_starts(self, pi: int) -> list[int]:
        if pi not in self._sentences:
            self._sentences[pi] = self._sentence_starts(pi)
        return self._sentences[pi]

    def _sentence_starts(self, pi: int) -> list[int]:
        para = self.paragraphs[pi]
        starts = [para.start]
        for m in _SENTENCE_END.finditer(self.text, para.start, para.end):
            if self.in_quote(m.start()):
                continue
            word = re.search(r"([\w.]+)$", self.text[max(para.start, m.start() - 12) : m.start()])
            if word and (word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
            starts.append(m.end())
        return starts

    # -- the cast: who is in the article --------------------------------------

    def _build_cast(self) -> None:
        cast = self.cast
        for para in self.paragraphs:
            for ent in para.doc.ents:
                off = para.start + ent.start_char
                if self.in_quote(off):
                    continue
                if ent.label_ != "PERSON" and _titled_name(ent):
                    cast.add_person(
                        ent.text, off, self._roles_around(ent), gender_of([t.text for t in _left_title(ent)])
                    )
                elif ent.label_ == "PERSON":
                    ent = _whole_name(ent)
                    roles = self._roles_around(ent)
                    cast.add_person(ent.text, off, roles, gender_of([t.text for t in _left_title(ent)]))
                elif ent.label_ in ("GPE", "NORP"):
                    c = country_of(ent.text) or country_of_seat(ent.text)
                    if c:
                        cast.note_country(off, c)
                elif ent.label_ == "ORG" and not _is_media(ent.text):
                    cast.named_organisations.append((off, Organisation(_strip_the(ent.text), "organisation")))
        for para in self.paragraphs:
            self._titled_people(para)
        # who is talked about, in reading order, for pronouns and role nouns to point back to
        for para in self.paragraphs:
            for tok in para.doc:
                off = para.start + tok.idx
                if self.in_quote(off):
                    continue
                if para.parsed:
                    subject = tok.dep_ in _SUBJECTS
                    if subject or (tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in ROLE_HEADS):
                        if tok.dep_ == "compound":
                            continue
                        lo, hi = self.np_span(tok)
                        who = self.resolve(para, tok, lo, hi, speaking=False)
                        if who is not None:
                            cast.mention(off, who, subject)
                            role = norm_role([t.text for t in self.span_tokens(para, lo, hi)])
                            if role_head(role) and not isinstance(who, Person):
                                cast.described.append((off, role, who))
                    elif tok.pos_ == "PROPN" and tok.dep_ not in ("compound", "flat"):
                        person = self._person_in(tok)  # someone named, not as a subject
                        if person is not None:
                            cast.mention(off, person, False)
                elif tok.ent_iob_ == "B" and tok.ent_type_ == "PERSON":
                    ent = next(e for e in para.doc.ents if e.start == tok.i)
                    person = cast.person_named(ent.text, off)
                    sent_start = tok.i == 0 or para.doc[tok.i - 1].text in ".!?"
                    cast.mention(off, person, sent_start)

    def _titled_people(self, para: Paragraph) -> None:
        """`Mrs Ines Duarte`, `President Amal Haddad`: people the recogniser missed, known by their title."""
        doc = para.doc
        i = 0
        while i < len(doc) - 1:
            tok = doc[i]
            if not (tok.text[:1].isupper() and tok.lower_.strip(".") in TITLES) or tok.lower_ in ("foreign", "state"):
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j - i <= 4 and _name_word(doc[j]):
                j += 1
            run = doc[i + 1 : j]
            if run and not any(t.ent_type_ for t in run) and not self.in_quote(para.start + run[0].idx):
                title = [t.text for t in _left_title(run)] if run.start > 0 else []
                self.cast.add_person(run.text, para.start + run[0].idx, [], gender_of(title + [tok.text]))
            i = max(j, i + 1)

    def _roles_around(self, ent) -> list[list[str]]:
        """Roles the text gives a named person: "Russian Foreign Minister X", "X, the foreign minister,"."""
        doc = ent.doc
        roles = []
        left = _left_title(ent)
        if left and role_head(norm_role([t.text for t in left])):
            roles.append(norm_role([t.text for t in left]))
        # "Chancellor Angela Merkel's spokesman, Steffen Seibert"
        if ent.start >= 2 and doc[ent.start - 1].text == ",":
            j = ent.start - 2
            words = []
            while j >= 0 and j > ent.start - 10 and doc[j].text not in (",", ".", ";", ":") and doc[j].pos_ != "VERB":
                words.insert(0, doc[j].text)
                j -= 1
            r = norm_role(words)
            if words and role_head(r) and len(words) <= 8:
                roles.append(r)
        # "X, the Japanese foreign minister," and "X, chief cabinet secretary,"
        if ent.end < len(doc) and doc[ent.end].text == ",":
            j = ent.end + 1
            words = []
            while j < len(doc) and j < ent.end + 12 and doc[j].text not in (",", ".", ";", ":", "(", ")"):
                if doc[j].pos_ in ("VERB", "AUX") and doc[j].tag_ != "VBN" or doc[j].lower_ in ("who", "which"):
                    words = []
                    break
                if doc[j].lower_ in ("to", "in", "at", "with", "for", "from", "on"):
                    break
                words.append(doc[j].text)
                j += 1
            r = norm_role(words)
            if words and role_head(r):
                roles.append(r)
        return roles

    # -- mentions -------------------------------------------------------------

    def np_span(self, tok: Token) -> tuple[int, int]:
        """Offsets of the noun phrase headed by `tok`, without appositions or relative clauses."""
        para_start = self._para_of(tok).start
        cut = {c.i for c in tok.children if c.dep_ in ("relcl", "appos", "acl", "punct", "cc", "conj", "advcl")}
        left = tok.left_edge.i
        right = tok.i
        for c in tok.rights:
            if c.i in cut or c.text == ",":
                break
            if c.dep_ in ("prep", "compound", "flat", "poss", "amod", "nmod", "pobj"):
                right = c.right_edge.i
            else:
                break
        doc = tok.doc
        if right + 1 < len(doc) and doc[right + 1].text in ("'s", "’s") and right >= tok.i:
            # "a source in the country's Foreign Ministry", parsed apart at the possessive
            j = right + 2
            while j < len(doc) and doc[j].pos_ in ("PROPN", "NOUN", "ADJ") and doc[j].text != ",":
                j += 1
            right = j - 1
        for i in range(tok.i, right + 1):
            if tok.doc[i].text == "," and i > tok.i:
                right = i - 1
                break
        for i in range(tok.i - 1, left - 1, -1):
            if tok.doc[i].text in (",", "(", ")", "—", "–"):
                left = i + 1
                break
        doc = tok.doc
        start = para_start + doc[left].idx
        end = para_start + doc[right].idx + len(doc[right].text)
        return start, end

    def _para_of(self, tok: Token) -> Paragraph:
        return self._paragraph_of_doc[id(tok.doc)]

    def resolve(self, para: Paragraph, head: Token, lo: int, hi: int, speaking: bool = True) -> Entity | None:
        """The person or body a mention stands for, or None for someone unnamed.

        `speaking` is False while reading who the article talks about: a capitalised
        word that is not a known name then stays unknown instead of becoming a person.
        """
        cast = self.cast
        toks = self.span_tokens(para, lo, hi)
        if not toks:
            return None
        low = head.lower_ if not head.text.isupper() or len(head.text) == 1 else head.text  # "WHO" is no pronoun
        off = para.start + head.idx
        if low in PRONOUNS_MALE or low in PRONOUNS_FEMALE:
            return cast.recent(off, "m" if low in PRONOUNS_MALE else "f")
        if low in PRONOUNS_PLURAL:
            return cast.recent(off, plural=True) if low in ("they", "them") else None
        if low in PRONOUNS_THING:
            org = cast.recent(off, plural=True)
            return org if isinstance(org, Organisation) else None
        if low in RELATIVES:
            if head.head.dep_ == "relcl":
                noun = head.head.head
                s, e = self.np_span(noun)
                return self.resolve(para, noun, s, e, speaking)
            return None
        if low in ("statement", "statements", "communique", "release"):
            for _, who in reversed(cast.statement_makers):
                return who
            return None
        if any(c.dep_ == "conj" for c in head.children):
            return None  # "Argentina and the UK pledged": several speakers at once
        # the named person: an appositive name wins over the role it explains
        for child in head.children:
            if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
                person = self._person_in(child)
                if person is not None:
                    return person
        if (head.ent_type_ == "PERSON" or head.pos_ == "PROPN" or head.text[:1].isupper()) and (
            head.lower_ not in ROLE_HEADS
        ):
            person = self._person_in(head)
            if person is not None:
                return person
        words = [t.text for t in toks]
        role = norm_role(words)
        rh = role_head(role)
        if toks[-1].lower_ in ROLE_HEADS and toks[-1] is not head:
            head = toks[-1]  # "UN Secy Gen spokesperson" parsed with "UN" as its head
        head_word = head.lemma_.lower() if head.pos_ == "NOUN" else head.lower_
        if head_word in _GENERIC_BODIES and toks[0].lower_ in ("the", "this"):
            for pos, org in reversed(cast.named_organisations):
                if pos < off and not _is_media(org.name):
                    return org
            return None
        is_role = rh is not None and (
            head_word in ROLE_HEADS or head.ent_type_ != "PERSON" and (head_word in rh or head.text[:1].isupper())
        )
        if not is_role and (head.pos_ == "PROPN" or head.text[:1].isupper()):
            acronym = _expand_acronym(self.text, head.text) if head.text.isupper() and len(head.text) <= 5 else None
            org = cast.organisation(acronym or " ".join(words), off)
            if org is not None:
                return org
            if head.ent_type_ == "ORG" or acronym:
                return Organisation(acronym or _strip_the(" ".join(words)), "organisation")
            if head.ent_type_ in ("NORP", "GPE", "FAC", "LOC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "DATE"):
                return None
            name = _name_text(self.text, para, toks)
            if speaking and name and head.pos_ == "PROPN" and not _is_media(name):
                return cast.person_named(name, off)
            return None
        if head_word in BODY_WORDS or low in BODY_WORDS:
            return cast.organisation(" ".join(words), off)
        if rh is None:
            return None
        indefinite = toks[0].lower_ in INDEFINITE or (head.tag_ in ("NNS", "NNPS") and head_word != low)
        owner = [t for t in toks if t.dep_ == "poss" and (t.ent_type_ == "PERSON" or t.pos_ == "PROPN")]
        owner = [t for t in owner if not country_of(t.text)]
        if not indefinite:
            person = cast.person_by_role(role, off, gender_of(words))
            if person is not None:
                return person
        if head_word in _SOURCE_HEADS or rh in _SOURCE_HEADS:
            if not owner:
                org = cast.organisation(" ".join(words), off)
                if org is not None and _names_body(words):
                    return org
        if indefinite:
            return Anonymous(role, gender_of(words))
        earlier = cast.described_as(role, off)
        if earlier is not None:
            return earlier
        if speaking and not owner and rh in ("president", "minister", "chancellor", "leader"):
            person = cast.unroled_person(off)
            if person is not None:
                return person
        return Anonymous(role, gender_of(words))

    def _person_in(self, tok: Token) -> Person | None:
        """A person the article names, when `tok` is part of their name."""
        ent = _ent_of(tok)
        if ent is not None and (ent.label_ == "PERSON" or _titled_name(ent)):
            name = _whole_name(ent).text if ent.label_ == "PERSON" else ent.text
            return self.cast.person_named(name, self._para_of(tok).start + ent.start_char)
        if not tok.text[:1].isupper():
            return None
        key = set(name_key(tok.text))
        fits = [p for p in self.cast.people if key and key <= set(p.tokens)]
        if len(fits) == 1:
            return fits[0]
        return None

    # -- attribution ----------------------------------------------------------

    def attribute(self, q: QuoteSpan, previous: dict[int, Attribution]) -> Attribution:
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
                # the subject of the last reporting verb of that paragraph
                for tok in reversed(list(para.doc)):
                    if tok.pos_ in ("VERB", "AUX") and _is_cue(tok) and not self.in_quote(para.start + tok.idx):
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
                if tok.lemma_ not in ("be", "have", "do") or tok.dep_ not in ("aux", "auxpass"):
                    return None
        return None

    def _according_to(self, to: Token) -> Attribution | None:
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        obj = objs[0]
        if _is_media(obj.text) or obj.lower_ in ("reports", "report", "media"):
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
        core = [t for t in cues if t.lemma_.lower() in CORE_VERBS and not _media_subject(t)]
        reporting = [t for t in cues if t.lemma_.lower() in REPORTING_VERBS and t not in core]
        for tok in core + reporting + [t for t in cues if t not in core and t not in reporting]:
            att = self._speaker_of(tok, "tree")
            if att is not None:
                return att
        for t in chain:
            if t.pos_ == "NOUN" and t.lemma_.lower() in CUE_NOUNS:
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
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in CUE_NOUNS:
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
            if node.lemma_.lower() == "quote":
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
    lemma = tok.lemma_.lower()
    if lemma in NON_CUES:
        return False
    if lemma == "continue" and any(c.dep_ in ("xcomp", "dobj") for c in tok.children):
        return False  # "continued to defend", not "he continued, ..."
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        return lemma in CUE_VERBS or tok.lower_ in ("says", "said", "told", "added", "stated")
    return False


def _media_report(tok: Token) -> bool:
    """`the AP reports`, `Reuters reported`: the outlet that carried the words, not who spoke."""
    if tok.lemma_.lower() != "report":
        return False
    subj = [c for c in tok.children if c.dep_ in _SUBJECTS]
    return bool(subj) and _is_media(" ".join(t.text for t in subj[0].subtree))


def _media_subject(tok: Token) -> bool:
    subj = [c for c in tok.children if c.dep_ in _SUBJECTS]
    return bool(subj) and _is_media(" ".join(t.text for t in subj[0].subtree))


def _is_media(text: str) -> bool:
    low = {w.lower().strip(".,'’") for w in text.split()}
    return (
        bool(low & MEDIA_WORDS)
        or text.strip().isupper()
        and len(text.strip()) <= 4
        and text.strip()
        in (
            "AP",
            "AFP",
            "BBC",
            "CNN",
            "TASS",
            "RIA",
            "SANA",
        )
    )


def _cue_text(verb: Token) -> str:
    parts = [verb.text]
    for c in verb.children:
        if c.dep_ == "prt" and c.i == verb.i + 1:
            parts.append(c.text)
    return " ".join(parts)


def _left_title(ent) -> list[Token]:
    doc = ent.doc
    j = ent.start - 1
    out: list[Token] = []
    while j >= 0 and len(out) < 8:
        t = doc[j]
        low = t.lower_
        if t.text in ("'s", "’s", "-", "of") or low in TITLES or low in ROLE_HEADS or country_of(t.text):
            out.insert(0, t)
        elif t.pos_ in ("PROPN", "NOUN", "ADJ") and (t.text[:1].isupper() or low in ROLE_HEADS or t.pos_ == "NOUN"):
            out.insert(0, t)
        else:
            break
        j -= 1
    while out and out[0].text in ("'s", "’s", "-", "of"):
        out.pop(0)
    return out


def _ent_of(tok: Token):
    for e in tok.doc.ents:
        if e.start <= tok.i < e.end:
            return e
    return None


def _name_text(text: str, para: Paragraph, toks: list[Token]) -> str:
    """The name in a mention as written ("Jean-Pierre Thebault"), titles and countries left out."""
    keep = [
        t for t in toks if (t.pos_ == "PROPN" or t.text == "-") and t.lower_ not in TITLES and not country_of(t.text)
    ]
    while keep and keep[0].text == "-":
        keep.pop(0)
    if not keep:
        return ""
    return text[para.start + keep[0].idx : para.start + keep[-1].idx + len(keep[-1].text)]


def _name_word(tok: Token) -> bool:
    return (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.lower_.strip(".") not in TITLES
        and not country_of(tok.text)
        and tok.is_alpha
    )


def _titled_name(ent) -> bool:
    """`Chancellor Olaf Scholz` read as an organisation: a title before proper nouns makes a person."""
    doc = ent.doc
    if ent.label_ not in ("ORG", "GPE", "NORP", "FAC") or ent.start == 0:
        return False
    before = doc[ent.start - 1]
    if not (before.text[:1].isupper() and before.lower_ in TITLES) or before.lower_ in ("foreign", "state"):
        return False
    return all(t.pos_ == "PROPN" for t in ent) and not country_of(ent.text) and len(ent) <= 4


def _whole_name(ent):
    """A PERSON entity grown over name words the recogniser cut off ("Jean-Yves Le" + "Drian")."""
    doc = ent.doc
    end = ent.end
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and doc[end].lower_ not in TITLES:
        if doc[end].ent_type_ and doc[end].ent_type_ != "PERSON":
            break
        end += 1
    return doc[ent.start : end] if end != ent.end else ent


def _names_body(words: list[str]) -> bool:
    """Whether a description names the body it speaks for: "the Syrian Foreign Ministry source"."""
    for i, w in enumerate(words):
        if w.lower() in BODY_WORDS and (w[:1].isupper() or any(country_of(x) for x in words[:i])):
            return True
    return False


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())


def _expand_acronym(text: str, acronym: str) -> str | None:
    """The words an acronym stands for, when the article spells them out ("UN" -> "United Nations")."""
    letters = acronym.replace(".", "")
    if not letters.isalpha() or len(letters) < 2:
        return None
    filler = r"(?:\s+(?:of|the|for|and|on)\b)*"
    parts = [rf"{c}[a-z]+" for c in letters]
    pattern = r"\b" + (filler + r"\s+").join(parts) + r"\b"
    m = re.search(pattern, text)
    return m.group(0) if m else None


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
