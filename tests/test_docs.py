"""The staff documentation: every YAML example in docs/ is checked exactly as staff files are, the
examples work together, every field is documented, and every error message staff can see is explained."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import typing
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import BaseModel

from generator.load import load_yaml
from generator.model import AREA_FILES, Course
from generator.project import load_project
from generator.readability import LONG_SENTENCE_WORDS, grade, plain_text
from generator.scaffold import new_area
from generator.services import ServicesFile, load_services
from generator.validate import validate_document
from generator.variants import check_text

DOCS = ROOT / "docs"
# The docs for staff (not developers): every YAML example in them is checked, and they are plain English.
STAFF_DOCS = ["staff-guide.md", "data-files.md"]
TODAY = dt.date(2026, 11, 25)
_FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
_MARK = re.compile(r"^# (Part of )?((?:content/)?(?:courses/)?[a-z0-9-]+\.yml)$")


@dataclass(frozen=True)
class Example:
    """A ```yaml block in a doc: a whole file (`# timetable.yml`) or entries to add to one
    (`# Part of timetable.yml`)."""

    doc: str
    line: int
    text: str

    @property
    def mark(self) -> re.Match[str] | None:
        return _MARK.match(self.text.splitlines()[0]) if self.text else None

    @property
    def file_name(self) -> str:
        assert self.mark is not None
        return self.mark[2]

    @property
    def is_part(self) -> bool:
        return bool(self.mark and self.mark[1])

    @property
    def model(self) -> type[BaseModel]:
        name = self.file_name
        if name.startswith(("content/courses/", "courses/")):
            return Course
        if name == "content/services.yml":
            return ServicesFile
        if name in AREA_FILES:
            return AREA_FILES[name]
        raise AssertionError(f"{self}: no model checks a file called {name}")

    def __str__(self) -> str:
        return f"docs/{self.doc}:{self.line}"


def yaml_examples() -> list[Example]:
    found = []
    for doc in sorted(DOCS.glob("*.md")):
        lines = doc.read_text().splitlines()
        number = 0
        while number < len(lines):
            fence = _FENCE.match(lines[number])
            if fence and fence[2]:
                indent, start = len(fence[1]), number + 1
                number += 1
                while not _FENCE.match(lines[number]):
                    number += 1
                if fence[2] == "yaml":
                    body = [line[indent:] for line in lines[start:number]]
                    found.append(Example(doc.name, start, "\n".join(body) + "\n"))
            number += 1
    return found


EXAMPLES = yaml_examples()


def check(example: Example, path: Path) -> BaseModel:
    """Validate an example written to `path`, exactly as a staff file is checked."""
    text = example.text
    if example.is_part:
        if example.model is Course or len(example.model.model_fields) != 1:
            pytest.fail(f"{example}: a 'Part of' example must be entries of venues, partners, timetable or "
                        "services")
        text = f"{next(iter(example.model.model_fields))}:\n{text}"
    path.write_text(text, encoding="utf-8")
    validated, problems = validate_document(load_yaml(path), example.model)
    if problems or validated is None:
        found = "\n".join(problem.format(path.parent) for problem in problems)
        pytest.fail(f"The example at {example} is not a valid {example.file_name}:\n{found}\n\n{example.text}")
    return validated


def test_there_are_examples_of_every_file() -> None:
    whole = {example.file_name.split("/")[-1] for example in EXAMPLES if example.mark and not example.is_part}
    assert whole >= {"area.yml", "venues.yml", "partners.yml", "timetable.yml"}
    assert any(example.model is Course for example in EXAMPLES if example.mark)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.doc in STAFF_DOCS], ids=str)
def test_every_yaml_example_names_its_file(example: Example) -> None:
    assert example.mark, (
        f"{example}: start the example with a line naming its file, like '# timetable.yml', or "
        "'# Part of timetable.yml' for entries to add to one (so that it is checked); "
        "show things that are not YAML files in a ```text block.\n\n" + example.text
    )


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.mark], ids=str)
def test_every_yaml_example_is_valid(example: Example, tmp_path: Path) -> None:
    validated = check(example, tmp_path / Path(example.file_name).name)
    if isinstance(validated, Course):
        assert validated.slug == Path(example.file_name).stem, f"{example}: the slug must match the file name"


def project_with_root_content(folder: Path) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "templates", folder / "templates")
    (folder / "site_data").mkdir()
    return folder


def test_the_whole_file_examples_in_data_files_make_an_area_that_checks_clean(tmp_path: Path) -> None:
    project = project_with_root_content(tmp_path / "project")
    area = project / "site_data" / "millbrook"
    area.mkdir()
    for example in EXAMPLES:
        if example.doc != "data-files.md" or not example.mark or example.is_part:
            continue
        name = example.file_name
        target = project / name if example.model is Course else area / name
        assert not target.exists(), f"{example}: data-files.md has two whole examples of {name}"
        target.write_text(example.text, encoding="utf-8")
    loaded = load_project(project, TODAY)
    assert "millbrook" in loaded.areas
    # The kit's own national services warn until each is confirmed (tests/test_services.py); the area adds nothing.
    assert [w.format(project) for w in loaded.warnings if w.position.path.name != "services.yml"] == []


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.is_part], ids=str)
def test_each_part_works_when_added_to_a_new_area(example: Example, tmp_path: Path) -> None:
    """As the staff guide says: make an area with new-area, paste the entry at the end of the file
    (or, for a national service, in place of the kit's entry for the same role and nations)."""
    project = project_with_root_content(tmp_path / "project")
    new_area(project, "millbrook", "Millbrook", "england", TODAY)
    if example.file_name == "content/services.yml":
        replace_service(project / example.file_name, example.text)
    else:
        path = project / "site_data/millbrook" / example.file_name
        path.write_text(path.read_text() + "\n" + example.text, encoding="utf-8")
    loaded = load_project(project, TODAY)
    # new-area's own example text and its "not known" access answers are flagged until staff replace
    # them; the pasted entry adds nothing.
    own = [w for w in loaded.warnings if "still the example" in w.message or w.field == "venues[0].accessibility"]
    # The kit's own national services warn until each is confirmed (tests/test_services.py).
    own += [w for w in loaded.warnings if w.position.path.name == "services.yml"]
    assert [w.format(project) for w in loaded.warnings if w not in own] == []


def replace_service(path: Path, entry: str) -> None:
    """Put `entry` (one service, at the top level) in place of the entry with its role and nations."""
    head = "\n".join(entry.splitlines()[1:3])  # "- role: ..." and "  nations: [...]"
    text = path.read_text()
    indented = "\n".join("  " + line for line in head.splitlines())
    start = text.index(indented)
    end = text.find("\n  - role:", start + 1)
    end = len(text) if end < 0 else end
    body = "\n".join("  " + line if line else line for line in entry.splitlines()[1:])
    path.write_text(text[:start] + body + "\n" + text[end:], encoding="utf-8")
    assert load_services(path.parent.parent, TODAY)[1] == []


def markdown_examples(doc: str) -> list[tuple[int, str]]:
    """The ```markdown blocks of a doc, with their first line."""
    lines = (DOCS / doc).read_text().splitlines()
    found, start = [], None
    for number, line in enumerate(lines, start=1):
        if line.strip() == "```markdown":
            start = number
        elif line.strip() == "```" and start is not None:
            found.append((start, "\n".join(lines[start:number - 1])))
            start = None
    return found


def test_the_markdown_examples_of_roles_and_passages_check_clean() -> None:
    services = load_services(ROOT, TODAY)[0]
    examples = markdown_examples("data-files.md")
    assert len(examples) >= 2 and any("[[careers-service]]" in text for _, text in examples)
    for line, text in examples:
        errors = [f for f in check_text(text, services) if not f.warning]
        assert errors == [], f"docs/data-files.md:{line}: {errors}"


def nested_models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in nested_models(argument)]


