"""The project's SQL is written for SQLite; this turns one statement into PostgreSQL.

Every module that reads the store writes SQLite SQL against `store.db`. On PostgreSQL,
`store.db` is a connection that passes each statement through `Dialect.translate` first,
so the query layer has one dialect to write and both backends answer alike:

- `?` / `?NNN` / `:name` parameters become `%s` (a literal `%` is doubled for the driver);
- `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`, `INSERT OR REPLACE` / `REPLACE` → an upsert on
  the primary key; `BEGIN IMMEDIATE` → `BEGIN` plus the store's writer lock; `PRAGMA` → nothing;
- `IFNULL`, `GROUP_CONCAT`, `INSTR`, multi-argument `min`/`max`, `round`, `json_extract` with a
  literal path; `LIKE` → `ILIKE` (SQLite's LIKE ignores ASCII case; the columns collate "C", so
  ILIKE ignores ASCII case only, too); `==`; `IS` / `IS NOT` between values;
- the column name `end` (reserved in PostgreSQL) is quoted outside CASE ... END;
- SQLite's NULL order (first ascending, last descending) is written out in every ORDER BY;
  an alias used inside an ORDER BY expression is replaced by what it names; a GROUP BY gains
  the plain columns its select list shows (SQLite allows "bare" columns, PostgreSQL does not);
  a subquery in FROM/JOIN without a name gets one;
- FTS5: `quotes_fts MATCH ?` → a tsquery match on the view that stands in for the FTS5 table;
  the FTS5 query text is parsed here (`fts5_to_tsquery`); `bm25()` / `quotes_fts.rank` → a
  ts_rank (negated: lower is better, as in FTS5); `snippet()` / `highlight()` → `onrecord_snippet`.

Constructs with no counterpart raise TranslationError naming them, rather than failing later.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# Letters and digits as the full-text index sees them (migrations_pg/0001 uses the same class).
FTS_WORD_CLASS = (
    "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u1fff\u2c00-\u2dff\u3040-\ud7ff\uf900-\ufdff"
    "\ufe70-\ufeff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffef\U00010000-\U0001efff\U00020000-\U0010ffff"
)
_FTS_WORD = re.compile(f"[{FTS_WORD_CLASS}]+")
HIDDEN_COLUMNS = frozenset({"rowid", "fts"})  # PostgreSQL-only columns SQLite's SELECT * never shows
WRITER_LOCK_KEY = 7_170_320_501  # pg_advisory_xact_lock key: one writer at a time, as SQLite's BEGIN IMMEDIATE


class TranslationError(ValueError):
    """A statement uses SQLite SQL that has no PostgreSQL counterpart here; the message names it."""


class FtsSyntaxError(sqlite3.OperationalError):
    """A malformed FTS5 query. It is SQLite's error class because the caller wrote SQLite's dialect."""


@dataclass(frozen=True)
class Schema:
    """What translation needs to know of the tables: columns in order, primary keys, FTS5 stand-ins."""

    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    primary_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fts: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: {"quotes_fts": ("text", "speaker")})


# -- tokens ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
     (?P<ws>\s+)
    |(?P<comment>--[^\n]*|/\*.*?\*/)
    |(?P<blob>[xX]'[0-9A-Fa-f]*')
    |(?P<str>'(?:[^']|'')*')
    |(?P<qident>"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\])
    |(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<param>\?\d*|[:@$][A-Za-z_][A-Za-z_0-9]*)
    |(?P<word>[A-Za-z_\u0080-\U0010ffff][A-Za-z_0-9$\u0080-\U0010ffff]*)
    |(?P<op>\|\||<<|>>|<=|>=|==|!=|<>|::|[-+*/%<>=~&|])
    |(?P<punct>[(),;.])
    """,
    re.S | re.X,
)


