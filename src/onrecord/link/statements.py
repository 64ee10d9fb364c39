"""Statements: every report of one utterance, across articles and wordings, as one record.

Two quotes can be one statement only when their speakers can be the same voice (the same
entity, or a government, its ministries and its spokespeople) and their days fall within the
window. Then, across articles: the same words, one inside the other, a long shared run of
words, a close fuzzy match (rapidfuzz), or, for other translations and wordings, close
sentence embeddings (all-MiniLM-L6-v2, loaded only when such a pair is left to decide).
Within one article two quotes are one statement only when one contains the other.

Short fragments ("null and void", "any form of independence") never bridge two statements:
they are first gathered with their equals, then attached to the one statement whose
reports contain them.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import repeat

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from onrecord.records import Article, Quote, Statement

MIN_FRAGMENT_WORDS_ACROSS = 2
SHORT_WORDS = 5  # a quote of fewer words is a fragment: it attaches, it does not bridge
MIN_SHARED_RUN = 5  # words in a row two wordings must share to be one statement by overlap
SHARED_RUN_SHARE = 0.6  # ... as a share of the shorter one
FUZZY_RATIO = 85.0
LOOSE_PART_WORDS = 8  # "in the strongest possible terms" inside "... condemns this attack in the strongest terms"
SEMANTIC_MIN = 0.79
SEMANTIC_MAX_LENGTH_RATIO = 2.5
SEMANTIC_MIN_WITH_SHARED_RUN = 0.70
SHARED_RUN_FOR_LOOSER_MEANING = 4
SEMANTIC_MIN_WORDS = 5
SEMANTIC_SHARED_WORDS = 1
VERBATIM_WORDS = 12  # this many words in a row, word for word, are one utterance whoever is credited
VERBATIM_SHARE = 0.8  # ... and nearly all of the shorter quote: a shared stock sentence is not enough
VERBATIM_VOICES = 2  # ... credited to two voices at most: the one who read it and the one who issued it
SCORED_TEXTS_AT_ONCE = 8192  # texts whose vectors are held at once while pairs are scored by meaning

Embed = Callable[[list[str]], Sequence[Sequence[float]]]  # one vector per text


@dataclass(slots=True)
class Report:
    quote: Quote
    size: int  # its words
    norm: str  # its words, lower-cased, one space between: the words themselves are `words`, split when asked
    day: date | None
    voices: frozenset[str]
    rank: tuple  # primary-report order of its article: original before copies, earliest first
    id: str = field(init=False)  # the quote's id, built once: pairs ask for it millions of times
    n: int = field(init=False, default=-1)  # its place among the full quotes, for pairs kept as numbers

    def __post_init__(self) -> None:
        self.id = self.quote.id

    @property
    def short(self) -> bool:
        return self.size < SHORT_WORDS

    @property
    def words(self) -> list[str]:
        """Split when a test needs them, not held: a list per report was a tenth of a window's memory."""
        return self.norm.split()


def normalise(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\[[^\]]*\]", " ", text)  # editorial insertions: "[the offer]"
    # one string object per distinct word: a window's reports repeat the same words a million times
    return [sys.intern(w) for w in re.findall(r"[\w']+", text)]


