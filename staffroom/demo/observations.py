"""Demo peer learning: observation templates, completed observations, learning walks, coaching with an
action-step library, open classrooms and Find-a-peer profiles, for each demo school.

Unlike the bulk history, these go through staffroom.observation.services, so that every completed observation,
visit and coaching session reaches both people's learning records exactly as the app writes them (the numbers
are small, so it stays fast). A school is seeded once: if it already has the demo template, it is left alone, so
a second run adds nothing and never undoes what someone changed while trying the demo.

All dates sit in the last three weeks or the next three, so no demo follow-up becomes due because of them, and
nobody marked quiet (who records nothing this term) takes part. The journey logins are kept clear: the Oakfield
teacher has no observation in progress, offers a network-wide lesson with places left, and shares a focus with
the Riverside teacher, both opted in to Find a peer across the network.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from staffroom.accounts.roles import StaffGroup
from staffroom.frameworks.models import Descriptor
from staffroom.observation import notifications, services
from staffroom.observation.models import (
    ActionStep,
    Audience,
    CareerStage,
    CoachingSession,
    FocusKind,
    Observation,
    ObservationTemplate,
    OpenSlot,
    PeerProfile,
)
from staffroom.organisations.calendar import school_today
from staffroom.organisations.models import KeyStage

from . import content

TEMPLATE_NAME = "Developmental observation"
JOURNEY_TEACHER = "teacher@oakfield.example"
JOURNEY_VISITOR = "teacher@riverside.example"
SHOWCASE = frozenset({JOURNEY_TEACHER, JOURNEY_VISITOR, "ta@oakfield.example"})
# The focus the two journey teachers share, and nobody else, so "Find a peer" puts each first for the other.
SHARED_FOCUS = ("ts:TS6.b", "ts:TS6.d")
FOCUS_POOL = ("ts:TS2.c", "ts:TS4.a", "ts:TS5.a", "ts:TS6.a", "ts:TS7.a", "ts:TS7.c")
TA_FOCUS_POOL = ("ta:TA2.b", "ta:TA3.a", "ta:TA3.b", "ta:TA4.a")
PROFILE_SHARE = 0.4

PROMPTS = (
    "What did you see against the focus I chose?",
    "What did pupils say or do that showed it working?",
    "One question to ask me in our conversation",
)
OBSERVER_NOTES = (
    (
        "You asked every pupil to show an answer on a mini-whiteboard before moving on, and re-taught the step "
        "that a third of the class got wrong.",
        "Two pupils at the back explained the method to each other using your sentence stem.",
        "How did you decide when to move on after the whiteboards?",
    ),
    (
        "Routines at the start were tight: books out and the retrieval task started within a minute.",
        "Pupils could say what they were learning and why it followed last week's lesson.",
        "Which pupils would you like me to watch more closely next time?",
    ),
    (
        "You modelled the first example out loud, then faded the support over the next two.",
        "Most pupils finished the independent task; three needed the worked example again.",
        "What would you change about the second example?",
    ),
)
CONVERSATIONS = (
    ("We talked about hinge questions and where to place them.", "Plan one hinge question for each lesson."),
    ("We looked at the first five minutes and how the routine frees up time.", "Keep the routine; add a recap."),
    ("We discussed fading worked examples.", "Try a 'we do' step before independent practice."),
)
WALK = {
    "focus": "Feedback in the moment",
    "strengths": "Mini-whiteboards and show-me moments were used in most rooms; pupils knew the routines.",
    "development": "Acting on the feedback: pupils were not always given time to improve their work there and then.",
    "summary": "Feedback is frequent and well routined across the school. Our shared next step is to build in "
    "time for pupils to act on it during the lesson.",
}

# (title, success, practice, subject slug or "", phase or "")
ACTION_STEPS = (
    ("Use a consistent attention signal", "Every pupil stops and looks within three seconds.",
     "Rehearse the signal and the wait with the coach playing pupils.", "", ""),
    ("Narrate the positive", "Pupils following the routine are named, calmly, before anyone is corrected.",
     "Script three narrations for the first five minutes.", "", ""),
    ("Cold call after think time", "Pupils do not know who will be asked; everyone is thinking.",
     "Practise asking, pausing, then naming.", "", ""),
    ("Check for understanding with mini-whiteboards", "Every pupil's answer is seen before moving on.",
     "Plan the three questions and what you will do with wrong answers.", "mathematics", ""),
    ("Model with a worked example, then fade", "Pupils complete the second example with less support.",
     "Narrate your thinking on one example to the coach.", "mathematics", ""),
    ("Pre-teach vocabulary before reading", "Pupils use the new words in their answers.",
     "Choose three words and write pupil-friendly definitions.", "english", ""),
    ("Choral reading of a key sentence", "All pupils read aloud together, fluently, at the same pace.",
     "Practise the cue and the pace with the coach.", "english", ""),
    ("Use sound buttons when blending", "Pupils blend unfamiliar words independently.",
     "Rehearse the routine for a new grapheme.", "phonics-and-early-reading", "primary"),
    ("Use a practical to pose one question", "Pupils can say what the practical showed and why.",
     "Write the one question the practical answers.", "science", ""),
    ("Give whole-class feedback from a sample of books", "Common errors are re-taught the next lesson.",
     "Read six books and note the three commonest errors.", "", "secondary"),
    ("Set a do-now that retrieves last week's learning", "Pupils start within a minute, without help.",
     "Write the questions and the answers together.", "", ""),
    ("Build in time to act on feedback", "Pupils improve one piece of work in the lesson.",
     "Plan the five minutes and what 'improved' looks like.", "", ""),
)  # fmt: skip

SLOT_FOCUSES = (
    "Mini-whiteboards and re-teaching on the spot",
    "Worked examples faded over three questions",
    "Cold calling after think time",
    "Vocabulary taught before reading",
    "A do-now that retrieves last week's learning",
    "Time for pupils to act on feedback",
)
SLOT_TIMES = (datetime.time(9, 0), datetime.time(10, 45), datetime.time(13, 30))


@dataclass
class SchoolPeople:
    school: object
    spec: content.SchoolSpec
    people: list  # builder Person objects, in roster order
    future_slots: list = field(default_factory=list)

    def by_email(self, email):
        return next((p for p in self.people if p.membership.user.email == email), None)

    def by_key(self, key):
        return next((p for p in self.people if p.slot.key == key), None)


def _weekday_back(day: datetime.date, days: int) -> datetime.date:
    day -= datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _weekday_ahead(day: datetime.date, days: int) -> datetime.date:
    day += datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


class ObservationSeeder:
    def __init__(self, builder) -> None:
        self.builder = builder
        self.summary = builder.summary

    def build(self, people: list) -> None:
        with notifications.suppressed():
            self._build(people)

    def _build(self, people: list) -> None:
        keys = [*FOCUS_POOL, *TA_FOCUS_POOL, *SHARED_FOCUS]
        by_pk = Descriptor.objects.in_bulk([self.builder.descriptors[k] for k in keys])
        self.descriptors = {k: by_pk[self.builder.descriptors[k]] for k in keys}
        seeded = set(
            ObservationTemplate.objects.filter(
                name=TEMPLATE_NAME, school__in={p.school.pk for p in people}
            ).values_list("school_id", flat=True)
        )
        schools: dict[int, SchoolPeople] = {}
        for person in people:
            if person.membership.is_active and person.staff_group != StaffGroup.GOVERNANCE:
                schools.setdefault(
                    person.school.pk, SchoolPeople(school=person.school, spec=person.spec, people=[])
                ).people.append(person)
        fresh = [s for pk, s in schools.items() if pk not in seeded]
        for sp in fresh:
            self._seed_school(sp)
        # Visits between schools need every school's slots to exist first.
        for sp in fresh:
            self._book_network_slots(sp, [s for s in schools.values() if s is not sp])
        for sp in fresh:
            self._profiles(sp)
        self.summary.observation_schools_created = len(fresh)
        ids = list(schools)
        self.summary.observations = Observation.objects.filter(school__in=ids).count()
        self.summary.coaching_sessions = CoachingSession.objects.filter(school__in=ids).count()
        self.summary.open_slots = OpenSlot.objects.filter(school__in=ids).count()
        self.summary.peer_profiles = PeerProfile.objects.filter(school__in=ids, opted_in=True).count()

    # --- one school ----------------------------------------------------------------------------------------

    def _seed_school(self, sp: SchoolPeople) -> None:
        rng = random.Random(f"{content.SEED}:{sp.spec.key}:observation")
        head = sp.by_key("head")
        if head is None:
            return
        self.today = school_today(sp.school)
        actor = head.membership.user
        template = services.save_template(
            actor=actor,
            school=sp.school,
            name=TEMPLATE_NAME,
            introduction="Write what you see against the focus your colleague chose. No grades, no judgements.",
            prompts=[services.PromptData(text=p) for p in PROMPTS],
        )
        steps = self._steps(sp, actor)
        walk_leader = sp.by_key("deputy") or head
        services.save_walk(
            actor=walk_leader.membership.user,
            leader=walk_leader.membership,
            data=services.WalkData(walked_on=_weekday_back(self.today, 9), publish=True, **WALK),
        )
        teachers = [
            p
            for p in sp.people
            if p.staff_group == StaffGroup.TEACHERS
            and not p.slot.quiet
            and p.membership.user.email not in SHOWCASE
            and p.slot.key != "head"
        ]
        self._observations(sp, template, teachers, rng)
        self._coaching(sp, head, steps, teachers, rng)
        self._slots(sp, teachers, rng)

    def _steps(self, sp: SchoolPeople, actor) -> list[ActionStep]:
        steps = []
        for title, success, practice, subject, phase in ACTION_STEPS:
            if phase and phase != sp.school.phase:
                continue
            steps.append(
                services.save_action_step(
                    actor=actor,
                    school=sp.school,
                    title=title,
                    success=success,
                    practice=practice,
                    subject=self.builder.subjects[subject] if subject else None,
                    phase=phase,
                )
            )
        return steps

    def _observations(self, sp: SchoolPeople, template, teachers: list, rng: random.Random) -> None:
        """Three completed (one shared with the appraiser, one with the line manager, one private), one with
        notes waiting for the conversation, one invitation not yet answered."""
        if len(teachers) < 4:
            return
        pool = rng.sample(teachers, len(teachers))
        plans = list(zip(pool, pool[1:] + pool[:1], strict=True))[:5]
        for i, (observed, observer) in enumerate(plans):
            focus_key = rng.choice(FOCUS_POOL)
            planned_on = _weekday_back(self.today, 3 + 3 * i)
            observation = services.invite_observer(
                actor=observed.membership.user,
                observed=observed.membership,
                observer=observer.membership,
                focus=services.Focus(kind=FocusKind.DESCRIPTOR, descriptor=self.descriptors[focus_key]),
                planned_on=planned_on,
                lesson=observed.slot.group.capitalize() if observed.slot.group else "",
                template=template,
            )
            if i == 4:
                continue  # still waiting for the observer
            notes = OBSERVER_NOTES[i % len(OBSERVER_NOTES)]
            services.write_observation(
                actor=observer.membership.user,
                observation=observation,
                answers=list(zip(PROMPTS, notes, strict=True)),
            )
            if i == 3:
                continue  # notes written, conversation to come
            talked, next_steps = CONVERSATIONS[i]
            services.record_conversation(
                actor=observed.membership.user,
                observation=observation,
                held_on=min(_weekday_ahead(planned_on, 1), self.today),
                notes=talked,
                next_steps=next_steps,
            )
            if i < 2:
                services.set_sharing(
                    actor=observed.membership.user,
                    observation=observation,
                    with_appraiser=i == 0,
                    with_line_manager=i == 1,
                )

    def _coaching(self, sp: SchoolPeople, head, steps: list, teachers: list, rng: random.Random) -> None:
        coaches = [p for p in sp.people if (p.slot.mentor or "leader" in p.tags) and not p.slot.quiet]
        coachees = [p for p in teachers if p.slot.ect] + [p for p in teachers if not p.slot.ect]
        pairs = []
        for coachee in coachees:
            coach = next(
                (c for c in coaches if c.membership.pk != coachee.membership.pk and c not in [x for x, _ in pairs]),
                None,
            )
            if coach is None or len(pairs) == 2:
                break
            pairs.append((coach, coachee))
        for n, (coach, coachee) in enumerate(pairs):
            pair = services.pair_coach(
                actor=head.membership.user, school=sp.school, coach=coach.membership, coachee=coachee.membership
            )
            usable = [s for s in steps if not s.subject_id or s.subject.slug in coachee.subjects]
            visits = 5 - 2 * n  # five for the first pair, three for the second
            for v in range(visits):
                previous = "" if v == 0 else rng.choice(["secure", "developing", "secure"])
                services.record_coaching_session(
                    actor=coach.membership.user,
                    pair=pair,
                    data=services.SessionData(
                        visited_on=_weekday_back(self.today, 7 * (visits - 1 - v) + 1),
                        action_step=usable[(v + n) % len(usable)],
                        praise="Routines were calm and quick; pupils knew what to do.",
                        previous_progress=previous,
                        rehearsed=v % 2 == 0,
                    ),
                )

    def _slots(self, sp: SchoolPeople, teachers: list, rng: random.Random) -> None:
        """Open classrooms over the next three weeks; one more, moved into the past, was visited by a colleague."""
        hosts = teachers[:5]
        lessons = [(self._lesson(host, rng), focus) for host, focus in zip(hosts, SLOT_FOCUSES, strict=False)]
        if len(teachers) < 2:
            hosts = []
        for i, (host, (lesson, focus)) in enumerate(zip(hosts, lessons, strict=False)):
            day = _weekday_ahead(self.today, 2 + 4 * i)
            slot = self._offer(
                host,
                day,
                SLOT_TIMES[i % 3],
                lesson,
                focus,
                Audience.NETWORK if i % 2 == 0 else Audience.SCHOOL,
                2 + i % 2,
            )
            sp.future_slots.append(slot)
            if i % 2 == 1:
                visitor = next(t for t in teachers if t is not host)
                services.book_slot(actor=visitor.membership.user, visitor=visitor.membership, slot=slot)
        journey = sp.by_email(JOURNEY_TEACHER)
        if journey is not None:
            # The Riverside teacher books this in the demo journey: network-wide, in the future, places left.
            sp.future_slots.append(
                self._offer(
                    journey,
                    _weekday_ahead(self.today, 8),
                    datetime.time(11, 0),
                    "Year 4 class, Science: changes of state",
                    "Show-me boards to check understanding before moving on",
                    Audience.NETWORK,
                    3,
                )
            )
        # Past visits: offered and booked as the app would, then moved back to when the lesson took place.
        for i, host in enumerate(hosts[:2]):
            visitor = next(t for t in reversed(teachers) if t is not host)
            lesson, focus = lessons[i][0], SLOT_FOCUSES[-1 - i]
            slot = self._offer(
                host, _weekday_ahead(self.today, 20 + i), SLOT_TIMES[2], lesson, focus, Audience.SCHOOL, 2
            )
            booking = services.book_slot(actor=visitor.membership.user, visitor=visitor.membership, slot=slot)
            start = timezone.make_aware(
                datetime.datetime.combine(_weekday_back(self.today, 4 + 5 * i), SLOT_TIMES[2]), sp.school.tz
            )
            OpenSlot.objects.filter(pk=slot.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
            services.record_visit(
                actor=visitor.membership.user,
                booking=booking,
                will_try="Start with the same routine and give pupils a minute to act on feedback.",
            )

    def _lesson(self, host, rng: random.Random) -> str:
        group = host.slot.group or rng.choice(content.SECONDARY_GROUPS)
        subject = self.builder.subjects[host.subjects[0]].name if host.subjects else ""
        return f"{group[0].upper()}{group[1:]}, {subject}" if subject else group[0].upper() + group[1:]

    def _offer(self, host, day, time, lesson, focus, audience, capacity) -> OpenSlot:
        starts = timezone.make_aware(datetime.datetime.combine(day, time), host.school.tz)
        return services.offer_slot(
            actor=host.membership.user,
            host=host.membership,
            data=services.SlotData(
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
                lesson=lesson,
                focus=focus,
                audience=audience,
                capacity=capacity,
            ),
        )

    def _book_network_slots(self, sp: SchoolPeople, others: list[SchoolPeople]) -> None:
        """A colleague from another school takes a place on the first network-wide slot, never the journey one."""
        slots = [s for s in sp.future_slots if s.audience == Audience.NETWORK and s.host.user.email != JOURNEY_TEACHER]
        visitors = [
            p
            for o in others
            for p in o.people
            if p.staff_group == StaffGroup.TEACHERS and not p.slot.quiet and p.membership.user.email not in SHOWCASE
        ]
        if slots and visitors:
            visitor = visitors[0]
            services.book_slot(actor=visitor.membership.user, visitor=visitor.membership, slot=slots[0])

    # --- Find a peer ---------------------------------------------------------------------------------------

    def _profiles(self, sp: SchoolPeople) -> None:
        rng = random.Random(f"{content.SEED}:{sp.spec.key}:peers")
        have = set(
            PeerProfile.objects.filter(membership__in=[p.membership for p in sp.people]).values_list(
                "membership_id", flat=True
            )
        )
        candidates = [
            p
            for p in sp.people
            if p.staff_group in (StaffGroup.TEACHERS, StaffGroup.TEACHING_ASSISTANTS)
            and p.membership.pk not in have
            and p.slot.key != "head"
        ]
        chosen = {p.slot.key for p in candidates if p.membership.user.email in (JOURNEY_TEACHER, JOURNEY_VISITOR)}
        others = [p for p in candidates if p.slot.key not in chosen]
        wanted = max(0, round(PROFILE_SHARE * len(candidates)) - len(chosen))
        chosen |= {p.slot.key for p in rng.sample(others, min(wanted, len(others)))}
        for person in candidates:
            if person.slot.key not in chosen:
                continue
            journey = person.membership.user.email in (JOURNEY_TEACHER, JOURNEY_VISITOR)
            is_ta = person.staff_group == StaffGroup.TEACHING_ASSISTANTS
            pool = TA_FOCUS_POOL if is_ta else FOCUS_POOL
            focus = set(SHARED_FOCUS) if journey else set(rng.sample(pool, 2))
            services.save_peer_profile(
                actor=person.membership.user,
                membership=person.membership,
                data=services.ProfileData(
                    opted_in=True,
                    reach="network" if journey or rng.random() < 0.5 else "school",
                    group_size=3 if not journey and rng.random() < 0.25 else 2,
                    career_stage=self._career_stage(person),
                    phase=sp.school.phase,
                    key_stages=self._key_stages(person),
                    subjects=[self.builder.subjects[s] for s in person.subjects],
                    descriptors=[self.descriptors[k] for k in sorted(focus)],
                ),
            )

    @staticmethod
    def _career_stage(person) -> str:
        if person.staff_group == StaffGroup.TEACHING_ASSISTANTS:
            return CareerStage.SUPPORT
        if person.slot.ect:
            return CareerStage.TRAINEE
        if "senior" in person.tags:
            return CareerStage.SENIOR_LEADER
        if "leader" in person.tags:
            return CareerStage.MIDDLE_LEADER
        return CareerStage.EXPERIENCED

    @staticmethod
    def _key_stages(person) -> list[str]:
        if person.school.phase == "secondary":
            return [KeyStage.KS3, KeyStage.KS4]
        department = person.slot.department or ""
        for marker, stage in (("Early", KeyStage.EYFS), ("Stage 1", KeyStage.KS1), ("Stage 2", KeyStage.KS2)):
            if marker in department:
                return [stage]
        return []
