"""Rendering evaluation results: a table of figures, the misses by article, or JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from onrecord.evaluate.scoring import ArticleResult, Scores

CONTEXT_CHARS = 40  # on each side of a quote
LONG_QUOTE = 140

# (label, figure key, numerator key, denominator key) — counts shown beside rates.
ROWS: list[tuple[str, str, str | None, str | None]] = [
    ("articles", "articles", None, None),
    ("articles not processed", "failures", None, None),
    ("gold quotes", "gold_quotes", None, None),
    ("predicted quotes", "predicted_quotes", None, None),
    ("matched", "matched", None, None),
    ("quote precision", "quote_precision", "matched", "predicted_quotes"),
    ("quote recall", "quote_recall", "matched", "gold_quotes"),
    ("quote F1", "quote_f1", None, None),
    ("speaker accuracy", "speaker_accuracy", "speaker_right", "matched"),
    ("end-to-end precision", "end_to_end_precision", "speaker_right", "predicted_quotes"),
    ("end-to-end recall", "end_to_end_recall", "speaker_right", "gold_quotes"),
    ("end-to-end F1", "end_to_end_f1", None, None),
    ("said_on accuracy", "said_on_accuracy", "said_on_right", "said_on_gold"),
    (
        "statement pair precision (across articles)",
        "statement_precision",
        "statement_common_pairs",
        "statement_predicted_pairs",
    ),
    ("statement pair recall", "statement_recall", "statement_common_pairs", "statement_gold_pairs"),
    ("statement pair F1", "statement_f1", None, None),
    ("  (all pairs, within articles too)", "statement_all_pairs_f1", None, None),
]


def figures_table(systems: dict[str, Scores], title: str = "onrecord eval") -> Table:
    table = Table(title=escape(title))
    table.add_column("figure")
    for name in systems:
        table.add_column(escape(name), justify="right")
    figures = {name: s.figures() for name, s in systems.items()}
    for label, key, num, den in ROWS:
        cells = []
        for name in systems:
            f = figures[name]
            cells.append(_cell(f[key], f[num] if num else None, f[den] if den else None))
        table.add_row(label, *cells)
    return table


def _cell(value: Any, num: Any, den: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.3f}"
        return f"{text} ({num}/{den})" if num is not None and den is not None else text
    return str(value)


def context(text: str | None, start: int | None, end: int | None) -> dict[str, str] | None:
    if text is None or start is None or end is None or start < 0:
        return None
    quote = text[start:end]
    if len(quote) > LONG_QUOTE:
        half = LONG_QUOTE // 2
        quote = quote[:half] + " … " + quote[-half:]
    return {
        "before": _one_line(text[max(0, start - CONTEXT_CHARS) : start]),
        "quote": _one_line(quote),
        "after": _one_line(text[end : end + CONTEXT_CHARS]),
    }


def _one_line(s: str) -> str:
    return " ".join(s.split()) if s.strip() else ""


def _locate(haystack: str | None, needle: str) -> tuple[int | None, int | None]:
    if not haystack or not needle:
        return None, None
    at = haystack.find(needle)
    if at < 0:
        return None, None
    return at, at + len(needle)


def article_details(result: ArticleResult) -> dict[str, Any]:
    case = result.case
    text = case.article_text if case.article_text is not None else case.gold.text

    def gold_item(i: int) -> dict[str, Any]:
        q = case.gold.quotes[i]
        where, (start, end) = text, _locate(text, q.text)
        if start is None:  # cleaning changed the words around it: show the gold text instead
            where, (start, end) = case.gold.text, _locate(case.gold.text, q.text)
        return {"text": q.text, "speaker": q.speaker, "context": context(where, start, end)}

    def pred_item(i: int) -> dict[str, Any]:
        p = case.predictions[i]
        start, end = (p.start, p.end) if p.start is not None else _locate(text, p.text)
        return {"text": p.text, "speaker": p.speaker, "kind": p.kind, "context": context(text, start, end)}

    wrong = []
    for m in result.matches:
        if not m.speaker_right:
            item = gold_item(m.gold_index)
            item["predicted_speaker"] = case.predictions[m.prediction_index].speaker
            wrong.append(item)
    return {
        "id": case.gold.id,
        "article_id": case.article_id,
        "source": case.gold.source,
        "outlet": case.gold.outlet,
        "failure": case.failure,
        "gold": len(result.gold_scored),
        "predicted": len(result.predictions_scored),
        "matched": len(result.matches),
        "speaker_right": sum(m.speaker_right for m in result.matches),
        "misses": [gold_item(i) for i in result.misses],
        "false_alarms": [pred_item(i) for i in result.false_alarms],
        "wrong_speakers": wrong,
    }


def as_json(systems: dict[str, Scores]) -> dict[str, Any]:
    return {
        name: {"figures": s.figures(), "articles": [article_details(r) for r in s.articles]}
        for name, s in systems.items()
    }


def print_misses(console: Console, scores: Scores, system: str = "onrecord") -> None:
    """Misses, false alarms and wrong speakers, grouped by article."""
    for result in scores.articles:
        d = article_details(result)
        if not (d["misses"] or d["false_alarms"] or d["wrong_speakers"] or d["failure"]):
            continue
        head = f"{d['id']}  article {d['article_id'] or '—'}"
        if d["outlet"]:
            head += f"  {d['outlet']}"
        head += f"  ({d['matched']}/{d['gold']} found, {d['predicted']} predicted)"
        console.print(f"\n[bold]{escape(head)}[/bold]  [dim]{escape(system)}[/dim]")
        if d["failure"]:
            console.print(f"  [red]not processed[/red] {escape(d['failure'])}")
        for item in d["misses"]:
            console.print(f"  [yellow]miss[/yellow] ({escape(str(item['speaker']))}) {_show(item)}")
        for item in d["false_alarms"]:
            console.print(f"  [magenta]false alarm[/magenta] ({escape(str(item['speaker']))}) {_show(item)}")
        for item in d["wrong_speakers"]:
            who = f"gold {item['speaker']} / predicted {item['predicted_speaker']}"
            console.print(f"  [red]wrong speaker[/red] ({escape(who)}) {_show(item)}")


def _show(item: dict[str, Any]) -> str:
    ctx = item.get("context")
    if not ctx:
        return f"[bold]{escape(_one_line(item['text']))}[/bold]"
    return f"[dim]…{escape(ctx['before'])}[/dim][bold]{escape(ctx['quote'])}[/bold][dim]{escape(ctx['after'])}…[/dim]"