def link_statements(
    quotes: list[Quote],
    articles: dict[str, Article],
    voices: Callable[[Quote], frozenset[str]],
    window_days: int,
    embed: Embed | None = None,
    ahead: Callable[[list[str]], None] | None = None,
    texts_read: Callable[[], None] | None = None,
) -> tuple[list[Statement], dict[str, str]]:
    """Statements over all quotes, and each quote's statement id. `ahead`, if given, is told
    the texts `embed` may be asked for, before the words of quotes are compared; `texts_read`,
    if given, is called once the articles' texts have been read, before the steps that hold
    the most (a caller may then let them go)."""
    reports = []
    # one date object per day and one rank per article, shared by their reports (a window holds every report)
    days: dict[str, date | None] = {}
    ranks: dict[str, tuple] = {}
    for q in sorted(quotes, key=lambda q: q.id):
        article = articles.get(q.article_id)
        words = normalise(q.text)
        if not words or article is None:
            continue
        written = _day_written(q, article)
        if written not in days:
            days[written] = _parse_day(written)
        if article.id not in ranks:
            ranks[article.id] = _rank(article)
        reports.append(Report(q, len(words), " ".join(words), days[written], voices(q), ranks[article.id]))
    # '"A," he said. "B."': one utterance interrupted by its attribution (joined below, in turn).
    interruptions = list(_interrupted(reports, articles))
    if texts_read is not None:
        texts_read()
    uf = _UnionFind(reports, window_days)
    long_reports = [r for r in reports if not r.short]
    for n, r in enumerate(long_reports):
        r.n = n
    short_reports = [r for r in reports if r.short]

    # 1. full quotes: lexical first, embeddings for what is left undecided (begun as they are found)
    to_embed = _Ahead(ahead if embed is not None else None)
    # pairs the words leave open, as two positions each: a large window has hundreds of thousands
    undecided = array("I")
    inside: dict[tuple[str, str], list[tuple[int, Report, Report]]] = {}  # (container, other article) -> parts
    for a, b in _candidate_pairs(long_reports, window_days):
        verdict = _lexical(a, b)
        if verdict in ("a in b", "b in a") and a.quote.article_id != b.quote.article_id:
            part, whole = (a, b) if verdict == "a in b" else (b, a)
            where = _position(whole.words, part.words)
            inside.setdefault((whole.id, part.quote.article_id), []).append((where, part, whole))
        elif verdict:
            uf.union(a.id, b.id)
        elif a.quote.article_id != b.quote.article_id and _worth_embedding(a, b):
            undecided.extend((a.n, b.n))
            if ahead is not None:
                to_embed.note(a.quote.text, b.quote.text)
    to_embed.send()
    # Content words and verdicts served the pairs above and little after: let them go before the
    # steps below fill the caches of word runs (the peak of a window with the model running).
    _forget_wordings(keep_runs=True)
    for a, b in interruptions:
        uf.union(a.id, b.id, guarded=False)
    # A quote the article does not attribute can still be a report of a known statement, shown
    # by its words (never by meaning alone): "Brazil is a democratic, free nation ..." twice.
    # Closest wordings first, and never as a bridge between speakers: an unattributed sentence
    # that several people's quotes contain (a slogan, a stock phrase) does not make them one.
    for a, b in _unattributed_matches(long_reports, window_days):
        left, right = uf.speakers(a.id), uf.speakers(b.id)
        if left <= right or right <= left:
            uf.union(a.id, b.id)
    # The same long run of words in two outlets is one utterance even when they credit it to
    # different voices (the minister who read it, the government that issued it). The run must
    # be nearly all of the shorter quote, the closest wordings go first, and an utterance has at
    # most VERBATIM_VOICES voices: a stock sentence many speakers use does not make them one.
    verbatim = []
    for a, b in _verbatim_pairs(long_reports, window_days):
        if not (a.quote.entity_id and b.quote.entity_id):
            continue  # an unattributed quote joins by the rule above, once
        run = _run(a, b)
        shorter = min(a.size, b.size)
        if run >= VERBATIM_WORDS and run >= VERBATIM_SHARE * shorter:
            verbatim.append((-run / shorter, -run, a.id, b.id))
    for _share, _run_length, a_id, b_id in sorted(verbatim):
        if len(uf.speakers(a_id) | uf.speakers(b_id)) <= VERBATIM_VOICES:
            uf.union(a_id, b_id)
    for parts in inside.values():
        # A long quote holding several separate quotes of another article is a passage of several
        # statements; it is linked to the one it opens with, not used to weld them together.
        parts.sort(key=lambda p: (p[0], p[1].id))
        _where, part, whole = parts[0]
        uf.union(part.id, whole.id)

    def still_undecided():
        for i in range(0, len(undecided), 2):
            a, b = long_reports[undecided[i]], long_reports[undecided[i + 1]]
            if uf.find(a.id) != uf.find(b.id):
                yield a, b

    _forget_wordings()  # what the words decided is decided: scoring by meaning needs little of it
    if undecided and embed is not None:
        import numpy as np

        scored = []
        # No union until all are scored: the same pairs as above. They are scored a block at a
        # time with the vectors of that block's texts only: the vectors of every undecided text
        # at once were a large window's biggest single holding.
        for block in _pair_blocks(still_undecided(), SCORED_TEXTS_AT_ONCE):
            texts = sorted({r.quote.text for pair in block for r in pair})
            vectors = {t: np.asarray(v, dtype="float32") for t, v in zip(texts, embed(texts), strict=True)}
            for a, b in block:
                # a shared run of words ("sovereignty over the islands") is evidence of one source,
                # and then a looser likeness of meaning suffices ("was non-negotiable" / "is not
                # subject to discussion")
                similarity = _cosine(vectors[a.quote.text], vectors[b.quote.text])
                if similarity < SEMANTIC_MIN_WITH_SHARED_RUN:
                    continue
                shared = similarity < SEMANTIC_MIN and _run(a, b) >= SHARED_RUN_FOR_LOOSER_MEANING
                if similarity >= SEMANTIC_MIN or shared:
                    scored.append((-similarity, a.id, b.id))
        for _similarity, a_id, b_id in sorted(scored):  # the closest wordings first
            uf.union(a_id, b_id)

    # 2. fragments: gathered with their equals, then attached to the statement that contains them
    for a, b in _candidate_pairs(short_reports, window_days):
        same_words = a.quote.article_id != b.quote.article_id and sorted(a.words) == sorted(b.words)
        if same_words or a.norm == b.norm or _holds(a, b) or _holds(b, a):
            uf.union(a.id, b.id)
    by_root: dict[str, list[Report]] = {}
    for r in short_reports:
        by_root.setdefault(uf.find(r.id), []).append(r)
    # the full quotes a fragment can belong to: those of its voices, and those of its own article
    long_by_voice: dict[str, list[Report]] = {}
    long_by_article: dict[str, list[Report]] = {}
    for full in long_reports:
        long_by_article.setdefault(full.quote.article_id, []).append(full)
        for v in full.voices:
            long_by_voice.setdefault(v, []).append(full)
    for fragment_group in by_root.values():
        votes: Counter[str] = Counter()
        for frag in fragment_group:
            near = {id(r): r for v in sorted(frag.voices) for r in long_by_voice.get(v, ())}
            near.update((id(r), r) for r in long_by_article.get(frag.quote.article_id, ()))
            for full in sorted(near.values(), key=lambda r: r.id):
                same_article = full.quote.article_id == frag.quote.article_id
                # an unattributed fragment is placed by the quote around it in its own article
                heard = bool(frag.voices & full.voices) or (same_article and not frag.quote.entity_id)
                if not heard or not _within(frag.day, full.day, window_days):
                    continue
                if not same_article and frag.size < MIN_FRAGMENT_WORDS_ACROSS:
                    continue  # one word ("over") is in too many sentences to point to one
                if _holds(full, frag) or _loosely_inside(frag, full):
                    votes[uf.find(full.id)] += 2 if same_article else 1
        for best in sorted(votes, key=lambda root: (-votes[root], root)):
            if uf.union(best, fragment_group[0].id, keep=best):
                break

    _forget_wordings()  # no union is left to judge
    clusters: dict[str, list[Report]] = {}
    for r in reports:
        clusters.setdefault(uf.find(r.id), []).append(r)
    statements = [_statement(members) for members in clusters.values()]
    statements.sort(key=lambda s: s.id)
    assignment = {qid: s.id for s in statements for qid in s.quote_ids}
    return statements, assignment


