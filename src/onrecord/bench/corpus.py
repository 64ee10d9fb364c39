"""A deterministic synthetic news feed that looks like a crawl of real news, built on a seed corpus.

What a corpus of N documents holds, with the defaults of `generate` and `build_corpus`:
- originals (the rest, 66%): each composed fresh. A story is an event with a topic, a city, a
  few days and two to four speakers; about half of the originals join a recent story, so several
  reports cover one event within four days and quote the same people. Speakers come from a pool
  of `people` (20,000) fictional full names drawn by a Zipf-Mandelbrot law (exponent 1.05, offset
  2): the most quoted person speaks in about one quotation in twenty, most people once or twice.
  Paragraphs are direct quotations (`quote_share`: about 40% of paragraphs hold one), reported
  speech ("X said that ...", "according to X", about 30%) and plain prose. Quotations are
  composed per article from clause patterns, a verb table and a vocabulary per topic; a second
  or third sentence may be a sentence of the seed corpus with its names, places, numbers and
  dates replaced, so more than 90% of quotations are distinct. The cue ("said", "told reporters",
  "added", "according to", "said:") and its place (before, after, inside a split quotation)
  vary; a later quotation of the same speaker names them by surname, pronoun or role.
- near copies (`near_copy_share`, 30%): an earlier original carried by another outlet, the way an
  agency story is syndicated: another header and footer, other quotation marks, sometimes a
  paragraph dropped or the last ones cut, sometimes the lead reworded or the headline changed,
  often a "Source:" credit line.
- exact copies (`exact_copy_share`, 4%): the bytes of an earlier document at another address.
- noise on every page: header and footer junk (error pages, field lines, disclaimers, comment
  boxes, long digit runs, and the undated junk the cleaner removed from the seed corpus), pasted
  repeats of paragraphs, now and then the whole article twice; `html_share` (20%) of pages are
  HTML. Publication dates spread over four years (2022-2025); datelines, weekdays and header
  dates agree with them.

The kinds are laid out by a low-discrepancy sequence, so every prefix of the corpus holds close
to the stated shares. Copies come from a bounded pool (`pool`) of recent documents, so the
corpus streams in constant memory. The same seed corpus, size and seed give byte-identical
documents, and a longer corpus starts with the shorter one. Every name of a person, place,
outlet and organisation is invented.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import itertools
import random
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.records import Document

NEAR_COPY_SHARE = 0.30
EXACT_COPY_SHARE = 0.04
HTML_SHARE = 0.20
PEOPLE = 20_000
ZIPF_EXPONENT = 1.05
ZIPF_OFFSET = 2  # Zipf-Mandelbrot: the most quoted person leads about one story in twenty
COPY_POOL = 400  # recent originals (and documents) a copy is taken from
# Seed sentences, their names and numbers replaced: a share of the prose sentences, and of the
# second or third sentence of a quotation (never a whole quotation, so quotations stay new).
SEED_PROSE_SHARE = 0.15
SEED_QUOTE_SHARE = 0.2
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 4 * 365

_RETRIEVED = "2026-01-01T00:00:00+00:00"
_OPEN, _CLOSE = "\x01", "\x02"  # quotation marks, set in the outlet's style when a page is written
_GOLDEN = 0.6180339887498949

_HEADERS = [
    "ID :\n{n}\n{weekday}, {mm:02d}/{dd:02d}/{yyyy} - 10:{mm:02d}\nAuther :",
    "404\nSorry!!\nError! We're sorry, but the page you were looking for doesn't exist.",
    "Source: {agency} | {yyyy}-{mm:02d}-{dd:02d} 08:{dd:02d}:11 | Editor: desk",
    "Published: {mon} {dd}, {yyyy} 11:{mm:02d} AM",
    " date {yyyy}-{mm:02d}-{dd:02d}",
    "Published: {mon} {dd}, {yyyy} 07:{dd:02d} AM Updated: {mon} {dd}, {yyyy} 09:{mm:02d} AM",
]
_DATE_LINE = "Published: {mon} {dd}, {yyyy}"
# Plain-text pages without a dated header that get a date line: with the dated headers and the
# HTML pages' metadata, about 95% of pages are dated, as in a crawl of news sites.
DATED_TEXT_SHARE = 0.9
_FOOTERS = [
    "Read more",
    "Comments\nNo comment",
    "Leave a Comment",
    "Back to Top Close",
    "Most Viewed\n\n{city} ferry fares to rise in spring\n\n{city} marathon route announced",
    "{digits}",
    "Related news: {city} council approves new budget",
    "This story was first published by {outlet}.",
    "© {yyyy} {outlet}. All rights reserved.",
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
_MONTHS += ["November", "December"]
_MON = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_QUOTE_STYLES = [('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’")]
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]

# Invented name parts. First names are common ones; surnames, places and outlets are composed
# from syllables, so every full name is fictional.
_FEMALE = """Anna Maria Elena Sofia Clara Ines Marta Julia Lena Nora Alma Rosa Iris Helga Vera Irene Lucia Paula
Eva Hanna Lotte Mila Olga Petra Rita Sara Tessa Ada Berit Carla Dora Edith Freya Greta Ida Jana Kira Lea Maja Nina
Oda Pia Ruth Selma Thea Una Viola Wanda Yara Zoe Agnes Bianca Cora Dana Elsa Flora Gina Hilde Ilse Joan Karin
Linda Mona Nadia Olivia Rebecca Sonja Tamara Ursula Valentina Wilma Amira Leila Mei Aiko Priya Ngozi Amara
Fatima Lina Noor Zainab Chiara Marisol Beatriz""".split()
_MALE = """Anton Lukas Tomas Daniel Jonas Piet Marek Felix Oskar Viktor Emil Hugo Ivan Karl Leon Milan Nils Otto
Pavel Rafael Simon Tobias Ulrich Vincent Walter Adam Bruno Carlos David Erik Frank Georg Henrik Igor Jakob
Konrad Lars Martin Nikolai Oliver Peter Robert Stefan Theo Uwe Victor Werner Yusuf Zoltan Aaron Benedikt Cyril
Dmitri Edgar Fabian Gustav Harald Isak Joel Kasper Leopold Matteo Nestor Omar Patrick Quentin Rudolf Samuel
Timur Vadim Anders Kwame Tariq Hiroshi Rohan Diego Mateo Emeka Ahmed""".split()
_SURNAME_HEADS = """Al Bel Bran Cor Dal Ed Fal Gar Hal Ing Jor Kes Lam Mor Nor Ost Pel Quin Ros Sal Tor Ulm Var Wen
Yar Zell Ash Birk Carr Dorn Elm Fenn Grim Holl Ives Kell Lind Marr Nest Orm Penn Rook Stan Tenn Vell Wick Brenn
Hask Kirr Lund Merr Sand Thorn Vask""".split()
_SURNAME_TAILS = """berg bury dale field ford gate ham holt ley low man mark mere more ridge ston ton well wick worth
by sen er ing stad lund vik hoff ell ard""".split()
_PLACE_HEADS = """Vel Tarv Ost Mer Kal Dor Sav Lun Bral Cor Esk Fen Gal Hav Ilv Jor Mar Nor Pell Quen Rav Sor Tull
Varn Wes Zel Ard Brev Cald Drav Elv Grev Holm Isk Kest Lorv Mald Nevr Orl Pask""".split()
_COUNTRY_TAILS = ["oria", "avia", "ania", "enia", "ovia", "aria", "estia", "unia"]
_CITY_TAILS = ["grad", "port", "holm", "ford", "burg", "haven", "mouth", "field", "stad", "bridge", "wick"]
_NEWS_TAILS = ["Times", "Courier", "Herald", "Gazette", "Post", "Chronicle", "Observer", "Ledger", "Daily", "Review"]

# (title before the name or None, appositive after it or None, how later sentences name the role)
_ROLES = [
    ("{dem} Foreign Minister", None, "the minister"),
    ("{dem} Prime Minister", None, "the prime minister"),
    ("President", None, "the president"),
    ("Health Minister", None, "the minister"),
    ("Finance Minister", None, "the minister"),
    ("Transport Minister", None, "the minister"),
    ("Interior Minister", None, "the minister"),
    ("Energy Minister", None, "the minister"),
    ("Education Minister", None, "the minister"),
    ("Mayor", None, "the mayor"),
    ("opposition leader", None, "the opposition leader"),
    ("Opposition deputy", None, "the deputy"),
    ("Senator", None, "the senator"),
    ("Governor", None, "the governor"),
    ("Police Chief", None, "the police chief"),
    (None, "a spokesperson for the {city} city council", "the spokesperson"),
    (None, "the chief executive of {head} Shipping", "the chief executive"),
    (None, "a researcher at the {city} Institute for Public Policy", "the researcher"),
    (None, "a professor of economics at {city} University", "the professor"),
    (None, "who chairs the {city} trade union federation", None),
    (None, "a nurse at {city} General Hospital", None),
    (None, "a resident of {city}", None),
    (None, "a farmer from the hills above {city}", None),
    (None, "the head of the {dem} Chamber of Commerce", "the business leader"),
    (None, "a lawyer representing the families", "the lawyer"),
]

# Topics: (organisation field, objects as (text, plural), groups affected, events).
_TOPICS = {
    "fisheries": (
        "Fisheries",
        [
            ("the fishing quotas", 1),
            ("the northern grounds", 1),
            ("the harbour fees", 1),
            ("the trawler fleet", 0),
            ("the fisheries treaty", 0),
            ("the navigation framework", 0),
            ("the catch limits", 1),
            ("the shipping lanes", 1),
        ],
        ["fishermen", "trawler crews", "harbour workers", "coastal towns", "boat owners"],
        ["fisheries talks", "round of talks", "meeting of the two delegations", "harbour conference"],
    ),
    "budget": (
        "Finance",
        [
            ("the spending plan", 0),
            ("the tax reform", 0),
            ("public sector wages", 1),
            ("the pension fund", 0),
            ("the deficit target", 0),
            ("the new budget", 0),
            ("local council grants", 1),
            ("the fuel duty", 0),
        ],
        ["families", "pensioners", "taxpayers", "small businesses", "public sector workers"],
        ["budget debate", "cabinet meeting", "vote on the budget", "finance committee hearing"],
    ),
    "health": (
        "Health",
        [
            ("the hospital network", 0),
            ("the vaccination programme", 0),
            ("emergency care", 0),
            ("the waiting lists", 1),
            ("the nursing budget", 0),
            ("rural clinics", 1),
            ("the new children's hospital", 0),
            ("drug prices", 1),
        ],
        ["patients", "nurses", "doctors", "families", "older people"],
        ["health summit", "strike by hospital staff", "hearing on waiting times", "meeting with the unions"],
    ),
    "transport": (
        "Transport",
        [
            ("the rail link", 0),
            ("the new bridge", 0),
            ("bus fares", 1),
            ("the airport expansion", 0),
            ("the motorway toll", 0),
            ("the night trains", 1),
            ("the port upgrade", 0),
            ("the cycle lanes", 1),
        ],
        ["commuters", "drivers", "rail workers", "residents", "students"],
        ["transport strike", "council vote", "opening of the tunnel", "public consultation"],
    ),
    "energy": (
        "Energy",
        [
            ("the wind farm", 0),
            ("the coal phase-out", 0),
            ("electricity prices", 1),
            ("the gas pipeline", 0),
            ("the grid upgrade", 0),
            ("the solar subsidies", 1),
            ("the nuclear plant", 0),
            ("heating costs", 1),
        ],
        ["households", "factories", "miners", "farmers", "consumers"],
        ["energy summit", "winter price review", "pipeline talks", "climate conference"],
    ),
    "schools": (
        "Education",
        [
            ("the school reform", 0),
            ("teacher salaries", 1),
            ("the university fees", 1),
            ("the exam system", 0),
            ("the school meals programme", 0),
            ("the new curriculum", 0),
            ("class sizes", 1),
            ("rural schools", 1),
        ],
        ["teachers", "parents", "students", "pupils", "head teachers"],
        ["teachers' strike", "education debate", "publication of the exam results", "school board meeting"],
    ),
    "housing": (
        "Housing",
        [
            ("the housing plan", 0),
            ("rent controls", 1),
            ("the building permits", 1),
            ("social housing", 0),
            ("the mortgage rules", 1),
            ("the new district", 0),
            ("the eviction ban", 0),
            ("the land register", 0),
        ],
        ["tenants", "young people", "builders", "landlords", "families"],
        ["housing protest", "planning hearing", "council debate", "vote on the housing bill"],
    ),
    "justice": (
        "Justice",
        [
            ("the court reform", 0),
            ("the police budget", 0),
            ("the new security law", 0),
            ("the prison system", 0),
            ("the anti-corruption office", 0),
            ("the border checks", 1),
            ("the surveillance powers", 1),
            ("the press law", 0),
        ],
        ["judges", "police officers", "lawyers", "journalists", "citizens"],
        ["trial", "parliamentary inquiry", "ruling of the constitutional court", "hearing in parliament"],
    ),
    "farming": (
        "Agriculture",
        [
            ("farm subsidies", 1),
            ("the grain exports", 1),
            ("the water rights", 1),
            ("the drought fund", 0),
            ("the milk quota", 0),
            ("the import tariffs", 1),
            ("the forest protection plan", 0),
            ("fertiliser prices", 1),
        ],
        ["farmers", "growers", "rural families", "dairy producers", "exporters"],
        ["farm protest", "trade talks", "harvest conference", "meeting of agriculture ministers"],
    ),
}

_VERBS = [
    ("review", "reviewed", "reviewed"),
    ("defend", "defended", "defended"),
    ("protect", "protected", "protected"),
    ("fund", "funded", "funded"),
    ("cut", "cut", "cut"),
    ("expand", "expanded", "expanded"),
    ("delay", "delayed", "delayed"),
    ("approve", "approved", "approved"),
    ("reject", "rejected", "rejected"),
    ("support", "supported", "supported"),
    ("change", "changed", "changed"),
    ("scrap", "scrapped", "scrapped"),
    ("reform", "reformed", "reformed"),
    ("suspend", "suspended", "suspended"),
    ("examine", "examined", "examined"),
    ("challenge", "challenged", "challenged"),
    ("secure", "secured", "secured"),
    ("improve", "improved", "improved"),
    ("oppose", "opposed", "opposed"),
    ("restore", "restored", "restored"),
    ("extend", "extended", "extended"),
    ("simplify", "simplified", "simplified"),
    ("abandon", "abandoned", "abandoned"),
    ("finish", "finished", "finished"),
    ("renegotiate", "renegotiated", "renegotiated"),
    ("guarantee", "guaranteed", "guaranteed"),
    ("freeze", "froze", "frozen"),
    ("rethink", "rethought", "rethought"),
    ("postpone", "postponed", "postponed"),
    ("sign", "signed", "signed"),
    ("revise", "revised", "revised"),
    ("block", "blocked", "blocked"),
    ("back", "backed", "backed"),
    ("drop", "dropped", "dropped"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("modernise", "modernised", "modernised"),
    ("defer", "deferred", "deferred"),
    ("limit", "limited", "limited"),
]
_MODALS = [
    "will",
    "will not",
    "cannot",
    "must",
    "should",
    "will never",
    "can",
    "must not",
    "would never",
    "will have to",
    "could",
    "may have to",
    "will not be able to",
    "will continue to",
]
_READY = [
    "ready",
    "determined",
    "not prepared",
    "willing",
    "proud",
    "happy",
    "not willing",
    "still prepared",
    "obliged",
    "eager",
]
_EVALUATIONS = [
    "not negotiable",
    "a mistake",
    "long overdue",
    "the right decision",
    "a step in the right direction",
    "unfair to {group}",
    "too important to be left to lawyers",
    "a matter for the courts",
    "a good start",
    "not enough",
    "years behind schedule",
    "a question of fairness",
    "bad news for {group}",
    "the best deal on the table",
    "a promise we intend to keep",
    "not for sale",
    "a test of our credibility",
    "a problem we can solve",
    "more expensive than anyone admits",
    "the price of ten years of neglect",
    "a warning we cannot ignore",
    "our first priority",
    "a sign of weakness",
    "good news for {city}",
    "not the answer",
    "a needless provocation",
    "a gift to the lobbyists",
    "the only sensible option",
]
_LEAD_VERBS = [
    "rejected",
    "defended",
    "backed",
    "approved",
    "suspended",
    "postponed",
    "criticised",
    "questioned",
    "welcomed",
    "ruled out changes to",
    "announced a review of",
    "proposed cuts to",
    "promised more money for",
    "called for a vote on",
]
_CHARGE_ADJECTIVES = """needless reckless cynical desperate clumsy shameful dangerous costly overdue welcome timid
bold historic hollow empty honest brave predictable sensible modest""".split()
_CHARGE_NOUNS = """provocation gamble manoeuvre retreat compromise betrayal victory step mistake promise
concession surrender experiment distraction scandal insult start answer""".split()
_TIMES = [
    "",
    "",
    "",
    " this year",
    " before the summer",
    " in the coming weeks",
    " by the end of {month}",
    " next month",
    " this autumn",
    " as soon as possible",
    " without delay",
    " before the next election",
    " in {future_year}",
    " next year",
    " within {n} months",
]
_DESERVE = [
    "better than this",
    "an honest answer",
    "a fair deal",
    "more than promises",
    "to know what happens next",
    "a government that listens",
    "clear rules",
    "real support, not speeches",
]
_PAY_FOR = ["this", "the crisis", "the delay", "the mistakes of others", "{obj}", "a decision they did not make"]
_BELIEVE = ["believe", "think", "am convinced", "am confident", "do not believe", "hope", "fear", "know"]
_THIRD = [
    "the talks",
    "the council",
    "the {dem} side",
    "{country}",
    "the ministry",
    "the opposition",
    "the new coalition",
    "the courts",
    "parliament",
    "the committee",
]
_THIRD_SINGULAR = [
    "the council",
    "the {dem} side",
    "{country}",
    "the ministry",
    "the opposition",
    "the new coalition",
    "parliament",
    "the committee",
]
_CONSEQUENCES = [
    "we will take the matter to court",
    "we will see them in court",
    "the voters will decide",
    "we will have to act alone",
    "nobody will trust them again",
    "we will be there to stop it",
    "{group} will pay the price",
    "it will be a very long year",
    "we will not sit quietly",
]
_VALUES = [
    "trust",
    "fairness",
    "jobs",
    "safety",
    "the future of {city}",
    "our children",
    "the rule of law",
    "respect",
    "money, and everyone knows it",
    "who decides",
]
_RESULTS = [
    "nothing has changed",
    "the answer is still no",
    "{group} are still waiting",
    "we are not going to stop now",
    "the bill keeps growing",
    "we are tired of promises",
]
_PREFIXES = [
    "",
    "",
    "",
    "",
    "",
    "",
    "Frankly, ",
    "Let me be clear: ",
    "Of course, ",
    "In the end, ",
    "Today, ",
    "Once again, ",
    "Honestly, ",
    "To be fair, ",
]
_SUBJECTS = [
    ("we", "pl"),
    ("we", "pl"),
    ("I", "1"),
    ("the government", "sg"),
    ("my ministry", "sg"),
    ("our party", "sg"),
    ("this administration", "sg"),
    ("our members", "pl"),
    ("{country}", "sg"),
]
_BE = {"pl": "are", "1": "am", "sg": "is"}
_QUESTIONS = [
    "who will pay for {obj}?",
    "what does {country} want from us?",
    "why should {group} wait any longer?",
    "how many more months do we have to wait?",
    "where is the money for {obj}?",
]

_CUES_AFTER = [
    "said",
    "said",
    "said",
    "said",
    "told reporters",
    "added",
    "stressed",
    "noted",
    "warned",
    "insisted",
    "explained",
    "said on {weekday}",
    "told the {outlet}",
    "said in a statement",
    "told a news conference",
    "wrote on social media",
]
_CUES_INVERTED = ["said", "said", "added", "continued", "noted"]
_CUES_BEFORE = [
    "said",
    "told reporters",
    "told parliament",
    "said in a statement",
    "wrote on social media",
    "told the {outlet}",
    "added",
    "said on {weekday}",
    "told a press conference in {city}",
]
_REPORTING = [
    "said",
    "said",
    "said",
    "told reporters",
    "said on {weekday}",
    "warned",
    "insisted",
    "argued",
    "noted",
    "stressed",
    "told the {outlet}",
    "confirmed",
]


@dataclass(slots=True)
class Pieces:
    """What a seed corpus is made of, sorted by kind."""

    titles: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # paragraphs with quotation marks
    junk: list[str] = field(default_factory=list)  # text the cleaner removed
    agencies: list[str] = field(default_factory=list)
    # English sentences with their names, places and numbers turned into slots (see `templatise`)
    prose_sentences: list[str] = field(default_factory=list)
    quote_sentences: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.prose) + len(self.quotes)


def harvest(seed_dir: str | Path) -> Pieces:
    """Cut the seed corpus into pieces with the cleaner (files that fail to clean are skipped)."""
    from onrecord.clean import clean_document
    from onrecord.clean.blocks import has_quote
    from onrecord.config import Config
    from onrecord.ingest import iter_documents

    config = Config(languages=())
    pieces = Pieces()
    english: list[str] = []
    for doc in iter_documents([str(seed_dir)], config):
        if not isinstance(doc, Document):
            continue
        article = clean_document(doc, config)
        if not hasattr(article, "text"):
            continue
        if article.title:
            pieces.titles.append(article.title)
        if article.dateline and article.dateline.agency:
            pieces.agencies.append(article.dateline.agency)
        for start, end in article.paragraphs:
            paragraph = article.text[start:end]
            if paragraph == article.title:
                continue
            (pieces.quotes if has_quote(paragraph) else pieces.prose).append(paragraph)
            if article.language == "en":
                english.append(paragraph)
        pieces.junk.extend(r.text for r in article.removed if len(r.text) < 600 and r.reason != "repeated paragraph")
    for name in ("titles", "prose", "quotes", "junk", "agencies"):
        setattr(pieces, name, sorted(set(getattr(pieces, name))))
    if not pieces.prose and not pieces.quotes:
        raise ValueError(f"no article text found in {seed_dir}")
    pieces.titles = pieces.titles or ["Ministers meet again"]
    pieces.agencies = pieces.agencies or ["Wire"]
    pieces.prose_sentences, pieces.quote_sentences = templatise(sorted(set(english)))
    return pieces


# --- seed sentences as templates -------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘«„])")
_QUOTED = re.compile(r"[\"“„«‘]([^\"“”„«»‘’]{12,400}?)[\"”“»’]")
_CAPS = re.compile(r"[A-Z][\w\-]*(?: (?:of |for |the )?[A-Z][\w\-]*)*")
_TITLE_WORDS = {
    "Foreign",
    "Minister",
    "Prime",
    "Deputy",
    "President",
    "Opposition",
    "Defence",
    "Finance",
    "Health",
    "Mayor",
    "Senator",
    "Governor",
    "Chief",
    "Foreign Minister",
    "Prime Minister",
}
_NOT_NAMES = (
    set(_WEEKDAYS)
    | set(_MONTHS)
    | {
        "I",
        "The",
        "A",
        "An",
        "We",
        "It",
        "This",
        "Our",
        "If",
        "In",
        "On",
        "He",
        "She",
        "They",
        "Every",
        "Nobody",
        "But",
        "And",
        "Both",
        "Her",
        "His",
        "Read",
        "Officials",
        "Analysts",
        "Photo",
        "Fishing",
        "Most",
    }
)
_ORG_WORDS = {
    "Court",
    "Institute",
    "Federation",
    "Conference",
    "Agency",
    "Service",
    "Press",
    "Ministry",
    "Council",
    "Union",
    "University",
    "Party",
    "Times",
    "Courier",
    "Review",
    "Digest",
    "One",
    "Arbitration",
    "Assembly",
    "Committee",
    "Commission",
    "Bank",
    "News",
}
_FEATURE_WORDS = {"Islands", "Island", "Sea", "Bay", "Strait", "River", "Valley", "Mountains", "Hills"}
_SLOT = re.compile(r"\{(PERSON|SURNAME|DEM|PLACE|ORG|FEATURE|WEEKDAY|MONTH|YEAR|NUMBER)(\d*)\}")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|my|My|us)\b")
_RUN_ON = re.compile(r"[a-z] (?:The|A|An|In|On|It|This)\b")
_PRONOUN = re.compile(r"\b(?:she|he|her|his|him|herself|himself)\b", re.IGNORECASE)


def templatise(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Seed sentences with slots for names, places, numbers and dates: (prose sentences, quoted sentences).

    Names are found by their capitals: a run of capitalised words inside a sentence is a name
    wherever it stands. A run of two or three words (titles and demonyms before it set aside) is
    a person, and their surname alone names them too; a word in -ian is a demonym, a run with an
    institution word an organisation, a run ending in "Islands" or "Bay" a feature, a lone word
    a place. A sentence left with a name of no kind, or a pronoun without its person, is not used.
    """
    quoted: list[str] = []
    prose: list[str] = []
    every: list[str] = []
    for paragraph in paragraphs:
        for m in _QUOTED.finditer(paragraph):
            words = m.group(1).strip()
            if not words[:1].isupper():
                continue  # a partial quotation, not a sentence
            for sentence in _SENTENCE_END.split(words):
                sentence = sentence[:-1] + "." if sentence.endswith(",") else sentence
                if len(sentence.split()) >= 5 and sentence[-1:] in ".!?":
                    quoted.append(sentence)
        for sentence in _SENTENCE_END.split(paragraph):
            every.append(sentence)
            if sentence[:1] in "('/" or "--" in sentence or len(sentence.split()) < 6 or sentence[-1:] not in ".!?":
                continue
            if _FIRST_PERSON.search(sentence) or _RUN_ON.search(sentence):
                continue  # the words of a quotation whose marks are elsewhere, or a heading run into a sentence
            if not any(q in sentence for q in '"“”«»„‘'):
                prose.append(sentence)
    every = [s.lstrip("\"“„«‘'( ") for s in every]
    spans = Counter(m.group(0) for s in every for m in _CAPS.finditer(s) if m.start() > 0 or " " in m.group(0))
    people: dict[str, int] = {}  # full name -> person number, the most quoted first
    surnames: dict[str, int] = {}
    mentions = Counter()
    for span, count in spans.items():
        if _is_person(_core(span)):
            mentions[_core(span)] += count
    for core, _count in sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0])):
        people[core] = len(people)
        surnames.setdefault(core.split()[-1], people[core])
    names: dict[str, str] = {}
    for n, span in enumerate(sorted(spans)):
        core = _core(span)
        words = core.split()
        if not words:
            continue
        if core in people:
            names[span] = names[core] = f"{{PERSON{people[core]}}}"
        elif core in surnames:
            names[span] = names[core] = f"{{SURNAME{surnames[core]}}}"
        elif core in names:
            continue
        elif len(words) == 1 and re.search(r"(?:ian|ean|ese)$", core):
            names[core] = f"{{DEM{n}}}"
        elif any(w in _ORG_WORDS or (w.isupper() and len(w) > 1) for w in words):
            names[core] = f"{{ORG{n}}}"
        elif words[-1] in _FEATURE_WORDS:
            names[core] = f"{{FEATURE{n}}}"
        elif len(words) == 1:
            names[core] = f"{{PLACE{n}}}"
    order = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in order) + r")\b") if order else None

    def fill(sentence: str) -> str:
        out = pattern.sub(lambda m: names[m.group(0)], sentence) if pattern else sentence
        out = re.sub(r"\b(?:" + "|".join(_WEEKDAYS) + r")\b", "{WEEKDAY}", out)
        out = re.sub(r"\b(?:" + "|".join(_MONTHS) + r")\b", "{MONTH}", out)
        out = re.sub(r"\b(?:19|20)\d\d\b", "{YEAR}", out)
        return re.sub(r"\b\d+\b", "{NUMBER}", out)

    def usable(sentence: str, template: str) -> bool:
        if _PRONOUN.search(sentence) and "{PERSON" not in template and "{SURNAME" not in template:
            return False
        rest = _SLOT.sub("", template)
        return not any(_core(m.group(0)) for m in _CAPS.finditer(rest) if m.start() > 0)

    prose_out = sorted({t for s in prose if usable(s, t := fill(s))})
    quoted_out = sorted({t for s in quoted if usable(s, t := fill(s))})
    return prose_out, quoted_out


