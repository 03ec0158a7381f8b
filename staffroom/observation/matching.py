"""Find a peer: deterministic matching of people in the same position, each suggestion with its reasons.

Works on plain facts (no queries), so it can be tested on built data and gives the same answer every time:
ties are broken by school (own school first), then name, then id.
"""

from dataclasses import dataclass, field
from itertools import combinations

from django.utils.translation import gettext as _

from staffroom.organisations.models import KeyStage

WEIGHTS = {"descriptor": 4, "action_step": 4, "subject": 2, "career_stage": 2, "key_stage": 1, "phase": 1}


@dataclass(frozen=True)
class PeerFacts:
    key: int
    name: str
    school_id: int
    school_name: str
    role: str = ""
    career_stage: str = ""
    career_stage_label: str = ""
    phase: str = ""
    phase_label: str = ""
    key_stages: frozenset = frozenset()
    subjects: dict = field(default_factory=dict)  # id -> name
    descriptors: dict = field(default_factory=dict)  # id -> short label
    action_steps: dict = field(default_factory=dict)  # normalised title -> title


@dataclass(frozen=True)
class Shared:
    descriptors: list
    action_steps: list
    subjects: list
    key_stages: list
    career_stage: str
    phase: str

    @property
    def has_position(self) -> bool:
        """A shared development focus or subject: being in the same school or stage alone is not enough."""
        return bool(self.descriptors or self.action_steps or self.subjects)

    @property
    def score(self) -> int:
        return (
            WEIGHTS["descriptor"] * len(self.descriptors)
            + WEIGHTS["action_step"] * len(self.action_steps)
            + WEIGHTS["subject"] * len(self.subjects)
            + WEIGHTS["key_stage"] * len(self.key_stages)
            + (WEIGHTS["career_stage"] if self.career_stage else 0)
            + (WEIGHTS["phase"] if self.phase else 0)
        )


@dataclass(frozen=True)
class Suggestion:
    peers: tuple
    score: int
    reason: str
    details: tuple


def shared_between(*people: PeerFacts) -> Shared:
    first, rest = people[0], people[1:]

    def common(attr):
        keys = set(getattr(first, attr))
        for other in rest:
            keys &= set(getattr(other, attr))
        return [str(getattr(first, attr)[k]) for k in sorted(keys, key=str)]

    key_stages = set(first.key_stages)
    for other in rest:
        key_stages &= set(other.key_stages)
    same_stage = first.career_stage and all(o.career_stage == first.career_stage for o in rest)
    same_phase = first.phase and all(o.phase == first.phase for o in rest)
    ordered_stages = [ks for ks in KeyStage.values if ks in key_stages]
    return Shared(
        descriptors=common("descriptors"),
        action_steps=common("action_steps"),
        subjects=common("subjects"),
        key_stages=[str(KeyStage(ks).label) for ks in ordered_stages],
        career_stage=str(first.career_stage_label) if same_stage else "",
        phase=str(first.phase_label) if same_phase else "",
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def explain(shared: Shared, *, group: bool = False) -> tuple[str, tuple[str, ...]]:
    """One sentence saying why ("You both work on … in Key Stage 2 Mathematics"), and the full list."""
    focus = shared.descriptors + shared.action_steps
    where = " ".join(part for part in (_join(shared.key_stages), _join(shared.subjects)) if part)
    if focus:
        sentence = (_("You all work on “%(focus)s”") if group else _("You both work on “%(focus)s”")) % {
            "focus": focus[0]
        }
        if where:
            sentence += " " + _("in %(where)s") % {"where": where}
    else:
        sentence = (_("You all teach %(where)s") if group else _("You both teach %(where)s")) % {"where": where}
    if shared.career_stage:
        sentence += "; " + _("same career stage: %(stage)s") % {"stage": shared.career_stage}
    sentence += "."
    details = [_("Standard: %(d)s") % {"d": d} for d in shared.descriptors]
    details += [_("Action step: %(s)s") % {"s": s} for s in shared.action_steps]
    details += [_("Subject: %(s)s") % {"s": s} for s in shared.subjects]
    details += [_("Key stage: %(k)s") % {"k": k} for k in shared.key_stages]
    if shared.career_stage:
        details.append(_("Career stage: %(c)s") % {"c": shared.career_stage})
    if shared.phase:
        details.append(_("Phase: %(p)s") % {"p": shared.phase})
    return sentence, tuple(details)


def _order(me: PeerFacts, peers: tuple[PeerFacts, ...]):
    return tuple((p.school_id != me.school_id, p.name.casefold(), p.key) for p in peers)


def suggest_pairs(me: PeerFacts, others: list[PeerFacts], *, limit: int = 5) -> list[Suggestion]:
    found = []
    for other in others:
        if other.key == me.key:
            continue
        shared = shared_between(me, other)
        if not shared.has_position:
            continue
        reason, details = explain(shared)
        found.append(Suggestion(peers=(other,), score=shared.score, reason=reason, details=details))
    found.sort(key=lambda s: (-s.score, _order(me, s.peers)))
    return found[:limit]


def describe_group(me: PeerFacts, peers: tuple[PeerFacts, ...]) -> tuple[str, tuple[str, ...]] | None:
    """Why these people belong together, or None when some two of them share no position."""
    people = (me, *peers)
    if any(not shared_between(a, b).has_position for a, b in combinations(people, 2)):
        return None
    if len(peers) == 1:
        return explain(shared_between(me, peers[0]))
    together = shared_between(*people)
    if together.has_position:
        return explain(together, group=True)
    return " ".join(explain(shared_between(me, p))[0] for p in peers), ()


def suggest_triads(me: PeerFacts, others: list[PeerFacts], *, limit: int = 3, pool: int = 8) -> list[Suggestion]:
    """Groups of three where every two members share a position; ranked by what all three share."""
    candidates = [s.peers[0] for s in suggest_pairs(me, others, limit=pool)]
    found = []
    for a, b in combinations(candidates, 2):
        described = describe_group(me, (a, b))
        if described is None:
            continue
        score = shared_between(me, a).score + shared_between(me, b).score + shared_between(a, b).score
        found.append(Suggestion(peers=(a, b), score=score, reason=described[0], details=described[1]))
    found.sort(key=lambda s: (-s.score, _order(me, s.peers)))
    return found[:limit]
