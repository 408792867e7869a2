"""Forms that say the truth: a field labelled "(optional)" may be left empty; a field needed only on
another answer says so on the page (and is drawn under that answer); the error summary lists the
errors in the order of the fields on the page; the checklist is grouped by category with radios; the
referrer can read back what they sent and is told what happens next; CERAR and METCO are spelled out;
no page says "childrens"."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from cepathway.children.models import CEStatus
from cepathway.core.errors import RuleError
from cepathway.core.models import AuditEvent
from cepathway.meetings import scheduling
from cepathway.meetings.forms import OutcomeForm
from cepathway.people.models import Role
from cepathway.policy.services import policy_for
from cepathway.referrals.checklist import rank
from cepathway.referrals.models import ChecklistCategory, Referral
from tests.referrals.helpers import contact_post, indicators

NEW = reverse("referrals:new")
OPTIONAL = " (optional)"


class Page(HTMLParser):
    """What these tests read from a page: ids in document order, each control's name, the questions
    labelled "(optional)" (by field name), and the error summary's links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.names: dict[str, str] = {}  # control id -> name
        self.optional: set[str] = set()
        self.summary: list[str] = []
        self._label_for: str | None = None
        self._legend = False
        self._text = ""
        self._legend_optional = False
        self._in_summary = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        classes = found.get("class") or ""
        if "govuk-error-summary__list" in classes:
            self._in_summary = True
        if tag == "a" and self._in_summary:
            self.summary.append(str(found.get("href", "")).lstrip("#"))
        if tag in {"input", "select", "textarea"} and found.get("name"):
            self.names[str(found.get("id"))] = str(found["name"])
            if self._legend_optional:
                self.optional.add(str(found["name"]))
                self._legend_optional = False
        if tag == "label":
            self._label_for, self._text = found.get("for"), ""
        if tag == "legend":
            self._legend, self._text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._in_summary = False
        if tag == "label" and self._label_for and self._text.strip().endswith(OPTIONAL.strip()):
            self.optional.add(self._label_for)  # an id for now: resolved to a name in optional_names
        if tag == "label":
            self._label_for = None
        if tag == "legend":
            self._legend = False
            self._legend_optional = self._text.strip().endswith(OPTIONAL.strip())

    def handle_data(self, data: str) -> None:
        if self._label_for is not None or self._legend:
            self._text += data

    def optional_names(self) -> set[str]:
        return {self.names.get(item, item) for item in self.optional}

    def position(self, element_id: str) -> int:
        return self.ids.index(element_id)


def school_client(world, client_for):
    return client_for(world.users[Role.PARTNER_PROFESSIONAL])


def submit(world, client_for, **overrides) -> Referral:
    school = world.users[Role.PARTNER_PROFESSIONAL]
    response = client_for(school).post(NEW, contact_post(world.home, match="new", **overrides))  # a new child
    assert response.status_code == 302, response.text
    return Referral.objects.filter(referrer=school).order_by("-created_at").first()


# --- "(optional)" means optional ---------------------------------------------------------------------


def test_every_field_the_contact_form_calls_optional_may_be_left_empty(world, client_for):
    page = Page(school_client(world, client_for).get(NEW).text)
    optional = page.optional_names()
    assert {"other_names", "gender", "referrer_phone", "parent_phone", "protective_factors"} <= optional
    assert "consent_not_sought_reason" not in optional  # needed without consent: it says so instead
    emptied = dict.fromkeys(optional)
    data = contact_post(world.home, answers=0, **emptied)
    for day_month_year in ("_day", "_month", "_year"):  # a date's boxes are named after it
        if "date_of_birth" in optional:
            data.pop("date_of_birth" + day_month_year, None)
    response = school_client(world, client_for).post(NEW, data)
    assert response.status_code == 302, [line for line in response.text.splitlines() if "error-message" in line]


def test_the_consent_reason_is_drawn_under_sharing_without_consent_and_says_when_it_is_needed(world, client_for):
    html = school_client(world, client_for).get(NEW).text
    assert "Why consent was not sought (optional)" not in html
    assert "Needed when you share without consent." in html
    page = Page(html)
    conditional = "conditional-id_legal_basis-2"  # the second option: shared without consent
    assert f'data-aria-controls="{conditional}"' in html
    assert page.position(conditional) < page.position("id_consent_not_sought_reason")
    assert page.position("id_consent_not_sought_reason") < page.position("id_urgency")


def test_the_consent_reason_is_refused_empty_only_when_sharing_without_consent(world, client_for):
    client = school_client(world, client_for)
    with_consent = client.post(NEW, contact_post(world.home, legal_basis="consent", consent_not_sought_reason=""))
    assert with_consent.status_code == 302

    without = client.post(NEW, contact_post(world.home, legal_basis="safeguarding", consent_not_sought_reason=""))
    assert without.status_code == 200
    page = Page(without.text)
    assert page.summary == ["id_consent_not_sought_reason"]
    error = page.position("id_consent_not_sought_reason-error")
    assert page.position("conditional-id_legal_basis-2") < error < page.position("id_consent_not_sought_reason")


