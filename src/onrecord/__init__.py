"""onrecord: a sourced record of who said what, built from news articles.

The Python API in one screen::

    import onrecord

    with onrecord.open_store("onrecord.db") as store:
        report = onrecord.add(["articles/", "feeds.opml"], store)
        for quote in store.quotes_of_article(article_id):
            ...

Stages are plain functions over the records in `onrecord.records`; `onrecord.pipeline`
strings them together, `onrecord.query` reads the store, `onrecord.evaluate` scores it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from onrecord.config import Config
    from onrecord.pipeline import add
    from onrecord.store import open_store

# Imported on first use so that `import onrecord` stays cheap (no spaCy, no torch).
_LAZY = {"add": "onrecord.pipeline", "open_store": "onrecord.store", "Config": "onrecord.config"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'onrecord' has no attribute {name!r}")


__all__ = ["Config", "add", "open_store", "__version__"]