def _forget_wordings(keep_runs: bool = False) -> None:
    """Empty the caches of judged wordings (`keep_runs`: all but those of word runs, which the
    next steps still read). They serve one step of one window: kept, they would sit beside the
    statements being built, and hold a window's texts through the next. Each is a pure
    function of the wordings, so emptying one changes no verdict."""
    _VERDICTS.clear()
    _content_words.cache_clear()
    if not keep_runs:
        _run_of_norms.cache_clear()
        _runs_of.cache_clear()


def _lexical(a: Report, b: Report) -> str | None:
    """How two quotes are one statement by their words: "same", "a in b", "b in a", or None.

    The verdict depends only on the two wordings and whether they share an article; a story
    repeats the same words in many reports, so each pair of wordings is judged once."""
    key = (a.norm, b.norm, a.quote.article_id == b.quote.article_id)
    if key not in _VERDICTS:
        if len(_VERDICTS) > 200_000:
            _VERDICTS.clear()
        _VERDICTS[key] = _judge(a, b)
    return _VERDICTS[key]


_VERDICTS: dict[tuple[str, str, bool], str | None] = {}


def _judge(a: Report, b: Report) -> str | None:
    if a.norm == b.norm:
        return "same"
    if _inside(a.norm, b.norm):
        return "a in b"
    if _inside(b.norm, a.norm):
        return "b in a"
    if a.quote.article_id == b.quote.article_id:
        return "same" if _one_wording(a, b) else None
    shorter = min(a.size, b.size)
    if _loosely_inside(a, b):
        return "a in b"
    if _loosely_inside(b, a):
        return "b in a"
    # a run of MIN_SHARED_RUN words needs a shared word n-gram: checked on sets before the slow count
    run = 0 if _runs_of(a.norm).isdisjoint(_runs_of(b.norm)) else _run(a, b)
    if run >= MIN_SHARED_RUN and run >= SHARED_RUN_SHARE * shorter:
        return "same"
    return "same" if fuzz.ratio(a.norm, b.norm, score_cutoff=FUZZY_RATIO) >= FUZZY_RATIO else None


