"""Children and their referrals, each as the contact form, the hub and CERAR leave it: checklist
answers and the checklist's suggestion, triage events, and the referrer's involvement."""

from datetime import date, timedelta
from typing import Any

from cepathway.children.models import Child, Ethnicity, IdentityStatus, Involvement, InvolvementKind, Sex
from cepathway.people.models import Role, User
from cepathway.referrals import checklist
from cepathway.referrals.models import (
    Decision,
    Modifier,
    Referral,
    ReferralAnswer,
    ReferralProtectiveFactor,
    ReferralStatus,
    Route,
    TriageEvent,
)

from .base import Dice, Sink, at, tracked
from .people import Staff
from .plan import Fate

# Our own made-up concerns, in the words a referrer might use; no real child or place.
CONCERNS = (
    "Seen getting into cars with older men near school; new phone and clothes the family cannot explain.",
    "Attendance has dropped; friends say the child holds drugs for older boys and owes them money.",
    "Talks of travelling by train to another town to 'do jobs'; has large amounts of cash.",
    "Sharing images with an adult met online who has sent gifts and asked to meet.",
    "Found late at night with adults not known to the family; comes home smelling of alcohol.",
)
ETHNICITIES = [Ethnicity.WHITE_BRITISH] * 7 + [
    Ethnicity.MIXED_OTHER,
    Ethnicity.ASIAN_PAKISTANI,
    Ethnicity.BLACK_AFRICAN,
]
S = ReferralStatus


