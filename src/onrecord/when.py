"""When the words were said: `said_on` for each quote, from the article's own evidence."""

from __future__ import annotations

from onrecord.records import Article, Quote


def date_quotes(article: Article, quotes: list[Quote]) -> None:
    """Fill `said_on` where the article lets a reader work it out; leave it unknown otherwise."""