def field_names(model: type[BaseModel]) -> set[str]:
    """Every name a staff member can write in the file: the model's fields and its groups' fields."""
    names = set()
    for key, field in model.model_fields.items():
        names.add(field.alias or key)
        for nested in nested_models(field.annotation):
            names |= field_names(nested)
    return names


@pytest.mark.parametrize("model", [*AREA_FILES.values(), Course, ServicesFile], ids=lambda model: model.__name__)
def test_data_files_documents_every_field(model: type[BaseModel]) -> None:
    text = (DOCS / "data-files.md").read_text()
    top = {"venues", "partners", "sessions", "services"} if model is not Course else set()
    missing = sorted(name for name in field_names(model) - top if f"`{name}`" not in text)
    assert missing == [], f"docs/data-files.md does not explain these lines of {model.__name__}: {missing}"


# Every message that tests/test_project.py and tests/test_load.py pin, as staff see it (values aside),
# and the others staff can meet: the staff guide must explain each one.
MESSAGES = [
    "is not a time",  # test_badly_written_time
    "is not a field that can be written here",  # test_unknown_field_suggests_the_right_one
    "is missing",  # test_missing_required_field
    "There is no venue",  # test_dangling_reference_suggests_a_close_match
    "There is no course",  # test_dangling_course_lists_what_exists
    "is written twice in the same place",  # test_duplicate_key
    "is not a date that exists",  # test_date_that_does_not_exist
    "The session ends (09:00) before it starts (10:00)",  # test_end_before_start
    "is before the first date",  # test_last_date_before_first
    "This line is indented with a tab",  # test_tab_used_for_indenting
    "The file is not saved as UTF-8 text",  # test_file_that_is_not_utf8
    "is a Wednesday, but this session is on Tuesdays",  # test_cancelling_a_date_the_session_never_runs_on
    "is not one of the choices",  # test_wrong_choice_suggests_the_closest
    "is not yes, no or not known",  # test_yes_no_that_is_neither
    "Nobody has said yet whether",  # test_an_access_answer_can_be_not_known_and_check_warns_gently
    'already ends in "job club"',  # test_an_area_name_ending_in_job_club_is_shown_once_and_warned_at_its_line
    "This area has no partners.yml file",  # test_missing_area_file
    "HTML is not allowed in a page",  # test_guide_with_html_is_refused
    'A link starting "javascript:" cannot be used',  # test_guide_with_javascript_link_is_refused
    "There is no area",  # test_unknown_area_asked_for
    "is not open for all of this session",  # test_session_outside_opening_hours_is_a_warning
    "names a part of the file to repeat",  # test_billion_laughs_is_refused_before_it_expands
    "repeats another part of the file",  # test_alias_is_refused
    "is a YAML tag",  # test_tags_are_refused
    "This line cannot be read",  # test_colon_in_text_gets_a_hint_about_quotes
    "there is no colon after",  # tests/test_yaml_syntax.py
    "is not closed",
    "a quote mark is opened here but not closed",
    "curly quote marks, as Word makes them, are not quote marks here",
    "it starts with an en dash",
    "there is no space after the dash",
    "further left than the lines above and below it",
    "which does not line up with the lines around it",
    "is not a date",
    "is not a UK phone number",
    "is not an email address",
    "is not a website address",
    "is not a UK postcode",
    "is not a set of opening hours",
    "cannot be used as an id",
    "There is no way to get in touch",
    "Two entries have the id",
    "does not match the folder name",
    "There is no partner",
    "There are no areas in site_data",
    "The session has no day and no dates",
    "A repeating session needs a first and a last date",
    "A monthly session needs to say which week of the month",
    "The pattern gives no dates between",
    "People must book, but the entry does not say how",
    "The move does not say what changes",
    "This session does not run on",
    "The page does not start with its title",
    "is the name of one of the kit's own pages",  # tests/test_project.py
    "A course needs at least one session",
    "This file is empty",
    "The list is empty",
    "Every date of this session has passed",
    "in the same room at",
    "has no last_checked date",
    "more than six months ago",
    "cannot be used as the short name of an area",
    "already exists",
    "is not a nation that Job Club Kit knows",
    "is already in use",
    "asks learners to bring a password or sign-in details",
    "The activities add up to",
    "No activity covers the outcome",
    "There is no outcome",
    "needs a break",
    "does not say what the tutor does",
    "There is no worksheet",
    "has no sessions, so it cannot run as a course",
    "This slot is 90 minutes long, but the lesson plans",
    "is not the service in",  # tests/test_variants.py
    "is an old name",
    "There is no service role",
    "There is no nation",
    "is not something a service has",
    "cannot be filled in there",
    "This passage has no end",
    "No service does",
    "Two services do",
    "is not a phone number",  # tests/test_services.py
    "are unconfirmed",
    "more than a year ago",
    "There is no variant of this page for",
    "is the project folder",
    "holds the project folder",
    "The output folder is an empty name",
    "which holds the project's own files",
    "holds files Job Club Kit did not write",
    "is a file, not a folder",
    "does not exist",
    "because permission was denied",
    "because the disk is read-only",
    "because the disk is full",
    "because another program is using it",
    "is not the name of a file or folder at the top of the output folder",
    # Content and input safety (issue 11): tests/test_project.py, tests/test_hostile.py, tests/test_cli.py
    "is indented with a non-breaking space",
    "An invisible character",
    "a file written by hand can be",
    "a file here can hold",
    "deeper than any file here needs",
    "This must be one line",
    "is not a date this kit can use",
    "is the same session as",
    "A picture from another website cannot be used",
    "is a link to another site without saying how to reach it",
    "sets something on the page that a page cannot set",
    "which is outside the project",
    "more than three years from now",
    "is too far from now",
    "There is no web address for this area's website",  # test_an_area_without_site_url_is_warned_that_posters_...
    "national services are not confirmed yet",  # test_the_unconfirmed_national_services_are_one_warning_unless_...
    # From the newcomer trial. tests/test_load.py:
    "This file was saved as",  # test_file_saved_as_utf16_says_to_save_it_as_utf8
    "it does not line up with the list it is in",  # test_misaligned_list_entry_gets_a_hint_about_columns
    "Everything from the # on is left out of the value",  # test_value_cut_short_by_a_hash_is_a_warning_at_the_hash
    # tests/test_yaml_syntax.py:
    "a value that starts with a quote mark must also end with it",  # test_value_that_goes_on_after_its_closing_...
    'a value that starts with "[" must end with "]"',  # test_value_that_goes_on_after_its_closing_quote_says_to_...
    'there is a "]" too many',  # test_closing_bracket_too_many_says_to_delete_it
    "there is no space after the colon",  # test_no_space_after_the_colon_says_to_put_one
    "the space after the colon is a special space",  # test_special_space_after_the_colon_says_to_retype_it
    "a value cannot start with",  # test_value_starting_with_a_sign_says_to_put_it_in_quotes
    "a colon followed by a space is inside a value",  # test_colon_and_space_inside_a_value_says_to_put_it_in_...
    "inside double quote marks starts a special character",  # test_backslash_in_double_quotes_says_to_use_single_...
    "must start on the line below",  # test_text_on_the_line_of_a_block_sign_says_to_move_it_down
    'put "- " before',  # test_deleted_dash_before_an_item_is_one_message_that_says_to_put_it_back
    # tests/test_project.py:
    "This should be a list",  # test_a_list_written_with_commas_shows_each_item_on_its_own_line
    "(the other is on line",  # test_a_repeated_id_with_no_id_missing_elsewhere_asks_for_an_id_of_its_own
    "has two venues with the id",  # test_a_copied_venue_whose_id_was_not_changed_is_said_first_and_never_...
    "is in curly quote marks, as Word makes them, so it is not read as",  # test_a_value_of_a_fixed_form_in_...
    "is in curly quote marks, which will show on the page",  # test_text_in_curly_quotes_is_kept_with_a_warning_...
    "has a space in it, and a web address cannot have spaces",  # test_a_web_address_with_a_space_says_so
    "is not a secure address: it starts with http://, not https://",  # test_a_web_address_that_is_not_secure_...
    "is not yes or no",  # test_a_single_letter_for_yes_or_no_is_refused_with_the_words_to_write
    "Write the whole word: yes or no",  # test_a_single_letter_for_yes_or_no_is_refused_with_the_words_to_write
    "Only the accessibility answers in venues.yml can be not known",  # test_not_known_is_only_for_access_answers
    "Nothing is written here",  # no test pins it for a yes/no line (generator/model.py); seen with jobclub check
]


