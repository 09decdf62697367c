"""`puente sanctions`: the SDN list in force: search, show an entry, programs, diff."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from puente.cli.context import read, settings_of
from puente.cli.output import JsonOption, console, emit, number, source_line, table

if TYPE_CHECKING:
    from puente.sanctions.results import (
        SanctionsDiff,
        SanctionsEntity,
        SanctionsPrograms,
        SanctionsSearch,
    )


app = typer.Typer(
    help="The OFAC SDN list: Kingpin Act and other designations, searchable and versioned.",
    no_args_is_help=True,
)


@app.command("search")
def search(
    ctx: typer.Context,
    q: Annotated[str | None, typer.Argument(help="Words of a name or alias.")] = None,
    program: Annotated[str | None, typer.Option(help="Program tag, e.g. SDNTK.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO code or name, e.g. MX.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="individual, entity, vessel, aircraft.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Search names and aliases (accents and case ignored); Kingpin Act entries with Mexico
    ties come first."""
    from puente.sanctions import entities
    from puente.sanctions.results import SanctionsSearch

    data = read(
        settings_of(ctx),
        lambda cur: entities.search_entities(cur, q, program, country, type_, limit),
        "/api/sanctions/search",
        {"q": q, "program": program, "country": country, "type": type_, "limit": limit},
        model=SanctionsSearch,
    )

    def render(d: SanctionsSearch) -> None:
        table(
            f"{number(d.total)} entries",
            [("id", "r"), "name", "type", "programs", "countries", "matched alias"],
            [
                [
                    r.entity_id,
                    r.name,
                    r.entity_type,
                    ", ".join(r.programs),
                    ", ".join(r.countries),
                    r.matched_name or "",
                ]
                for r in d.results
            ],
        )
        source_line(d.version)

    emit(data, as_json, render)


@app.command("show")
def show(
    ctx: typer.Context,
    entity_id: Annotated[int, typer.Argument(help="The entry's OFAC id (ent_num / uid).")],
    as_json: JsonOption = False,
) -> None:
    """One entry: names, addresses, identity documents, Remarks fields, linked entries."""

    from puente.sanctions import entities
    from puente.sanctions.results import SanctionsEntity, SanctionsLink

    data = read(
        settings_of(ctx),
        lambda cur: entities.get_entity(cur, entity_id),
        f"/api/sanctions/entities/{entity_id}",
        model=SanctionsEntity,
    )

    def render(d: SanctionsEntity) -> None:
        e = d.entity
        console.print(
            f"[bold]{e.name}[/] ({e.entity_type}, id {e.entity_id}) — {', '.join(e.programs)}"
        )
        table("Names", ["kind", "name"], [[n.kind, n.name] for n in e.names])
        if e.addresses:
            table(
                "Addresses",
                ["address", "city", "country"],
                [[a.address, a.city, a.country] for a in e.addresses],
            )
        if e.documents:
            table(
                "Identity documents",
                ["type", "number", "country", "issued", "expires"],
                [[x.doc_type, x.number, x.country, x.issued, x.expires] for x in e.documents],
            )
        facts = [f for f in e.remark_fields if f.field not in ("document", "alias")]
        if facts:
            table(
                "Remarks",
                ["field", "value"],
                [[("alt. " if f.alt else "") + f.field, f.value] for f in facts],
            )
        if e.linked:
            table(
                "Linked",
                ["direction", ("id", "r"), "name", "programs"],
                [
                    [
                        link.direction,
                        link.entity_id,
                        link.name,
                        ", ".join(link.programs if isinstance(link, SanctionsLink) else []),
                    ]
                    for link in e.linked
                ],
            )
        source_line(d.version)

    emit(data, as_json, render)


@app.command("programs")
def programs(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Sanctions programs, entries in each, and how many have Mexico ties."""

    from puente.sanctions import entities
    from puente.sanctions.results import SanctionsPrograms

    data = read(
        settings_of(ctx), entities.list_programs, "/api/sanctions/programs", model=SanctionsPrograms
    )

    def render(d: SanctionsPrograms) -> None:
        table(
            "Programs",
            ["program", ("entries", "r"), ("Mexico ties", "r"), "description"],
            [
                [p.program, number(p.entities), number(p.mexico), p.description or ""]
                for p in d.programs
            ],
        )
        source_line(d.version)

    emit(data, as_json, render)


@app.command("diff")
def diff(
    ctx: typer.Context,
    old: Annotated[
        int | None, typer.Argument(help="Older version (default: the one before).")
    ] = None,
    new: Annotated[
        int | None, typer.Argument(help="Newer version (default: the one in force).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows to show per list.")] = 25,
    as_json: JsonOption = False,
) -> None:
    """Entries added, removed and changed (what changed) between two kept versions."""

    from puente.sanctions.diff import diff_versions
    from puente.sanctions.results import SanctionsDiff

    data = read(
        settings_of(ctx),
        lambda cur: diff_versions(cur, old, new),
        "/api/sanctions/diff",
        {"old": old, "new": new},
        model=SanctionsDiff,
    )

    def render(d: SanctionsDiff) -> None:
        s = d.summary
        console.print(
            f"[bold]SDN list version {d.old.version} → {d.new.version}[/]: "
            f"{number(s.added)} added, {number(s.removed)} removed, "
            f"{number(s.changed)} changed"
        )
        skipped = [k for k, v in d.compared.items() if not v]
        if skipped:
            console.print(f"[dim]Not compared (one version lacks them): {', '.join(skipped)}[/]")
        for title, rows in (("Added", d.added), ("Removed", d.removed)):
            if rows:
                table(
                    f"{title} ({number(len(rows))})",
                    [("id", "r"), "name", "type", "programs"],
                    [
                        [r.entity_id, r.name, r.entity_type, ", ".join(r.programs)]
                        for r in rows[:limit]
                    ],
                )
        if d.changed:
            table(
                f"Changed ({number(len(d.changed))})",
                [("id", "r"), "name", "what changed"],
                [[c.entity_id, c.name, _describe(c.changes)] for c in d.changed[:limit]],
            )

    emit(data, as_json, render)


def _describe(changes: dict[str, Any]) -> str:
    parts = []
    for key, value in changes.items():
        if "old" in value:
            parts.append(f"{key}: {value['old']} → {value['new']}")
        elif key == "remarks":
            parts.append("remarks: " + ", ".join(sorted(value)))
        else:
            bits = [f"+{x}" for x in value["added"]] + [f"-{x}" for x in value["removed"]]
            parts.append(f"{key}: {'; '.join(bits)[:120]}")
    return " | ".join(parts)
