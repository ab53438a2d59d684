"""The shared content says what a tutor would otherwise have to correct, the same way everywhere.

These read the real content/ folder: guides, course outlines and worksheets are shared by every area,
so one wrong sentence here is wrong in every area's site and every printed pack.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT

from generator.load import load_yaml
from generator.project import Project, load_project
from generator.readability import LONG_SENTENCE_WORDS, MAX_GRADE, grade, plain_text
from generator.services import NATIONS
from generator.variants import for_nation

TODAY = dt.date(2026, 11, 25)
CONTENT = ROOT / "content"

NEW_GUIDES = [
    "use-your-universal-credit-account",
    "use-a-library-computer",
    "search-for-jobs-on-your-phone",
    "write-a-cover-letter",
    "a-cv-template-and-two-example-cvs",
    "job-search-words",
]

# Asking for a secret: a password, a PIN, a sign-in code, or the details to get into Universal Credit.
SECRET = re.compile(r"pass\s*word|passcode|\bpin\b|sign[ -]in details|log[ -]?in details|username", re.I)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT, TODAY)


def _strings(node: object) -> list[str]:
    """Every piece of text in a loaded YAML file, however deep."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


def _all_content_text() -> dict[str, str]:
    """Every guide, shared page, course outline and worksheet, by its path in the project."""
    texts = {str(path.relative_to(ROOT)): path.read_text() for path in sorted(CONTENT.glob("*/*.md"))}
    for path in sorted(CONTENT.glob("*/*.yml")):
        texts[str(path.relative_to(ROOT))] = "\n".join(_strings(load_yaml(path).data))
    return texts


def _sections(markdown: str) -> list[str]:
    """A guide cut at its headings: each part a learner reads as one piece."""
    return re.split(r"^#+ ", markdown, flags=re.M)


# --- Passwords and sign-in details -------------------------------------------------------------


def test_nothing_asks_learners_to_bring_or_write_down_a_password(project: Project) -> None:
    """Bring lists, and every box, column and tick on a worksheet: none asks for a secret."""
    asks = [f"courses/{slug}: {item}" for slug, course in project.courses.items()
            for session in course.sessions for item in session.bring if SECRET.search(item)]
    for slug, sheets in project.worksheets.items():
        for sheet in sheets.worksheets:
            for part in sheet.parts:
                labels = [box.label for box in part.write_in] + [box.hint or "" for box in part.write_in]
                labels += [column.label for column in part.table.columns] if part.table else []
                labels += part.tick_list
                asks += [f"worksheets/{slug}: {label}" for label in labels if SECRET.search(label)]
    assert asks == []


def test_no_guide_tells_learners_to_bring_a_password() -> None:
    for path in sorted((CONTENT / "guides").glob("*.md")):
        for sentence in plain_text(path.read_text()):
            if re.search(r"\bbring\b", sentence, re.I) and SECRET.search(sentence):
                assert re.search(r"\b(do not|don't|never)\b", sentence, re.I), (path.name, sentence)


def test_password_advice_is_the_ncsc_three_random_words_everywhere() -> None:
    texts = _all_content_text()
    for path in ["content/guides/make-a-strong-password.md", "content/guides/set-up-a-free-email-address.md",
                 "content/worksheets/using-email.yml", "content/courses/using-email.yml"]:
        assert "three random words" in texts[path].lower(), path
    for path, text in texts.items():
        flat = " ".join(text.split()).lower()
        # The NCSC's words are random: not ones that mean something to you, and not a jumble of symbols.
        for wrong in [r"(?<!do not pick )words that mean something to you", r"mix of letters, numbers and symbols",
                      r"change your password every"]:
            assert not re.search(wrong, flat), (path, wrong)


def test_the_email_worksheet_gives_the_same_password_advice_as_the_guide() -> None:
    worksheet = " ".join(_strings(load_yaml(CONTENT / "worksheets/using-email.yml").data))
    guide = (CONTENT / "guides/make-a-strong-password.md").read_text()
    for same in ["three random words", "nothing to do with each other", "lamp, river and socks"]:
        assert same in worksheet and same in guide, same


