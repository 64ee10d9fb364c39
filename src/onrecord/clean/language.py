"""Which language an article is written in, said only when there is enough text to tell."""

from __future__ import annotations

from functools import lru_cache

MIN_CHARS = 200  # below this, n-gram identification guesses
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or the model is unsure."""
    sample = text[:4000]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, confidence = _identifier().classify(sample)
    return lang if confidence >= MIN_CONFIDENCE else None
