"""Reading one analysed article: its sentences, its people and bodies, and what a mention means.

`ArticleReader` builds the article's cast (names.Cast) from the entities the recogniser
found, from titles the recogniser missed ("Mrs Ines Duarte") and from roles the text
gives ("Russian Foreign Minister X", "X, the Japanese foreign minister,"), follows who
is being talked about sentence by sentence, and resolves a noun phrase to the person
or body it stands for: a pronoun or role noun to someone named, a country, capital or
ministry to the body that speaks, an acronym to the name the article spells out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Token

from onrecord.analyse import Paragraph
from onrecord.attribute.cues import MEDIA_WORDS, base_form
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
    person_after_role,
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
_NOUNS = ROLE_HEADS | BODY_WORDS | _GENERIC_BODIES | _SOURCE_HEADS


class ArticleReader:
    """The cast of one article and the means to resolve its mentions."""

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
                elif ent.label_ == "ORG" and (person := person_after_role([t.text for t in ent])):
                    cast.add_person(person, off + ent.text.rfind(person), self._roles_around(ent))
                elif ent.label_ == "ORG" and not is_media(ent.text):
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
                    if subject or (tok.pos_ in ("NOUN", "PROPN") and base_form(tok.text, _NOUNS) in ROLE_HEADS):
                        if tok.dep_ == "compound":
                            continue
                        lo, hi = self.np_span(tok)
                        who = self.resolve(para, tok, lo, hi, speaking=False)
                        if who is not None:
                            cast.mention(off, who, subject)
                            role = norm_role([t.text for t in self.span_tokens(para, lo, hi)])
                            if role_head(role) and not isinstance(who, Person):
                                cast.described.append((off, role, who))
                    elif base_form(tok.text) in ("statement", "communique") and tok.dep_ == "dobj":
                        # "X issued a statement": what "the statement said" later speaks for
                        maker = [c for c in tok.head.children if c.dep_ in _SUBJECTS]
                        if maker:
                            mlo, mhi = self.np_span(maker[0])
                            who = self.resolve(para, maker[0], mlo, mhi, speaking=False)
                            if who is not None:
                                cast.statement_makers.append((off, who))
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
                # "Lee Myung-bak", "Jean-Yves": a hyphenated part belongs to the name
                while j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
                    if not doc[j + 1].is_alpha:
                        break
                    j += 2
            run = doc[i + 1 : j]
            if run and not any(t.ent_type_ for t in run) and not self.in_quote(para.start + run[0].idx):
                title = [t.text for t in _left_title(run)] if run.start > 0 else []
                roles = self._roles_around(run)
                off = para.start + run[0].idx
                person = self.cast.add_person(run.text, off, roles, gender_of(title + [tok.text]))
                if not para.parsed and person is not None:
                    # no recogniser ran here: the titled name is who this paragraph talks about
                    self.cast.mention(off, person, False)
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
        head_word = base_form(head.text, _NOUNS) if head.pos_ == "NOUN" else head.lower_
        if head_word in _GENERIC_BODIES and toks[0].lower_ in ("the", "this"):
            for pos, org in reversed(cast.named_organisations):
                if pos < off and not is_media(org.name):
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
            person = None if acronym else person_after_role(words)
            if person:
                return cast.person_named(person, off) if speaking else cast.person_named(person, off, create=False)
            if head.ent_type_ == "ORG" or acronym:
                return Organisation(acronym or _strip_the(" ".join(words)), "organisation")
            if head.ent_type_ in ("NORP", "GPE", "FAC", "LOC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "DATE"):
                return None
            name = _name_text(self.text, para, toks)
            if speaking and name and head.pos_ == "PROPN" and not is_media(name):
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


def is_media(text: str) -> bool:
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
        tok.pos_ in ("PROPN", "")  # "": a paragraph only tokenised, where capitals must do
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