@dataclass
class Tok:
    kind: str  # word, str, qident, num, blob, param, op, punct, raw
    text: str
    key: int | str | None = None  # param: which caller value
    use: str = "value"  # param: value | tsquery | terms

    @property
    def up(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    def is_(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


@dataclass
class Group:
    items: list  # of Tok | Group, between ( and )


def _tokenize(sql: str) -> list[Tok]:
    out: list[Tok] = []
    pos, ordinal = 0, 0
    while pos < len(sql):
        m = _TOKEN.match(sql, pos)
        if not m:
            raise TranslationError(f"cannot read SQL near {sql[pos : pos + 20]!r}")
        pos = m.end()
        kind = m.lastgroup
        text = m.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "qident" and text[0] in "`[":
            inner = text[1:-1].replace("``", "`") if text[0] == "`" else text[1:-1]
            text = '"' + inner.replace('"', '""') + '"'
        if kind == "blob":
            kind, text = "raw", "'\\x" + text[2:-1] + "'::bytea"
        tok = Tok(kind, text)
        if kind == "param":
            if text == "?":
                ordinal += 1
                tok.key = ordinal - 1
            elif text[0] == "?":
                tok.key = int(text[1:]) - 1
                ordinal = max(ordinal, tok.key + 1)
            else:
                tok.key = text[1:]
        out.append(tok)
    if out and out[-1].text == ";":
        out.pop()
    if any(t.text == ";" and t.kind == "punct" for t in out):
        raise TranslationError("one statement at a time: the SQL holds several")
    return out


def _nest(tokens: list[Tok]) -> list:
    stack: list[list] = [[]]
    for t in tokens:
        if t.kind == "punct" and t.text == "(":
            stack.append([])
        elif t.kind == "punct" and t.text == ")":
            if len(stack) == 1:
                raise TranslationError("unbalanced parentheses in SQL")
            inner = stack.pop()
            stack[-1].append(Group(inner))
        else:
            stack[-1].append(t)
    if len(stack) != 1:
        raise TranslationError("unbalanced parentheses in SQL")
    return stack[0]


def _flatten(nodes: list) -> list[Tok]:
    out: list[Tok] = []
    for n in nodes:
        if isinstance(n, Group):
            out.append(Tok("punct", "("))
            out += _flatten(n.items)
            out.append(Tok("punct", ")"))
        else:
            out.append(n)
    return out


def _split_commas(nodes: list) -> list[list]:
    parts: list[list] = [[]]
    for n in nodes:
        if isinstance(n, Tok) and n.kind == "punct" and n.text == ",":
            parts.append([])
        else:
            parts[-1].append(n)
    return parts


def _join_commas(parts: list[list]) -> list:
    out: list = []
    for i, p in enumerate(parts):
        if i:
            out.append(Tok("punct", ","))
        out += p
    return out


def _w(text: str) -> Tok:
    return Tok("raw", text)


# -- the translation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    sql: str | None  # None: nothing to run (a PRAGMA, an FTS5 maintenance command)
    plan: tuple[tuple[int | str, str], ...]  # per %s: (caller key, use)
    hidden: frozenset[str]  # columns a result must not show: SQLite's SELECT * has no rowid (nor fts)
    begin_write: bool = False  # BEGIN IMMEDIATE / EXCLUSIVE: take the writer lock after BEGIN

    def bind(self, params: Sequence | Mapping | None) -> list:
        if not self.plan:
            return []
        if params is None:
            params = ()
        out = []
        for key, use in self.plan:
            try:
                value = params[key]
            except (IndexError, KeyError, TypeError):
                raise sqlite3.ProgrammingError(f"no value for parameter {key!r}") from None
            if isinstance(value, str) and "\x00" in value:
                value = value.replace("\x00", "\ufffd")  # PostgreSQL text cannot hold NUL
            if use == "tsquery":
                value = fts5_to_tsquery(value) if value is not None else None
            elif use == "terms":
                value = fts5_terms(value) if value is not None else []
            out.append(value)
        return out


class Dialect:
    def __init__(self, schema: Schema | None = None):
        self.schema = schema or Schema()
        self.translate = lru_cache(maxsize=1024)(self._translate)

    def _translate(self, sql: str) -> Translation:
        tokens = _tokenize(sql)
        hidden = HIDDEN_COLUMNS - _selected_names(tokens)
        if not tokens:
            return Translation(None, (), hidden)
        head = tokens[0].up
        if head == "PRAGMA":
            return Translation(None, (), hidden)
        if head == "BEGIN":
            mode = tokens[1].up if len(tokens) > 1 else ""
            return Translation("BEGIN", (), hidden, begin_write=mode in ("IMMEDIATE", "EXCLUSIVE"))
        if head in ("END", "COMMIT"):
            return Translation("COMMIT", (), hidden)
        if head == "REPLACE":
            tokens = [Tok("word", "INSERT"), Tok("word", "OR"), Tok("word", "REPLACE"), *tokens[1:]]
        if (
            head == "INSERT"
            and len(tokens) > 5
            and tokens[1].is_("INTO")
            and tokens[2].text.lower() in self.schema.fts
            and tokens[4].text.lower() == tokens[2].text.lower()
        ):
            return Translation(None, (), hidden)  # FTS5 maintenance ('rebuild', ...): the index is always current
        tokens = self._flat_rewrites(tokens)
        nodes = _nest(tokens)
        matches = self._find_matches(nodes)
        nodes = self._rewrite(nodes, matches)
        if head in ("INSERT", "REPLACE"):
            nodes = self._insert(nodes)
        plan: list[tuple[int | str, str]] = []
        flat = _flatten(nodes)
        text = _serialize(flat, plan, escape=any(t.kind == "param" for t in flat))
        return Translation(text, tuple(plan), hidden)

    # flat pass: keywords whose meaning needs no structure
    def _flat_rewrites(self, tokens: list[Tok]) -> list[Tok]:
        out: list[Tok] = []
        case_depth = 0
        i = 0
        while i < len(tokens):
            t = tokens[i]
            up = t.up
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            prev = out[-1] if out else None
            qualified = prev is not None and prev.kind == "punct" and prev.text == "."
            if up == "CASE" and not qualified:
                case_depth += 1
            elif up == "END" and not qualified and case_depth and _ends_value(prev):
                case_depth -= 1
            elif up == "END":
                t = Tok("qident", '"end"')
            elif up == "LIKE" and not qualified:
                t = Tok("word", "ILIKE")
                pattern = tokens[i + 1] if i + 1 < len(tokens) else None
                after = tokens[i + 2] if i + 2 < len(tokens) else None
                if pattern is not None and pattern.kind in ("param", "str") and not (after and after.is_("ESCAPE")):
                    # SQLite's LIKE has no escape character unless given one; PostgreSQL's is a backslash
                    out += [t, pattern, Tok("word", "ESCAPE"), Tok("str", "''")]
                    i += 2
                    continue
            elif up in ("GLOB", "REGEXP") and not qualified:
                raise TranslationError(f"{up} has no PostgreSQL counterpart here; use LIKE")
            elif t.kind == "op" and t.text == "==":
                t = Tok("op", "=")
            elif up == "IS" and nxt is not None:
                negate = nxt.is_("NOT")
                after = tokens[i + 2] if negate and i + 2 < len(tokens) else (None if negate else nxt)
                if after is not None and not after.is_("NULL", "TRUE", "FALSE", "DISTINCT", "UNKNOWN"):
                    out += [Tok("word", "IS")] + ([] if negate else [Tok("word", "NOT")])
                    out += [Tok("word", "DISTINCT"), Tok("word", "FROM")]
                    i += 2 if negate else 1
                    continue
            elif up in ("UPDATE", "INSERT") and nxt is not None and nxt.is_("OR") and i == 0:
                verb = tokens[i + 2].up if i + 2 < len(tokens) else ""
                if up == "UPDATE" or verb in ("ABORT", "FAIL", "ROLLBACK"):
                    out.append(t)
                    i += 3
                    continue
            out.append(t)
            i += 1
        return out

    def _find_matches(self, nodes: list) -> dict[str, Tok]:
        """The FTS5 query operand of each `<fts table> MATCH <operand>`, by table."""
        found: dict[str, Tok] = {}
        for i, n in enumerate(nodes):
            if isinstance(n, Group):
                for k, v in self._find_matches(n.items).items():
                    found.setdefault(k, v)
            elif n.is_("MATCH") and i and i + 1 < len(nodes):
                left, right = nodes[i - 1], nodes[i + 1]
                if isinstance(left, Tok) and left.text.lower() in self.schema.fts and isinstance(right, Tok):
                    found.setdefault(left.text.lower(), right)
        return found

    def _tsquery(self, operand: Tok, use: str = "tsquery") -> list:
        if operand.kind == "param":
            ref = Tok("param", "?", operand.key, use)
        elif operand.kind == "str":
            value = operand.text[1:-1].replace("''", "'")
            if use == "tsquery":
                ref = _w(_literal(fts5_to_tsquery(value)))
            else:
                ref = _w("ARRAY[" + ",".join(_literal(t) for t in fts5_terms(value)) + "]::text[]")
                return [ref]
        else:
            raise TranslationError("MATCH takes a parameter or a string literal")
        if use == "terms":
            return [ref, _w("::text[]")]
        return [_w("to_tsquery('simple', onrecord_unaccent("), ref, _w("))")]

    def _rewrite(self, nodes: list, matches: dict[str, Tok]) -> list:
        out: list = []
        i = 0
        while i < len(nodes):
            n = nodes[i]
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            if isinstance(n, Group):
                out.append(Group(self._rewrite(n.items, matches)))
                i += 1
                continue
            low = n.text.lower() if n.kind == "word" else ""
            prev = out[-1] if out else None
            qualified = isinstance(prev, Tok) and prev.kind == "punct" and prev.text == "."
            # FTS5 table MATCH operand
            if low in self.schema.fts and isinstance(nxt, Tok) and nxt.is_("MATCH") and not qualified:
                operand = nodes[i + 2]
                out += [_w(f"{low}.fts @@ "), *self._tsquery(operand)]
                i += 3
                continue
            if (
                low in self.schema.fts
                and isinstance(nxt, Tok)
                and nxt.text == "."
                and i + 2 < len(nodes)
                and isinstance(nodes[i + 2], Tok)
                and nodes[i + 2].text.lower() == "rank"
            ):
                out += self._rank(low, matches)
                i += 3
                continue
            # a subquery in FROM / JOIN must have a name in PostgreSQL
            if n.is_("FROM", "JOIN") and isinstance(nxt, Group) and _is_select(nxt.items):
                after = nodes[i + 2] if i + 2 < len(nodes) else None
                out += [n, Group(self._rewrite(nxt.items, matches))]
                if not (isinstance(after, Tok) and (after.is_("AS") or _is_alias(after))):
                    out += [Tok("word", "AS"), Tok("word", f"_sub{i}")]
                i += 2
                continue
            if (
                low == "rank"
                and len(matches) == 1
                and not qualified
                and not _tok_is(prev, "AS")
                and not isinstance(nxt, Group)
                and not (isinstance(nxt, Tok) and nxt.text == ".")
            ):
                out += self._rank(next(iter(matches)), matches)  # FTS5's hidden rank column
                i += 1
                continue
            if isinstance(nxt, Group) and n.kind == "word" and not qualified:
                args = _split_commas(self._rewrite(nxt.items, matches))
                replaced = self._function(low, args, matches)
                if replaced is not None:
                    out += replaced
                    i += 2
                    continue
                out += [n, Group(_join_commas(args))]
                i += 2
                continue
            out.append(n)
            i += 1
        return self._clauses(out)

    def _rank(self, table: str, matches: dict[str, Tok]) -> list:
        operand = matches.get(table)
        if operand is None:
            raise TranslationError(f"bm25/rank of {table} needs a `{table} MATCH ...` in the same statement")
        # normalisation 1 (divide by 1 + log of the length) orders matches most like FTS5's bm25
        return [Group([_w(f"-ts_rank({table}.fts, "), *self._tsquery(operand), _w(", 1)")])]

    def _function(self, name: str, args: list[list], matches: dict[str, Tok]) -> list | None:
        fts = self.schema.fts
        if name == "ifnull":
            return [_w("coalesce"), Group(_join_commas(args))]
        if name == "instr" and len(args) == 2:
            return [_w("strpos"), Group(_join_commas(args))]
        if name in ("min", "max") and len(args) > 1:
            return [_w("least" if name == "min" else "greatest"), Group(_join_commas(args))]
        if name == "round" and args and args[0]:
            inner = [Group(args[0]), _w("::numeric")]
            if len(args) > 1:
                inner += [Tok("punct", ","), Group(args[1]), _w("::integer")]
            return [Group([_w("round"), Group(inner), _w("::double precision")])]
        if name == "group_concat":
            first = args[0]
            distinct = []
            if first and isinstance(first[0], Tok) and first[0].is_("DISTINCT"):
                distinct, first = [first[0]], first[1:]
            sep = args[1] if len(args) > 1 else [_w("','")]
            return [_w("string_agg"), Group([*distinct, Group(first), _w("::text"), Tok("punct", ","), *sep])]
        if name == "json_extract" and len(args) == 2:
            path = args[1]
            if len(path) != 1 or not isinstance(path[0], Tok) or path[0].kind != "str":
                raise TranslationError("json_extract needs a literal path such as '$.id'")
            keys = _json_path(path[0].text[1:-1].replace("''", "'"))
            return [Group([Group(args[0]), _w("::jsonb #>> " + _literal("{" + ",".join(keys) + "}"))])]
        if name in ("bm25", "snippet", "highlight"):
            table = args[0][0].text.lower() if args and args[0] and isinstance(args[0][0], Tok) else ""
            if table not in fts:
                return None
            if name == "bm25":
                return self._rank(table, matches)
            operand = matches.get(table)
            if operand is None:
                raise TranslationError(f"{name}() of {table} needs a `{table} MATCH ...` in the same statement")
            column = 0
            if len(args) > 1 and len(args[1]) == 1 and isinstance(args[1][0], Tok) and args[1][0].kind == "num":
                column = max(0, int(args[1][0].text))
            column_name = fts[table][min(column, len(fts[table]) - 1)]
            marks = args[2:4] if len(args) >= 4 else [[_w("''")], [_w("''")]]
            if name == "snippet":
                ellipsis = args[4] if len(args) > 4 else [_w("'…'")]
                words = [Group(args[5]), _w("::integer")] if len(args) > 5 else [_w("15")]
            else:
                ellipsis, words = [_w("''")], [_w("NULL")]
            call = [
                _w(f"{table}.{column_name}"),
                Tok("punct", ","),
                *self._tsquery(operand, "terms"),
                Tok("punct", ","),
                Group(marks[0]),
                _w("::text"),
                Tok("punct", ","),
                Group(marks[1]),
                _w("::text"),
                Tok("punct", ","),
                Group(ellipsis),
                _w("::text"),
                Tok("punct", ","),
                *words,
            ]
            return [_w("onrecord_snippet"), Group(call)]
        return None

    # clause-level fixes within one SELECT: ORDER BY nulls and aliases, GROUP BY bare columns
    def _clauses(self, nodes: list) -> list:
        select_at = _index(nodes, "SELECT")
        if select_at is None:
            return _order_by(nodes, {}, set())
        from_at = _index(nodes, "FROM", select_at)
        items = _split_commas(nodes[select_at + 1 : from_at if from_at is not None else len(nodes)])
        aliases: dict[str, list] = {}
        for item in items:
            if len(item) >= 3 and isinstance(item[-2], Tok) and item[-2].is_("AS") and isinstance(item[-1], Tok):
                aliases[item[-1].text.lower()] = item[:-2]
        columns = {c for cols in self.schema.columns.values() for c in cols}
        nodes = _order_by(nodes, aliases, columns)
        group_at = _index(nodes, "GROUP")
        if group_at is None or not (group_at + 1 < len(nodes) and _tok_is(nodes[group_at + 1], "BY")):
            return nodes
        end = _clause_end(nodes, group_at + 2, ("HAVING", "ORDER", "LIMIT", "OFFSET", "WINDOW", "UNION", "EXCEPT"))
        grouped = _split_commas(nodes[group_at + 2 : end])
        have = {_text(g) for g in grouped}
        extra: list[list] = []
        wanted = [item[:-2] if len(item) >= 3 and _tok_is(item[-2], "AS") else item for item in items]
        order_at = _index(nodes, "ORDER", end)
        if order_at is not None:
            stop = _clause_end(nodes, order_at + 2, ("LIMIT", "OFFSET", "UNION", "EXCEPT"))
            for item in _split_commas(nodes[order_at + 2 : stop]):
                core = [n for n in item if not _tok_is(n, "ASC", "DESC", "NULLS", "FIRST", "LAST")]
                if not (len(core) == 1 and isinstance(core[0], Tok) and core[0].text.lower() in aliases):
                    wanted.append(core)
        for expr in wanted:
            if _is_column_ref(expr) and _text(expr) not in have:
                have.add(_text(expr))
                extra.append(expr)
        if not extra:
            return nodes
        return [*nodes[:end], Tok("punct", ","), *_join_commas(extra), *nodes[end:]]

    def _insert(self, nodes: list) -> list:
        # INSERT [OR IGNORE|REPLACE] INTO table [(columns)] ...
        mode = None
        if len(nodes) > 2 and _tok_is(nodes[1], "OR"):
            mode = nodes[2].up
            nodes = [nodes[0], *nodes[3:]]
        if len(nodes) < 3 or not _tok_is(nodes[1], "INTO"):
            raise TranslationError("cannot read this INSERT")
        table = nodes[2].text.lower()
        columns: list[str] | None = None
        if len(nodes) > 3 and isinstance(nodes[3], Group):
            columns = [_text(c).strip('"') for c in _split_commas(nodes[3].items)]
        elif table in self.schema.columns:
            columns = list(self.schema.columns[table])
            listed = _join_commas([[Tok("qident", '"' + c + '"')] for c in columns])
            nodes = [*nodes[:3], Group(listed), *nodes[3:]]
        returning = _index(nodes, "RETURNING")
        tail = nodes[returning:] if returning is not None else []
        body = nodes[:returning] if returning is not None else nodes
        if mode == "IGNORE":
            body = [*body, _w("ON CONFLICT DO NOTHING")]
        elif mode == "REPLACE":
            key = self.schema.primary_keys.get(table)
            if not key or columns is None:
                raise TranslationError(f"INSERT OR REPLACE INTO {table}: its primary key or columns are not known")
            rest = [c for c in columns if c not in key]
            conflict = "ON CONFLICT (" + ", ".join(f'"{k}"' for k in key) + ")"
            if rest:
                conflict += " DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in rest)
            else:
                conflict += " DO NOTHING"
            body = [*body, _w(conflict)]
        elif mode is not None:
            raise TranslationError(f"INSERT OR {mode} has no PostgreSQL counterpart here")
        return [*body, *tail]


_CLAUSE_WORDS = {
    "WHERE", "GROUP", "ORDER", "LIMIT", "OFFSET", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "CROSS", "FULL",
    "NATURAL", "ON", "USING", "UNION", "EXCEPT", "INTERSECT", "HAVING", "WINDOW", "RETURNING", "SET", "VALUES",
}  # fmt: skip


def _selected_names(tokens: list[Tok]) -> set[str]:
    """Hidden column names the outer select list asks for by name."""
    depth, inside, found = 0, False, set()
    for t in tokens:
        if t.kind == "punct" and t.text in "()":
            depth += 1 if t.text == "(" else -1
        elif depth == 0 and t.is_("SELECT"):
            inside = True
        elif depth == 0 and t.is_("FROM"):
            break
        elif inside and t.kind == "word" and t.text.lower() in HIDDEN_COLUMNS:
            found.add(t.text.lower())
    return found


_EXPECT_VALUE = {
    "SELECT", "WHEN", "THEN", "ELSE", "CASE", "WHERE", "AND", "OR", "NOT", "ON", "BY", "SET", "IS", "IN", "LIKE",
    "ILIKE", "BETWEEN", "DISTINCT", "HAVING", "RETURNING", "VALUES", "ALL", "ANY", "EXISTS",
}  # fmt: skip


def _ends_value(prev: Tok | None) -> bool:
    """Whether the token before an END closes an expression (so END closes a CASE, not a column named end)."""
    if prev is None:
        return False
    if prev.kind in ("num", "str", "qident", "param", "raw"):
        return True
    if prev.kind == "word":
        return prev.up not in _EXPECT_VALUE
    return prev.text == ")"


def _is_select(items: list) -> bool:
    return bool(items) and isinstance(items[0], Tok) and items[0].is_("SELECT", "WITH", "VALUES")


def _is_alias(t: Tok) -> bool:
    return (t.kind == "word" and t.up not in _CLAUSE_WORDS) or t.kind == "qident"


def _tok_is(n: object, *words: str) -> bool:
    return isinstance(n, Tok) and n.is_(*words)


def _index(nodes: list, word: str, start: int = 0) -> int | None:
    for i in range(start, len(nodes)):
        if _tok_is(nodes[i], word):
            return i
    return None


def _clause_end(nodes: list, start: int, words: tuple[str, ...]) -> int:
    for i in range(start, len(nodes)):
        if _tok_is(nodes[i], *words):
            return i
    return len(nodes)


def _text(nodes: list) -> str:
    return " ".join(t.text.lower() for t in _flatten(nodes))


def _is_column_ref(expr: list) -> bool:
    if len(expr) == 1:
        return isinstance(expr[0], Tok) and (
            expr[0].kind == "qident" or (expr[0].kind == "word" and expr[0].up not in ("NULL", "TRUE", "FALSE"))
        )
    return (
        len(expr) == 3
        and all(isinstance(n, Tok) for n in expr)
        and expr[0].kind in ("word", "qident")
        and expr[1].text == "."
        and expr[2].kind in ("word", "qident")
    )


def _order_by(nodes: list, aliases: dict[str, list], columns: set[str]) -> list:
    """Write SQLite's NULL order into every ORDER BY at this level; resolve aliases inside expressions."""
    out = list(nodes)
    i = 0
    while i < len(out) - 1:
        if _tok_is(out[i], "ORDER") and _tok_is(out[i + 1], "BY"):
            stop = _clause_end(out, i + 2, ("LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "FETCH"))
            items = _split_commas(out[i + 2 : stop])
            fixed = []
            for item in items:
                core = [n for n in item if not _tok_is(n, "ASC", "DESC", "NULLS", "FIRST", "LAST")]
                if len(core) > 1 and aliases:
                    item = _substitute_aliases(item, aliases, columns)
                if not any(_tok_is(n, "NULLS") for n in item):
                    desc = bool(item) and _tok_is(item[-1], "DESC")
                    item = [*item, Tok("word", "NULLS"), Tok("word", "LAST" if desc else "FIRST")]
                fixed.append(item)
            joined = _join_commas(fixed)
            out[i + 2 : stop] = joined
            i += 2 + len(joined)
        else:
            i += 1
    return out


def _substitute_aliases(item: list, aliases: dict[str, list], columns: set[str]) -> list:
    out = []
    for j, n in enumerate(item):
        prev = item[j - 1] if j else None
        nxt = item[j + 1] if j + 1 < len(item) else None
        if (
            isinstance(n, Tok)
            and n.kind == "word"
            and n.text.lower() in aliases
            and n.text.lower() not in columns
            and not (isinstance(prev, Tok) and prev.text == ".")
            and not (isinstance(nxt, Tok) and nxt.text == ".")
            and not isinstance(nxt, Group)
        ):
            out.append(Group(aliases[n.text.lower()]))
        else:
            out.append(n)
    return out


def _json_path(path: str) -> list[str]:
    if not path.startswith("$"):
        raise TranslationError(f"json_extract path {path!r} must start with '$'")
    keys = []
    for m in re.finditer(r'\.(?:"([^"]*)"|([^.\[]+))|\[(\d+)\]', path[1:]):
        keys.append(m.group(3) if m.group(3) is not None else (m.group(1) if m.group(1) is not None else m.group(2)))
    return ['"' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_NO_SPACE_BEFORE = {".", ",", ")", "::"}
_NO_SPACE_AFTER = {".", "(", "::"}


def _serialize(tokens: list[Tok], plan: list, *, escape: bool) -> str:
    """SQL text with %s per parameter; a literal % is doubled only when the driver will read placeholders."""
    parts: list[str] = []
    prev = ""
    for t in tokens:
        if t.kind == "param":
            text = "%s"
            plan.append((t.key, t.use))
        else:
            text = t.text.replace("%", "%%") if escape else t.text
        if (
            parts
            and prev not in _NO_SPACE_AFTER
            and text not in _NO_SPACE_BEFORE
            and not (text == "(" and prev and (prev[-1].isalnum() or prev[-1] in '_"'))
        ):
            parts.append(" ")
        parts.append(text)
        prev = text
    return "".join(parts)


# -- FTS5 query language → tsquery ------------------------------------------------------------

_FTS_TOKEN = re.compile(
    r'\s+|(?P<str>"(?:[^"]|"")*")|(?P<bare>[A-Za-z0-9_\x1a\u0080-\U0010ffff]+)|(?P<op>[(){}:*+,^-])|(?P<bad>.)', re.S
)


@dataclass
class _Phrase:
    words: list[str]
    prefix: bool = False


def _fts_tokens(query: str) -> list[tuple[str, str]]:
    out = []
    for m in _FTS_TOKEN.finditer(query):
        if m.lastgroup == "str":
            if not m.group().endswith('"') or len(m.group()) < 2:
                raise FtsSyntaxError(f"fts5: unterminated string in {query!r}")
            out.append(("str", m.group()[1:-1].replace('""', '"')))
        elif m.lastgroup == "bare":
            out.append(("bare", m.group()))
        elif m.lastgroup == "op":
            out.append(("op", m.group()))
        elif m.lastgroup == "bad":
            if m.group() == '"':
                raise FtsSyntaxError(f"fts5: unterminated string in {query!r}")
            raise FtsSyntaxError(f"fts5: syntax error near {m.group()!r}")
    return out


class _FtsParser:
    """FTS5's query grammar (phrases, *, +, NEAR, column filters, AND/OR/NOT, parentheses).

    Produces tsquery text: weight A is the quote's text, B the speaker's name. NEAR is read
    as "all of these words" (looser than FTS5's distance); `^` (first word) is ignored.
    """

    def __init__(self, query: str, columns: tuple[str, ...]):
        self.toks = _fts_tokens(query)
        self.i = 0
        self.columns = columns

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise FtsSyntaxError("fts5: syntax error: the query ends too soon")
        self.i += 1
        return tok

    def parse(self) -> str | None:
        if not self.toks:
            raise FtsSyntaxError("fts5: syntax error: empty query")
        node = self.or_expr(None)
        if self.peek() is not None:
            raise FtsSyntaxError(f"fts5: syntax error near {self.peek()[1]!r}")
        return node

    def or_expr(self, weights):
        left = self.and_expr(weights)
        while self.peek() == ("bare", "OR"):
            self.take()
            right = self.and_expr(weights)
            left = _combine(left, right, "|")
        return left

    def and_expr(self, weights):
        left = self.not_expr(weights)
        while True:
            tok = self.peek()
            if tok == ("bare", "AND"):
                self.take()
                left = _combine(left, self.not_expr(weights), "&")
            elif tok is not None and tok not in (("bare", "OR"), ("op", ")")) and tok != ("bare", "NOT"):
                left = _combine(left, self.not_expr(weights), "&")
            else:
                return left

    def not_expr(self, weights):
        left = self.unit(weights)
        while self.peek() == ("bare", "NOT"):
            self.take()
            right = self.unit(weights)
            if right is None:
                continue
            left = None if left is None else f"({left} & !({right}))"
        return left

    def unit(self, weights):
        tok = self.peek()
        if tok is None:
            raise FtsSyntaxError("fts5: syntax error: the query ends too soon")
        # column filter: col : ...  |  {a b} : ...  |  - col : ...
        negate = False
        if tok == ("op", "-"):
            negate = True
            self.take()
            tok = self.peek()
        if tok == ("op", "{"):
            self.take()
            names = []
            while (t := self.take()) != ("op", "}"):
                if t[0] != "bare":
                    raise FtsSyntaxError(f"fts5: syntax error near {t[1]!r}")
                names.append(t[1])
            if self.take() != ("op", ":"):
                raise FtsSyntaxError("fts5: a column list must be followed by ':'")
            return self.unit(self._weights(names, negate))
        if tok is not None and tok[0] == "bare" and self.peek(1) == ("op", ":"):
            self.take()
            self.take()
            return self.unit(self._weights([tok[1]], negate))
        if negate:
            raise FtsSyntaxError("fts5: syntax error near '-'")
        if tok == ("op", "("):
            self.take()
            inner = self.or_expr(weights)
            if self.take() != ("op", ")"):
                raise FtsSyntaxError("fts5: syntax error: unbalanced parentheses")
            return inner
        if tok == ("bare", "NEAR") and self.peek(1) == ("op", "("):
            self.take()
            self.take()
            phrases = []
            while True:
                t = self.peek()
                if t is None:
                    raise FtsSyntaxError("fts5: syntax error: NEAR( is not closed")
                if t == ("op", ")"):
                    self.take()
                    break
                if t == ("op", ","):
                    self.take()
                    distance = self.take()
                    if not distance[1].isdigit() or self.take() != ("op", ")"):
                        raise FtsSyntaxError("fts5: syntax error in NEAR distance")
                    break
                phrases.append(self.phrase(weights))
            if not phrases:
                raise FtsSyntaxError("fts5: syntax error: NEAR() needs phrases")
            node = None
            for p in phrases:
                if p is None:
                    return None
                node = p if node is None else _combine(node, p, "&")
            return node
        if tok == ("op", "^"):
            self.take()
        return self.phrase(weights)

    def _weights(self, names: list[str], negate: bool) -> str:
        known = {c.lower(): "AB"[i] for i, c in enumerate(self.columns[:2])}
        for n in names:
            if n.lower() not in known:
                raise FtsSyntaxError(f"fts5: no such column: {n}")
        chosen = {known[n.lower()] for n in names}
        if negate:
            chosen = set(known.values()) - chosen
        return "".join(sorted(chosen))

    def phrase(self, weights):
        words: list[str] = []
        prefix = False
        while True:
            tok = self.take()
            if tok[0] == "str" or (tok[0] == "bare" and tok[1] not in ("AND", "OR", "NOT")):
                words += [w for w in _FTS_WORD.findall(tok[1])]
            else:
                raise FtsSyntaxError(f"fts5: syntax error near {tok[1]!r}")
            if self.peek() == ("op", "*"):
                self.take()
                prefix = True
            if self.peek() == ("op", "+"):
                self.take()
                continue
            break
        if not words:
            return None
        return _phrase_query(words, prefix, weights)


def _combine(left, right, op):
    if op == "&":
        return None if left is None or right is None else f"({left} & {right})"
    if left is None:
        return right
    if right is None:
        return left
    return f"({left} | {right})"


def _phrase_query(words: list[str], prefix: bool, weights: str | None) -> str:
    def lexeme(w: str, last: bool, weight: str) -> str:
        return _literal(w) + (":" if (prefix and last) or weight else "") + ("*" if prefix and last else "") + weight

    def one(weight: str) -> str:
        return " <-> ".join(lexeme(w, k == len(words) - 1, weight) for k, w in enumerate(words))

    if weights is None and len(words) > 1:
        return "(" + " | ".join(f"({one(w)})" for w in "AB") + ")"  # a phrase lies within one column
    if weights is not None and len(weights) > 1 and len(words) > 1:
        return "(" + " | ".join(f"({one(w)})" for w in weights) + ")"
    return "(" + one(weights or "") + ")"


def fts5_to_tsquery(query: str, columns: tuple[str, ...] = ("text", "speaker")) -> str:
    """tsquery text (for to_tsquery('simple', ...)) meaning what the FTS5 query means.

    A query with nothing searchable gives '' (matches nothing); malformed FTS5 raises FtsSyntaxError.
    """
    node = _FtsParser(query, columns).parse()
    return node or ""


def fts5_terms(query: str) -> list[str]:
    """The words an FTS5 query looks for (prefix words end in '*'), for marking them in snippets."""
    terms: list[str] = []
    try:
        toks = _fts_tokens(query)
    except FtsSyntaxError:
        return terms
    for k, (kind, text) in enumerate(toks):
        if kind == "bare" and text in ("AND", "OR", "NOT", "NEAR"):
            continue
        if kind in ("str", "bare"):
            if k + 1 < len(toks) and toks[k + 1] == ("op", ":"):
                continue  # a column name
            words = _FTS_WORD.findall(text)
            star = k + 1 < len(toks) and toks[k + 1] == ("op", "*")
            for j, w in enumerate(words):
                terms.append(w + ("*" if star and j == len(words) - 1 else ""))
    return terms
