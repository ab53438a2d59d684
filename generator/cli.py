"""The `jobclub` command: parses arguments and calls the pipeline. Works on the project in this folder."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import report_formats
from .check import load_checked_project
from .errors import DataErrors, JobclubError, Problem
from .model import FIRST_YEAR, LAST_YEAR
from .outfolder import os_failure, schema_folder

if TYPE_CHECKING:
    from .build import BuildSummary, Shard

# Each command imports the heavy parts it needs (mkdocs, WeasyPrint) when it runs, so that
# `jobclub check`, which staff run after every edit, starts in a fraction of a second.


class _ShardType(click.ParamType):
    name = "I/N"

    def convert(self, value: object, param: object, ctx: object) -> Shard:
        from .build import Shard

        if isinstance(value, Shard):
            return value
        number, _, count = str(value).partition("/")
        if number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count):
            return Shard(int(number), int(count))
        self.fail(f'"{value}" is not a shard. Write it as I/N, for example 2/4 for the second of four.')


class _Jobs(click.ParamType):
    name = "N"

    def convert(self, value: object, param: object, ctx: object) -> int:
        if isinstance(value, int) and value >= 1:
            return value
        if str(value).strip().isdigit() and int(str(value)) >= 1:
            return int(str(value))
        self.fail(f'"{value}" is not a number of areas to build at once. Write a whole number of 1 or more, '
                  "for example --jobs 2, or leave --jobs out to use one per processor core.")


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: object, ctx: object) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            date = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f'"{value}" is not a date. Write it as YYYY-MM-DD, for example 2026-11-25.')
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            self.fail(f'"{value}" is too far from now: write a date from {FIRST_YEAR} to {LAST_YEAR}.')
        return date


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
@click.option("--format", "format_", type=click.Choice(report_formats.FORMATS), default="text",
              show_default=True, help="Also report the problems for a tool: github (annotations on the "
              "changed lines), gitlab (a Code Quality report) or json. Printed, or written to --output.")
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="Write the gitlab or json report to FILE instead of printing it.")
@click.option("--services", "services_in_full", is_flag=True,
              help="List each warning about the national services in content/services.yml (for content "
              "editors), instead of one line for them all.")
def check(
    today: dt.date | None, strict: bool, format_: str, output: Path | None, services_in_full: bool
) -> None:
    """Check every data file and list every problem, with its line and column."""
    root = Path.cwd()
    if output is not None and format_ not in report_formats.REPORT_FILES:
        raise click.UsageError("--output is for --format gitlab or --format json.")
    with _reported(root):
        try:
            project = load_checked_project(root, today or dt.date.today(), None, strict, services_in_full)
        except DataErrors as errors:
            if format_ != "text":
                click.echo(report_formats.write_report(format_, errors.problems, root, output), nl=False)
            raise
        _print_warnings(root, project.warnings)
        if format_ != "text":
            click.echo(report_formats.write_report(format_, project.warnings, root, output), nl=False)
        warnings = len(project.warnings)
        also = f", and {_plural(warnings, 'warning')} above" if warnings else ""
        found = f"No problems found in {_plural(len(project.areas), 'area')}{also}."
        click.echo(found, err=format_ != "text")  # standard output holds only the report
        for note in project.notes:
            click.echo(note, err=format_ != "text")


@main.command()
@click.option("--area", "areas", multiple=True, metavar="SLUG", help="Build only this area (repeatable).")
@click.option("--out", type=click.Path(), default="site", show_default=True,
              help="The folder to write the sites into (see Safety in the README).")
@click.option("--no-packs", is_flag=True,
              help="Skip the PDF packs and posters, for a quick look (not for publishing).")
@click.option("--jobs", type=_Jobs(), default=None,
              help="How many areas to build at once (default: one per processor core).")
@click.option("--shard", type=_ShardType(), default=None, metavar="I/N",
              help="Build only slice I of N of the areas (for sharing a build between machines).")
@_strict
@_today
def build(
    areas: tuple[str, ...],
    out: str,
    today: dt.date | None,
    no_packs: bool,
    strict: bool,
    jobs: int | None,
    shard: Shard | None,
) -> None:
    """Check the data and build one site per area that changed into the output folder."""
    from .build import build as build_sites

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
            jobs=jobs,
            shard=shard,
        )
        _print_warnings(root, summary.warnings)
        click.echo(_summary_line(summary, out))
        if no_packs and summary.areas:
            one = len(summary.areas) == 1
            these, their = ("This area was", "its") if one else ("These areas were", "their")
            click.echo(
                f"{these} built without packs and posters (--no-packs): {their} pages in {out} "
                "link to none. Build again without --no-packs before you publish."
            )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary_line(summary: BuildSummary, out: str) -> str:
    if not summary.areas:
        unchanged = len(summary.unchanged)
        are = "is" if unchanged == 1 else "are"
        return f"Nothing changed: {_plural(unchanged, 'area')} in {out} {are} up to date."
    kept = f", {len(summary.unchanged)} unchanged" if summary.unchanged else ""
    return (
        f"Built {_plural(len(summary.areas), 'area')}{kept} into {out} in {summary.seconds:.1f}s: "
        f"{_plural(summary.pages, 'page')}, {_plural(summary.downloads, 'PDF')}, "
        f"{_plural(summary.feeds, 'calendar feed')}, {_plural(len(summary.warnings), 'warning')}."
    )


@main.command()
@click.option("--out", type=click.Path(), default="site", show_default=True,
              help="The folder holding the areas' sites.")
def index(out: str) -> None:
    """Write the national index page listing every area built into the output folder
    (the last step after building in shards)."""
    from .build import write_national_index

    with _reported(Path.cwd()):
        write_national_index(Path.cwd(), out)
        click.echo(f"Wrote {Path(out) / 'index.html'}")


@main.command()
@click.option("--area", "slug", required=True, metavar="SLUG", help="The area to copy.")
@click.option("--out", type=click.Path(path_type=Path), default=None, metavar="FILE.zip",
              help="The ZIP file to write (default: SLUG-offline.zip).")
@click.option("--no-packs", is_flag=True, help="Leave out the PDF packs and posters (a smaller copy).")
@_today
def bundle(slug: str, out: Path | None, today: dt.date | None, no_packs: bool) -> None:
    """Write one ZIP of an area's site, with its packs and posters, that works opened from disk
    with no internet (unzip it, then open SLUG/index.html)."""
    from .bundle import bundle_area

    root = Path.cwd()
    with _reported(root):
        written = bundle_area(root, slug, out or Path(f"{slug}-offline.zip"), today or dt.date.today(),
                              packs=not no_packs)
        click.echo(f"Wrote {written}: unzip it, then open {slug}/index.html in a web browser.")


@main.command()
@click.option("--out", type=click.Path(), default="schemas", show_default=True,
              help="The folder to write the JSON Schemas into.")
def schema(out: str) -> None:
    """Write JSON Schemas for the data files, so editors can help while you type."""
    from . import schema as schema_files

    with _reported(Path.cwd()):
        folder = schema_folder(Path.cwd(), out, [f"{name}.schema.json" for name in schema_files.SCHEMAS])
        for path in schema_files.write_schemas(folder):
            click.echo(f"Wrote {Path(out) / path.name}")


class _reported:
    """Print a user's mistake as a message, never a traceback, and exit with 1 (2 when the operating
    system refused something)."""

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
            sys.exit(getattr(error, "exit_code", 1))
        if isinstance(error, OSError):  # the system refused: exit 2, as for click's own usage errors
            click.echo(f"Error: {os_failure(error)}", err=True)
            sys.exit(2)
        if isinstance(error, Exception):  # a fault in jobclub itself, not the user's: still no traceback
            click.echo(_fault_message(error), err=True)
            sys.exit(3)
        return False


def _fault_message(error: Exception) -> str:
    """What to say when jobclub itself goes wrong: whose fault it is, that nothing published was
    changed, and where the details for a developer are (saved to a file, not shown)."""
    import tempfile
    import traceback

    details = "".join(traceback.format_exception(error))
    try:
        with tempfile.NamedTemporaryFile("w", prefix="jobclub-fault-", suffix=".txt", delete=False,
                                         encoding="utf-8") as file:
            file.write(details)
        send = f"Please send the file {file.name} (the details, for a developer)"
    except OSError:
        send = f"Please send this message ({type(error).__name__}: {error})"
    return (
        "Error: something went wrong inside jobclub. This is a fault in the kit, not a mistake in "
        "your files. A build that stops like this leaves the published site as it was.\n"
        f"{send} to whoever looks after jobclub for your area."
    )


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
