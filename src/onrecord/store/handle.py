"""What every store handle offers, whatever the database behind it."""

from __future__ import annotations

from typing import Any, Self


class StoreHandle:
    db: Any  # a DB-API connection speaking the project's SQL

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scalar(self, sql: str, params: tuple = ()) -> object:
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        tables = ["documents", "articles", "failures", "quotes", "statements", "entities", "stories"]
        return {t: int(self.scalar(f"SELECT count(*) FROM {t}")) for t in tables}  # noqa: S608 (fixed names)
