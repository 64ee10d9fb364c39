"""The `onrecord` command: a thin layer over the Python API.

Each module in this package registers the commands of one area on `app`.
"""

from __future__ import annotations

from onrecord.cli import articles as _articles  # noqa: F401  (registers commands)
from onrecord.cli import bench as _bench  # noqa: F401  (registers commands)
from onrecord.cli import linking as _linking  # noqa: F401  (registers commands)
from onrecord.cli import quotes as _quotes  # noqa: F401  (registers commands)
from onrecord.cli import serve as _serve  # noqa: F401  (registers commands)
from onrecord.cli import sources as _sources  # noqa: F401  (registers commands)
from onrecord.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