def test_staff_guide_explains_every_error_message() -> None:
    guide = (DOCS / "staff-guide.md").read_text()
    section = guide[guide.index("## What each error means and how to fix it"):]
    missing = [message for message in MESSAGES if message not in section]
    assert missing == [], f"docs/staff-guide.md does not explain: {missing}"


def test_readme_links_to_the_staff_guide_under_for_staff() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "## For staff" in readme
    assert "docs/staff-guide.md" in readme[readme.index("## For staff"):]


def test_readme_says_how_to_set_up_an_area_near_the_top_with_commands_that_exist() -> None:
    from generator.cli import main

    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Set up your own area")
    assert start < readme.index("## What is in the project")
    section = readme[start:readme.index("\n## ", start + 1)]
    assert "source .venv/bin/activate" in section and "docs/staff-guide.md" in section
    used = re.findall(r"^ {4}jobclub ([a-z-]+)", section, flags=re.M)
    assert used == ["new-area", "check", "serve", "build"]
    assert set(used) <= set(main.commands)


def test_the_staff_guide_shows_what_check_prints(tmp_path: Path) -> None:
    """The example under "Check for mistakes" is what `jobclub check` prints for the samples, line for
    line (numbers aside: the guide's reader has added an area)."""
    import subprocess
    import sys

    from conftest import copy_of_samples

    samples = copy_of_samples(tmp_path / "samples")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--today", TODAY.isoformat()],
                            cwd=samples, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    printed = (result.stderr + result.stdout).splitlines()  # the warnings, then the summary and notes
    guide = (DOCS / "staff-guide.md").read_text()
    part = guide[guide.index("### Check for mistakes"):]
    example = part[part.index("```text\n", part.index("jobclub check\n```")) + 8:]
    example = example[:example.index("```")]

    def numbers_aside(lines: list[str]) -> list[str]:
        return [re.sub(r"\d+", "N", line) for line in lines]

    assert numbers_aside(example.splitlines()) == numbers_aside(printed)


