"""Cross-article stages over the whole store: copies, entities, statements, stories."""

from __future__ import annotations

from onrecord.config import Config
from onrecord.store import Store


def relink(store: Store, config: Config) -> None:
    """Recompute syndication groups, speaker entities, statements and stories."""
