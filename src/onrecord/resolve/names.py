"""Name keys: the forms of a name that should meet in one entity meet in one key.

Transliteration is folded ("Sergey"/"Sergei", "Aleksei"/"Alexey", "Khrushchev"/"Hrushchev",
"Rachmaninoff"/"Rachmaninov"), diacritics dropped ("António" = "Antonio"), and country words
in organisation names replaced by their code, so that "China's foreign ministry", "the
Chinese Foreign Ministry" and "the Foreign Ministry of China" share the key "<CN> foreign ministry".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "his", "her", "excellency", "he", "hon"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Surname first in these naming traditions ("Xi Jinping" is "Xi", "Lee Myung-bak" is "Lee").
SURNAME_FIRST = {"CN", "TW", "HK", "MO", "KR", "KP", "VN"}
# Capitalised phrases that end like these name a body or a text, not a person.
NOT_PERSON_HEADS = {
    "declaration",
    "agreement",
    "treaty",
    "charter",
    "statement",
    "ministry",
    "office",
    "council",
    "committee",
    "agency",
    "government",
    "department",
    "parliament",
    "assembly",
    "commission",
    "party",
    "union",
    "news",
    "times",
    "post",
    "press",
    "service",
    "army",
    "forces",
    "house",
    "court",
    "bank",
    "nations",
    "organization",
    "organisation",
    "association",
    "institute",
    "university",
    "embassy",
    "group",
    "network",
    "channel",
}
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w<>]+")
_TRANSLIT = [
    ("kh", "h"),
    ("ks", "x"),
    ("ck", "k"),
    ("ph", "f"),
    ("tch", "ch"),
    ("w", "v"),
    ("iy", "i"),
    ("yi", "i"),
    ("y", "i"),
    ("ei", "i"),
]


def fold_text(text: str) -> str:
    """Case, diacritics, possessives and punctuation folded; words kept."""
    # names and titles recur across a store's articles: those are remembered, whole texts are not
    return _fold_short(text) if len(text) <= 120 else _fold(text)


@lru_cache(maxsize=65_536)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _POSSESSIVE.sub("", text.casefold())
    return " ".join(_NON_WORD.sub(" ", text.replace("_", " ")).split())


@lru_cache(maxsize=65_536)
def fold_token(token: str) -> str:
    if token.startswith("<"):
        return token
    for old, new in _TRANSLIT:
        token = token.replace(old, new)
    if token.endswith("off"):
        token = token[:-3] + "ov"
    return re.sub(r"(.)\1+", r"\1", token)


def name_tokens(name: str) -> list[str]:
    return [t for t in fold_text(name).split() if t not in HONORIFICS and t not in NAME_SUFFIXES]


def fold_name(name: str) -> str:
    """The lookup key of a name: "Sergei Lavrov" and "Sergey Lavrov" give the same key."""
    return " ".join(fold_token(t) for t in name_tokens(name))


def given_names(name: str) -> str:
    """The folded given names of a person written given names first, without initials:
    "alexandr" for "Aleksandr V. Petrov"."""
    tokens = [fold_token(t) for t in name_tokens(name)]
    return " ".join(t for t in tokens[:-1] if len(t) > 1)  # name_tokens drops the stops: "V." is "v"


def surname_key(name: str, country: str | None = None) -> str:
    tokens = name_tokens(name)
    if not tokens:
        return ""
    return fold_token(tokens[0] if country in SURNAME_FIRST and len(tokens) > 1 else tokens[-1])


def country_template(name: str, places: dict[str, str]) -> str:
    """Country words replaced by "<CODE>", "X of <CODE>" turned into "<CODE> X", leading "the" dropped."""
    tokens = [fold_token(t) for t in fold_text(name).split()]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2, 1):
            chunk = " ".join(tokens[i : i + size])
            if len(tokens) - i >= size and chunk in places:
                out.append(f"<{places[chunk]}>")
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    if out and out[0] == "the":
        out = out[1:]
    if len(out) >= 3 and out[-2] == "of" and out[-1].startswith("<"):
        out = [out[-1], *[t for t in out[:-2] if t != "the"]]
    return " ".join(out)


def looks_like_person_name(name: str) -> bool:
    """Two to five capitalised words: "Osamu Fujimura", "Jean-Yves Le Drian"; not "the foreign minister"."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not 2 <= len(words) <= 5:
        return False
    lowercase_particles = {"de", "da", "van", "von", "der", "bin", "al", "la", "le", "del", "di", "dos", "bint"}
    if fold_text(words[-1]) in NOT_PERSON_HEADS:
        return False
    return all(w[:1].isupper() or w.lower() in lowercase_particles for w in words) and any(c.isalpha() for c in name)


def slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key.replace("<", "").replace(">", "").lower()).strip("-")
