"""The README's "Trying the pathway", steps 1 to 11, walked in a browser as the demo users would:
signing in at the front door and then only clicking links and buttons, and filling in forms.

The only address ever typed is the service's front door ("/"): `Walk` refuses any other, so a step
that can only be reached by typing its address fails here. Keep this test and the README in step.

The demo data is the one `make run` loads (`manage.py demo_setup`). The clock is held on a working
Monday (and moves on as the walk takes time), so a Level 1 meeting booked for "today" can be held
at once, whatever day the suite runs.
"""

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import django.utils.timezone
import pytest
from django.core import mail
from django.core.management import call_command

from cepathway.children.models import Child
from cepathway.demo.management.commands.demo_setup import DEMO_PASSWORD
from cepathway.people.models import User
from cepathway.referrals.models import Referral, ReferralStatus, Route

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2027, 3, 8, 9, 0, tzinfo=LONDON)  # a working Monday, not a bank holiday
CHILD = ("Ffion", "Walkthrough")  # fictional
CHILD_NAME = " ".join(CHILD)


class TickingClock:
    """`timezone.now` from a fixed start, moving on at the real pace (so records keep their order)."""

    def __init__(self, start: datetime) -> None:
        self.start, self.real_start = start, datetime.now(tz=LONDON)

    def __call__(self) -> datetime:
        return self.start + (datetime.now(tz=LONDON) - self.real_start)

    @property
    def today(self) -> date:
        return self().astimezone(LONDON).date()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[TickingClock]:
    ticking = TickingClock(MONDAY)
    monkeypatch.setattr(django.utils.timezone, "now", ticking)
    yield ticking


class Walk:
    """A person at the browser: signs in at the front door, then only clicks and types into forms."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self._goto = page.goto
        page.goto = self._refuse_typed_address

    def _refuse_typed_address(self, url: str, **kwargs: Any) -> Any:
        raise AssertionError(f"This step needed a typed address ({url}): it must be reachable by clicking")

    def sign_in(self, username: str) -> None:
        self._goto("/")  # the front door: the only address anyone types
        self.page.locator("input[name=username]").fill(username)
        self.page.locator("input[name=password]").fill(DEMO_PASSWORD)
        self.press("Sign in")
        assert "My work" in self.heading(), f"{username} did not land on My work"

    def sign_out(self) -> None:
        self.press("Sign out")

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text()

    def text(self) -> str:
        return " ".join(self.page.locator("main").inner_text().split())

    def click(self, name: str, *, within: Any = None, exact: bool = False) -> None:
        """Follow the first link called `name` (on the page, or within a part of it)."""
        where = within if within is not None else self.page.locator("main")
        with self.page.expect_navigation():
            where.get_by_role("link", name=name, exact=exact).first.click()

    def nav(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.locator("header, nav").get_by_role("link", name=name, exact=True).first.click()

    def press(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name).first.click()

    def panel(self, title: str) -> Any:
        """The My work panel headed `title`."""
        return self.page.locator("section", has=self.page.get_by_role("heading", name=title, exact=True))

    def row(self, text: str, within: Any = None) -> Any:
        where = within if within is not None else self.page.locator("main")
        return where.locator("tr", has_text=text).first

    def fill(self, name: str, value: str) -> None:
        self.page.locator(f"main [name='{name}']").first.fill(value)

    def choose(self, name: str, value: str) -> None:
        self.page.locator(f"main input[name='{name}'][value='{value}']").check()

    def select(self, name: str, label: str) -> None:
        self.page.locator(f"main select[name='{name}']").select_option(label=label)

    def pick(self, name: str, person: str) -> None:
        """A person picker's type-ahead: type their surname, choose them from the suggestions."""
        self.page.locator(f"main input#id_{name}").fill(person.split()[-1])
        self.page.get_by_role("option", name=re.compile(re.escape(person))).first.click()

    def tick(self, person: str) -> None:
        """Tick a person in a picker of several, found by its type-ahead when the page did not list them."""
        box = self.page.locator("main").get_by_role("checkbox", name=re.compile(re.escape(person)))
        if not box.count():
            self.page.get_by_role("combobox", name="Search for someone else").fill(person.split()[-1])
            self.page.get_by_role("option", name=re.compile(re.escape(person))).first.click()
        box.check()

    def date(self, prefix: str, day: date) -> None:
        self.fill(f"{prefix}_day", str(day.day))
        self.fill(f"{prefix}_month", str(day.month))
        self.fill(f"{prefix}_year", str(day.year))

    def no_errors(self) -> None:
        summary = self.page.locator(".govuk-error-summary")
        assert summary.count() == 0, f"The page refused the form: {' '.join(summary.first.inner_text().split())}"


def person(username: str) -> User:
    return User.objects.get(username=username)


