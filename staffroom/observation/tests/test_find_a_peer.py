"""Find a peer: deterministic matching on built data, every suggestion with its reason, opt-in only."""

import pytest
from django.urls import reverse

from staffroom.observation import matching
from staffroom.observation.models import PeerProfile
from staffroom.organisations.models import Subject
from staffroom.testing.factories import make_member

from .conftest import opt_in

pytestmark = pytest.mark.django_db


def facts(key, name, school=1, **kwargs):
    return matching.PeerFacts(key=key, name=name, school_id=school, school_name=f"School {school}", **kwargs)


QUESTIONING = {7: "Questioning"}
MATHS = {1: "Mathematics"}


def test_the_best_match_comes_first_with_a_reason_in_plain_words():
    me = facts(1, "Tess", key_stages=frozenset({"ks2"}), subjects=MATHS, descriptors=QUESTIONING)
    others = [
        facts(2, "Sam", subjects=MATHS),  # subject only
        facts(3, "Ann", key_stages=frozenset({"ks2"}), subjects=MATHS, descriptors=QUESTIONING),
        facts(4, "Zed", key_stages=frozenset({"ks2"})),  # key stage alone is not "the same position"
    ]

    suggestions = matching.suggest_pairs(me, others)

    assert [s.peers[0].name for s in suggestions] == ["Ann", "Sam"]
    assert suggestions[0].reason == "You both work on “Questioning” in Key Stage 2 Mathematics."
    assert suggestions[1].reason == "You both teach Mathematics."
    assert "Standard: Questioning" in suggestions[0].details


def test_ties_are_broken_the_same_way_every_time_own_school_first_then_name():
    me = facts(1, "Tess", subjects=MATHS)
    others = [
        facts(5, "bob", school=2, subjects=MATHS),
        facts(4, "Cat", subjects=MATHS),
        facts(3, "Abe", subjects=MATHS),
    ]

    first = [s.peers[0].key for s in matching.suggest_pairs(me, others)]
    again = [s.peers[0].key for s in matching.suggest_pairs(me, list(reversed(others)))]

    assert first == again == [3, 4, 5]


def test_career_stage_and_action_steps_count_and_are_named():
    step = {"cold call": "Cold call"}
    me = facts(1, "Tess", career_stage="early", career_stage_label="Early", action_steps=step)
    other = facts(2, "Ann", career_stage="early", career_stage_label="Early", action_steps=step)

    [suggestion] = matching.suggest_pairs(me, [other])

    assert suggestion.reason == "You both work on “Cold call”; same career stage: Early."
    assert suggestion.score == matching.WEIGHTS["action_step"] + matching.WEIGHTS["career_stage"]


def test_triads_need_every_two_members_to_share_a_position():
    me = facts(1, "Tess", subjects=MATHS, descriptors=QUESTIONING)
    ann = facts(2, "Ann", subjects=MATHS, descriptors=QUESTIONING)
    bob = facts(3, "Bob", subjects=MATHS)
    cat = facts(4, "Cat", descriptors={8: "Behaviour"} | QUESTIONING)

    triads = matching.suggest_triads(me, [ann, bob, cat])

    names = [tuple(p.name for p in t.peers) for t in triads]
    assert names == [("Ann", "Cat"), ("Ann", "Bob")]  # Bob and Cat share nothing, so never together
    assert triads[0].reason == "You all work on “Questioning”."
    assert triads[1].reason == "You all teach Mathematics."


# ---- on the database ------------------------------------------------------------------------------------


def test_find_a_peer_proposes_a_partner_across_the_network_with_a_reason(
    login, network, teacher, outsider, questioning
):
    maths = Subject.objects.get(slug="mathematics")
    opt_in(teacher, descriptors=[questioning], subjects=[maths], key_stages=["ks2"])
    opt_in(outsider, descriptors=[questioning], subjects=[maths], key_stages=["ks2"])

    page = login(teacher).get(reverse("observation:peers")).content.decode()

    assert "Rita Rivers" in page and "Riverside Primary" in page
    assert "You both work on “4c Questioning” in Key Stage 2 Mathematics." in page


def test_only_people_who_opted_in_and_chose_the_network_are_suggested(
    login, network, teacher, outsider, colleague, questioning
):
    opt_in(teacher, descriptors=[questioning])
    opt_in(outsider, descriptors=[questioning], reach="school")  # Riverside only
    opt_in(colleague, descriptors=[questioning], opted_in=False)

    page = login(teacher).get(reverse("observation:peers")).content.decode()

    assert "Rita" not in page and "Colin" not in page
    assert "Nobody who opted in" in page


def test_a_school_only_profile_never_reaches_across_the_network(login, network, teacher, outsider, questioning):
    opt_in(teacher, descriptors=[questioning], reach="school")
    opt_in(outsider, descriptors=[questioning], reach="network")
    assert "Rita" not in login(teacher).get(reverse("observation:peers")).content.decode()


def test_the_profile_form_saves_what_I_work_on(login, teacher, questioning):
    response = login(teacher).post(
        reverse("observation:peer_profile"),
        {
            "opted_in": "on",
            "reach": "school",
            "group_size": "2",
            "career_stage": "early",
            "phase": "primary",
            "key_stages": ["ks2"],
            "descriptors": [str(questioning.pk)],
        },
    )
    assert response.status_code == 302
    profile = PeerProfile.objects.get(membership=teacher)
    assert profile.key_stages == ["ks2"] and list(profile.descriptors.all()) == [questioning]


def test_a_peer_is_shown_with_name_school_and_role_but_nothing_private(login, network, teacher, outsider, questioning):
    from staffroom.learning.models import Activity

    opt_in(teacher, descriptors=[questioning])
    opt_in(outsider, descriptors=[questioning])
    Activity.objects.create(
        school=outsider.school,
        owner=outsider.user,
        title="SECRET reflection",
        kind="course",
        date="2026-01-01",
        hours=1,
    )
    page = login(teacher).get(reverse("observation:peers")).content.decode()
    assert "Rita" in page and "SECRET" not in page and "teacher@riverside.example" not in page


def test_governors_do_not_take_part(login, school):
    governor = make_member(school, "governor")
    assert login(governor).get(reverse("observation:peers")).status_code == 403