def _core(span: str) -> str:
    """A run of capitalised words without the titles, demonyms and common words before it."""
    words = span.split()
    while words and (
        words[0] in _TITLE_WORDS or words[0] in _NOT_NAMES or (len(words) > 1 and words[0].endswith("ian"))
    ):
        words.pop(0)
    return " ".join(words)


def _is_person(core: str) -> bool:
    words = core.split()
    return 2 <= len(words) <= 3 and not any(
        w in ("of", "for", "the") or w in _ORG_WORDS or w in _FEATURE_WORDS or w.isupper() for w in words
    )


# --- the fictional world -----------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    first: str
    last: str
    female: bool
    title: str | None  # stands before the name: "Health Minister"
    appositive: str | None  # follows the name: "a nurse at Velgrad General Hospital"
    role_noun: str | None  # names them again: "the minister"
    country: int

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def pronoun(self) -> str:
        return "she" if self.female else "he"

    @property
    def possessive(self) -> str:
        return "her" if self.female else "his"


@dataclass(slots=True)
class Country:
    name: str
    demonym: str
    cities: list[str]


@dataclass(slots=True)
class Story:
    id: int
    topic: str
    country: int
    other: int  # the country on the other side
    city: str
    day: dt.date
    people: list[Person]
    org: str
    left: int  # originals still to be written about it


