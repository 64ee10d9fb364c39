"""Sources in, Documents out: files, directories, JSON Lines, HTML, URLs, RSS/Atom/OPML feeds, WARC files.

`iter_documents` never raises for a bad source: it yields a Failure naming it instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from onrecord.config import Config
from onrecord.records import Document, Failure


def iter_documents(sources: Iterable[str], config: Config) -> Iterator[Document | Failure]:
    from onrecord.ingest.sources import iter_sources

    yield from iter_sources(sources, config)
