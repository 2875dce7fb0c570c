"""``skg tag`` (mentions and links of one document) and ``skg eval`` (scores against gold)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from pipeline.app import app, console, fail, print_json, print_rows, user_errors
from pipeline.settings import get_settings


def _nlp(taxonomy: Any) -> Any:
    from extractors.tagging.tagger import load_nlp

    return load_nlp(taxonomy, get_settings().cache_dir / "spacy")


@app.command("tag")
def tag_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A guidance document."),
    as_json: bool = typer.Option(False, "--json", help="Print the TaggedDocument as JSON."),
    candidates: bool = typer.Option(
        False, "--candidates",
        help="Also list ORG/LAW names outside the taxonomy found by an installed statistical "
             "English model (never downloaded), for curation."),
) -> None:
    """Tag harms, laws, agencies, contacts and regions in FILE and link harms to offences and
    reporting routes, each link with its evidence sentence.

    Example: `skg tag data/raw/pan-sussex-procedure-8.45-online-safety.txt --json`
    """
    with user_errors():
        from extractors.tagging.tagger import default_nlp, tag
        from extractors.taxonomy import load_taxonomy
        from pipeline.commands.extract import extract_file

        taxonomy = load_taxonomy()
        settings = get_settings()
        # Extraction, then tagging, each under the ingest's per-document budget, in one worker
        with settings.budget(prepare=default_nlp) as budget:
            document = extract_file(file, budget, settings.max_bytes)
            tagged = budget.run(tag, document, label=f"{file}: tagging failed")
        found = _candidates(document, taxonomy) if candidates else None
        if as_json:
            data = tagged.model_dump(mode="json")
            if candidates:
                data["candidates"] = found
            print_json(data)
            return
        print_rows([{"kind": m.kind, "id": m.entity_id, "surface": m.surface,
                     "section": m.section, "outdated": m.outdated_name or ""}
                    for m in tagged.mentions], title=f"Mentions in {file.name}")
        print_rows([{"kind": lk.kind, "harm": lk.harm_id, "target": lk.target_id,
                     "method": lk.method, "confidence": lk.confidence,
                     "flags": ", ".join(f for f, on in (("outdated", lk.outdated_name),
                                                        ("jurisdiction", lk.jurisdiction_mismatch))
                                        if on),
                     "evidence": lk.evidence[:160]} for lk in tagged.links],
                   title=f"Links in {file.name}")
        if candidates:
            if found is None:
                console.print("No statistical English spaCy model is installed (e.g. "
                              "en_core_web_sm); no candidates. Nothing is downloaded.")
            else:
                print_rows(found, title="Candidates outside the taxonomy (curate by hand)")


def _candidates(document: Any, taxonomy: Any) -> list[dict[str, Any]] | None:
    """ORG/LAW entities that the taxonomy does not resolve, or None without a model."""
    import spacy
    from spacy.util import get_installed_models

    models = [m for m in get_installed_models() if m.startswith("en_core")]
    if not models:
        return None
    nlp = spacy.load(models[0])
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for s in document.sections:
        for ent in nlp(s.text).ents:
            kind = "law" if ent.label_ == "LAW" else "agency" if ent.label_ == "ORG" else None
            if kind and taxonomy.resolve(kind, ent.text) is None:
                row = out.setdefault((kind, ent.text), {"kind": kind, "name": ent.text, "count": 0})
                row["count"] += 1
    return sorted(out.values(), key=lambda r: (-r["count"], r["name"]))


@app.command("eval")
def eval_command(
    gold: Path = typer.Option(..., "--gold", exists=True, dir_okay=False,
                              help="Gold JSON (format in DESIGN.md)."),
    docs: Path = typer.Option(Path("data/raw"), "--docs", help="Directory of the gold's documents."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    explain: bool = typer.Option(False, "--explain", help="List every false positive and negative."),
) -> None:
    """Precision, recall and F1 of tagging and linking against a gold file, per category
    (harms, laws, agencies, contacts, harm_law_links, harm_route_links) and micro-averaged.

    Example: `skg eval --gold ../shared/corpus/dev/gold.json --docs ../shared/corpus/dev/docs --explain`
    """
    with user_errors():
        from extractors.reading.extract import extract_path
        from extractors.tagging.evaluate import evaluate
        from extractors.tagging.tagger import tag_many
        from extractors.taxonomy import load_taxonomy

        try:
            data = json.loads(gold.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            fail(f"{gold}: not a readable JSON gold file: {e}")
        missing = [name for name in data if not (docs / name).exists()]
        if missing:
            fail(f"{docs}: gold names documents that are not there: {', '.join(missing)}")
        taxonomy = load_taxonomy()
        documents = [extract_path(docs / name) for name in data]
        tagged = dict(zip(data, tag_many(documents, nlp=_nlp(taxonomy), taxonomy=taxonomy)))
        report = evaluate(data, tagged, taxonomy)
        if as_json:
            print_json(report.as_dict(explain=explain))
            return
        rows = [{"category": c, **s.as_dict()} for c, s in report.per_category.items()]
        rows.append({"category": "micro", **report.micro.as_dict()})
        print_rows(rows, title=f"Scores against {gold.name}")
        if explain:
            print_rows(report.errors, title="False positives and negatives")
