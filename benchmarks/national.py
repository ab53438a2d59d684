"""National scale: N synthetic areas built by this project, side by side with the naive way.

    make benchmark                                  # 350 areas, 3 runs
    .venv/bin/python benchmarks/national.py --areas 40 --runs 1 --naive-sample 10

The naive way is one `mkdocs build` process per area (on the same rendered pages this project gives
mkdocs) and one `weasyprint` command per pack (on the same HTML), run as many at once as this project
uses worker processes (--jobs, default one per core), so both sides use the same cores. Each figure is
the median of --runs runs; naive figures are measured on --naive-sample areas (default: all) and
scaled to N. Results are printed and written to benchmarks/results.md (and .json). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TODAY = "2026-11-25"
# Synthetic areas are copies of the sample areas, one nation and language mix each.
SAMPLES = sorted(folder.name for folder in (ROOT / "site_data").iterdir() if (folder / "area.yml").is_file())


# --- A synthetic nation ----------------------------------------------------------------------------


def make_project(folder: Path, areas: int) -> Path:
    """A project with `areas` areas, varied from the samples: names, partners, venues, times."""
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for number in range(areas):
        sample = SAMPLES[number % len(SAMPLES)]
        slug = f"{sample}-{number:03d}"
        target = folder / "site_data" / slug
        target.mkdir(parents=True)
        data = {
            name: yaml.load((ROOT / "site_data" / sample / name).read_text(), Loader=yaml.BaseLoader)
            for name in ("area.yml", "venues.yml", "partners.yml", "timetable.yml")
        }
        data["area.yml"]["slug"] = slug
        name = data["area.yml"]["name"]  # a bilingual area's is {en: ..., cy: ...}
        data["area.yml"]["name"] = (
            {language: f"{text} {number:03d}" for language, text in name.items()}
            if isinstance(name, dict) else f"{name} {number:03d}"
        )
        partners = data["partners.yml"]["partners"]
        used = {entry["run_by"] for entry in data["timetable.yml"]["sessions"]}
        # Vary the partner list: drop one that runs nothing, in every other area.
        if number % 2:
            spare = [p for p in partners if p["id"] not in used]
            if spare:
                partners.remove(spare[number % len(spare)])
        for index, entry in enumerate(data["timetable.yml"]["sessions"]):
            if "spaces" in entry:
                entry["spaces"] = str(6 + (number + index) % 10)
        for name, value in data.items():
            (target / name).write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True))
    return folder


# --- Measuring ---------------------------------------------------------------------------------------

_MEASURE = """
import json, resource, sys, time
from generator.cli import main
started = time.monotonic()
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": time.monotonic() - started, "peak_kb": max(own, children)}), file=sys.stderr)
"""


def jobclub(project: Path, *arguments: str, cold: bool = False) -> dict[str, float]:
    """Run the jobclub command in a fresh process; its time and peak memory (largest process). With
    `cold`, the kit's cache in the user's folder (bank holidays, reading ages, files already read) is
    a new, empty one, as on a fresh machine."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jobclub-cache-") as cache:
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, *arguments], cwd=project, capture_output=True, text=True,
            env={**os.environ, **({"JOBCLUB_CACHE": cache} if cold else {})},
        )
    if result.returncode:
        raise SystemExit(f"jobclub {' '.join(arguments)} failed:\n{result.stderr}")
    figures = json.loads(result.stderr.strip().splitlines()[-1])
    figures["wall"] = time.monotonic() - started
    return figures


def run_at_once(commands: Sequence[list[str]], workers: int, env: dict[str, str] | None = None) -> float:
    """Run the commands, `workers` at a time (like `xargs -P`), and return the wall-clock seconds."""

    def run(command: list[str]) -> None:
        subprocess.run(command, check=True, env=env, capture_output=True)

    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, commands))
    return time.monotonic() - started


