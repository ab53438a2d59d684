"""The `jobclub` command: parses arguments and calls the pipeline. Works on the project in this folder."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import schema as schema_files
from .build import build as build_sites
from .build import load_checked_project
from .errors import DataErrors, JobclubError, Problem


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: object, ctx: object) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f'"{value}" is not a date. Write it as YYYY-MM-DD, for example 2026-11-25.')


_today = click.option(
    "--today",
    type=_Date(),
    default=None,
    help="The date the build treats as today (default: the real date).",
)


@click.group()
def main() -> None:
    """Job Club Kit: build job-club websites from the data in this folder."""


_strict = click.option(
    "--strict", is_flag=True, help="Treat pages that are hard to read as errors (used in CI)."
)


@main.command()
@_strict
@_today
def check(today: dt.date | None, strict: bool) -> None:
    """Check every data file and list every problem, with its line and column."""
    root = Path.cwd()
    with _reported(root):
        project = load_checked_project(root, today or dt.date.today(), None, strict)
        _print_warnings(root, project.warnings)
        areas, warnings = len(project.areas), len(project.warnings)
        also = f", and {warnings} warning{'s' if warnings != 1 else ''} above" if warnings else ""
        click.echo(f"No problems found in {areas} area{'s' if areas != 1 else ''}{also}.")


@main.command()
@click.option("--area", "areas", multiple=True, metavar="SLUG", help="Build only this area (repeatable).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="The folder to write the sites into.")
@click.option("--no-packs", is_flag=True, help="Skip the PDF packs and posters, for a quick preview.")
@_strict
@_today
def build(areas: tuple[str, ...], out: Path, today: dt.date | None, no_packs: bool, strict: bool) -> None:
    """Check the data and build one site per area into the output folder."""
    root = Path.cwd()
    interactive = sys.stderr.isatty()
    with _reported(root):
        summary = build_sites(
            root,
            out,
            today or dt.date.today(),
            list(areas) or None,
            report=(lambda message: click.echo(message, err=True)) if interactive else lambda _: None,
            packs=not no_packs,
            strict=strict,
        )
        _print_warnings(root, summary.warnings)
        click.echo(
            f"Built {len(summary.areas)} area{'s' if len(summary.areas) != 1 else ''} "
            f"({summary.pages} pages) into {out} in {summary.seconds:.1f}s, "
            f"with {len(summary.warnings)} warning{'s' if len(summary.warnings) != 1 else ''}."
        )


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("schemas"), show_default=True,
              help="The folder to write the JSON Schemas into.")
def schema(out: Path) -> None:
    """Write JSON Schemas for the data files, so editors can help while you type."""
    for path in schema_files.write_schemas(out):
        click.echo(f"Wrote {path}")


class _reported:
    """Print a user's mistake as a message, never a traceback, and exit with 1."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> bool:
        if isinstance(error, DataErrors):
            for problem in error.problems:
                click.echo(problem.format(self.root), err=True)
            click.echo(f"\n{error} Nothing was written.", err=True)
            sys.exit(1)
        if isinstance(error, JobclubError):
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        return False


def _print_warnings(root: Path, warnings: list[Problem]) -> None:
    for warning in warnings:
        click.echo(warning.format(root), err=True)


# --- new-area and serve: making an area, and previewing it while you edit -------------------------


@main.command("new-area")
@click.argument("slug")
@click.option("--name", required=True, help='The area\'s name as people know it, e.g. "Colwyn Bay".')
@click.option("--nation", required=True, metavar="NATION",
              help="england, wales, scotland or northern-ireland (sets the bank holidays).")
@_today
def new_area(slug: str, name: str, nation: str, today: dt.date | None) -> None:
    """Make site_data/SLUG/ with example files to change: area, venues, partners and timetable."""
    from . import scaffold

    root = Path.cwd()
    with _reported(root):
        try:
            paths = scaffold.new_area(root, slug, name, nation, today or dt.date.today())
        except scaffold.ScaffoldError as error:
            for message in error.messages:
                click.echo(f"Error: {message}", err=True)
            sys.exit(1)
    click.echo(f"Made a new area in site_data/{slug}/:")
    for path in paths:
        click.echo(f"  {path.relative_to(root).as_posix()}")
    click.echo(
        "\nNext, change the example details in each file (the notes in them say how), then run:\n"
        "  jobclub check\n"
        f"  jobclub serve --area {slug}"
    )


@main.command()
@click.option("--area", "slug", metavar="SLUG", default=None,
              help="The area to preview (needed when there is more than one).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to serve on (0: any free port).")
@_today
def serve(slug: str | None, port: int, today: dt.date | None) -> None:
    """Preview an area at http://127.0.0.1:PORT/, rebuilding it whenever you save a file."""
    from .serve import serve as serve_preview

    root = Path.cwd()
    with _reported(root):
        serve_preview(root, slug, port, today, echo=click.echo)
