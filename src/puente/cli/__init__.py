"""The `puente` command line: one Typer group per capability."""