def heading_anchor(heading: str) -> str:
    """The anchor GitHub and mkdocs give a heading: small letters, no punctuation, dashes for spaces."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("doc", STAFF_DOCS)
def test_links_between_docs_reach_a_file_and_a_heading(doc: str) -> None:
    text = (DOCS / doc).read_text()
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("https://", "http://", "mailto:")):
            continue
        name, _, anchor = target.partition("#")
        linked = DOCS / (name or doc)
        assert linked.is_file(), f"docs/{doc} links to {target}, which is not a file"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", linked.read_text(), flags=re.M)
            assert anchor in {heading_anchor(h) for h in headings}, f"docs/{doc}: no heading for {target}"


# Written for staff, not developers: a reading age of 12 at most (Flesch-Kincaid grade 7), as
# generator/readability.py measures the guides.
MAX_DOC_GRADE = 7.0


def doc_sentences(markdown: str) -> list[str]:
    """The prose of a doc as sentences: code left out, paragraphs joined, table cells on their own."""
    markdown = re.sub(r"^\s*```.*?^\s*```", "", markdown, flags=re.S | re.M)
    markdown = re.sub(r"`[^`]*`", "it", markdown)  # a file name or a line of YAML reads as one word
    lines: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            lines += [cell for cell in line.split("|") if cell.strip().strip("- ")]
        elif lines and line.strip() and lines[-1].strip() and not re.match(r"\s*(#|[-*] |\d+\. )", line):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return plain_text("\n".join(lines))


@pytest.mark.parametrize("doc", STAFF_DOCS)
def test_docs_are_plain_english(doc: str) -> None:
    sentences = doc_sentences((DOCS / doc).read_text())
    assert grade(sentences) <= MAX_DOC_GRADE, f"docs/{doc} is too hard to read: grade {grade(sentences):.1f}"
    long = [s for s in sentences if len(re.findall(r"[A-Za-z']+", s)) > LONG_SENTENCE_WORDS]
    assert long == [], f"docs/{doc} has sentences of more than {LONG_SENTENCE_WORDS} words: {long}"