class Referrals:
    def __init__(self, staff: Staff, dice: Dice, sink: Sink, series: int) -> None:
        self.staff, self.dice, self.sink = staff, dice, sink
        self.serial = 0
        self.prefix = f"{series:04X}"  # references are unique: the series, then a serial number
        configured = Modifier.objects.filter(partnership=staff.partnership, active=True)
        self.modifiers = list(configured.values_list("code", "points", "floor_level"))

    def child(self, referred_on: date, *, open_to_csc: bool = False) -> Child:
        d, staff = self.dice, self.staff
        born = referred_on - timedelta(days=d.between(10 * 365, 17 * 365))
        hub = d.pick(staff.by_role[Role.HUB_PRACTITIONER])
        child = Child(
            id=d.new_id(),
            partnership_id=staff.partnership.pk,
            first_name=d.fake.first_name(),
            last_name=d.fake.last_name(),
            date_of_birth=born,
            sex=d.pick([Sex.FEMALE, Sex.MALE]),
            ethnicity=d.pick(ETHNICITIES),
            address_line_1=f"{d.between(1, 200)} {d.fake.street_name()}",
            town=d.fake.city(),
            postcode=d.fake.postcode(),
            school=d.pick([a.name for a in staff.agencies if a.kind == "school"]),
            open_to_childrens_services=open_to_csc,
            looked_after=d.chance(0.15),
            send=d.chance(0.2),
            uasc=d.chance(0.02),
            identity_status=IdentityStatus.CONFIRMED,
            fictional=True,
            **tracked(hub, at(referred_on, 11)),
        )
        child.postcode_normalised = child.postcode.replace(" ", "").upper()
        return self.sink.add(child)  # type: ignore[return-value]

    def referral(self, child: Child, fate: Fate) -> Referral:
        consultation = fate.stage == "consultation" or (child.open_to_childrens_services and self.dice.chance(0.5))
        referrer = self._referrer(child, consultation)
        made = at(fate.referred_on, 9)
        self.serial += 1
        referral = Referral(
            id=self.dice.new_id(),
            partnership_id=child.partnership_id,
            reference=f"CE-{fate.referred_on:%y%m}-{self.prefix}{self.serial:05X}",
            route=Route.CONSULTATION if consultation else Route.CONTACT,
            status=S.CONSULTATION_REQUESTED if consultation else S.SUBMITTED,
            child_id=child.pk,
            referrer=referrer,
            referrer_agency=referrer.agency,
            parent_name="" if consultation else self.dice.fake.name(),
            parent_relationship="" if consultation else "Parent",
            parent_aware="yes",
            concern="Fictional: " + self.dice.pick(CONCERNS),
            ce_types=[self.dice.pick(["cce", "cse", "cce", "msht"])],
            legal_basis="safeguarding" if consultation else "consent",
            consent_not_sought_reason="Open to children's services: shared within the statutory case."
            if consultation
            else "",
            consultation_reason="Fictional: worried about new older friends." if consultation else "",
            **tracked(referrer, made),
        )
        self._checklist(referral, child, referrer, made)
        self.sink.add(referral)
        self._event(referral, "", referral.status, "request_consultation" if consultation else "submit_contact", made)
        self._involve(child, referrer, made)
        self._triage(referral, fate)
        return referral

    def _referrer(self, child: Child, consultation: bool) -> User:
        staff, d = self.staff, self.dice
        if consultation:
            return d.pick(staff.by_role[Role.SOCIAL_WORKER])
        role = d.pick([Role.PARTNER_PROFESSIONAL] * 3 + [Role.POLICE_OFFICER])
        return d.pick(staff.by_role[role])

    def _checklist(self, referral: Referral, child: Child, by: User, made: Any) -> None:
        d, staff = self.dice, self.staff
        picked = d.rng.sample(staff.indicators, k=min(len(staff.indicators), d.between(2, 6)))
        answers = []
        for indicator in picked:
            row = ReferralAnswer(
                id=d.new_id(),
                referral_id=referral.pk,
                indicator_id=indicator.pk,
                category_name=indicator.category.name,
                indicator_text=indicator.text,
                indicator_kind=indicator.kind,
                weight=indicator.weight,
                floor_level=indicator.floor_level,
                recency=d.pick(["current", "past"]),
                evidence=d.pick(["evidenced", "suspected"]),
                **tracked(by, made),
            )
            answers.append(self.sink.add(row))
        factors = d.rng.sample(staff.factors, k=min(len(staff.factors), d.pick([0, 0, 1, 2])))
        for factor in factors:
            self.sink.add(
                ReferralProtectiveFactor(
                    id=d.new_id(),
                    referral_id=referral.pk,
                    factor_id=factor.pk,
                    text=factor.text,
                    weight=factor.weight,
                    **tracked(by, made),
                )  # fmt: skip
            )
        facts = checklist.child_facts(
            child.date_of_birth, made.date(), send=child.send, looked_after=child.looked_after, uasc=child.uasc
        )
        referral.reported_modifiers = [code for code, holds in facts.items() if holds]
        suggestion = checklist.suggest(
            [checklist.Answer(a.indicator_text, a.weight, a.recency, a.evidence, a.floor_level, a.category_name)
             for a in answers],
            checklist.modifiers_for_child(facts, self.modifiers),
            [checklist.Protection(f.text, f.weight) for f in factors],
            staff.policy.checklist,
        )  # fmt: skip
        referral.suggested_level = suggestion.level
        referral.suggestion_score = suggestion.score
        referral.suggestion_reasons = suggestion.reasons

    def _triage(self, referral: Referral, fate: Fate) -> None:
        if fate.stage in ("submitted", "consultation"):
            return
        d, staff = self.dice, self.staff
        day = fate.referred_on + timedelta(days=d.between(0, 2))
        if referral.route == Route.CONSULTATION:
            cerar = d.pick(staff.by_role[Role.CERAR_LEAD])
            referral.consultation_notes = "Fictional: consulted with the allocated social worker."
            self._move(referral, "consultation", S.AWAITING_DECISION, cerar, day, "")
        else:
            hub = d.pick(staff.by_role[Role.HUB_PRACTITIONER])
            referral.hub_assessment = "Fictional assessment: school, GP and police consulted."
            referral.hub_agencies_consulted = "School, GP, police"
            concern = fate.stage != "ended_hub"
            referral.hub_ce_concern = concern
            if not concern:
                self._end(referral, hub, day, hub=True)
                self._move(referral, "hub_assessment", S.ENDED, hub, day, referral.end_reason)
                return
            self._move(referral, "hub_assessment", S.AWAITING_DECISION, hub, day, "CE flagged")
        if fate.stage == "awaiting":
            return
        day += timedelta(days=d.between(1, 5))
        cerar = d.pick(staff.by_role[Role.CERAR_LEAD])
        referral.judged_level = referral.suggested_level
        if fate.stage == "ended_cerar":
            self._end(referral, cerar, day, hub=False)
            self._move(referral, "decision", S.ENDED, cerar, day, referral.end_reason)
            return
        referral.decision, referral.decided_by_id, referral.decided_at = Decision.LEVEL1, cerar.pk, at(day, 15)
        referral.advice_given = "A Level 1 meeting will be arranged."
        referral.referrer_notified_at = at(day, 15)
        self._move(referral, "decision", S.LEVEL1_REQUIRED, cerar, day, "")

    def _end(self, referral: Referral, by: User, day: date, *, hub: bool) -> None:
        referral.decision, referral.decided_by_id, referral.decided_at = Decision.END, by.pk, at(day, 15)
        referral.end_reason = "Fictional: concerns addressed by support already in place."
        referral.advice_given = "Keep in touch with the family; refer again if new signs appear."
        referral.referrer_notified_at = at(day, 15)
        if hub and referral.suggested_level in ("medium", "high"):
            referral.hub_rationale = "Fictional: the signs are explained by a family matter the school knows of."

    def _move(self, referral: Referral, step: str, to: str, by: User, day: date, note: str) -> None:
        when = at(day, 15)
        origin = referral.status
        referral.status, referral.version = to, referral.version + 1
        referral.modified_at, referral.modified_by_id = when, by.pk
        self._event(referral, origin, to, step, when, by=by, note=note)

    def _event(
        self, referral: Referral, origin: str, to: str, step: str, when: Any, by: Any = None, note: str = ""
    ) -> None:
        author = by or referral.created_by_id
        self.sink.add(
            TriageEvent(
                id=self.dice.new_id(),
                referral_id=referral.pk,
                from_status=origin,
                to_status=to,
                step=step,
                note=note,
                **tracked(author, when),
            )  # fmt: skip
        )

    def _involve(self, child: Child, user: User, when: Any) -> None:
        self.sink.add(
            Involvement(
                id=self.dice.new_id(),
                child_id=child.pk,
                user_id=user.pk,
                kind=InvolvementKind.REFERRER,
                reason="made a CE referral",
                **tracked(user, when),
            )  # fmt: skip
        )