def _inside(part: str, whole: str) -> bool:
    """One wording word for word inside another: words hold no spaces, so as padded strings."""
    return len(part) < len(whole) and f" {part} " in f" {whole} "


def _loosely_inside(part: Report, whole: Report) -> bool:
    """A short quote found, near enough word for word, inside another outlet's longer quote."""
    if part.size > LOOSE_PART_WORDS or part.size < 2 or whole.size <= part.size:
        return False
    part_words, whole_words = part.words, whole.words
    # one word added or dropped leaves at most one of the part's words outside the whole
    if sum(w not in whole_words for w in part_words) > 1:
        return False
    # word by word, one word added or dropped: "without doubt" in "proof without a doubt of ..."
    n = part.size
    # a short part may only have lost a word ("without doubt"), a longer one may also have one more
    for size in (n - 1, n, n + 1) if n >= 4 else (n + 1,):
        for i in range(whole.size - size + 1):
            window = whole_words[i : i + size]
            if window[0] in part_words[:2] and Indel.distance(part_words, window) <= 1:
                return True
    return False


_FUNCTION_WORDS = frozenset(
    "the a an and or but of to in on at by for with from as is are was were be been being it its this that these "
    "those there their they them we our us you your he his she her i me my not no will would shall should can could "
    "may might must have has had do does did which who whom what when where why how all any some more most very "
    "than then so if about into over also just only such".split()
)


@lru_cache(maxsize=32_768)
def _content_words(norm: str) -> frozenset[str]:
    # the words interned, as the reports' own are: a fresh string per word made most of the cache's size
    return frozenset(sys.intern(w) for w in norm.split() if len(w) > 2 and w not in _FUNCTION_WORDS)


def _position(longer: list[str], shorter: list[str]) -> int:
    n = len(shorter)
    return next((i for i in range(len(longer) - n + 1) if longer[i : i + n] == shorter), len(longer))


