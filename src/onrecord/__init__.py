"""onrecord: a sourced record of who said what, built from news articles."""

__version__ = "0.1.0"