# --- Email sign-up and shared computers ----------------------------------------------------------


def test_email_guide_walks_through_sign_up_as_it_is_now() -> None:
    guide = (CONTENT / "guides/set-up-a-free-email-address.md").read_text()
    headings = re.findall(r"^## (.+)$", guide, flags=re.M)
    assert {"Make a Gmail address", "Make an Outlook address", "Why they ask for your date of birth",
            "Codes, passkeys and other checks", "If you do not have a mobile phone"} <= set(headings)
    why = next(part for part in _sections(guide) if part.startswith("Why they ask for your date of birth"))
    assert "On your CV, you leave out your date of birth" in why and "old enough" in why
    assert "**Press and hold**" in guide and "**Rather not say**" in guide
    # Account recovery never goes through the centre: learners would be locked out when they leave.
    assert "Never use a job club helper's phone, or the centre's phone or email." in guide


def test_shared_computer_guide_answers_every_prompt_and_signs_out_of_the_computer_too() -> None:
    guide = (CONTENT / "guides/sign-out-on-a-shared-computer.md").read_text()
    for prompt in ['**"Save password?"**', '**"Stay signed in?"**', '**"Create a passkey?"**',
                   '**"Turn on sync?"**']:
        assert prompt in guide, prompt
    assert "incognito" in guide and "InPrivate" in guide
    finish = next(part for part in _sections(guide) if part.startswith("When you finish"))
    assert "Sign out of each website you used" in finish and "Sign out of the computer too" in finish


def test_email_course_checklist_signs_out_of_email_and_the_computer() -> None:
    sheets = load_yaml(CONTENT / "worksheets/using-email.yml").data["worksheets"]
    ticks = [tick for sheet in sheets for part in sheet["parts"] for tick in part.get("tick_list", [])]
    ticks = [tick if isinstance(tick, str) else tick["en"] for tick in ticks]  # {en:, cy:} in Welsh areas
    assert "I have signed out of my email, and then out of the computer." in ticks
    # 2-step verification without a way back in locks people out: the way back in comes first.
    way_back = next(i for i, tick in enumerate(ticks) if "way back in" in tick)
    two_step = next(i for i, tick in enumerate(ticks) if "2-step verification" in tick)
    assert way_back < two_step and "once my account has a way back in" in ticks[two_step]


# --- Universal Credit ------------------------------------------------------------------------------


def test_what_counts_as_looking_for_work_is_always_for_the_work_coach_to_say() -> None:
    """Nothing promises that an activity counts towards the Claimant Commitment without saying
    to ask the work coach in the same breath (the same guide section, or the same YAML entry)."""
    claims = re.compile(r"\bcounts?\b.{0,40}(looking for work|claimant commitment)", re.I)
    for path, text in _all_content_text().items():
        parts = _sections(text) if path.endswith(".md") else _yaml_entries(ROOT / path)
        for part in parts:
            flat = " ".join(part.split())
            if claims.search(flat):
                assert re.search(r"ask (your|their) work coach|(your|their) work coach decides", flat, re.I), (path, flat[:120])


def _yaml_entries(path: Path) -> list[str]:
    """The texts of a YAML file one list entry at a time (a session, a worksheet part)."""
    data = load_yaml(path).data
    entries: list[str] = []
    for key in ["sessions", "worksheets"]:
        for entry in data.get(key, []):
            parts = entry.get("parts") if isinstance(entry, dict) and "parts" in entry else [entry]
            entries += [" ".join(_strings(part)) for part in parts]
    for key in ["who_it_is_for", "summary"]:
        if isinstance(data.get(key), str):
            entries.append(data[key])
    return entries


# --- CVs and words -------------------------------------------------------------------------------


@pytest.mark.parametrize("outdated", ["references available on request", "universal jobmatch", "action fraud"])
def test_nothing_out_of_date_is_recommended(outdated: str) -> None:
    """Out-of-date advice may only be named to say it is not needed or has gone (a tutor's note
    saying "References available on request" is not needed is fine; a CV template with it is not)."""
    texts = _all_content_text()
    texts["templates/strings/en.yml"] = (ROOT / "templates/strings/en.yml").read_text()
    for path, text in texts.items():
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            if outdated in sentence.lower():
                assert re.search(r"\b(not|no|never|closed|replaced|instead of)\b", sentence, re.I), (path, sentence)


