"""Every sentence about policy comes from the policy: three policies (the briefing, the parents'
guide, and a made-up one with a different chair, allocation and Level 2 day), three sets of words."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.template import Context, Template

from cepathway.core.policy import DEFAULT_POLICY, PARENTS_GUIDE_POLICY, ReviewRule, Venue
from cepathway.policy import wording

BRIEFING = DEFAULT_POLICY
PARENTS_GUIDE = PARENTS_GUIDE_POLICY
# Made up: Low chaired by a team manager and reviewed every 6 weeks, online only; High needs a lead
# professional; nobody for Low; Level 2 on the first Monday for High only, Medium and Low by exception;
# Level 1 chaired by a team manager.
MADE_UP = replace(
    DEFAULT_POLICY,
    name="Fictional made-up policy",
    reviews={
        "high": ReviewRule(timedelta(weeks=2), "cerar_lead", (Venue.CHILDRENS_SERVICES, Venue.POLICE)),
        "medium": ReviewRule(timedelta(weeks=1), "team_manager", tuple(Venue.LABELS)),
        "low": ReviewRule(timedelta(weeks=6), "team_manager", (Venue.ONLINE,)),
    },
    status_requires={"high": "lead_professional", "medium": "social_worker"},
    level1_chair_role="team_manager",
    level2_statuses=("high",),
    level2_by_exception_statuses=("low", "medium"),
    level2_week_of_month=1,
    level2_weekday=0,
    level2_every_months=2,
)
POLICIES = {"briefing": BRIEFING, "parents_guide": PARENTS_GUIDE, "made_up": MADE_UP}


def each_policy(expected):
    return [pytest.param(POLICIES[name], answer, id=name) for name, answer in expected.items()]


def test_lists_are_joined_in_english():
    assert wording.join_labels([]) == ""
    assert wording.join_labels(["High"]) == "High"
    assert wording.join_labels(["High", "Medium"]) == "High and Medium"
    assert wording.join_labels(["High", "Medium", "Low"]) == "High, Medium and Low"
    assert wording.join_labels(["Early Help", "online"], word="or") == "Early Help or online"


def test_statuses_are_named_most_worrying_first_whatever_order_they_come_in():
    assert wording.status_labels(["medium", "high"]) == "High and Medium"
    assert wording.status_labels(("low", "high", "medium")) == "High, Medium and Low"


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("team_manager", "Complex Safeguarding Team Manager"),
        ("cerar_lead", "CERAR lead"),
        ("social_worker", "social worker"),
        ("lead_professional", "lead professional"),
        ("level2_member", "Level 2 panel member"),
        ("auditor", "auditor"),
    ],
)
def test_a_role_in_a_sentence_is_its_label_as_running_text_says_it(role, name):
    assert wording.role_name(role) == name


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": (
                "A Medium review is held every 8 weeks, chaired by a Complex Safeguarding Team Manager. "
                "It is never held at Early Help."
            ),
            "parents_guide": (
                "A Medium review is held every 4 weeks, chaired by a Complex Safeguarding Team Manager. "
                "It is never held at Early Help."
            ),
            "made_up": "A Medium review is held every week, chaired by a Complex Safeguarding Team Manager.",
        }
    ),
)
def test_the_medium_review_sentence(policy, expected):
    assert wording.review_sentence(policy, "medium") == expected


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": "A Low review is held every 12 weeks, chaired by a lead professional.",
            "parents_guide": "A Low review is held every 12 weeks, chaired by a lead professional.",
            "made_up": (
                "A Low review is held every 6 weeks, chaired by a Complex Safeguarding Team Manager. It is never "
                "held at a children's services office, at Early Help, at a school or college, at a police station "
                "or at any other place."
            ),
        }
    ),
)
def test_the_low_review_sentence(policy, expected):
    assert wording.review_sentence(policy, "low") == expected


def test_a_status_policy_does_not_review_has_no_review_sentence():
    assert wording.review_sentence(BRIEFING, "none") == ""


@pytest.mark.parametrize("policy", POLICIES.values(), ids=POLICIES.keys())
def test_review_rows_follow_the_policy(policy):
    rows = wording.review_rule_rows(policy)
    assert [row.status for row in rows] == ["high", "medium", "low"]
    for row in rows:
        rule = policy.reviews[row.status]
        assert row.weeks == rule.every.days // 7
        assert row.every_text == wording.every_text(row.weeks)
        assert row.chair_role == rule.chair_role
        assert set(row.venue_labels) == {Venue.LABELS[v] for v in rule.venues}
        assert set(row.not_at_labels) == {label for v, label in Venue.LABELS.items() if v not in rule.venues}
        assert row.sentence == wording.review_sentence(policy, row.status)


def test_review_rows_say_labels():
    high = wording.review_rule_rows(MADE_UP)[0]
    assert (high.status_label, high.every_text, high.chair_label) == ("High", "every 2 weeks", "CERAR lead")
    assert high.venue_labels == ["Children's services office", "Police station"]
    assert high.not_at_labels == ["Early Help", "School or college", "Online", "Other place"]


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": (
                "By policy this Medium review is due by 2 March 2027. It can be held earlier, not later. "
                "It is never held at Early Help."
            ),
            "parents_guide": (
                "By policy this Medium review is due by 2 March 2027. It can be held earlier, not later. "
                "It is never held at Early Help."
            ),
            "made_up": "By policy this Medium review is due by 2 March 2027. It can be held earlier, not later.",
        }
    ),
)
def test_the_review_due_sentence(policy, expected):
    assert wording.review_due_sentence(policy, "medium", date(2027, 3, 2)) == expected


def test_the_review_due_sentence_names_every_place_policy_rules_out():
    sentence = wording.review_due_sentence(MADE_UP, "high", date(2027, 3, 2))
    assert sentence.endswith("It is never held at Early Help, at a school or college, online or at any other place.")


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": "High and Medium need an allocated social worker; Low needs a lead professional.",
            "parents_guide": "High and Medium need an allocated social worker; Low needs a lead professional.",
            "made_up": "High needs a lead professional; Medium needs an allocated social worker.",
        }
    ),
)
def test_the_allocation_sentence(policy, expected):
    assert wording.allocation_sentence(policy) == expected


def test_with_nobody_allocated_the_allocation_sentence_says_so():
    assert wording.allocation_sentence(replace(BRIEFING, status_requires={})) == "No status needs anyone allocated."


@pytest.mark.parametrize(
    ("policy", "social_worker", "lead_professional"),
    [
        pytest.param(
            BRIEFING,
            "High and Medium need an allocated social worker.",
            "Low needs a lead professional.",
            id="briefing",
        ),
        pytest.param(
            MADE_UP, "Medium needs an allocated social worker.", "High needs a lead professional.", id="made_up"
        ),
    ],
)
def test_the_allocation_hint_for_each_field(policy, social_worker, lead_professional):
    assert wording.allocation_hint(policy, "social_worker") == social_worker
    assert wording.allocation_hint(policy, "lead_professional") == lead_professional
    assert wording.allocation_hint(policy, "police_officer") == ""


def test_the_allocation_problem_names_the_field_and_the_person():
    assert wording.allocation_problem(BRIEFING, "high") == (
        "social_worker",
        "A High status needs an allocated social worker. Choose the social worker.",
    )
    assert wording.allocation_problem(BRIEFING, "low") == (
        "lead_professional",
        "A Low status needs a lead professional. Choose the lead professional.",
    )
    assert wording.allocation_problem(MADE_UP, "high") == (
        "lead_professional",
        "A High status needs a lead professional. Choose the lead professional.",
    )
    assert wording.allocation_problem(MADE_UP, "low") is None
    assert wording.allocation_problem(BRIEFING, "none") is None


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": "By policy a Level 1 meeting is chaired by a CERAR lead.",
            "parents_guide": "By policy a Level 1 meeting is chaired by a CERAR lead.",
            "made_up": "By policy a Level 1 meeting is chaired by a Complex Safeguarding Team Manager.",
        }
    ),
)
def test_the_level1_chair_sentence(policy, expected):
    assert wording.level1_chair_sentence(policy) == expected


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": (
                "Every High and Medium child is on the Level 2 agenda; Low children are discussed by exception, "
                "when someone flags them."
            ),
            "parents_guide": (
                "Every High and Medium child is on the Level 2 agenda; Low children are discussed by exception, "
                "when someone flags them."
            ),
            "made_up": (
                "Every High child is on the Level 2 agenda; Medium and Low children are discussed by exception, "
                "when someone flags them."
            ),
        }
    ),
)
def test_the_level2_agenda_sentence(policy, expected):
    assert wording.level2_agenda_sentence(policy) == expected


def test_with_nothing_by_exception_the_agenda_sentence_stops_at_the_statuses():
    policy = replace(BRIEFING, level2_statuses=("high", "medium", "low"), level2_by_exception_statuses=())
    assert wording.level2_agenda_sentence(policy) == "Every High, Medium and Low child is on the Level 2 agenda."
    assert wording.level2_flag_hint(policy) == "High, Medium and Low children are always on the Level 2 agenda."


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": {"status": "High or Medium CE status", "flagged": "Low status, flagged by exception"},
            "parents_guide": {"status": "High or Medium CE status", "flagged": "Low status, flagged by exception"},
            "made_up": {"status": "High CE status", "flagged": "Medium or Low status, flagged by exception"},
        }
    ),
)
def test_the_level2_reason_labels(policy, expected):
    assert wording.level2_reason_labels(policy) == expected


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": (
                "Level 2 meets on the second Tuesday of each month (the next working day when that is a bank holiday)."
            ),
            "parents_guide": (
                "Level 2 meets on the second Tuesday of each month (the next working day when that is a bank holiday)."
            ),
            "made_up": (
                "Level 2 meets on the first Monday of every 2 months (the next working day when that is a bank "
                "holiday)."
            ),
        }
    ),
)
def test_the_level2_day_sentence(policy, expected):
    assert wording.level2_day_sentence(policy) == expected


@pytest.mark.parametrize(
    ("policy", "expected"),
    each_policy(
        {
            "briefing": (
                "High and Medium children are always on the Level 2 agenda. Low children are discussed by exception."
            ),
            "parents_guide": (
                "High and Medium children are always on the Level 2 agenda. Low children are discussed by exception."
            ),
            "made_up": (
                "High children are always on the Level 2 agenda. Medium and Low children are discussed by exception."
            ),
        }
    ),
)
def test_the_level2_flag_hint(policy, expected):
    assert wording.level2_flag_hint(policy) == expected


@pytest.mark.parametrize(
    ("policy", "status", "expected"),
    [
        pytest.param(
            BRIEFING,
            "medium",
            "The meeting is worried that Sam may be being exploited. A social worker will work with you and Sam. "
            "The meeting will look again every 8 weeks.",
            id="briefing-medium",
        ),
        pytest.param(
            PARENTS_GUIDE,
            "medium",
            "The meeting is worried that Sam may be being exploited. A social worker will work with you and Sam. "
            "The meeting will look again every 4 weeks.",
            id="parents_guide-medium",
        ),
        pytest.param(
            BRIEFING,
            "low",
            "The meeting has some worries that Sam could be exploited. A lead professional will work with you and "
            "Sam. The meeting will look again every 12 weeks.",
            id="briefing-low",
        ),
        pytest.param(
            MADE_UP,
            "high",
            "The meeting is very worried that Sam is being exploited or is at high risk of it. A lead professional "
            "will work with you and Sam. The meeting will look again every 2 weeks.",
            id="made_up-high",
        ),
        pytest.param(
            MADE_UP,
            "low",
            "The meeting has some worries that Sam could be exploited. The meeting will look again every 6 weeks.",
            id="made_up-low-nobody-allocated",
        ),
    ],
)
def test_what_a_status_means_for_the_family(policy, status, expected):
    assert wording.family_status_meaning(policy, status, "Sam") == expected


def test_no_status_means_the_pathway_has_ended():
    meaning = wording.family_status_meaning(BRIEFING, "none", "Sam")
    assert "does not need a child exploitation status" in meaning and "pathway has ended" in meaning


@pytest.mark.parametrize("status", ["high", "medium", "low", "none"])
def test_the_family_meaning_is_in_short_sentences(status):
    for sentence in wording.family_status_meaning(MADE_UP, status, "Sam").split(". "):
        assert len(sentence.split()) <= 20, sentence


def test_the_template_tags_say_what_the_functions_say():
    template = Template(
        "{% load policy_wording %}"
        "{% review_sentence policy 'medium' %}|{% allocation_hint policy 'social_worker' %}|"
        "{% level2_reason_label policy 'flagged' %}|{% level2_day_sentence policy %}|"
        "{% family_status_meaning policy 'high' name %}|{% review_due_sentence policy 'high' due %}|"
        "{% status_labels policy.level2_by_exception_statuses %}|{% level1_chair_sentence policy %}"
    )
    rendered = template.render(Context({"policy": MADE_UP, "name": "Sam", "due": date(2027, 3, 2)}))
    assert rendered.split("|") == [
        wording.review_sentence(MADE_UP, "medium"),
        wording.allocation_hint(MADE_UP, "social_worker"),
        wording.level2_reason_labels(MADE_UP)["flagged"],
        wording.level2_day_sentence(MADE_UP),
        wording.family_status_meaning(MADE_UP, "high", "Sam"),
        wording.review_due_sentence(MADE_UP, "high", date(2027, 3, 2)).replace("'", "&#x27;"),
        "Medium and Low",
        wording.level1_chair_sentence(MADE_UP),
    ]


def test_the_template_tags_escape_what_they_say():
    template = Template("{% load policy_wording %}{% family_status_meaning policy 'high' name %}")
    rendered = template.render(Context({"policy": BRIEFING, "name": "<b>Sam</b>"}))
    assert "<b>" not in rendered and "&lt;b&gt;Sam&lt;/b&gt;" in rendered
