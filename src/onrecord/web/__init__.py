"""The HTTP API and the web pages over one store (`onrecord serve`)."""

from __future__ import annotations


def create_app(db_path, config=None):
    from onrecord.web.app import create_app as _create_app

    return _create_app(db_path, config)


__all__ = ["create_app"]
