"""``skg dedupe``: duplicate, revision and containment groups in a directory of guidance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from pipeline.app import EXIT_PARTIAL, app, console, err_console, print_json, user_errors


def result_json(result: Any) -> dict[str, Any]:
    """The documented JSON shape (evidence is for the table, not the JSON contract)."""
    return {
        "groups": [
            {"canonical": g.canonical,
             "members": [{"id": m.id, "relation": m.relation, "similarity": m.similarity,
                          "changes": m.changes.model_dump() if m.changes else None}
                         for m in g.members]}
            for g in result.groups
        ],
        "singletons": list(result.singletons),
    }


def _changes(m: Any) -> str:
    if not m.changes:
        return ""
    parts = [f"{label}: {', '.join(items)}" for label, items in
             (("+", m.changes.added), ("-", m.changes.removed), ("~", m.changes.changed)) if items]
    return "; ".join(parts) or "(no section-level change)"


def _print_table(result: Any, n_docs: int) -> None:
    table = Table(title=f"De-duplication of {n_docs} documents", highlight=False)
    # similarity: Jaccard (containment for "contained"); shared: member sentences the canonical
    # has; boilerplate: shared sentences ignored; in order: numbered sections in order.
    for col in ("canonical", "member", "relation", "sim.", "shared", "boiler-plate",
                "in order canon/memb", "sections +added -removed ~changed"):
        table.add_column(col, overflow="fold")
    for g in result.groups:
        for i, m in enumerate(g.members):
            ev = m.evidence
            table.add_row(
                g.canonical if i == 0 else "", m.id, m.relation, f"{m.similarity:.3f}",
                f"{ev.shared_sentences:.0%}" if ev else "", str(ev.boilerplate_sentences) if ev else "",
                f"{'yes' if ev.canonical_in_order else 'no'}/{'yes' if ev.member_in_order else 'no'}"
                if ev else "", _changes(m),
            )
    console.print(table)
    if not result.groups:
        console.print("[dim](no duplicate groups)[/]")
    console.print(f"{len(result.singletons)} singletons: {', '.join(result.singletons) or '-'}",
                  highlight=False, soft_wrap=True)


def _reason(path: Path, message: str) -> str:
    """The error message without a leading file name, which the line already gives."""
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


@app.command("dedupe")
def dedupe_command(
    directory: Path = typer.Argument(Path("data/raw"), help="Directory of guidance and sources.toml."),
    as_json: bool = typer.Option(False, "--json", help="Print the groups as JSON."),
    index_path: Path | None = typer.Option(
        None, "--index", help="Persisted LSH index to reuse and update (e.g. data/cache/lsh.pkl)."),
) -> None:
    """Group copies, revisions and embedded copies of the same guidance.

    Example: `skg dedupe data/raw` (table with the evidence) or `skg dedupe data/raw --json`.
    Files that cannot be read, or that run over `SKG_DOC_TIMEOUT` / `SKG_DOC_MEMORY_MB`, are
    listed as `Error: FILE: reason` and the others are still grouped (exit code 2).
    """
    from extractors.dedupe.groups import dedupe, dedupe_persisted
    from extractors.reading.extract import extract_all
    from extractors.reading.sources import discover
    from pipeline.settings import get_settings

    with user_errors():
        settings = get_settings()
        sources, _warnings = discover(directory)
        with settings.budget() as budget:  # each document bounded as in an ingest
            extraction = extract_all(sources, settings.max_bytes, budget=budget)
        for f in extraction.failures:
            path = Path(f.path)
            err_console.print(f"Error: {path.name}: {_reason(path, f.message)}",
                              highlight=False, markup=False, soft_wrap=True)
        docs, failed = extraction.documents, len(extraction.failures)
        if index_path is not None:
            result = dedupe_persisted(docs, index_path, settings.dedupe)
        else:
            result = dedupe(docs, settings.dedupe)
    if as_json:
        print_json(result_json(result))
    else:
        _print_table(result, len(docs))
    if failed:
        raise typer.Exit(EXIT_PARTIAL)