def test_the_readme_walkthrough_by_clicking_alone(page: Any, clock: TickingClock) -> None:
    call_command("demo_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    walk = Walk(page)
    today = clock.today

    step_1_school_makes_a_referral(walk)
    step_2_the_hub_assesses_it(walk)
    step_3_cerar_decides_level1(walk)
    step_4_a_consultation_for_a_child_open_to_childrens_services(walk)
    step_5_the_auditor_sees_every_view_and_change(walk)
    step_6_cerar_schedules_level1_from_my_work_and_invites(walk, today)
    step_7_the_social_worker_records_the_childs_views(walk, today)
    step_8_at_the_meeting(walk, today)
    step_9_minutes_and_family_summary(walk)
    step_10_level2(walk)
    step_11_overdue_stands_out(walk)


def step_1_school_makes_a_referral(walk: Walk) -> None:
    walk.sign_in("school")
    walk.nav("Make a referral")
    assert "999" in walk.text()
    walk.fill("first_name", CHILD[0])
    walk.fill("last_name", CHILD[1])
    walk.date("date_of_birth", date(2012, 5, 14))
    walk.choose("sex", "female")
    walk.fill("concern", "Fictional: seen getting into cars with older men after school; new phone.")
    walk.page.get_by_role("button", name=re.compile("Missing and running away")).first.click()  # open its section
    walk.page.locator("main input[name^='indicator_'][value='current:evidenced']").first.check()
    walk.choose("legal_basis", "consent")
    walk.page.locator("main input[name='not_in_immediate_danger']").check()
    walk.press("Send to the safeguarding hub")
    walk.no_errors()
    assert Referral.objects.filter(child__last_name=CHILD[1]).count() == 1
    walk.sign_out()


def step_2_the_hub_assesses_it(walk: Walk) -> None:
    walk.sign_in("hub")
    queue = walk.panel("Safeguarding hub queue")
    walk.click(referral_of_child().reference, within=walk.row(CHILD_NAME, queue))
    walk.click("Record the hub's assessment")
    walk.fill("assessment", "Fictional: school, GP and police consulted; worries confirmed.")
    walk.page.locator("main input[name='ce_concern']").first.check()
    walk.press("Save the assessment")
    walk.no_errors()
    assert referral_of_child().status == ReferralStatus.AWAITING_DECISION
    walk.sign_out()


def step_3_cerar_decides_level1(walk: Walk) -> None:
    walk.sign_in("cerar")
    waiting = walk.panel("Decisions and consultations waiting for CERAR")
    walk.click(referral_of_child().reference, within=walk.row(CHILD_NAME, waiting))
    walk.click("Make the decision")
    assert "suggest" in walk.text().lower()
    walk.choose("decision", "level1")
    walk.choose("judged_level", referral_of_child().suggested_level)
    walk.press("Record the decision")
    walk.no_errors()
    assert referral_of_child().status == ReferralStatus.LEVEL1_REQUIRED
    assert any(person("school").email in message.to for message in mail.outbox)
    walk.sign_out()


def step_4_a_consultation_for_a_child_open_to_childrens_services(walk: Walk) -> None:
    child = open_child_with_nothing_asked()
    walk.sign_in("socialworker")
    walk.nav("Children")
    walk.fill("q", child.full_name)
    walk.press("Search")
    walk.click(child.full_name, exact=True)
    walk.click("Ask CERAR for a consultation")
    walk.fill("reason", "Fictional: new older friends and unexplained cash.")
    walk.press("Send to CERAR")
    walk.no_errors()
    walk.sign_out()

    walk.sign_in("cerar")
    waiting = walk.panel("Decisions and consultations waiting for CERAR")
    consultation = Referral.objects.get(child=child, route=Route.CONSULTATION)
    walk.click(consultation.reference, within=waiting)
    walk.click("Record the consultation")
    walk.fill("notes", "Fictional: discussed with the social worker; the plan in place is enough.")
    walk.press("Save")
    walk.no_errors()
    walk.choose("decision", "end")
    walk.choose("judged_level", consultation.suggested_level)
    walk.fill("end_reason", "Fictional: the child protection plan already addresses this.")
    walk.fill("advice_given", "Fictional: keep CERAR informed if anything changes.")
    walk.press("Record the decision")
    walk.no_errors()
    consultation.refresh_from_db()
    assert consultation.status == ReferralStatus.ENDED
    walk.sign_out()


def step_5_the_auditor_sees_every_view_and_change(walk: Walk) -> None:
    walk.sign_in("auditor")
    walk.nav("Audit log")
    walk.fill("user", "school")  # what the referrer did: the auditor is named on no child of this walk
    walk.press("Search")
    said = walk.text()
    assert "Created" in said and "referral" in said, said[:500]
    walk.sign_out()


def step_6_cerar_schedules_level1_from_my_work_and_invites(walk: Walk, today: date) -> None:
    walk.sign_in("cerar")
    waiting = walk.panel("Children waiting for a Level 1 meeting")
    walk.click("Schedule", within=walk.row(CHILD_NAME, waiting))
    walk.date("date", today)
    walk.fill("time", "14:00")
    walk.choose("venue", "online")
    walk.press("Schedule the meeting")
    walk.no_errors()
    assert "Invite professionals" in walk.heading()
    for username in ("socialworker", "police", "school"):
        walk.tick(person(username).display_name)
    walk.press("Send invitations")
    walk.no_errors()
    invited = {person(u).email for u in ("socialworker", "police", "school")}
    assert invited <= {address for message in mail.outbox for address in message.to}
    walk.sign_out()


def step_7_the_social_worker_records_the_childs_views(walk: Walk, today: date) -> None:
    walk.sign_in("socialworker")
    walk.click("Level 1 meeting", within=walk.row(CHILD_NAME, walk.panel("Meetings I am invited to")))
    walk.click("Record views")
    walk.choose("voice_of", "child")
    walk.choose("method", "in_person")
    walk.date("gathered_on", today)
    walk.fill("views", "Fictional: I want my phone back and to see my friends.")
    walk.press("Save")
    walk.no_errors()
    assert "I want my phone back" in walk.text()
    walk.sign_out()


def step_8_at_the_meeting(walk: Walk, today: date) -> None:
    walk.sign_in("cerar")
    walk.click("Level 1 meeting", within=walk.row(CHILD_NAME, walk.panel("Meetings and reviews I chair")))
    walk.click("Record attendance")
    for radio in walk.page.locator("main input[type=radio][value='attended']").all():
        radio.check()
    walk.press("Save")
    walk.no_errors()

    walk.click("Record a contribution")
    walk.page.locator("main select[name='agency']").select_option(index=1)
    walk.fill("information", "Fictional: police intelligence about older men in a car.")
    walk.fill("shareable_with_family", "Fictional: police are working to keep her safe.")
    walk.fill("not_shareable_reason", "Fictional: the rest would prejudice an investigation.")
    walk.press("Save")
    walk.no_errors()

    walk.click("Record the discussion")
    walk.fill("vulnerabilities", "Fictional: missing episodes, older friends.")
    walk.fill("harm", "Fictional: risk of sexual exploitation.")
    walk.fill("strengths", "Fictional: loves football; close to her gran.")
    walk.fill("needs_to_happen", "Fictional: return interviews, disruption work.")
    walk.page.locator("main select[name='scale']").select_option("4")
    walk.press("Save")
    walk.no_errors()

    walk.click("Record the outcome")
    assert "suggest" in walk.text().lower()
    walk.choose("status", "medium")
    walk.page.locator("main input[name='ce_types'][value='cse']").check()
    walk.fill("rationale", "Fictional: evidenced missing episodes and an older male associate.")
    walk.pick("social_worker", person("socialworker").display_name)
    walk.pick("review_chair", person("manager").display_name)
    walk.press("Record the outcome")
    walk.no_errors()
    assert "Medium" in walk.text()

    walk.click("Add an action")
    walk.fill("description", "Fictional: complete a return interview after each missing episode.")
    walk.pick("owner", person("police").display_name)
    walk.date("due_on", today + timedelta(days=14))
    walk.press("Add the action")
    walk.no_errors()
    walk.sign_out()

    walk.sign_in("police")
    actions = walk.panel("Safety plan actions I own")
    walk.click("return interview", within=actions)
    walk.click("Record progress")
    walk.fill("note", "Fictional: first return interview done.")
    walk.press("Save progress")
    walk.no_errors()
    walk.sign_out()


def step_9_minutes_and_family_summary(walk: Walk) -> None:
    walk.sign_in("socialworker")
    walk.nav("Children")
    walk.click(CHILD_NAME, exact=True)
    walk.click("CE pathway")
    walk.click("Level 1 meeting")
    walk.click("Minutes")
    assert "Minutes" in walk.text()
    walk.page.go_back()
    walk.click("Outcome summary for the family")
    assert CHILD[0] in walk.text()
    walk.sign_out()


def step_10_level2(walk: Walk) -> None:
    walk.sign_in("cerar")
    walk.nav("Level 2")
    month_link = walk.page.locator("main").get_by_role("link", name=re.compile(r"Level 2 meeting, "))
    if walk.page.locator("main").get_by_role("link", name=re.compile("Create")).count():
        walk.click("Create")
        walk.press("Create the meeting and its agenda")
        walk.no_errors()
    else:
        with walk.page.expect_navigation():
            month_link.last.click()
    walk.press("Bring the agenda up to date")
    walk.no_errors()
    assert CHILD_NAME in walk.text()
    walk.sign_out()


def step_11_overdue_stands_out(walk: Walk) -> None:
    walk.sign_in("manager")
    assert walk.panel("Overdue across the partnership").count() == 1
    walk.sign_out()


def referral_of_child() -> Referral:
    return Referral.objects.get(child__first_name=CHILD[0], child__last_name=CHILD[1], route=Route.CONTACT)


def open_child_with_nothing_asked() -> Child:
    waiting = Referral.objects.filter(route=Route.CONSULTATION).values("child_id")
    child = (
        Child.objects.filter(open_to_childrens_services=True, allocated_social_worker__username="socialworker")
        .exclude(pk__in=waiting)
        .first()
    )
    assert child is not None, "the demo has no child open to children's services with nothing asked yet"
    return child
