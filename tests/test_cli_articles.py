"""The `add`, `articles`, `show` and `failures` commands, as a user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from onrecord.cli import app

ARTICLE = (
    "Minister [Kellan] says ferry talks will resume\n\n"
    "Tue, 02/11/2025 - 10:27\n\n"
    "HALDEN, Feb. 11 (NSA) -- The foreign ministers of Lirria and Ostrava Bay agreed on Tuesday to resume "
    "talks on the ferry link, Lirrian Foreign Minister Oskar Kellan said.\n\n"
    '"We have lost two years and we will not lose a third," Kellan told reporters [in Halden].\n\n'
    '"We have lost two years and we will not lose a third," Kellan told reporters [in Halden].\n\n'
    "Read more\n"
)
OTHER = (
    "Ostrava Bay welcomes ferry deal\n\n"
    "The government of Ostrava Bay welcomed on Wednesday the decision to resume the ferry talks with Lirria, "
    "a spokeswoman for the harbour ministry said in a statement.\n"
)


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def _flat(output: str) -> str:
    """Rich wraps at the terminal width; compare with the line breaks folded."""
    return " ".join(output.split())


def test_add_show_articles_failures(tmp_path):
    db = str(tmp_path / "cli.db")
    good = tmp_path / "good"
    good.mkdir()
    (good / "kellan.txt").write_text(ARTICLE, encoding="utf-8")
    (good / "ostrava.txt").write_text(OTHER, encoding="utf-8")
    (good / "empty.txt").write_bytes(b"")

    first = _run("add", "--db", db, "--jobs", "1", str(good))
    assert first.exit_code == 1, first.output
    assert "2 new article(s)" in _flat(first.output)
    assert "empty.txt: empty" in _flat(first.output)

    second = _run("add", "--db", db, "--jobs", "1", "--json", str(good / "kellan.txt"), str(good / "ostrava.txt"))
    assert second.exit_code == 0, second.output
    assert json.loads(second.output)["unchanged"] == 2

    listing = _run("articles", "--db", db, "--json")
    rows = json.loads(listing.output)
    assert len(rows) == 2
    kellan = next(r for r in rows if "Kellan" in (r["title"] or ""))
    assert kellan["title"] == "Minister [Kellan] says ferry talks will resume"
    assert kellan["published"] == "2025-02-11"

    table = _run("articles", "--db", db)
    assert "[Kellan]" in _flat(table.output)

    shown = _run("show", "--db", db, kellan["id"][:6])
    assert shown.exit_code == 0, shown.output
    page = _flat(shown.output)
    assert "Minister [Kellan] says ferry talks will resume" in page
    assert "[in Halden]" in page
    assert 'text "Tue, 02/11/2025 - 10:27"' in page
    assert "HALDEN, Feb. 11 (NSA) --" in page
    assert "repeated paragraph" in page
    assert "kellan.txt" in "".join(shown.output.split())

    data = json.loads(_run("show", "--db", db, "--json", kellan["id"]).output)
    assert data["text"].count("We have lost two years") == 1
    assert {r["reason"] for r in data["removed"]} >= {"date line", "repeated paragraph", "read more"}
    assert (data["dateline"]["agency"], data["dateline"]["date_text"]) == ("NSA", "Feb. 11")
    assert data["sources"][0].endswith("kellan.txt")

    assert _run("show", "--db", db, "zzzz").exit_code == 1
    ambiguous = _run("show", "--db", db, "")
    assert ambiguous.exit_code == 1

    failures = json.loads(_run("failures", "--db", db, "--json").output)
    assert [(f["uri"].rsplit("/", 1)[-1], f["reason"]) for f in failures] == [("empty.txt", "empty")]
    table = _flat(_run("failures", "--db", db).output)
    assert "the file is 0 bytes" in table and "1 failure(s)" in table
