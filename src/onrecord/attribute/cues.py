"""Words that signal that someone is being reported as speaking.

Two strengths: verbs that report the words themselves (said, told, added, stressed)
and verbs that characterise what was said (called it "…", condemned it as "…",
rejected it as "…"). When both govern a quotation the reporting verb names the
speaker: in `X said that the government condemned the attack "in the strongest
terms"` the words are X's.
"""

from __future__ import annotations

from functools import lru_cache

# Lemmas of verbs that report speech or writing.
REPORTING_VERBS = frozenset(
    """
    say tell add state stress note declare explain emphasise emphasize insist argue warn claim announce affirm
    reaffirm reiterate assert maintain point remark reply respond answer continue confirm acknowledge admit
    concede suggest observe write tweet post comment mention complain predict promise pledge vow urge
    caution highlight underline underscore repeat conclude told quote speak talk tell testify proclaim
    contend counter retort exclaim shout cry whisper mutter announce disclose reveal report inform assure
    believe think feel hope fear stress recount describe chant yell scream sing
    """.split()
)

# The verbs that report the words themselves; they outrank every other cue governing a quotation.
CORE_VERBS = frozenset(
    """
    say tell add state stress note declare explain emphasise emphasize insist argue warn claim announce affirm
    reaffirm reiterate assert maintain point remark reply respond answer confirm acknowledge admit concede
    suggest observe write tweet comment mention complain predict quote testify proclaim contend retort exclaim
    disclose reveal report inform assure highlight underline underscore conclude speak talk recount caution
    """.split()
)

# Lemmas of verbs that characterise what was said; they name a speaker of a partial quote.
CHARACTERISING_VERBS = frozenset(
    """
    call term dub label brand deem describe denounce condemn slam reject dismiss decry criticise criticize
    praise hail welcome accuse blast lambast deride mock characterise characterize refer portray vow threaten
    demand ask appeal question challenge deny dispute protest voice express lodge
    """.split()
)

CUE_VERBS = REPORTING_VERBS | CHARACTERISING_VERBS

# Nouns naming an utterance: "X's statement that …", "in a statement", "chants of …".
CUE_NOUNS = frozenset(
    """
    statement statements remark remarks comment comments words speech address interview tweet post message
    declaration announcement warning claim claims pledge vow appeal call chant chants letter note
    communique communiqué release briefing testimony
    """.split()
)

# Verbs that never report speech even though a quotation may follow them.
NON_CUES = frozenset("discuss".split())

# Participles and infinitives that continue a sentence whose subject is the speaker.
PARTICIPLE_CUES = frozenset("saying adding noting stressing arguing warning insisting stating explaining".split())

# "reports", "reported", "according to …" naming the outlet that carried the words, not who spoke.
MEDIA_WORDS = frozenset(
    """
    agency news reports report media outlet newspaper paper daily broadcaster television tv radio channel
    website site network wire press reuters ap afp xinhua tass ria interfax bbc cnn sana yonhap kyodo
    guardian times post journal herald tribune telegraph globe
    """.split()
)

# Words after which a short capitalised quotation is a name or label, not speech.
LABEL_WORDS = frozenset(
    """
    called dubbed named titled entitled nicknamed codenamed code-named so-called known branded labelled labeled
    slogan hashtag headline motto banner programme program operation project campaign plan doctrine policy
    initiative book film song album novel play show series article column report paper
    """.split()
)


# Irregular forms of the words above; regular ones are found by stripping endings.
_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "thought": "think",
    "felt": "feel",
    "sang": "sing",
    "sung": "sing",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "has": "have",
    "had": "have",
    "did": "do",
    "does": "do",
    "men": "man",
    "women": "woman",
    "spokesmen": "spokesman",
    "spokeswomen": "spokeswoman",
}
_VOCABULARY = CUE_VERBS | CUE_NOUNS | frozenset({"be", "have", "do", "quote", "report"})


def base_form(word: str, vocabulary: frozenset[str] = _VOCABULARY) -> str:
    """The dictionary form of a word when it is one the rules know, else the word lower-cased.

    Used instead of the pipeline's lemmatizer, which costs about a quarter of a full
    parse: the rules only ever ask whether a word is a known cue, role or body.
    """
    return _base_form(word.lower(), vocabulary)


@lru_cache(maxsize=65536)
def _base_form(low: str, vocabulary: frozenset[str]) -> str:
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low in vocabulary:
        return low
    candidates = []
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ):
        if low.endswith(suffix) and len(low) - len(suffix) >= 2:
            stem = low[: len(low) - len(suffix)] + repl
            candidates.append(stem)
            if len(stem) > 2 and stem[-1] == stem[-2] and not repl:
                candidates.append(stem[:-1])  # admitted, slammed, labelled
    for c in candidates:
        if c in vocabulary:
            return c
    return low
