"""The ``daihoi`` command line (Typer + Rich)."""
