"""Sources in, Documents out: files, directories, JSON Lines (more kinds to come).

`iter_documents` never raises for a bad source: it yields a Failure naming it instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from onrecord.config import Config
from onrecord.records import Document, Failure


def iter_documents(sources: Iterable[str], config: Config) -> Iterator[Document | Failure]:
    from onrecord.ingest.files import iter_path

    for source in sources:
        yield from iter_path(source, config)