def test_a_personal_profile_has_one_length_everywhere() -> None:
    texts = _all_content_text()
    for path in ["content/guides/write-your-personal-profile.md", "content/worksheets/cv-writing.yml",
                 "content/guides/a-cv-template-and-two-example-cvs.md"]:
        assert re.search(r"(three|3) or (four|4) short sentences", texts[path], re.I), path
    for text in texts.values():
        assert not re.search(r"\b(two|2) or (three|3) sentences", text, re.I)


def test_every_example_email_address_is_fictional_or_a_real_public_service() -> None:
    public = {"report@phishing.gov.uk", "jo@samaritans.org"}
    for path, text in _all_content_text().items():
        for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            assert address.endswith("@example.org") or address in public, (path, address)


@pytest.mark.parametrize("word", ["Cover letter", "Supporting statement", "Equality monitoring",
                                  "Incognito window", "Claimant Commitment", "Passkey", "Referee"])
def test_the_glossary_explains_the_words_tutors_get_asked_about(word: str) -> None:
    glossary = (CONTENT / "guides/job-search-words.md").read_text()
    assert re.search(rf"^- \*\*{word}\*\*: \w", glossary, flags=re.M)


# --- Scams -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("nation", "service", "phone"), [
    ("england", "[Report Fraud](https://www.reportfraud.police.uk)", "0300 123 2040"),
    ("wales", "[Report Fraud](https://www.reportfraud.police.uk)", "0300 123 2040"),
    ("northern-ireland", "[Report Fraud](https://www.reportfraud.police.uk)", "0300 123 2040"),
    ("scotland", "[Police Scotland](https://www.scotland.police.uk)", "101"),
])
def test_scam_guide_names_each_nations_reporting_service_and_number(
    project: Project, nation: str, service: str, phone: str
) -> None:
    guide = for_nation(project, nation).guides["spot-a-fake-job-advert"].markdown
    assert f"Report it to {service}. Call **{phone}**." in guide


@pytest.mark.parametrize(("nation", "phone"), [("england", "0800 328 5644"), ("northern-ireland", "0800 012 1331")])
def test_universal_credit_guide_gives_the_nations_helpline(project: Project, nation: str, phone: str) -> None:
    guide = for_nation(project, nation).guides["use-your-universal-credit-account"].markdown
    assert f"phone the Universal Credit helpline on **{phone}**" in guide
    assert "[[" not in guide


# --- The new guides --------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", NEW_GUIDES)
def test_new_guide_is_linked_from_a_course_that_runs_and_reads_at_about_age_9(project: Project, slug: str) -> None:
    courses = [course for course in project.courses.values() if slug in course.guides]
    running = {entry.course for area in project.areas.values() for entry in area.sessions}
    assert any(course.slug in running for course in courses), f"{slug} is on no site: no running course links it"
    for nation in NATIONS:  # as each nation's readers see it, with their own services named
        sentences = plain_text(for_nation(project, nation).guides[slug].markdown)
        assert grade(sentences) <= MAX_GRADE, nation
        assert [s for s in sentences if len(re.findall(r"[A-Za-z']+", s)) > LONG_SENTENCE_WORDS] == [], nation


def test_example_cvs_use_made_up_people_and_follow_the_guides_own_advice() -> None:
    guide = (CONTENT / "guides/a-cv-template-and-two-example-cvs.md").read_text()
    examples = [part for part in _sections(guide) if part.startswith("Example ")]
    assert len(examples) == 2
    for example in examples:
        assert "@example.org" in example and re.search(r"07700 900\d{3}", example)
        assert not re.search(r"date of birth|\b(19|20)\d\d-\d\d-\d\d\b|reference", example, re.I)
        for part in ["**Personal profile**", "**Skills**", "**Work history**", "**Education and training**"]:
            assert part in example