def _worth_embedding(a: Report, b: Report) -> bool:
    shorter, longer = sorted((a.size, b.size))
    # wordings of one utterance have comparable length; a sentence is not a paragraph
    if shorter < SEMANTIC_MIN_WORDS or longer > SEMANTIC_MAX_LENGTH_RATIO * shorter:
        return False
    # Two wordings the model would call one utterance share content words ("sovereignty",
    # "islands"); a pair sharing fewer is not worth running the model on.
    return len(_content_words(a.norm) & _content_words(b.norm)) >= SEMANTIC_SHARED_WORDS


def _pair_blocks(pairs, max_texts: int):
    """The pairs in order, in blocks whose texts number at most `max_texts` (or one pair)."""
    block: list[tuple[Report, Report]] = []
    texts: set[str] = set()
    for a, b in pairs:
        new = {a.quote.text, b.quote.text} - texts
        if block and len(texts) + len(new) > max_texts:
            yield block
            block, texts = [], set()
            new = {a.quote.text, b.quote.text}
        block.append((a, b))
        texts |= new
    if block:
        yield block


class _Ahead:
    """Texts the model will be asked for, passed on in batches as the word comparison finds them."""

    BATCH = 512

    def __init__(self, ahead: Callable[[list[str]], None] | None):
        self.ahead = ahead
        self.sent: set[str] = set()
        self.batch: set[str] = set()

    def note(self, *texts: str) -> None:
        self.batch.update(t for t in texts if t not in self.sent)
        if len(self.batch) >= self.BATCH:
            self.send()

    def send(self) -> None:
        if self.ahead is not None and self.batch:
            self.ahead(sorted(self.batch))
            self.sent |= self.batch
        self.batch = set()


def _candidate_pairs(reports: list[Report], window_days: int):
    """Pairs of reports sharing a voice, within the window; each pair once, under the first
    voice the two share (no set of pairs seen: a prolific speaker has millions)."""
    by_voice: dict[str, list[Report]] = {}
    for r in reports:
        for v in r.voices:
            by_voice.setdefault(v, []).append(r)
    for voice in sorted(by_voice):
        group = sorted(by_voice[voice], key=lambda r: (r.day or date.min, r.id))
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if not _within(a.day, b.day, window_days):
                    if a.day and b.day and (b.day - a.day).days > window_days:
                        break  # sorted by day: the rest is later still (unknown days sort first)
                    continue
                if a.id == b.id or (len(a.voices) > 1 and min(a.voices & b.voices) != voice):
                    continue
                yield a, b


CONTINUATIONS = {"and", "but", "or", "nor", "because", "so", "yet", "which", "while", "although", "though", "unless"}
_INTERRUPTION = re.compile(r"^[,…]\s*[\"”’']\s*[^\"“”\n]{1,80}?[,.:]\s*[\"“‘']$")


def _interrupted(reports: list[Report], articles: dict[str, Article]):
    by_article: dict[str, list[Report]] = {}
    for r in reports:
        by_article.setdefault(r.quote.article_id, []).append(r)
    for article_id, group in by_article.items():
        text = articles[article_id].text
        group.sort(key=lambda r: r.quote.start)
        for a, b in zip(group, group[1:], strict=False):
            if a.quote.entity_id != b.quote.entity_id or a.quote.end > b.quote.start:
                continue
            if _INTERRUPTION.match(text[a.quote.end : b.quote.start]) and _continues(b.quote.text):
                yield a, b


def _continues(text: str) -> bool:
    """The second half of an interrupted sentence: "... nor that he ...", "because we are ..."."""
    first = text.lstrip(" \"“‘'…").split(maxsplit=1)
    return bool(first) and (first[0][:1].islower() or first[0].lower().strip(",") in CONTINUATIONS)


