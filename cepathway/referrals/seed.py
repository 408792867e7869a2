"""The starting CE vulnerability checklist a new partnership gets; its administrator edits it.

Wording is ours. The signs follow the partnership's practitioner briefing and the categories
used by published screening tools (see docs/adr/0002-checklist-suggestion.md); the statutory
definitions behind them are DfE (2017) for CSE and the Serious Violence Strategy (2018) for CCE.
Each indicator: (text, kind, CE types, weight, floor when current and evidenced).
"""

from typing import Any

from django.db import transaction

from cepathway.children.models import CEStatus

from .models import ChecklistCategory, Indicator, IndicatorKind, Modifier, ModifierCode, ProtectiveFactor

R, H = IndicatorKind.RISK, IndicatorKind.HARM
ALL = ["cse", "cce", "msht"]
N, MED, HIGH = CEStatus.NONE, CEStatus.MEDIUM, CEStatus.HIGH

CHECKLIST: list[tuple[str, list[tuple[str, str, list[str], int, str]]]] = [
    (
        "Missing and running away",
        [
            ("Goes missing from home, care or school", R, ALL, 3, N),
            ("Stays out late or overnight without explanation", R, ALL, 2, N),
            ("Found far from home, or in an area they have no link to", R, ["cce", "msht"], 3, N),
            ("Travels alone, especially in school hours, late at night or often", R, ALL, 2, N),
        ],
    ),
    (
        "Education",
        [
            ("Misses school, or attendance has dropped", R, ALL, 2, N),
            ("Excluded, on a reduced timetable or not in education", R, ["cce"], 2, N),
        ],
    ),
    (
        "Associations",
        [
            ("Friendship or relationship with an older person or a person of concern", R, ["cse", "cce"], 3, N),
            ("Spends time with adults or peers unknown to the family", R, ALL, 2, N),
            ("Linked to a gang, a group of concern or a county lines network", R, ["cce"], 4, N),
        ],
    ),
    (
        "Sexual and physical health",
        [
            ("Inappropriate or sexualised behaviour for their age", R, ["cse"], 3, N),
            ("Sexually transmitted infection, pregnancy or repeated emergency contraception", H, ["cse"], 5, MED),
            ("Unexplained injuries", H, ALL, 4, MED),
            ("Known to have been sexually exploited or abused", H, ["cse"], 8, HIGH),
        ],
    ),
    (
        "Emotional wellbeing",
        [
            ("Marked change in mood, behaviour or appearance (clothes, hygiene)", R, ALL, 2, N),
            ("Withdrawn, isolated, poor mental health or self-harm", R, ALL, 3, N),
            ("Secretive about where they go and who they see", R, ALL, 2, N),
        ],
    ),
    (
        "Drugs and alcohol",
        [
            ("Misuses drugs or alcohol", R, ALL, 2, N),
            ("Given drugs or alcohol by adults or older peers", R, ["cse", "cce"], 3, N),
            ("Owes a drug debt, or is said to", H, ["cce"], 5, MED),
        ],
    ),
    (
        "Money and possessions",
        [
            ("Unexplained gifts, new possessions or cash", R, ["cse", "cce"], 3, N),
            ("Has a second phone, or gets many calls and leaves in a hurry after one", R, ["cce", "cse"], 3, N),
        ],
    ),
    (
        "Online",
        [
            ("Talks online to 'friends' they have not met or the family does not know", R, ["cse", "cce"], 2, N),
            ("Sharing or being asked for sexual images", H, ["cse"], 5, MED),
            ("Groomed or threatened online", H, ["cse", "cce"], 5, MED),
        ],
    ),
    (
        "Offending",
        [
            ("Arrested or offending, especially out of area", R, ["cce"], 3, N),
            ("Found with drugs, large amounts of cash or weapons", H, ["cce"], 6, MED),
            ("Carries a weapon or has been threatened with one", H, ["cce"], 6, MED),
        ],
    ),
    (
        "Places and transport",
        [
            ("Seen getting into cars with unknown adults", R, ["cse", "cce"], 4, N),
            ("Spends time in hotels, takeaways, taxis or known hotspots", R, ["cse", "cce"], 3, N),
            ("Found in a property used to deal drugs (a 'trap house')", H, ["cce", "msht"], 8, HIGH),
        ],
    ),
    (
        "Family and home",
        [
            ("Domestic abuse, parental substance misuse or poor parental mental health", R, ALL, 2, N),
            ("Family cannot keep the child safe, or are being threatened", R, ALL, 3, N),
        ],
    ),
    (
        "Engagement with services",
        [
            ("Does not engage with professionals, or disengages suddenly", R, ALL, 2, N),
        ],
    ),
    (
        "Trafficking and modern slavery",
        [
            ("Moved around the country or abroad by others", H, ["msht", "cce"], 6, MED),
            ("Made to work, or their documents or earnings are held by someone else", H, ["msht"], 8, HIGH),
        ],
    ),
]

PROTECTIVE = [
    ("Has a trusted adult they talk to", 2),
    ("Attends school or college regularly", 1),
    ("Parents or carers are aware and acting to keep them safe", 2),
    ("Engages with support offered", 1),
    ("Positive activities and friendships", 1),
]

# (code, points added, floor when any indicator is answered)
MODIFIERS = [
    (ModifierCode.UNDER_13, 2, MED),
    (ModifierCode.SEND, 2, MED),
    (ModifierCode.LOOKED_AFTER, 2, N),
    (ModifierCode.UASC, 2, N),
]


@transaction.atomic
def seed_checklist(partnership: Any, *, by: Any = None) -> int:
    """Give a partnership the starting checklist, if it has none. Returns indicators created."""
    if ChecklistCategory.objects.filter(partnership=partnership).exists():
        return 0
    created = 0
    for order, (name, indicators) in enumerate(CHECKLIST):
        category = ChecklistCategory(partnership=partnership, name=name, order=order)
        category.save_tracked(by)
        for position, (text, kind, types, weight, floor) in enumerate(indicators):
            Indicator(
                category=category,
                text=text,
                kind=kind,
                ce_types=types,
                weight=weight,
                floor_level=floor,
                order=position,
            ).save_tracked(by)
            created += 1
    for position, (text, weight) in enumerate(PROTECTIVE):
        ProtectiveFactor(partnership=partnership, text=text, weight=weight, order=position).save_tracked(by)
    for code, points, floor in MODIFIERS:
        Modifier(partnership=partnership, code=code, points=points, floor_level=floor).save_tracked(by)
    return created
