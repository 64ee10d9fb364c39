"""Settings for a run, in one place, instead of flags scattered through code.

A `Config` is built from defaults, then an optional TOML file (`onrecord.toml` in the
working directory or `--config PATH`), then the command line. Stages read only the
fields they need.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(slots=True)
class Config:
    # ingest
    max_document_bytes: int = 20 * 1024 * 1024  # larger inputs are refused as "too large"
    document_time_budget_s: float = 30.0  # per document, per stage; exceeded -> a failure
    # fetching URLs and feeds
    fetch_timeout_s: float = 20.0  # connect and read, each
    fetch_retries: int = 3  # further attempts after a 5xx, a 429 or a network error, with backoff
    per_host_interval_s: float = 1.0  # least time between two requests to one host
    user_agent: str | None = None  # None = "onrecord/<version> ..."
    # runner
    jobs: int = 0  # 0 = every core
    batch_size: int = 64  # documents per store transaction
    # analysis
    languages: tuple[str, ...] = ("en",)
    # entities
    kb_paths: list[str] = field(default_factory=list)  # the user's own knowledge-base files
    # linking
    statement_window_days: int = 10
    # An addition of half the store or more, to a store of at most this many articles, is relinked
    # in one pass over the store instead of in windows (link.relink); 0 = always in windows.
    relink_whole_store_up_to: int = 25_000
    # serving
    api_token: str | None = None  # write endpoints need it; read-only without

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: object) -> Config:
        cfg = cls()
        candidate = Path(path) if path else Path("onrecord.toml")
        if candidate.is_file():
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            cfg = cls.from_mapping(data.get("onrecord", data))
        elif path:
            raise FileNotFoundError(f"config file {path} does not exist")
        token = os.environ.get("ONRECORD_API_TOKEN")
        if token:
            cfg.api_token = token
        for key, value in overrides.items():
            if value is not None:
                setattr(cfg, key, value)
        return cfg

    @classmethod
    def from_mapping(cls, data: dict) -> Config:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        cfg = cls(**{k: v for k, v in data.items() if k in known})
        if isinstance(cfg.languages, list):
            cfg.languages = tuple(cfg.languages)
        return cfg

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)