def median_of(runs: int, run: Callable[[], float], before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        times.append(run())
    return statistics.median(times)


def disk_usage(folder: Path) -> tuple[int, int]:
    """(bytes on disk counting each hard-linked file once, bytes if every file were a copy)."""
    seen, unique, apparent = set(), 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            apparent += info.st_size
            if info.st_ino not in seen:
                seen.add(info.st_ino)
                unique += info.st_size
    return unique, apparent


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def page_weight(site: Path, area: str) -> dict[str, int]:
    """Bytes (gzip) a browser fetches on a first visit to an area's home page, and for a next page."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        fetched: dict[str, int] = {}

        def record(response) -> None:  # type: ignore[no-untyped-def]
            if response.status == 200 and response.url not in fetched:
                fetched[response.url] = len(gzip.compress(response.body(), 6))

        page.on("response", record)
        page.goto(f"{base}/{area}/", wait_until="networkidle")
        first = sum(fetched.values())
        seen = set(fetched)
        page.goto(f"{base}/{area}/timetable/", wait_until="networkidle")
        later = sum(size for url, size in fetched.items() if url not in seen)
        browser.close()
    return {"first_visit_gzip": first, "next_page_gzip": later}


# --- The benchmark -----------------------------------------------------------------------------------


def benchmark(
    areas: int, runs: int, naive_sample: int | None, jobs: int | None, pdf_runs: int
) -> dict[str, object]:
    results: dict[str, object] = {
        "areas": areas,
        "runs": runs,
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory(prefix="jobclub-bench-") as temporary:
        project = make_project(Path(temporary) / "project", areas)
        out = project / "site"
        jobs_option = [f"--jobs={jobs}"] if jobs else []
        build = ["build", "--today", TODAY, "--out", str(out), *jobs_option]

        def clean() -> None:
            """A full build starts from nothing: no published site, and none of the kit's working files
            (the pages kept between builds, the PDF cache)."""
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(project / ".jobclub-work", ignore_errors=True)

        print(f"Full site build of {areas} areas ({runs} runs)...", flush=True)
        sites = [jobclub(project, *build, "--no-packs", cold=True) for _ in range(runs) if clean() is None]
        results["full_sites_seconds"] = statistics.median(r["wall"] for r in sites)
        results["peak_memory_mb"] = round(max(r["peak_kb"] for r in sites) / 1024)

        if pdf_runs:
            print("Full build with packs and posters...", flush=True)
            full = [jobclub(project, *build) for _ in range(pdf_runs) if clean() is None]
            results["full_with_pdfs_seconds"] = statistics.median(r["wall"] for r in full)
        else:  # the later rebuilds are of sites only
            build.append("--no-packs")

        print("Rebuild with nothing changed...", flush=True)
        results["nothing_changed_seconds"] = median_of(runs, lambda: jobclub(project, *build)["wall"])

        timetable = project / "site_data" / f"{SAMPLES[0]}-000" / "timetable.yml"
        counter = iter(range(1000))

        def change_timetable() -> None:
            timetable.write_text(timetable.read_text() + f"# edit {next(counter)}\n")

        print("Rebuild after one area's timetable changed...", flush=True)
        results["one_timetable_seconds"] = median_of(
            runs, lambda: jobclub(project, *build)["wall"], change_timetable
        )
        # A guide in English, which every area's site holds (not a Welsh translation, which only the
        # Welsh sites hold).
        guide = next(path for path in sorted((project / "content" / "guides").glob("*.md"))
                     if path.suffixes == [".md"])

        def change_guide() -> None:
            guide.write_text(guide.read_text() + f"\nEdit {next(counter)}.\n")

        print("Rebuild after one shared guide changed...", flush=True)
        results["one_guide_seconds"] = median_of(runs, lambda: jobclub(project, *build)["wall"], change_guide)
        results["guide_ratio"] = round(results["one_guide_seconds"] / results["full_sites_seconds"], 3)  # type: ignore[operator]

        unique, apparent = disk_usage(out)
        results["output_mb"] = round(unique / 2**20, 1)
        results["output_if_copied_mb"] = round(apparent / 2**20, 1)
        results.update(page_weight(out, f"{SAMPLES[0]}-000"))

        # The naive way, on the same rendered pages: each area's docs/ and mkdocs.yml, built by
        # one `mkdocs build` process per area.
        everyone = sorted(p.name for p in (project / "site_data").iterdir())
        count = min(naive_sample or areas, len(everyone))
        # Spread over all the areas: they are named after the sample they copy (conwy-000, conwy-005,
        # ...), so the first N would all be copies of the largest, bilingual one.
        sample = [everyone[index * len(everyone) // count] for index in range(count)]
        configs = write_naive_sources(project, sample, Path(temporary) / "naive-sources")
        at_once = jobs or os.cpu_count()
        print(f"Naive: one mkdocs process per area, {at_once} at once, on {len(sample)} areas...", flush=True)
        naive_out = Path(temporary) / "naive"
        workers = jobs or os.cpu_count() or 1
        results["workers"] = workers
        # The median of as many runs as this project's full build had: one run of either side can be
        # a tenth out on a shared machine.
        naive_seconds = median_of(runs, lambda: run_at_once(
            [
                [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d",
                 str(naive_out / config.parent.relative_to(config.parent.parent.parent))]
                for config in configs
            ],
            workers,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795564800"},
        ), lambda: shutil.rmtree(naive_out, ignore_errors=True))
        naive_sites = naive_seconds * areas / len(sample)
        results["naive_sample"] = len(sample)
        results["naive_sites_seconds"] = round(naive_sites, 1)
        results["sites_ratio"] = round(results["full_sites_seconds"] / naive_sites, 3)  # type: ignore[operator]
        naive_unique, _ = disk_usage(naive_out)
        results["naive_output_mb"] = round(naive_unique / 2**20 * areas / len(sample), 1)
        if pdf_runs:
            results.update(benchmark_packs(project, sample, pdf_runs, jobs))
        # Peak memory should not grow with N: the same build on a tenth of the areas.
        small = make_project(Path(temporary) / "small", max(areas // 10, 3))
        small_run = jobclub(
            small, "build", "--today", TODAY, "--out", str(small / "site"), "--no-packs", *jobs_option
        )
        results["peak_memory_tenth_mb"] = round(small_run["peak_kb"] / 1024)
        results["tenth_areas"] = max(areas // 10, 3)
    return results


def write_naive_sources(project: Path, sample: list[str], folder: Path) -> list[Path]:
    """Each sample area's rendered Markdown and mkdocs.yml (one per language), as this project gives
    them to mkdocs, but with the session blocks left as Markdown for mkdocs to convert (this project
    converts each distinct block once: render.BLOCKS_CONVERTED_ONCE); the mkdocs.yml files to build."""
    sys.path.insert(0, str(ROOT))
    from generator import languages, render

    render.BLOCKS_CONVERTED_ONCE = False
    from generator.project import load_project
    from generator.render import load_strings, make_environment, render_area
    from generator.sites import write_sources
    from generator.variants import for_nation

    today = dt.date.fromisoformat(TODAY)
    loaded = load_project(project, today, only=sample)
    environment = make_environment(project / "templates")
    configs = []
    for slug in sample:
        area = loaded.areas[slug]
        nation_project = for_nation(loaded, area.area.nation)
        for language in area.area.languages:
            strings = load_strings(project / "templates", language)
            translated, in_language = languages.localised(
                nation_project, area, language, strings.plain("only_in_english")
            )
            pages = render_area(translated, in_language, today, environment, strings)
            site = folder / "built" / slug / languages.site_folder(area.area.languages, language)
            write_sources(project, pages, folder / slug / language, site)
            configs.append(folder / slug / language / "mkdocs.yml")
    return configs


_plans: list = []
_printer = None


def _print_plan(index: int) -> None:
    _printer.print(_plans[index].html, _plans[index].size)  # type: ignore[union-attr]


def benchmark_packs(project: Path, sample: list[str], runs: int, jobs: int | None) -> dict[str, object]:
    """The packs of the sample areas: printed in one process with fonts and stylesheets loaded once,
    against one `weasyprint` command per pack, on the same HTML and stylesheets."""
    sys.path.insert(0, str(ROOT))
    from generator.packs import plan_packs, shared_printer
    from generator.project import load_project
    from generator.render import load_strings

    today = dt.date.fromisoformat(TODAY)
    loaded = load_project(project, today, only=sample)
    printer = shared_printer(project / "templates")
    plans = [
        pack
        for slug in sample
        for pack in plan_packs(
            loaded,
            loaded.areas[slug],
            today,
            load_strings(project / "templates", "en"),
            loaded.worksheets,
            printer,
        )
    ]
    print(
        f"Packs: {len(plans)} packs of {len(sample)} areas, in this process and one weasyprint each...",
        flush=True,
    )

    def ours() -> float:
        started = time.monotonic()
        for pack in plans:
            printer.print(pack.html, pack.size)
        return time.monotonic() - started

    in_process = median_of(runs, ours)
    workers = jobs or os.cpu_count() or 1

    def ours_in_workers() -> float:
        import multiprocessing

        started = time.monotonic()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_print_plan, range(len(plans)), chunksize=4)
        return time.monotonic() - started

    global _plans, _printer
    _plans, _printer = plans, printer
    in_workers = median_of(runs, ours_in_workers)
    folder = Path(tempfile.mkdtemp(prefix="jobclub-naive-packs-"))
    styles = project / "templates" / "packs"
    commands = []
    for number, pack in enumerate(plans):
        html = folder / f"{number}.html"
        html.write_text(pack.html)
        commands.append([
            str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", "--base-url", styles.as_uri() + "/",
            "-s", str(styles / "pack.css"), "-s", str(styles / f"{pack.size}.css"),
            str(html), str(folder / f"{number}.pdf"),
        ])
    # As many weasyprint commands at once as the build has workers: the same cores on both sides.
    naive = run_at_once(commands, workers)
    shutil.rmtree(folder)
    return {
        "packs_count": len(plans),
        "packs_areas": len(sample),
        "packs_seconds": in_process,
        "packs_workers": workers,
        "packs_workers_seconds": in_workers,
        "naive_packs_seconds": naive,
        "packs_workers_ratio": round(in_workers / naive, 3),
    }


def measure_check(runs: int) -> dict[str, float]:
    """`jobclub check` on the sample project against `python -c "import yaml, pydantic"`: the floor
    any check in Python with these libraries has. Each the median of `runs` runs, after one to warm
    the disk cache. The check is timed as a member of staff runs it: just after saving an edit to one
    timetable (a copy of the samples, with Conwy's first session's spaces: changed before each run),
    with the kit's cache (generator/memo.py) holding the answers of the run before: that is the
    target figure. Also timed: again with nothing changed, and with the cache off (a first check)."""

    def timed(command: list[str], folder: Path, before: Callable[[], object] = lambda: None,
              **environment: str) -> float:
        before()
        started = time.monotonic()
        subprocess.run(command, cwd=folder, check=False, capture_output=True,
                       env={**os.environ, **environment})
        return time.monotonic() - started

    check = [str(BIN / "jobclub"), "check", "--today", TODAY]
    imports = [sys.executable, "-c", "import yaml, pydantic"]
    with tempfile.TemporaryDirectory(prefix="jobclub-check-") as temporary:
        project = Path(temporary)
        for name in ("content", "site_data", "templates"):
            shutil.copytree(ROOT / name, project / name)
        timetable = project / "site_data" / "conwy" / "timetable.yml"
        original = timetable.read_text(encoding="utf-8")
        first = original.index("spaces: ")
        line_end = original.index("\n", first)
        edits = iter(range(400))

        def edit_timetable() -> None:
            """Save the timetable with a number of spaces it has not had before in this copy (nothing
            kept from an earlier run can answer for it), as staff would after changing it."""
            spaces = 100 + next(edits)
            timetable.write_text(f"{original[:first]}spaces: {spaces}{original[line_end:]}", encoding="utf-8")

        said = subprocess.run(check, cwd=project, capture_output=True, text=True, check=False)
        if "No problems found" not in said.stdout:  # time the checks staff run, not a failure
            raise SystemExit(f"jobclub check failed on the copy of the samples:\n{said.stderr}")
        timed(check, project), timed(imports, project)
        # Taking turns, run by run, so that both are timed in the same minutes of a busy machine.
        edited, baseline = [], []
        for _ in range(runs):
            edited.append(timed(check, project, edit_timetable))
            baseline.append(timed(imports, project))
        edited_seconds, import_seconds = statistics.median(edited), statistics.median(baseline)
        unchanged_seconds = statistics.median(timed(check, project) for _ in range(runs))
        cold_seconds = statistics.median(timed(check, project, JOBCLUB_CACHE="off") for _ in range(runs))
    return {"check_seconds": round(edited_seconds, 3), "import_seconds": round(import_seconds, 3),
            "check_ratio": round(edited_seconds / import_seconds, 1),
            "check_unchanged_seconds": round(unchanged_seconds, 3),
            "check_cold_seconds": round(cold_seconds, 3)}


def targets(results: dict[str, object]) -> list[str]:
    """Each target of issue 17, what was measured, and whether it is met."""
    rows = [
        ("Full build of the sites, against the naive way on the same cores", "at most 0.35",
         results.get("sites_ratio"), 0.35, "{:.2f}"),
        ("`jobclub check` on the samples, against importing yaml and pydantic", "at most 2.0 times",
         results.get("check_ratio"), 2.0, "{:.1f} times"),
        ("Preview: from saving a timetable to the first frame drawn with the change", "at most 0.5 s",
         results.get("serve_seconds"), 0.5, "{:.2f} s"),
        ("Rebuild after one shared guide changed, against a full build", "at most 0.2",
         results.get("guide_ratio"), 0.2, "{:.2f}"),
        # Flat: a tenth more at most for ten times the areas (what grows is caches of a fixed size).
        ("Peak memory, against the same build of a tenth of the areas", "at most 1.1 times",
         round(results["peak_memory_mb"] / results["peak_memory_tenth_mb"], 2)  # type: ignore[operator]
         if results.get("peak_memory_tenth_mb") else None, 1.1, "{:.2f} times"),
    ]
    lines = ["", "## Against the targets", "", "| Target | Aim | Measured | Met |",
             "| --- | --- | --- | --- |"]
    waited = results.get("serve_waited_seconds")
    for name, aim, value, limit, shape in rows:
        if value is None:
            lines.append(f"| {name} | {aim} | not measured | |")
            continue
        measured = shape.format(value)
        if name.startswith("Preview") and waited is not None:  # the figure earlier runs gave, beside it
            measured += f" (Playwright's wait for the text: {waited:.2f} s)"
        lines.append(f"| {name} | {aim} | {measured} | {'yes' if value <= limit else 'no'} |")
    return lines


def report(results: dict[str, object]) -> str:
    lines = [
        f"# National benchmark: {results['areas']} areas",
        "",
        f"Measured {results['date']} on {results['machine']}; "
        f"each figure the median of {results['runs']} runs. The naive way ran {results['workers']} "
        f"processes at once, as many as this project's workers, so both used the same cores."
        + (f" It was timed on {results['naive_sample']} of the areas, spread over them all, and scaled up."
           if results.get("naive_sample", results["areas"]) != results["areas"] else ""),
        "",
        "| Figure | This project | Naive way | Ratio |",
        "| --- | --- | --- | --- |",
        f"| Full build of sites | {results['full_sites_seconds']:.1f} s "
        f"| {results['naive_sites_seconds']:.1f} s | {results['sites_ratio']:.2f} |",
        f"| Full build with packs and posters ({results['pdf_runs']} run) "
        f"| {results.get('full_with_pdfs_seconds', 0):.1f} s | | |",
        f"| Rebuild, nothing changed | {results['nothing_changed_seconds']:.1f} s | | |",
        f"| Rebuild, one area's timetable changed | {results['one_timetable_seconds']:.1f} s | | |",
        f"| Rebuild, one shared guide changed | {results['one_guide_seconds']:.1f} s | | |",
        f"| Peak memory (largest process) | {results['peak_memory_mb']} MB "
        f"({results['peak_memory_tenth_mb']} MB for {results['tenth_areas']} areas) | | |",
        f"| Output size | {results['output_mb']} MB ({results['output_if_copied_mb']} MB without hard links) "
        f"| {results['naive_output_mb']} MB | |",
        f"| First visit to a home page (gzip) | {results['first_visit_gzip'] / 1024:.0f} KB | | |",
        f"| Next page (gzip) | {results['next_page_gzip'] / 1024:.1f} KB | | |",
    ]
    if "full_with_pdfs_seconds" not in results:
        lines = [line for line in lines if not line.startswith("| Full build with packs")]
    if "packs_workers_ratio" in results:
        lines.append(
            f"| Packs ({results['packs_count']} packs of {results['packs_areas']} areas), "
            f"{results['packs_workers']} at once on both sides "
            f"| {results['packs_workers_seconds']:.1f} s | {results['naive_packs_seconds']:.1f} s "
            f"| {results['packs_workers_ratio']:.2f} |"
        )
        lines.append(f"| Packs, the same in one process | {results['packs_seconds']:.1f} s | | |")
    else:
        lines.append("| Packs | not measured (--pdf-runs 0) | | |")
    if "check_seconds" in results:
        lines.append(f"| `jobclub check` on the samples, just after editing a timetable "
                     f"| {results['check_seconds']:.2f} s "
                     f"| import yaml, pydantic: {results['import_seconds']:.2f} s "
                     f"| {results['check_ratio']:.1f} |")
        if "check_unchanged_seconds" in results:
            lines.append(f"| `jobclub check` again, nothing changed "
                         f"| {results['check_unchanged_seconds']:.2f} s | | "
                         f"{results['check_unchanged_seconds'] / results['import_seconds']:.1f} |")
        if "check_cold_seconds" in results:
            lines.append(f"| `jobclub check`, the kit's cache off (a first check) | "
                         f"{results['check_cold_seconds']:.2f} s | | "
                         f"{results['check_cold_seconds'] / results['import_seconds']:.1f} |")
    if "serve_seconds" in results:
        waited = results.get("serve_waited_seconds")
        also = f" (Playwright's wait for the text: {waited:.2f} s)" if waited is not None else ""
        lines.append(
            f"| Preview, saving a timetable to the first frame drawn with the change | "
            f"{results['serve_seconds']:.2f} s{also} | | |"
        )
    lines.extend(targets(results))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--areas", type=int, default=350)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-sample", type=int, default=None, help="areas to measure the naive way on")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--pdf-runs", type=int, default=1,
                        help="runs of the (long) builds with PDFs; 0 measures the sites only")
    parser.add_argument("--serve-runs", type=int, default=5,
                        help="runs of the preview from saving to showing (benchmarks/serve.py); 0 skips it")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    arguments = parser.parse_args()
    # The kit's compiled code, as a normal install has it: with PYTHONDONTWRITEBYTECODE set (some
    # machines and containers set it), every jobclub command would compile the kit again first.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    results = benchmark(
        arguments.areas, arguments.runs, arguments.naive_sample, arguments.jobs, arguments.pdf_runs
    )
    print("jobclub check against importing yaml and pydantic...", flush=True)
    results.update(measure_check(max(arguments.runs, 5)))
    if arguments.serve_runs:
        print("Preview: saving a timetable until the page shows it...", flush=True)
        sys.path.insert(0, str(Path(__file__).parent))
        from serve import measure

        times = measure(arguments.serve_runs, say=False)
        results["serve_seconds"] = round(statistics.median(seen for seen, _ in times), 3)
        results["serve_waited_seconds"] = round(statistics.median(waited for _, waited in times), 3)
    results["pdf_runs"] = arguments.pdf_runs
    text = report(results)
    print(text)
    arguments.out.write_text(text)
    arguments.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
