"""Reads and writes of the cross-article records: entities, statements, groups, stories."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3


class LinkingMixin:
    db: sqlite3.Connection