def _unattributed_pairs(reports: list[Report], window_days: int):
    """Pairs of reports of two articles sharing a run of SHORT_WORDS words, one unattributed.
    Only the unattributed reports are indexed: they are few, the others are many. Each pair is
    met once from its second report, so no set of the pairs seen is kept (it grew with the scope)."""
    assert MIN_SHARED_RUN == SHORT_WORDS  # the reports' own n-grams are the runs looked for
    index: dict[int, list[int]] = {}  # run -> positions of the unattributed reports holding it
    for n, r in enumerate(reports):
        if not r.quote.entity_id:
            for gram in _runs_of(r.norm):
                index.setdefault(gram, []).append(n)
    if not index:
        return
    indexed = frozenset(index)
    for m, b in enumerate(reports):
        shared = _runs_of(b.norm) & indexed  # most reports share no run with an unattributed one
        if not shared:
            continue
        for n in sorted({n for gram in shared for n in index[gram]}):
            a = reports[n]
            if n == m or a.quote.article_id == b.quote.article_id:
                continue
            if not b.quote.entity_id and b.id > a.id:
                continue  # both unattributed: the pair is met from the earlier one
            if _within(a.day, b.day, window_days):
                yield a, b


def _unattributed_matches(reports: list[Report], window_days: int):
    """Pairs of reports, one of them unattributed, that are one statement by their words; the
    closest wordings first: the greatest share of the shorter quote in one run, then the nearest day."""
    scored = []
    for a, b in _unattributed_pairs(reports, window_days):
        if not _lexical(a, b):
            continue
        run = _run(a, b)
        shorter = min(a.size, b.size)
        gap = abs((a.day - b.day).days) if a.day and b.day else window_days + 1
        scored.append(((-run / shorter, -run, gap, a.id, b.id), a, b))
    scored.sort(key=lambda item: item[0])
    for _score, a, b in scored:
        yield a, b


