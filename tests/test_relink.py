"""Relinking after each addition gives the same record as adding everything at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from onrecord.config import Config
from onrecord.pipeline import add
from onrecord.runner import LocalRunner
from onrecord.store import open_store

FIRST = {
    "wire.txt": (
        "Valdoria rejects border claim\n\n"
        "KESTREL CITY, March 3 (Northwire) -- Valdorian Foreign Minister Ilse Marrow said on Monday that "
        "the border was settled long ago.\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Marrow told reporters.\n\n'
        '"Accordingly, the talks will go on next week," speaker Odile Farrant-Veig said.'
    ),
    "strike.txt": (
        "Harbour strike ends\n\n"
        "Union leader Tomas Brenn said the strike was over. \u201cWe have what we came for,\u201d Brenn said."
    ),
}
SECOND = {
    "copy.txt": (
        "Valdoria says border not open to discussion\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Foreign Minister Ilse Marrow said, '
        "according to Northwire.\n\nRead more"
    ),
    "speaker.txt": (
        "Talks on Valdoria border to go on\n\n"
        "KESTREL CITY, March 4 (Eastpost) -- The Speaker of Parliament said Valdoria would keep talking.\n\n"
        '"The talks will go on next week," the Speaker of Parliament said on Tuesday about Ilse Marrow\'s plan.'
    ),
}
TABLES = {
    "articles": "SELECT id, duplicate_of, syndication_group, story_id FROM articles ORDER BY id",
    "quotes": "SELECT id, entity_id, statement_id FROM quotes ORDER BY id",
    "statements": "SELECT * FROM statements ORDER BY id",
    "entities": "SELECT id, name, kind, country, source FROM entities ORDER BY id",
    "roles": "SELECT * FROM entity_roles ORDER BY entity_id, title, start",
    "stories": "SELECT * FROM stories ORDER BY id",
}


def _folder(tmp_path: Path, name: str, files: dict[str, str]) -> str:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return str(folder)


# scoped relinks in windows, even where an addition is most of the store (one pass is tested below)
WINDOWED = Config(batch_size=2, relink_whole_store_up_to=0)


def _dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {name: [tuple(r) for r in conn.execute(sql)] for name, sql in TABLES.items()}
    finally:
        conn.close()


def test_adding_in_two_steps_gives_the_record_of_one(tmp_path):
    first = _folder(tmp_path, "first", FIRST)
    second = _folder(tmp_path, "second", SECOND)
    config = WINDOWED
    with open_store(tmp_path / "steps.db") as store:
        add([first], store, config, runner=LocalRunner(1))
        add([second], store, config, runner=LocalRunner(1))
    with open_store(tmp_path / "once.db") as store:
        add([first, second], store, config, runner=LocalRunner(1))
    steps, once = _dump(tmp_path / "steps.db"), _dump(tmp_path / "once.db")
    assert len(steps["quotes"]) >= 4 and steps["statements"]
    for table in TABLES:
        assert steps[table] == once[table], f"{table} differs between two additions and one"
    # and adding nothing new changes nothing
    with open_store(tmp_path / "steps.db") as store:
        add([first, second], store, config, runner=LocalRunner(1))
    assert _dump(tmp_path / "steps.db") == steps


MARCH = {
    "march-wire.txt": (
        "Published: March 3, 2024\n\nValdoria rejects border claim\n\n"
        "KESTREL CITY (Northwire) -- Valdorian Foreign Minister Ilse Marrow said the border was settled long ago.\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Marrow told reporters.'
    ),
    "march-strike.txt": (
        "Published: March 4, 2024\n\nHarbour strike ends\n\n"
        "Union leader Tomas Brenn said the strike was over. \u201cWe have what we came for,\u201d Brenn said."
    ),
}
MARCH_COPY = {
    "march-copy.txt": (
        "Published: March 5, 2024\n\nValdoria says border not open to discussion\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Foreign Minister Ilse Marrow said, '
        "according to Northwire.\n\nRead more"
    ),
}
SEPTEMBER = {
    "september.txt": (
        "Published: September 20, 2024\n\nFerry line reopens\n\n"
        '"The boats will run every hour from Monday," harbour director Anke Solvay said.'
    ),
}


def test_a_relink_after_an_addition_reads_only_the_days_it_can_change(tmp_path):
    from onrecord.link.scope import plan_scopes

    config = WINDOWED
    march, copy, september = (
        _folder(tmp_path, "march", MARCH),
        _folder(tmp_path, "copy", MARCH_COPY),
        _folder(tmp_path, "september", SEPTEMBER),
    )
    with open_store(tmp_path / "steps.db") as store:
        add([march], store, config, runner=LocalRunner(1))
        report = add([september], store, config, runner=LocalRunner(1))
        (scope,) = list(plan_scopes(store, report.added, config))
        assert scope == set(report.added)  # March is months away: not read, not rewritten
        report = add([copy], store, config, runner=LocalRunner(1))
        (scope,) = list(plan_scopes(store, report.added, config))
        march_ids = {r[0] for r in store.db.execute("SELECT id FROM articles WHERE published < '2024-04'")}
        assert scope == march_ids and len(march_ids) == 3  # the copy's days, and the report it copies
    with open_store(tmp_path / "once.db") as store:
        add([march, september, copy], store, config, runner=LocalRunner(1))
    steps, once = _dump(tmp_path / "steps.db"), _dump(tmp_path / "once.db")
    linked = sqlite3.connect(tmp_path / "steps.db").execute(
        "SELECT count(DISTINCT article_id), count(DISTINCT statement_id) FROM quotes WHERE text LIKE 'The line was drawn%'"
    )
    assert linked.fetchone() == (2, 1)  # one statement across the two additions
    for table in TABLES:
        assert steps[table] == once[table], f"{table} differs between a scoped relink and one over everything"
    # a relink of everything over the scoped result changes nothing
    with open_store(tmp_path / "steps.db") as store:
        from onrecord.link import relink

        relink(store, config)
    assert _dump(tmp_path / "steps.db") == steps


def test_relinking_window_by_window_gives_the_record_of_one_relink(tmp_path):
    from onrecord.link import relink, relink_scope
    from onrecord.link.scope import plan_scopes

    config = WINDOWED
    folders = [_folder(tmp_path, name, files) for name, files in [("m", MARCH), ("c", MARCH_COPY), ("s", SEPTEMBER)]]
    with open_store(tmp_path / "windows.db") as store:
        report = add(folders, store, config, runner=LocalRunner(1), relink=False)
        scopes = list(plan_scopes(store, report.added, config, window=1))
        assert len(scopes) == len(report.added) == 4  # one window per new article, in day order
        for scope in scopes:
            relink_scope(store, config, scope)
    with open_store(tmp_path / "whole.db") as store:
        add(folders, store, config, runner=LocalRunner(1), relink=False)
        relink(store, config)
    assert _dump(tmp_path / "windows.db") == _dump(tmp_path / "whole.db")


def test_the_relink_command_recomputes_everything_and_changes_nothing_after_scoped_adds(tmp_path):
    from typer.testing import CliRunner

    from onrecord.cli import app

    config = WINDOWED
    db = tmp_path / "steps.db"
    with open_store(db) as store:
        for name, files in [("m", MARCH), ("s", SEPTEMBER), ("c", MARCH_COPY)]:
            add([_folder(tmp_path, name, files)], store, config, runner=LocalRunner(1))
    before = _dump(db)
    out = CliRunner().invoke(app, ["relink", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "relinked 4 articles" in out.output
    assert _dump(db) == before


UNDATED = {
    # no date anywhere: may be one statement with a report of any day
    "fragment.txt": (
        "Border row goes on\n\nMarrow again called the border question \u201cnot open to discussion\u201d."
    ),
    "banner.txt": (
        "Crowds at the border\n\nA banner at the rally read: "
        '"The line was drawn in 1921 and it is not open to discussion."'
    ),
}
DATED_FULL_NAME = {
    "dated.txt": (
        "Published: March 3, 2024\n\nValdoria rejects border claim\n\n"
        "Foreign Minister Ilse K. Marrow spoke on Monday.\n\n"
        '"The line was drawn in 1921 and it is not open to discussion," Ilse K. Marrow told reporters.'
    ),
}


def test_undated_reports_join_the_statement_they_repeat_whatever_the_order_of_addition(tmp_path):
    """An undated article is in the scope of a dated one when it quotes the same person under
    another form of the name ("Marrow" / "Ilse K. Marrow"), or repeats its words unattributed."""
    config = WINDOWED
    undated, dated = _folder(tmp_path, "undated", UNDATED), _folder(tmp_path, "dated", DATED_FULL_NAME)
    dumps = []
    for name, steps in [
        ("once", [[undated, dated]]),
        ("undated-first", [[undated], [dated]]),
        ("dated-first", [[dated], [undated]]),
    ]:
        with open_store(tmp_path / f"{name}.db") as store:
            for folders in steps:
                add(folders, store, config, runner=LocalRunner(1))
        dumps.append(_dump(tmp_path / f"{name}.db"))
    with open_store(tmp_path / "whole.db") as store:
        add([undated, dated], store, config, runner=LocalRunner(1), relink=False)
        from onrecord.link import relink

        relink(store, config)
    whole = _dump(tmp_path / "whole.db")
    linked = sqlite3.connect(tmp_path / "whole.db").execute(
        "SELECT count(DISTINCT article_id), count(DISTINCT statement_id) FROM quotes WHERE text LIKE '%open to discussion%'"
    )
    assert linked.fetchone() == (3, 1)  # the full quote, the fragment and the banner: one statement
    for dump in dumps:
        for table in TABLES:
            assert dump[table] == whole[table], f"{table} differs from a relink of everything"


@pytest.fixture
def scopes(monkeypatch):
    """The scopes relinked, as `relink` hands them to the real `relink_scope` (None: one pass)."""
    import onrecord.link

    seen = []
    real = onrecord.link.relink_scope

    def relink_scope(store, config, scope):
        seen.append(scope)
        return real(store, config, scope)

    monkeypatch.setattr(onrecord.link, "relink_scope", relink_scope)
    return seen


def test_an_addition_that_is_most_of_a_small_store_is_relinked_in_one_pass(tmp_path, scopes):
    march, copy, september = (
        _folder(tmp_path, "march", MARCH),
        _folder(tmp_path, "copy", MARCH_COPY),
        _folder(tmp_path, "september", SEPTEMBER),
    )
    config = Config(batch_size=2)
    with open_store(tmp_path / "one-pass.db") as store:
        add([march, september], store, config, runner=LocalRunner(1))
        assert scopes == [None]  # three new articles in a store of three: the whole store at once
        scopes.clear()
        add([copy], store, config, runner=LocalRunner(1))
        assert scopes and all(isinstance(s, set) for s in scopes)  # one of four: its window only
    scopes.clear()
    small = Config(batch_size=2, relink_whole_store_up_to=2)
    with open_store(tmp_path / "past-the-size.db") as store:
        add([march, september, copy], store, small, runner=LocalRunner(1))
        assert scopes and None not in scopes  # a store past the size is relinked in windows
    with open_store(tmp_path / "windowed.db") as store:
        for folder in (march, september, copy):
            add([folder], store, WINDOWED, runner=LocalRunner(1))
    one_pass = _dump(tmp_path / "one-pass.db")
    assert one_pass == _dump(tmp_path / "windowed.db") == _dump(tmp_path / "past-the-size.db")


def test_an_addition_whose_undated_window_reads_most_of_the_store_is_relinked_in_one_pass(tmp_path, scopes):
    """Undated articles quoting the people the dated ones quote: their window would read the
    whole store, so the store is relinked once, not window by window and then again whole."""
    import onrecord.link

    undated, dated = _folder(tmp_path, "undated", UNDATED), _folder(tmp_path, "dated", DATED_FULL_NAME)
    with open_store(tmp_path / "one-pass.db") as store:
        add([undated, dated], store, WINDOWED, runner=LocalRunner(1))
    assert scopes == [None]  # "Marrow" undated, "Ilse K. Marrow" dated: every article is in reach
    scopes.clear()
    lone = _folder(tmp_path, "lone", {"lone.txt": 'Ferry news\n\n"Every boat is full," skipper Arno Quill said.'})
    with open_store(tmp_path / "windows.db") as store:
        add([_folder(tmp_path, "march", MARCH)], store, WINDOWED, runner=LocalRunner(1))
        scopes.clear()
        add([lone], store, WINDOWED, runner=LocalRunner(1))
    assert scopes and None not in scopes  # one undated article quoting no one else: its window only
    with open_store(tmp_path / "whole.db") as store:
        add([undated, dated], store, WINDOWED, runner=LocalRunner(1), relink=False)
        onrecord.link.relink(store, WINDOWED)
    assert _dump(tmp_path / "one-pass.db") == _dump(tmp_path / "whole.db")
