"""Running the real pipeline over gold articles, in a temporary store, and collecting its predictions."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.config import Config
from onrecord.evaluate.gold import GoldArticle, load_gold
from onrecord.evaluate.scoring import SCORED_KINDS, ArticleCase, Prediction, Scores, score
from onrecord.records import Quote


@dataclass(slots=True)
class EvalRun:
    cases: list[ArticleCase]  # what onrecord predicted, one case per gold article
    scores: Scores
    peers: dict[str, tuple[list[ArticleCase], Scores]] = field(default_factory=dict)


def prediction_of(quote: Quote) -> Prediction:
    return Prediction(
        text=quote.text,
        speaker=quote.speaker,
        statement=quote.statement_id,
        said_on=quote.said_on.value if quote.said_on else None,
        kind=quote.kind,
        start=quote.start,
        end=quote.end,
        entity_id=quote.entity_id,
    )


def run_pipeline(
    gold_paths: list[str | Path], gold: list[GoldArticle], config: Config, workdir: str | Path
) -> list[ArticleCase]:
    """Add the gold files to a fresh store in `workdir` and read back, per gold article, what was stored."""
    from onrecord.pipeline import add
    from onrecord.store import open_store

    store = open_store(Path(workdir) / "eval.db")
    try:
        add([str(p) for p in gold_paths], store, config)
        cases = []
        for article in gold:
            row = store.db.execute("SELECT id FROM articles WHERE document_id = ?", (article.document_id,)).fetchone()
            if row is None:
                row = store.db.execute(
                    "SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id"
                    " WHERE json_extract(d.hints, '$.id') = ? LIMIT 1",
                    (article.id,),
                ).fetchone()
            if row is None:
                cases.append(ArticleCase(article, [], failure=_failure_of(store, article)))
                continue
            stored = store.get_article(row["id"])
            predictions = [prediction_of(q) for q in store.quotes_of_article(row["id"])]
            for p in predictions:
                if p.speaker is None and p.entity_id:  # attributed only through the resolved entity
                    p.speaker = store.scalar("SELECT name FROM entities WHERE id = ?", (p.entity_id,))
            cases.append(
                ArticleCase(
                    article,
                    predictions,
                    article_id=row["id"],
                    article_text=stored.text if stored else None,
                )
            )
        return cases
    finally:
        store.close()


def _failure_of(store, article: GoldArticle) -> str:
    row = store.db.execute(
        "SELECT stage, reason, detail FROM failures WHERE document_id = ? OR uri = ? ORDER BY id DESC LIMIT 1",
        (article.document_id, article.source),
    ).fetchone()
    if row is None:
        return "no article was made of it"
    return f"{row['stage']}: {row['reason']}" + (f" ({row['detail']})" if row["detail"] else "")


def evaluate(
    gold_paths: list[str | Path],
    config: Config | None = None,
    *,
    peers: tuple[str, ...] = (),
    keep_store: str | Path | None = None,
) -> EvalRun:
    """Run the pipeline over the gold files and score it (and each named peer, on the same clean texts).

    The store is temporary unless `keep_store` names a directory to keep it in (as eval.db),
    for looking at what the pipeline made with the other commands.
    """
    from onrecord.evaluate.peer import check_peer

    config = config or Config(jobs=1)
    gold = load_gold(gold_paths)
    for name in peers:
        check_peer(name)
    if keep_store is not None:
        folder = Path(keep_store)
        if (folder / "eval.db").exists():
            raise FileExistsError(f"{folder / 'eval.db'} already exists; an evaluation needs a fresh store")
        folder.mkdir(parents=True, exist_ok=True)
        cases = run_pipeline(gold_paths, gold, config, folder)
    else:
        with tempfile.TemporaryDirectory(prefix="onrecord-eval-") as workdir:
            cases = run_pipeline(gold_paths, gold, config, workdir)
    run = EvalRun(cases, score(cases))
    for name in peers:
        from onrecord.evaluate.peer import run_peer

        peer_cases = run_peer(name, cases)
        run.peers[name] = (peer_cases, score(peer_cases))
    return run


def predictions_jsonl(cases: list[ArticleCase]) -> str:
    """One line per article: {"id", "quotes": [{"text", "speaker", "statement", "said_on", "kind"}]}."""
    lines = []
    for case in cases:
        quotes = [
            {"text": p.text, "speaker": p.speaker, "statement": p.statement, "said_on": p.said_on, "kind": p.kind}
            for p in case.predictions
            if p.kind in SCORED_KINDS
        ]
        lines.append(json.dumps({"id": case.gold.id, "quotes": quotes}, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")