def hub_page(world, client_for, referral, **data):
    hub = client_for(world.users[Role.HUB_PRACTITIONER])
    url = reverse("referrals:hub-assessment", args=[referral.pk])
    return hub.post(url, data) if data else hub.get(url)


def test_the_hub_says_why_the_pathway_ends_only_when_it_answers_no(world, client_for):
    referral = submit(world, client_for, answers=1)
    assert rank(referral.suggested_level) < rank(CEStatus.MEDIUM)
    html = hub_page(world, client_for, referral).text
    for label in ("Why the pathway ends", "Advice for the referrer", "Why child exploitation is not a concern"):
        assert f"{label}</label>" in html and f"{label} (optional)" not in html
    assert html.count("Needed when the answer is No") == 3
    page = Page(html)
    assert page.position("conditional-id_ce_concern-2") < page.position("id_end_reason")

    refused = hub_page(world, client_for, referral, assessment="Consulted school.", ce_concern="no")
    assert Page(refused.text).summary == ["id_end_reason", "id_advice_given"]
    accepted = hub_page(world, client_for, referral, assessment="Consulted school.", ce_concern="yes")
    assert accepted.status_code == 302


def test_the_decision_says_when_its_rationale_and_reason_are_needed(world, client_for):
    referral = world.awaiting_decision[world.child.pk]
    cerar = client_for(world.users[Role.CERAR_LEAD])
    html = cerar.get(reverse("referrals:decide", args=[referral.pk])).text
    assert "Rationale (optional)" not in html
    assert f"differs from the checklist&#x27;s suggestion ({referral.get_suggested_level_display()})" in html
    assert "Needed when the pathway ends." in html
    page = Page(html)
    assert page.position("conditional-id_decision") < page.position("id_end_reason")


def test_the_outcome_form_says_when_types_chair_and_reason_are_needed(world):
    form = OutcomeForm(partnership_id=world.home.pk, policy=policy_for(world.home))
    for name in ("ce_types", "review_venue", "review_chair"):
        html = str(form[name].as_field_group())
        assert OPTIONAL not in html and "Needed for every status but No status." in html
    assert "Needed when the status is No status." in str(form["closure_reason"].as_field_group())
    assert OPTIONAL not in str(form["closure_detail"].as_field_group())
    assert "(optional)" in str(form["review_date"].as_field_group())  # truly optional: policy sets the date

    refused = OutcomeForm(
        {"status": CEStatus.HIGH, "rationale": "Fictional reasons."},
        partnership_id=world.home.pk,
        policy=policy_for(world.home),
    )
    assert not refused.is_valid()
    assert {"ce_types", "review_venue", "review_chair"} <= set(refused.errors)
    closed = OutcomeForm(
        {"status": CEStatus.NONE, "rationale": "Fictional reasons.", "closure_reason": "no_status"},
        partnership_id=world.home.pk,
        policy=policy_for(world.home),
    )
    closed.is_valid()
    assert not {"ce_types", "review_venue", "review_chair", "closure_reason"} & set(closed.errors)


# --- The error summary follows the page ----------------------------------------------------------------


def in_page_order(page: Page) -> bool:
    positions = [page.position(target) for target in page.summary]
    return positions == sorted(positions)


def test_the_contact_forms_error_summary_lists_errors_in_page_order(world, client_for):
    bad = contact_post(
        world.home,
        first_name="",
        postcode="not a postcode",
        concern="",
        legal_basis="safeguarding",
        consent_not_sought_reason="",
        not_in_immediate_danger=None,
        sex=None,
    )
    page = Page(school_client(world, client_for).post(NEW, bad).text)
    assert len(page.summary) == 6
    assert page.summary[0] == "id_first_name" and page.summary[-1] == "id_not_in_immediate_danger"
    assert in_page_order(page)


def test_the_hub_assessments_error_summary_lists_errors_in_page_order(world, client_for):
    referral = submit(world, client_for, answers=6)
    assert rank(referral.suggested_level) >= rank(CEStatus.MEDIUM)
    page = Page(hub_page(world, client_for, referral, assessment="", ce_concern="no").text)
    assert page.summary == ["id_assessment", "id_end_reason", "id_advice_given", "id_rationale"]
    assert in_page_order(page)


# --- The checklist ---------------------------------------------------------------------------------------


def test_the_checklist_is_grouped_by_category_with_radios(world, client_for):
    html = school_client(world, client_for).get(NEW).text
    categories = list(ChecklistCategory.objects.filter(partnership=world.home, indicators__active=True).distinct())
    assert 'data-module="govuk-accordion"' in html
    assert html.count('class="govuk-accordion__section"') == len(categories)
    headings = re.findall(r'class="govuk-accordion__section-button"[^>]*>([^<]+)<', html)
    assert headings == [category.name for category in sorted(categories, key=lambda c: (c.order, c.name))]
    questions = indicators(world.home)
    assert len(questions) >= 30
    assert not re.search(r'<select[^>]*name="indicator_', html)
    first = questions[0]
    assert html.count('type="radio" value="" checked') >= len(questions)  # "Not a concern" to start with
    assert f'name="indicator_{first.pk}" type="radio" value="current:evidenced"' in html
    assert "govuk-radios--small" in html