@dataclass(slots=True)
class Paragraph:
    text: str  # with _OPEN/_CLOSE for quotation marks
    kind: str  # "quote" | "reported" | "prose"
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (words between the marks, speaker's full name)


@dataclass(slots=True)
class Composed:
    """One document of the corpus and what went into it."""

    n: int
    kind: str  # "original" | "near-copy" | "exact-copy"
    source: int | None  # the document copied
    story: int
    day: dt.date
    outlet: str
    title: str
    paragraphs: list[Paragraph]
    document: Document
    alt_lead: Paragraph | None = None  # the same lead in other words, for near copies


class World:
    """Countries, cities, outlets and people, drawn once from the seed."""

    def __init__(self, rng: random.Random, people: int = PEOPLE) -> None:
        heads = _PLACE_HEADS[:]
        rng.shuffle(heads)
        self.countries: list[Country] = []
        for i, head in enumerate(heads[:24]):
            name = head + _COUNTRY_TAILS[i % len(_COUNTRY_TAILS)]
            cities = [rng.choice(_PLACE_HEADS) + rng.choice(_CITY_TAILS) for _ in range(5)]
            cities[0] = head + rng.choice(_CITY_TAILS)
            self.countries.append(Country(name, name + "n", list(dict.fromkeys(cities))))
        cities = [c for country in self.countries for c in country.cities]
        self.outlets = sorted({f"{rng.choice(cities)} {rng.choice(_NEWS_TAILS)}" for _ in range(60)})
        self.agencies = [
            (f"{c.demonym} News Agency", "".join(w[0] for w in c.demonym.split()) + "NA") for c in self.countries[:10]
        ]
        self.agencies += [
            (f"{rng.choice(_PLACE_HEADS)}wire", f"{rng.choice(_PLACE_HEADS)[:2].upper()}W") for _ in range(4)
        ]
        surnames = sorted(
            {h + (t[1:] if h[-1] == t[0] else t) for h in _SURNAME_HEADS for t in _SURNAME_TAILS if t not in h.lower()}
        )
        firsts = [(f, True) for f in _FEMALE] + [(m, False) for m in _MALE]
        total = len(surnames) * len(firsts)
        picks = rng.sample(range(total), min(people, total))
        self.people: list[Person] = []
        for k in picks:
            (first, female), last = firsts[k % len(firsts)], surnames[k // len(firsts)]
            country = rng.randrange(len(self.countries))
            c = self.countries[country]
            title, appositive, noun = rng.choice(_ROLES)
            fill = {"dem": c.demonym, "city": rng.choice(c.cities), "head": rng.choice(_PLACE_HEADS)}
            self.people.append(
                Person(
                    first,
                    last,
                    female,
                    title and title.format(**fill),
                    appositive and appositive.format(**fill),
                    noun,
                    country,
                )
            )
        weights = [1 / (r + 1 + ZIPF_OFFSET) ** ZIPF_EXPONENT for r in range(len(self.people))]
        total_weight, self._cumulative = 0.0, []
        for w in weights:
            total_weight += w
            self._cumulative.append(total_weight)

    def speaker(self, rng: random.Random) -> Person:
        """A person drawn by the Zipf law: the first of the pool speak most."""
        x = rng.random() * self._cumulative[-1]
        return self.people[min(bisect.bisect_left(self._cumulative, x), len(self.people) - 1)]


# --- writing ------------------------------------------------------------------------------------


class Writer:
    """Composes the paragraphs of one original article about a story."""

    def __init__(self, world: World, pieces: Pieces, rng: random.Random, story: Story, day: dt.date, outlet: str):
        self.world, self.pieces, self.rng, self.story, self.day, self.outlet = world, pieces, rng, story, day, outlet
        self.country = world.countries[story.country]
        self.other = world.countries[story.other]
        _, self.objects, self.groups, self.events = _TOPICS[story.topic]
        self.named: set[str] = set()  # people named in full so far
        self.extras: dict[int, Person] = {}
        self.last: Person | None = None  # who the previous paragraph was about
        self.event_day = day - dt.timedelta(days=rng.choice([0, 0, 1]))

    # words

    def obj(self) -> tuple[str, int]:
        return self.rng.choice(self.objects)

    def fill(self, text: str) -> str:
        if "{" not in text:
            return text
        r = self.rng
        return text.format(
            group=r.choice(self.groups),
            city=r.choice(self.country.cities),
            country=self.country.name,
            dem=self.country.demonym,
            month=r.choice(_MONTHS),
            year=self.day.year - r.randint(1, 12),
            future_year=self.day.year + r.randint(1, 3),
            n=r.choice(_NUMBER_WORDS),
            obj=self.obj()[0],
            weekday=_WEEKDAYS[self.event_day.weekday()],
            outlet=self.outlet,
        )

    def verb(self) -> tuple[str, str, str]:
        return self.rng.choice(_VERBS)

    # quotations (the speaker's own words)

    def clause(self) -> str:
        r = self.rng
        k = r.random()
        obj, plural = self.obj()
        verb = self.verb()
        subject, person = r.choice(_SUBJECTS)
        subject = self.fill(subject)
        time = self.fill(r.choice(_TIMES))
        if k < 0.22:
            return f"{subject} {r.choice(_MODALS)} {verb[0]} {obj}{time}"
        if k < 0.32:
            return f"{subject} {_BE[person]} {r.choice(_READY)} to {verb[0]} {obj}{time}"
        if k < 0.46:
            return f"{obj} {'are' if plural else 'is'} {self.fill(r.choice(_EVALUATIONS))}"
        if k < 0.51:
            return f"{r.choice(self.groups)} deserve {r.choice(_DESERVE)}"
        if k < 0.55:
            return self.fill(f"nobody in {{city}} wants {{group}} to pay for {r.choice(_PAY_FOR)}")
        if k < 0.66:
            third = self.fill(r.choice(_THIRD))
            return f"I {r.choice(_BELIEVE)} that {third} {r.choice(_MODALS)} {verb[0]} {obj}{time}"
        if k < 0.73:
            third = self.fill(r.choice(_THIRD_SINGULAR))
            wants = r.choice(["refuses", "wants", "decides", "tries"])
            return f"if {third} {wants} to {verb[0]} {obj}, {self.fill(r.choice(_CONSEQUENCES))}"
        if k < 0.77:
            return f"this is not about {obj}; it is about {self.fill(r.choice(_VALUES))}"
        if k < 0.82:
            how = r.choice(["waited", "worked", "negotiated", "argued", "asked"])
            span = f"{r.choice(_NUMBER_WORDS)} {r.choice(['months', 'years'])}"
            return f"we have {how} for {span}, and {self.fill(r.choice(_RESULTS))}"
        if k < 0.87:
            return f"we did not {verb[0]} {obj}, and we will not {verb[0]} {'them' if plural else 'it'} now"
        if k < 0.91:
            now = r.choice(["now", "this year", "today"])
            later = r.choice(["in ten years", "next decade", "after another study", "when it suits the ministry"])
            return f"we need {obj} {now}, not {later}"
        if k < 0.95:
            unit = r.choice(["week", "month", "day"])
            what = r.choice(["delay", "talks", "uncertainty", "waiting"])
            return f"every {unit} of {what} is a {unit} {r.choice(self.groups)} cannot afford"
        share = r.randint(12, 88)
        about = r.choice(["nearly", "more than", "only", "almost", "fewer than"])
        return f"{about} {share} per cent of {r.choice(self.groups)} {r.choice(['support', 'oppose'])} {obj}"

    def quote_sentence(self, follow: bool = False) -> tuple[str, bool]:
        """(a sentence, whether it is stock words: a seed sentence or a stock question)."""
        r = self.rng
        if follow and self.pieces.quote_sentences and r.random() < SEED_QUOTE_SHARE:
            return self.seed_sentence(self.pieces.quote_sentences), True
        if follow and r.random() < 0.12:
            return _capital(self.fill(r.choice(_QUESTIONS))), True
        text = self.clause()
        if r.random() < 0.22 and "," not in text and ";" not in text:
            text += r.choice([", and ", ", but ", "; "]) + self.clause()
        return _capital(r.choice(_PREFIXES) + text + "."), False

    def quotation(self) -> list[tuple[str, bool]]:
        """The sentences of one quotation; stock words only after a new sentence, so the whole is new."""
        n = self.rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
        sentences: list[tuple[str, bool]] = []
        while len(sentences) < n:
            sentence = self.quote_sentence(follow=bool(sentences))
            if sentence[0] not in (s for s, _ in sentences):
                sentences.append(sentence)
        return sentences

    # reported speech and prose (the reporter's words)

    def reported(self, person: Person) -> str:
        r = self.rng
        obj, plural = self.obj()
        verb = self.verb()
        third = self.fill(r.choice(["the government", "{country}", "the council", "the coalition"]))
        third = r.choice([third, f"{person.possessive} ministry", f"{person.possessive} party"])
        k = r.random()
        if k < 0.3:
            return f"{third} would {verb[0]} {obj}{self.fill(r.choice(_TIMES))}"
        if k < 0.5:
            when = self.fill(
                r.choice(["", " last year", " in {year}", " twice since {year}", " without asking {group}"])
            )
            return f"{third} had {verb[2]} {obj}{when}"
        if k < 0.65:
            return f"{obj} {'were' if plural else 'was'} {self.fill(r.choice(_EVALUATIONS))}"
        if k < 0.75:
            return f"{third} was ready to {verb[0]} {obj} but not {self.obj()[0]}"
        if k < 0.85:
            return self.fill(f"{{group}} should not pay for {r.choice(_PAY_FOR)}")
        if k < 0.92:
            return self.fill(
                r.choice(["the talks would continue in {month}", "the two sides had agreed to meet again in {month}"])
            )
        return f"there were no plans to {verb[0]} {obj}"

    def prose_sentence(self) -> str:
        r = self.rng
        if self.pieces.prose_sentences and r.random() < SEED_PROSE_SHARE:
            return self.seed_sentence(self.pieces.prose_sentences)
        obj, plural = self.obj()
        verb = self.verb()
        options = [
            f"The {r.choice(self.events)} in {{city}} {r.choice(['ended', 'began', 'was postponed', 'resumed'])} on {{weekday}}.",
            f"{{country}} has {verb[2]} {obj} {r.choice(['', 'twice ', 'three times '])}since {{year}}.",
            f"The {self.story.org} is due to {verb[0]} {obj} in {{month}}.",
            f"{r.choice(['About', 'Some', 'More than', 'Nearly'])} {r.randint(2, 200) * 100:,} {{group}} took part in a protest in {{city}} last {r.choice(['week', 'month', 'weekend'])}.",
            f"A petition against {obj} has gathered more than {r.randint(2, 90) * 1000:,} signatures.",
            f"{_capital(obj)} {'have' if plural else 'has'} been {r.choice(['a point of dispute', 'under review', 'on hold', 'the subject of talks'])} since {{year}}.",
            "Officials in {city} declined to comment on {weekday}.",
            f"The {self.story.org} did not respond to a request for comment.",
            f"A survey published in {{month}} found that {r.randint(20, 80)} per cent of {{group}} supported {obj}.",
            f"The plan is expected to cost about {r.randint(3, 900)} million crowns.",
            f"Parliament is expected to vote on {obj} {r.choice(['later this month', 'next week', 'before the summer recess'])}.",
            "The two sides agreed to meet again in {month}.",
            "{city} has been at the centre of the dispute since {month} {year}.",
            f"{self.other.demonym} officials have {r.choice(['criticised', 'welcomed', 'questioned'])} {obj} {r.choice(['several times', 'in the past', 'since the start'])}.",
        ]
        return self.fill(r.choice(options))

    def seed_sentence(self, templates: list[str]) -> str:
        r = self.rng
        text = r.choice(templates)
        people = self.story.people
        places = iter([self.country.name, self.other.name, self.story.city, r.choice(self.other.cities)])
        demonyms = iter([self.country.demonym, self.other.demonym])
        chosen: dict[str, str] = {}
        speakers: list[Person] = []

        def slot(m: re.Match) -> str:
            kind, k = m.group(1), int(m.group(2) or 0)
            if kind in ("PERSON", "SURNAME"):
                person = people[k] if k < len(people) else self.extra(k)
                speakers.append(person)
                if text[m.end() : m.end() + 1] in "'’":
                    return person.last if person.name in self.named else person.name
                return self.final(person) if text[m.end() : m.end() + 1] in ".," else self.subject(person)
            if kind == "WEEKDAY":
                return _WEEKDAYS[self.event_day.weekday()]
            if kind == "MONTH":
                return r.choice(_MONTHS)
            if kind == "YEAR":
                return str(self.day.year - r.randint(1, 40))
            if kind == "NUMBER":
                return str(r.randint(2, 90))
            key = m.group(0)
            if key not in chosen:
                if kind == "DEM":
                    chosen[key] = next(demonyms, self.country.demonym)
                elif kind == "PLACE":
                    chosen[key] = next(places, self.country.name)
                elif kind == "ORG" and text[: m.start()].endswith("broadcaster "):
                    chosen[key] = f"{self.country.name} Radio"
                elif kind == "ORG":
                    after_the = text[max(0, m.start() - 4) : m.start()].lower() == "the "
                    chosen[key] = self.story.org if after_the else "the " + self.story.org
                else:
                    head = _PLACE_HEADS[(self.story.id + k) % len(_PLACE_HEADS)]
                    chosen[key] = f"{head} {r.choice(['Islands', 'Hills', 'Valley', 'Bay'])}"
            return chosen[key]

        out = _SLOT.sub(slot, text)
        if speakers:
            out = _set_gender(out, speakers[0].female)
        return _capital(out.replace(",,", ",").replace(",.", "."))

    def extra(self, k: int) -> Person:
        """A person of a seed sentence beyond the story's cast, the same one all through the article."""
        if k not in self.extras:
            self.extras[k] = self.world.speaker(self.rng)
        return self.extras[k]

    # mentions

    def subject(self, person: Person) -> str:
        """The person as the subject before a verb."""
        if person.name in self.named:
            return person.last
        self.named.add(person.name)
        if person.title:
            return f"{person.title} {person.name}"
        return f"{person.name}, {person.appositive},"

    def final(self, person: Person) -> str:
        """The person at the end of a sentence ("... said X.")."""
        if person.name in self.named:
            return person.last
        self.named.add(person.name)
        if person.title:
            return f"{person.title} {person.name}"
        return f"{person.name}, {person.appositive}"

    def again(self, person: Person) -> str:
        """A person the previous paragraph was about: pronoun, role or surname."""
        r = self.rng.random()
        if r < 0.55:
            return person.pronoun
        if r < 0.8 and person.role_noun:
            return person.role_noun
        return person.last

    # paragraphs

    def dateline(self) -> str:
        r = self.rng
        k = r.random()
        if k < 0.35:
            agency = r.choice(self.world.agencies)[1]
            return f"{self.story.city.upper()}, {_MON[self.day.month - 1]} {self.day.day} ({agency}) -- "
        if k < 0.5:
            agency = r.choice(self.world.agencies)[1]
            return f"{self.story.city.upper()}, {_MONTHS[self.day.month - 1]} {self.day.day}. /{agency}/. "
        if k < 0.6:
            return f"{self.story.city.upper()} -- "
        return ""

    def lead(self, person: Person, dateline: str, form: int | None = None) -> Paragraph:
        r = self.rng
        form = r.randrange(3) if form is None else form
        weekday = _WEEKDAYS[self.event_day.weekday()]
        if form == 0:
            text = f"{self.subject(person)} said on {weekday} that {self.reported(person)}."
        elif form == 1:
            verb = self.verb()
            after = r.choice(["hours after", "a day after", "shortly after", "two days after"])
            outcome = r.choice(["ended without agreement", "was postponed", "ended in {city}", "began in {city}"])
            did = r.choice(_LEAD_VERBS)
            text = f"{self.subject(person)} on {weekday} {did} {self.obj()[0]}, {after} the {r.choice(self.events)} {self.fill(outcome)}."
        else:
            obj, plural = self.obj()
            verb = self.verb()
            will = r.choice(["will be", "will not be", "must be", "should be"])
            text = f"{_capital(obj)} {will} {verb[2]}{self.fill(r.choice(_TIMES))}, {self.subject(person)} said on {weekday}."
        return Paragraph(dateline + _capital(text.replace(",,", ",")), "reported")

    def quote_paragraph(self, person: Person) -> Paragraph:
        r = self.rng
        parts = self.quotation()
        words = " ".join(sentence for sentence, _ in parts)
        first = parts[0][0]
        # split around the cue only where the second part is new words too
        rest = [sentence for sentence, _ in parts[1:]] if any(not stock for _, stock in parts[1:]) else []
        again = self.last is person and person.name in self.named
        k = r.random()
        quotes = [(words, person.name)]
        if again and k < 0.35:
            cue = (
                "asked" if words.endswith("?") else self.fill(r.choice(["added", "said", "continued", "said", "noted"]))
            )
            text = f"{_OPEN}{_comma(words)}{_CLOSE} {self.again(person)} {cue}."
            quotes = [(_comma(words), person.name)]
        elif k < 0.4:
            cue = self.fill(r.choice(_CUES_AFTER))
            if rest and r.random() < 0.4:
                quotes = [(_comma(first), person.name), (" ".join(rest), person.name)]
                text = f"{_OPEN}{_comma(first)}{_CLOSE} {self.subject(person)} {cue}. {_OPEN}{' '.join(rest)}{_CLOSE}"
            else:
                text = f"{_OPEN}{_comma(words)}{_CLOSE} {self.subject(person)} {cue}."
                quotes = [(_comma(words), person.name)]
        elif k < 0.6:
            cue = "asked" if words.endswith("?") else r.choice(_CUES_INVERTED)
            text = f"{_OPEN}{_comma(words)}{_CLOSE} {cue} {self.final(person)}."
            quotes = [(_comma(words), person.name)]
        elif k < 0.82:
            text = f"{self.subject(person)} {self.fill(r.choice(_CUES_BEFORE))}: {_OPEN}{words}{_CLOSE}"
        elif k < 0.9:
            text = f"{_OPEN}{_comma(words)}{_CLOSE} according to {self.final(person)}."
            quotes = [(_comma(words), person.name)]
        else:  # a partial quotation inside the reporter's sentence
            obj, plural = self.obj()
            adjective = r.choice(_CHARGE_ADJECTIVES)
            article = "an" if adjective[0] in "aeiou" or adjective.startswith("hon") else "a"
            phrase = f"{r.choice(['', '', 'nothing but '])}{article} {adjective} {r.choice(_CHARGE_NOUNS)}"
            was = "were" if plural else "was"
            verb = r.choice(["described {obj} as", "called {obj}", "said {obj} " + was, "dismissed {obj} as"])
            quotes = [(phrase, person.name)]
            text = f"{self.subject(person)} {verb.format(obj=obj)} {_OPEN}{phrase}{_CLOSE}."
        return Paragraph(_capital(text.replace(",,", ",")), "quote", quotes)

    def reported_paragraph(self, person: Person) -> Paragraph:
        r = self.rng
        again = self.last is person and person.name in self.named
        k = r.random()
        if k < 0.15:
            text = f"According to {self.final(person)}, {self.reported(person)}."
        else:
            who = self.again(person) if again else self.subject(person)
            that = r.choice([" that", " that", ""])
            text = f"{who} {self.fill(r.choice(_REPORTING))}{that} {self.reported(person)}"
            if r.random() < 0.2:
                text += f", adding that {self.reported(person)}"
            text += "."
        return Paragraph(_capital(text.replace(",,", ",")), "reported")

    def prose_paragraph(self) -> Paragraph:
        n = self.rng.choices([1, 2, 3], weights=[35, 45, 20])[0]
        sentences: list[str] = []
        while len(sentences) < n:
            sentence = self.prose_sentence()
            if not any(s.split()[:3] == sentence.split()[:3] for s in sentences):
                sentences.append(sentence)
        return Paragraph(" ".join(sentences), "prose")

    def article(self, quote_share: float) -> tuple[str, list[Paragraph], Paragraph]:
        """(headline, paragraphs, the lead in other words)."""
        r = self.rng
        people = self.story.people
        main = people[0]
        dateline = self.dateline()
        form = r.randrange(3)
        alt_form = (form + r.randint(1, 2)) % 3
        named = set(self.named)
        alt_lead = self.lead(main, dateline, alt_form)
        self.named = named
        paragraphs = [self.lead(main, dateline, form)]
        self.last = main
        for _ in range(r.randint(4, 11)):
            k = r.random()
            person = main if r.random() < 0.45 else r.choice(people)
            if r.random() < 0.15:  # someone quoted once, outside the story's cast
                person = self.world.speaker(r)
            if k < quote_share:
                paragraphs.append(self.quote_paragraph(person))
                self.last = person
            elif k < quote_share + 0.2:
                paragraphs.append(self.reported_paragraph(person))
                self.last = person
            else:
                paragraphs.append(self.prose_paragraph())
                self.last = None
        return self.headline(main), paragraphs, alt_lead

    def headline(self, person: Person) -> str:
        r = self.rng
        obj = self.obj()[0].removeprefix("the ")
        verb = self.verb()
        forms = [
            f"{person.last} says {self.country.name} will {verb[0]} {obj}",
            f"{person.last} {r.choice(['rejects', 'defends', 'warns over', 'backs', 'questions'])} {obj}",
            f"{self.country.demonym} officials {r.choice(['clash over', 'weigh', 'debate'])} {obj} ahead of {r.choice(self.events)}",
            f"{self.country.name} to {verb[0]} {obj}, {person.last} says",
            f"{_capital(obj)}: {person.last} rules out quick deal",
            f"{_capital(r.choice(self.groups))} in {self.story.city} wait for answers on {obj}",
        ]
        return r.choice(forms)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _comma(words: str) -> str:
    """The quoted words before a cue: the final full stop becomes a comma."""
    return words[:-1] + "," if words.endswith(".") else words


_SWAP_TO_MALE = {"she": "he", "her": "his", "herself": "himself"}
_SWAP_TO_FEMALE = {"he": "she", "his": "her", "him": "her", "himself": "herself"}


_OBJECT_AFTER = re.compile(r"\s*(?:[.,;:!?]|$|(?:whether|to|that|if|about|for|and|in|on|at|with|by|again)\b)")


def _set_gender(text: str, female: bool) -> str:
    swap = _SWAP_TO_FEMALE if female else _SWAP_TO_MALE

    def one(m: re.Match) -> str:
        word = m.group(0)
        out = swap.get(word.lower(), word.lower())
        if word.lower() == "her" and not female and _OBJECT_AFTER.match(text, m.end()):
            out = "him"  # "asked her whether" is an object, "her ministry" a possessive
        return _capital(out) if word[0].isupper() else out

    return _PRONOUN.sub(one, text)


# --- the feed -----------------------------------------------------------------------------------


class Feed:
    """The corpus, one document at a time."""

    def __init__(
        self,
        pieces: Pieces,
        seed: int,
        *,
        html_share: float,
        near_copy_share: float,
        exact_copy_share: float,
        people: int,
        quote_share: float,
        pool: int,
    ) -> None:
        self.pieces = pieces
        # the seed's own dates would contradict the page's
        self.junk_lines = [j for j in pieces.junk if not re.search(r"\b(?:19|20)\d\d\b", j)]
        self.seed = seed
        self.rng = random.Random(seed)
        self.world = World(random.Random(f"world/{seed}"), people)
        self.html_share, self.near, self.exact = html_share, near_copy_share, exact_copy_share
        self.quote_share = quote_share
        self.originals: deque[Composed] = deque(maxlen=pool)
        self.documents: deque[Composed] = deque(maxlen=pool)
        self.stories: deque[Story] = deque(maxlen=40)
        self.story_count = 0
        self.phase = random.Random(f"phase/{seed}").random()

    def kind(self, n: int) -> str:
        u = (self.phase + n * _GOLDEN) % 1.0
        if u < self.exact and self.documents:
            return "exact-copy"
        if u < self.exact + self.near and self.originals:
            return "near-copy"
        return "original"

    def __iter__(self) -> Iterator[Composed]:
        n = 0
        while True:
            kind = self.kind(n)
            if kind == "exact-copy":
                item = self.exact_copy(n)
            elif kind == "near-copy":
                item = self.near_copy(n)
            else:
                item = self.original(n)
                self.originals.append(item)
            self.documents.append(item)
            yield item
            n += 1

    def story(self) -> Story:
        r = self.rng
        open_stories = [s for s in self.stories if s.left > 0]
        if open_stories and r.random() < 0.55:
            return r.choice(open_stories)
        world = self.world
        first = world.speaker(r)
        cast = [first] + [world.speaker(r) for _ in range(r.randint(1, 3))]
        cast = list({p.name: p for p in cast}.values())
        other = r.randrange(len(world.countries))
        if other == first.country:
            other = (other + 1) % len(world.countries)
        topic = r.choice(sorted(_TOPICS))
        country = world.countries[first.country]
        field_ = _TOPICS[topic][0]
        org = r.choice(
            [
                f"{field_} Ministry",
                f"{country.demonym} {field_} Council",
                f"{field_} Committee of parliament",
                f"{r.choice(country.cities)} Institute for {field_} Studies",
            ]
        )
        story = Story(
            self.story_count,
            topic,
            first.country,
            other,
            r.choice(country.cities),
            FIRST_DAY + dt.timedelta(days=r.randrange(DAYS)),
            cast,
            org,
            r.choice([1, 1, 2, 3, 4, 6]),
        )
        self.story_count += 1
        self.stories.append(story)
        return story

    def outlet(self) -> tuple[str, str]:
        """(name on the page, name in a credit line)."""
        r = self.rng
        if r.random() < 0.3:
            name, short = r.choice(self.world.agencies)
            return name, short
        name = r.choice(self.world.outlets)
        return name, name

    def original(self, n: int) -> Composed:
        r = self.rng
        story = self.story()
        story.left -= 1
        day = story.day + dt.timedelta(days=r.randint(0, 4))
        outlet, _ = self.outlet()
        writer = Writer(self.world, self.pieces, r, story, day, outlet)
        title, paragraphs, alt_lead = writer.article(self.quote_share)
        style = r.choice(_QUOTE_STYLES[:2])
        doc = self.page(n, title, paragraphs, outlet, day, style, credit=None)
        return Composed(n, "original", None, story.id, day, outlet, title, paragraphs, doc, alt_lead)

    def near_copy(self, n: int) -> Composed:
        r = self.rng
        source = r.choice(self.originals)
        paragraphs = list(source.paragraphs)
        if source.alt_lead is not None and r.random() < 0.35:
            paragraphs[0] = source.alt_lead
        if len(paragraphs) > 3 and r.random() < 0.35:
            del paragraphs[r.randrange(1, len(paragraphs))]
        if len(paragraphs) > 4 and r.random() < 0.2:  # the outlet cut the last paragraphs
            paragraphs = paragraphs[: r.randint(3, len(paragraphs) - 1)]
        outlet, _ = self.outlet()
        credit = None
        if r.random() < 0.7:
            credit = r.choice(["Source: {src}", "({src})", "Source: {src} | Editor: desk", "With reporting by {src}"])
            credit = credit.format(src=source.outlet)
        day = source.day + dt.timedelta(days=r.choice([0, 0, 0, 1]))
        style = r.choice(_QUOTE_STYLES)
        title = source.title if r.random() < 0.6 else _retitle(source.title, r)
        doc = self.page(n, title, paragraphs, outlet, day, style, credit)
        return Composed(n, "near-copy", source.n, source.story, day, outlet, title, paragraphs, doc)

    def exact_copy(self, n: int) -> Composed:
        source = self.rng.choice(self.documents)
        d = source.document
        suffix = ".html" if d.media_type == "text/html" else ".txt"
        doc = Document.from_bytes(d.raw, f"bench:{self.seed}/{n}{suffix}", d.media_type, _RETRIEVED)
        return Composed(
            n, "exact-copy", source.n, source.story, source.day, source.outlet, source.title, source.paragraphs, doc
        )

    def page(
        self,
        n: int,
        title: str,
        paragraphs: list[Paragraph],
        outlet: str,
        day: dt.date,
        style: tuple[str, str],
        credit: str | None,
    ) -> Document:
        r = self.rng
        body = [p.text.replace(_OPEN, style[0]).replace(_CLOSE, style[1]) for p in paragraphs]
        if r.random() < 0.15:  # a pasted repeat of a few paragraphs
            start = r.randrange(len(body))
            body += body[start : start + r.randint(1, 3)]
        if credit:
            body.append(credit)
        header, footer = self.junk(n, day, outlet)
        if r.random() < self.html_share:
            byline = f"By {self.world.speaker(r).name}" if r.random() < 0.5 else None
            raw = to_html(title, body, footer, outlet=outlet, published=day, byline=byline).encode()
            return Document.from_bytes(raw, f"bench:{self.seed}/{n}.html", "text/html", _RETRIEVED)
        if r.random() < 0.05:  # the whole article twice, the copy with its own header line
            body = [*body, "Back to Top Close", title, *body]
        text = "\n\n".join(p for p in [header, title, *body, footer] if p)
        return Document.from_bytes(text.encode(), f"bench:{self.seed}/{n}.txt", "text/plain", _RETRIEVED)

    def junk(self, n: int, day: dt.date, outlet: str) -> tuple[str, str]:
        r = self.rng
        fill = {
            "n": 100000 + n,
            "yyyy": day.year,
            "mm": day.month,
            "dd": day.day,
            "mon": _MON[day.month - 1].rstrip("."),
            "weekday": _WEEKDAYS[day.weekday()][:3],
            "agency": r.choice(self.world.agencies)[1],
            "outlet": outlet,
            "city": r.choice(r.choice(self.world.countries).cities),
            "digits": "".join(r.choice("0123456789") for _ in range(r.randint(20, 44))),
        }
        header = r.choice(_HEADERS).format(**fill) if r.random() < 0.6 else ""
        if not re.search(r"\d{4}", header) and r.random() < DATED_TEXT_SHARE:
            # feeds and crawls carry a date for nearly every page; a plain-text page keeps it in a line
            header = "\n".join(filter(None, [header, _DATE_LINE.format(**fill)]))
        footer = r.choice(_FOOTERS).format(**fill) if r.random() < 0.6 else ""
        if self.junk_lines and r.random() < 0.3:
            footer = "\n\n".join(filter(None, [footer, r.choice(self.junk_lines)]))
        return header, footer


def _retitle(title: str, rng: random.Random) -> str:
    return rng.choice(["UPDATE 1-{t}", "{t} - report", "{t}: officials", "WRAPUP: {t}"]).format(t=title)


def generate(
    seed_dir: str | Path,
    articles: int,
    seed: int = 0,
    *,
    html_share: float = HTML_SHARE,
    near_copy_share: float = NEAR_COPY_SHARE,
    exact_copy_share: float = EXACT_COPY_SHARE,
    people: int = PEOPLE,
    quote_share: float = 0.45,
    pool: int = COPY_POOL,
) -> Iterator[Composed]:
    """The corpus with what went into each document (kind, source, story, paragraphs, quotations)."""
    if not 0 <= near_copy_share + exact_copy_share < 1:
        raise ValueError("the shares of near and exact copies must add up to less than 1")
    feed = Feed(
        harvest(seed_dir),
        seed,
        html_share=html_share,
        near_copy_share=near_copy_share,
        exact_copy_share=exact_copy_share,
        people=people,
        quote_share=quote_share,
        pool=pool,
    )
    yield from itertools.islice(feed, articles)


def build_corpus(
    seed_dir: str | Path,
    articles: int,
    seed: int = 0,
    html_share: float = HTML_SHARE,
    **options,
) -> Iterator[Document]:
    """`articles` documents recombined from the seed corpus; deterministic in (seed corpus, articles, seed).

    `options` are those of `generate`: near_copy_share, exact_copy_share, people, quote_share, pool.
    """
    for item in generate(seed_dir, articles, seed, html_share=html_share, **options):
        yield item.document


def to_html(
    title: str,
    paragraphs: list[str],
    footer: str,
    *,
    outlet: str | None = None,
    published: dt.date | None = None,
    byline: str | None = None,
) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    foot = "".join(f"<p>{html.escape(line)}</p>" for line in footer.splitlines() if line.strip())
    meta = ""
    if outlet:
        meta += f'<meta property="og:site_name" content="{html.escape(outlet)}">'
    if published:
        meta += f'<meta property="article:published_time" content="{published.isoformat()}T08:00:00+00:00">'
    by = f'<p class="byline">{html.escape(byline)}</p>' if byline else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>{meta}</head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{by}{body}</article>"
        f"<aside>{foot}</aside><footer><p>All rights reserved.</p></footer></body></html>"
    )
