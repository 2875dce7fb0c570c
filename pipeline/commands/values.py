"""``skg values harm|region|category``: the values query parameters accept."""

from __future__ import annotations

from enum import Enum

import typer

from pipeline.app import FormatOption, FullOption, IdsOption, OutputFormat, app, print_rows, user_errors


class ValueKind(str, Enum):
    harm = "harm"
    region = "region"
    category = "category"


@app.command("values")
def values_command(
    kind: ValueKind = typer.Argument(..., help="harm, region or category."),
    fmt: OutputFormat | None = FormatOption(),
    full: bool = FullOption(),
    ids: bool = IdsOption(),
) -> None:
    """List the valid values of a query parameter, with the other names each is known by.

    Any listed name or alias works in `--param`, in any case ("cse", "Self harm").

    Example: `skg values harm`, then `skg query evidence --param harm=CSE`
    """
    from queries.values import list_values

    with user_errors():
        rows = list_values(kind.value)
        print_rows(rows, fmt, title=f"Valid {kind.value} values ({len(rows)})", full=full, ids=ids)