def test_the_checklist_posts_the_same_values_and_keeps_the_answers_on_a_refused_form(world, client_for):
    first = indicators(world.home)[0]
    refused = school_client(world, client_for).post(NEW, contact_post(world.home, answers=1, concern=""))
    assert refused.status_code == 200
    assert f'name="indicator_{first.pk}" type="radio" value="current:evidenced" checked' in refused.text
    assert "govuk-accordion__section govuk-accordion__section--expanded" in refused.text  # its section opens


# --- Reading back, and what happens next -------------------------------------------------------------


def test_the_referrer_reads_back_what_they_submitted_grouped_as_asked(world, client_for):
    referral = submit(world, client_for, answers=3, protective_factors=None)
    page = school_client(world, client_for).get(reverse("referrals:detail", args=[referral.pk]))
    assert "What was submitted" in page.text
    for answer in referral.answers.all():
        assert answer.category_name in page.text
        assert answer.indicator_text in page.text
    assert "Current (within the last 3 months); evidenced" in page.text
    assert "Child sexual exploitation (CSE)" in page.text
    assert "What drove the suggestion" not in page.text  # the scoring is for the people who decide
    assert AuditEvent.objects.filter(
        user=world.users[Role.PARTNER_PROFESSIONAL], action="viewed", record_id=str(referral.pk)
    ).exists()


def test_the_confirmation_says_what_happens_next_and_when(world, client_for):
    school = school_client(world, client_for)
    response = school.post(NEW, contact_post(world.home), follow=True)
    referral = Referral.objects.filter(referrer=world.users[Role.PARTNER_PROFESSIONAL]).latest("created_at")
    text = response.text
    assert "What happens next" in text and referral.reference in text
    assert "within its usual timescales" in text
    assert "may call you on 01632 960001" in text
    assert policy_for(world.home).contacts.hub_urgent_phone in text
    assert "If a child is in immediate danger, call 999." in text

    priority = submit(world, client_for, urgency="priority")
    page = school.get(reverse("referrals:detail", args=[priority.pk]))
    assert "will look at it today" in page.text

    hub_view = client_for(world.users[Role.HUB_PRACTITIONER]).get(reverse("referrals:detail", args=[referral.pk]))
    assert "What happens next" not in hub_view.text  # the referrer's own steps


# --- Words -----------------------------------------------------------------------------------------------


CERAR = '<abbr title="Child Exploitation Risk and Review">CERAR</abbr>'


def test_cerar_is_spelled_out_once_on_a_page(world, client_for):
    referral = submit(world, client_for)
    text = school_client(world, client_for).get(reverse("referrals:detail", args=[referral.pk])).text
    assert text.count(CERAR) == 1
    assert "CERAR" not in text[text.index('id="main-content"') : text.index(CERAR)]  # at its first use


def test_score_and_harm_are_explained(world, client_for):
    referral = world.awaiting_decision[world.child.pk]
    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("referrals:decide", args=[referral.pk]))
    weighting = policy_for(world.home).checklist
    assert "What the score means" in page.text
    assert f"{weighting.medium_from:g} or more Medium" in page.text
    assert "marks a sign that the child has already been harmed" in page.text


def test_no_page_says_childrens(world, client_for):
    templates = Path(__file__).resolve().parents[2] / "cepathway"
    for template in templates.rglob("templates/**/*.html"):
        words = re.sub(r"{[{%#].*?[}%#]}", "", template.read_text(), flags=re.DOTALL)
        assert not re.search(r"\bchildrens\b", words, re.IGNORECASE), template
    contact = school_client(world, client_for).get(NEW).text
    assert "Open to children&#x27;s services" in contact
    assert not re.search(r"\bchildrens\b", re.sub(r'(name|id|for|data-[a-z-]+)="[^"]*"', "", contact), re.I)


def test_role_names_are_said_as_people_say_them(world):
    policy = policy_for(world.home)
    with pytest.raises(RuleError) as medium:
        scheduling.check_chair(CEStatus.MEDIUM, None, policy)
    assert "chaired by a Complex Safeguarding Team Manager." in str(medium.value)  # a title keeps its capitals
    with pytest.raises(RuleError) as low:
        scheduling.check_chair(CEStatus.LOW, None, policy)
    assert str(low.value).endswith("chaired by a lead professional.")  # not "(early help or metco)"
    with pytest.raises(RuleError) as level1:
        scheduling.check_level1_chair(None, policy)
    assert "a CERAR lead" in str(level1.value)