def _verbatim_pairs(reports: list[Report], window_days: int):
    """Pairs of reports of two articles sharing a run of VERBATIM_WORDS words, within the day
    window, in the order of their numbers. The runs are hashed into one sorted array of raw
    64-bit numbers rather than a dictionary of lists (or a list of Python ints, five times the
    size), and the pairs found are kept as numbers, not id tuples. A passage many outlets repeat
    gives every one of its runs the same reports: their pairs are counted out once, not once per
    run, and the numbers are deduplicated as they pile up. Pairs too far apart in days are
    dropped as they are counted out, not after: a passage repeated on every day of a feed has
    pairs growing with the square of the feed, and only those within the window can link. This
    step was the peak of a one-pass relink."""
    import numpy as np

    hashes, owners = array("q"), array("q")
    for n, r in enumerate(reports):
        grams = gram_hashes(r.words, VERBATIM_WORDS) if r.size >= VERBATIM_WORDS else ()
        hashes.extend(grams)
        owners.extend(repeat(n, len(grams)))
    if not hashes:
        return
    keys = np.frombuffer(hashes, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    keys, who = keys[order], np.frombuffer(owners, dtype=np.int64)[order]
    del order, hashes, owners
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    del keys
    day_of = np.array([r.day.toordinal() if r.day else -1 for r in reports], dtype=np.int64)

    def near(first, second):  # the pairs of these numbers whose days can meet (_within)
        a, b = day_of[first], day_of[second]
        return (a < 0) | (b < 0) | (np.abs(a - b) <= window_days)

    # A report's runs are a set, and a stable sort keeps the owners of one run in report order:
    # each group's owners are distinct and ascending. Pairs (most groups) are taken at once.
    count = len(reports)
    two = starts[sizes == 2]
    first, second = who[two], who[two + 1]
    keep = near(first, second)
    found = _PairCodes()
    found.add(first[keep] * count + second[keep])
    expanded: set[bytes] = set()  # digests of the groups of owners already counted out
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        owners_here = who[start : start + size]
        digest = hashlib.blake2b(owners_here.tobytes(), digest_size=16).digest()
        if digest in expanded:
            continue
        expanded.add(digest)
        for first, second in _pairs_of(owners_here):
            keep = near(first, second)
            found.add(first[keep] * count + second[keep])
    del expanded, who, starts, sizes
    pairs = found.unique()
    for at in range(0, len(pairs), 65_536):
        for code in pairs[at : at + 65_536].tolist():
            a, b = reports[code // count], reports[code % count]
            if a.quote.article_id != b.quote.article_id:
                yield a, b


TRIANGLE_AT_ONCE = 512  # owners of one run whose pairs are counted out in one product (131,000 pairs)


def _pairs_of(owners):
    """Every pair (i < j) of these ascending numbers, as two arrays at a time: all at once for a
    small group, a row at a time for a passage quoted by thousands (its triangle at once would be
    millions of numbers, twice)."""
    import numpy as np

    size = len(owners)
    if size <= TRIANGLE_AT_ONCE:
        left, right = np.triu_indices(size, k=1)
        yield owners[left], owners[right]
        return
    for i in range(size - 1):
        rest = owners[i + 1 :]
        yield np.full(len(rest), owners[i], dtype=owners.dtype), rest


class _PairCodes:
    """Pair numbers as they are found, deduplicated whenever COMPACT_AT of them pile up."""

    COMPACT_AT = 4_000_000

    def __init__(self) -> None:
        self.parts: list = []
        self.held = 0
        self.limit = self.COMPACT_AT

    def add(self, codes) -> None:
        self.parts.append(codes)
        self.held += len(codes)
        if self.held >= self.limit:
            self.parts = [self.unique()]
            self.held = len(self.parts[0])
            self.limit = max(self.COMPACT_AT, 2 * self.held)  # many distinct pairs: compact less often

    def unique(self):
        import numpy as np

        return np.unique(np.concatenate(self.parts)) if self.parts else np.empty(0, dtype=np.int64)


@lru_cache(maxsize=32_768)
def _runs_of(norm: str) -> frozenset[int]:
    """Hashes of a wording's runs of MIN_SHARED_RUN words: computed when a pair needs them,
    not kept on every report (a set per report is most of a large window's memory)."""
    return gram_hashes(norm.split(), MIN_SHARED_RUN)


def gram_hashes(words: list[str], size: int) -> frozenset[int]:
    """Hashes of the runs of `size` words, as the tuples at each position (zip builds them
    without slicing a list per position)."""
    return frozenset(map(hash, zip(*(words[i:] for i in range(size)), strict=False)))


def _within(a: date | None, b: date | None, window_days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= window_days


def _holds(whole: Report, part: Report) -> bool:
    """The part's words, word for word, somewhere in the whole's."""
    if part.size > whole.size or not part.size:
        return False
    return f" {part.norm} " in f" {whole.norm} "  # words hold no spaces


def _run(a: Report, b: Report) -> int:
    return _run_of_norms(a.norm, b.norm) if a.norm <= b.norm else _run_of_norms(b.norm, a.norm)


@lru_cache(maxsize=100_000)
def _run_of_norms(a: str, b: str) -> int:
    return _longest_run(a.split(), b.split())


def _longest_run(a: list[str], b: list[str]) -> int:
    """The most words in a row the two share. Without its junk heuristic difflib finds exactly
    the longest common run, looking up one side's words in an index of the other's instead of
    filling a table of every pair of positions."""
    if not a or not b:
        return 0
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def _cosine(u, v) -> float:
    nu, nv = float((u @ u) ** 0.5), float((v @ v) ** 0.5)
    return float(u @ v) / (nu * nv) if nu and nv else 0.0


def _day_written(q: Quote, article: Article) -> str:
    """The day a report's words were said, as written: when said, else when published ("": unknown)."""
    return (q.said_on.value if q.said_on else (article.published.value if article.published else None)) or ""


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _rank(article: Article) -> tuple:
    published = article.published.value if article.published else None
    return (article.duplicate_of is not None, published is None, published or "", article.id)


def _statement(members: list[Report]) -> Statement:
    # The words themselves, not a paraphrase, where any report has them: a direct or partial
    # quote of the primary report (the original before copies, the earliest first), its fullest form.
    kind_order = {"direct": 0, "partial": 0, "indirect": 1}
    members = sorted(members, key=lambda r: (r.rank, r.quote.start))
    canonical = min(members, key=lambda r: (kind_order.get(r.quote.kind, 2), r.rank, -r.size, r.quote.start))
    first = min(members, key=lambda r: (r.rank[1], r.rank[2], r.rank[0], r.quote.article_id, r.quote.start))
    said = Counter(r.quote.said_on.value for r in members if r.quote.said_on)
    said_on = min(said, key=lambda d: (-said[d], d)) if said else None
    speakers = Counter(r.quote.entity_id for r in members if r.quote.entity_id)
    speaker = min(speakers, key=lambda e: (-speakers[e], e)) if speakers else None
    statement_id = "st-" + hashlib.sha1(canonical.id.encode()).hexdigest()[:16]
    return Statement(
        id=statement_id,
        speaker_entity_id=speaker,
        said_on=said_on,
        canonical_text=canonical.quote.text,
        canonical_quote_id=canonical.id,
        first_quote_id=first.id,
        quote_ids=[r.id for r in members],
    )


class _UnionFind:
    """Clusters of reports. A guarded union refuses to put two quotes of one article together
    unless one holds the other: links through a third article must not weld an article's
    separate statements. No union lets a statement's dated reports span more than the window:
    an undated report, which may meet any day, must not chain two utterances months apart.

    A report alone is its own cluster without an entry of its own: parents, member lists and
    spans of days are kept only for reports joined to others (a window holds every report,
    and many stay alone)."""

    def __init__(self, reports: list[Report], window_days: int):
        self.report = {r.id: r for r in reports}
        self.parent: dict[str, str] = {}  # a report joined under another -> that one
        self.members: dict[str, list[Report]] = {}  # root of two reports or more -> its reports
        self.days: dict[str, tuple[date | None, date | None]] = {}  # ... -> first and last day
        self.window_days = window_days

    def find(self, x: str) -> str:
        parent = self.parent
        while x in parent:
            up = parent[x]
            if up in parent:
                parent[x] = parent[up]
            x = up
        return x

    def _members(self, root: str) -> list[Report]:
        return self.members.get(root) or [self.report[root]]

    def _days(self, root: str) -> tuple[date | None, date | None]:
        span = self.days.get(root)
        if span is None:
            day = self.report[root].day
            return (day, day)
        return span

    def speakers(self, x: str) -> set[str]:
        return {r.quote.entity_id for r in self._members(self.find(x)) if r.quote.entity_id}

    def union(self, a: str, b: str, keep: str | None = None, guarded: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        (first_a, last_a), (first_b, last_b) = self._days(ra), self._days(rb)
        first = min((d for d in (first_a, first_b) if d), default=None)
        last = max((d for d in (last_a, last_b) if d), default=None)
        if first and last and (last - first).days > self.window_days:
            return False
        if guarded and self._conflict(self._members(ra), self._members(rb)):
            return False
        if keep is not None:
            root = self.find(keep)
            other = rb if root == ra else ra
        else:
            root, other = min(ra, rb), max(ra, rb)
        self.parent[other] = root
        joined = self.members.pop(root, None) or [self.report[root]]
        joined.extend(self.members.pop(other, None) or [self.report[other]])
        self.members[root] = joined
        self.days[root] = (first, last)
        self.days.pop(other, None)
        return True

    @staticmethod
    def _conflict(left: list[Report], right: list[Report]) -> bool:
        articles = {r.quote.article_id for r in left} & {r.quote.article_id for r in right}
        for x in left:
            if x.quote.article_id not in articles:
                continue
            for y in right:
                if y.quote.article_id != x.quote.article_id or x.norm == y.norm:
                    continue
                if not _one_wording(x, y):
                    return True
        return False


def _one_wording(x: Report, y: Report) -> bool:
    """Two quotes of one article that are one statement by their words: one holds the other,
    or they are two versions of one sentence (a long shared run: "strongly condemns the detention of ...")."""
    if _holds(x, y) or _holds(y, x) or _loosely_inside(x, y) or _loosely_inside(y, x):
        return True
    run = 0 if _runs_of(x.norm).isdisjoint(_runs_of(y.norm)) else _run(x, y)
    return run >= MIN_SHARED_RUN and run >= SHARED_RUN_SHARE * min(x.size, y.size)
